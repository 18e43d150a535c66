from django.apps import AppConfig


class SubsidiesConfig(AppConfig):
    name = "opti.subsidies"
    label = "subsidies"
    verbose_name = "Subsidies"
