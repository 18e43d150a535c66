from django.apps import AppConfig


class OptiConfig(AppConfig):
    name = "opti"
    verbose_name = "OP/TIL"
