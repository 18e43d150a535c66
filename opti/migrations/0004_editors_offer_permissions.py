from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Redactie"
# Editors keep OP/TIL's offer: subsidy programmes and rounds, GRENSBREKERS editions and their signups,
# newsletter subscriptions.
MODELS = ["subsidyprogramme", "subsidyround", "edition", "signup", "subscription"]


def grant_offer_permissions(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so the group can get them.
    app_config = apps.get_app_config("opti")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="opti", content_type__model__in=MODELS))


def revoke_offer_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name=EDITORS).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="opti", content_type__model__in=MODELS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("opti", "0003_subsidies_grensbrekers_newsletter"),
    ]

    operations = [migrations.RunPython(grant_offer_permissions, revoke_offer_permissions)]
