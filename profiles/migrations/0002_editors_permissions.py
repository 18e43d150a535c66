from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Redactie"
# Editors maintain the coordinator profiles and the projects (GE/SPOT) of the IGS. They get no permission on
# user accounts: a coordinator's account is created and invited through the profile admin.
EDITOR_APPS = ["profiles", "igs"]


def grant_editors(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so the group can get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))


def revoke_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="profiles"),
            *Permission.objects.filter(content_type__app_label="igs", content_type__model="project"),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("igs", "0003_project"),
        ("profiles", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
