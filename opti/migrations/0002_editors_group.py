from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Redactie"
# Editors maintain the reference data, the IGS and the site's pages: every permission of these apps.
EDITOR_APPS = ["regions", "igs", "opti"]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so the group can get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("opti", "0001_initial"),
        ("regions", "0001_initial"),
        ("igs", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
