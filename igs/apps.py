from django.apps import AppConfig


class IgsConfig(AppConfig):
    name = "igs"
    verbose_name = "Intergemeentelijke samenwerkingsverbanden"
