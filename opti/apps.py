from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save

# The apps whose models make up the site's content: saving or deleting any of them changes the content version.
CONTENT_APPS = ["regions", "igs", "profiles", "opti"]
# Models of those apps that no public page shows, so that their changes (often by visitors) keep the cache.
NOT_CONTENT = ["opti.subscription"]


class OptiConfig(AppConfig):
    name = "opti"
    verbose_name = "OP/TIL"

    def ready(self):
        from regions.cache import content_changed

        for app_config in apps.get_app_configs():
            if app_config.label in CONTENT_APPS:
                for model in app_config.get_models():
                    if model._meta.label_lower not in NOT_CONTENT:
                        post_save.connect(content_changed, sender=model)
                        post_delete.connect(content_changed, sender=model)
