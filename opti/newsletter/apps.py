from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "opti.newsletter"
    label = "newsletter"
    verbose_name = "Nieuwsbrieven"
