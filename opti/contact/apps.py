from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "opti.contact"
    label = "contact"
    verbose_name = "Contact"

    def ready(self):
        from . import sections  # noqa: F401 (connects "Jouw consulent bij OP/TIL" to the region and IGS pages)
