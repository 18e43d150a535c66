"""What OP/TIL's editors (the group "Redactie") may do in the admin: one list, applied after every migrate
(OptiConfig connects `apply` to post_migrate) and by `manage.py seed`. The group gets exactly these permissions:
one added by hand in the admin is taken away again.

User accounts are not in the list: editors create a coordinator's account by adding a profile (which invites
them); other accounts are a superuser's job.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

EDITORS = "Redactie"
ALL = ("add", "change", "delete", "view")
KEEP = ("add", "change", "view")  # reference data: only a superuser may delete it

# Per app label: the actions allowed on each of its models, or per model name its own actions.
PERMISSIONS = {
    "regions": {
        "region": KEEP,
        "municipality": KEEP,
        "formermunicipality": KEEP,
        "submunicipality": KEEP,
        "postcode": KEEP,
        "outsidemunicipality": KEEP,
    },
    "igs": ALL,
    "profiles": ALL,
    "opti": ALL,
    "subsidies": ALL,
    "grensbrekers": ALL,
    "newsletter": ALL,
    "kennisbank": ALL,
    "contact": {"organisation": KEEP},  # one record: never deleted
    "quotes": ALL,
}


def codenames():
    """(app label, codename) of every permission in the list."""
    for app_label, actions in PERMISSIONS.items():
        models = apps.get_app_config(app_label).get_models()
        per_model = actions if isinstance(actions, dict) else {model._meta.model_name: actions for model in models}
        for model_name, model_actions in per_model.items():
            for action in model_actions:
                yield app_label, f"{action}_{model_name}"


def apply(using=DEFAULT_DB_ALIAS, **kwargs):
    """Give the editors' group exactly the listed permissions (creating the group and permissions if needed)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_label in PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)
    wanted = Q()
    for app_label, codename in codenames():
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    group.permissions.set(Permission.objects.using(using).filter(wanted))
