from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "opti.opendata"
    label = "opendata"
    verbose_name = "Open data"
