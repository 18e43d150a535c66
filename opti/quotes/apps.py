from django.apps import AppConfig


class QuotesConfig(AppConfig):
    name = "opti.quotes"
    label = "quotes"
    verbose_name = "Citaten"

    def ready(self):
        from . import sections  # noqa: F401 (connects the quotes to the region and IGS pages)
