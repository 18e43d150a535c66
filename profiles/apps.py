from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Coördinatoren (BE/LICHT)"

    def ready(self):
        from . import sections  # noqa: F401 (connects the coordinators' section of the IGS pages)
