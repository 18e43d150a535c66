from django.apps import AppConfig


class IgsConfig(AppConfig):
    name = "igs"
    verbose_name = "Intergemeentelijke samenwerkingsverbanden"

    def ready(self):
        from . import sections  # noqa: F401 (connects the sections igs adds to the pages of regions)
