from django.apps import AppConfig


class GrensbrekersConfig(AppConfig):
    name = "opti.grensbrekers"
    label = "grensbrekers"
    verbose_name = "GRENSBREKERS"

    def ready(self):
        from . import sections  # noqa: F401 (connects what grensbrekers adds to the pages of regions)
