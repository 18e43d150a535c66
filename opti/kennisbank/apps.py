from django.apps import AppConfig


class KennisbankConfig(AppConfig):
    name = "opti.kennisbank"
    label = "kennisbank"
    verbose_name = "Kennisbank en publicaties"

    def ready(self):
        from . import sections  # noqa: F401 (connects the articles shown on the pages of regions and IGS)
