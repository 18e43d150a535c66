from django.db import migrations

# Where each model of OP/TIL's offer went; their tables were renamed by those apps' first migrations.
MOVED = {
    "subsidyprogramme": "subsidies",
    "subsidyround": "subsidies",
    "edition": "grensbrekers",
    "signup": "grensbrekers",
    "subscription": "newsletter",
}


def move_content_types(apps, schema_editor):
    """Keep the content types, so that the permissions given to editors and the admin history stay attached.
    One that a post_migrate signal made for the new app meanwhile holds nothing yet and gives way."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        if ContentType.objects.filter(app_label="opti", model=model).exists():
            ContentType.objects.filter(app_label=app_label, model=model).delete()
            ContentType.objects.filter(app_label="opti", model=model).update(app_label=app_label)


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        ContentType.objects.filter(app_label=app_label, model=model).update(app_label="opti")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("opti", "0004_editors_offer_permissions"),
        ("subsidies", "0001_initial"),
        ("grensbrekers", "0001_initial"),
        ("newsletter", "0001_initial"),
    ]

    operations = [
        # The models now live in opti.subsidies, opti.grensbrekers and opti.newsletter, with their rows.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="edition", name="region"),
                migrations.RemoveField(model_name="signup", name="edition"),
                migrations.RemoveField(model_name="signup", name="municipality"),
                migrations.RemoveField(model_name="subsidyround", name="programme"),
                migrations.DeleteModel(name="Subscription"),
                migrations.DeleteModel(name="Edition"),
                migrations.DeleteModel(name="Signup"),
                migrations.DeleteModel(name="SubsidyProgramme"),
                migrations.DeleteModel(name="SubsidyRound"),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
