from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class OptiConfig(AppConfig):
    name = "opti"
    verbose_name = "OP/TIL"

    def ready(self):
        from . import editors
        from .lib import checks  # noqa: F401 (registers the site's system checks)
        from .lib.cache import watch_content

        post_migrate.connect(editors.apply, sender=self)
        watch_content(
            model
            for app_config in apps.get_app_configs()
            if app_config.name.split(".")[0] in settings.LOCAL_APPS
            for model in app_config.get_models()
        )


class OptiAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site's own AdminSite (name, throttled login)."""

    default = False

    default_site = "opti.lib.admin.AdminSite"
