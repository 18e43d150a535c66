from django.db import migrations


def forget_addresses(apps, schema_editor):
    """The admin's history keeps what an object's __str__ said when it was changed or deleted (object_repr). For a
    subscription that was the e-mail address; it is replaced by a text without it."""
    LogEntry = apps.get_model("admin", "LogEntry")
    LogEntry.objects.filter(content_type__app_label="newsletter", content_type__model="subscription").update(
        object_repr="Inschrijving op een nieuwsbrief"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("newsletter", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget_addresses, migrations.RunPython.noop)]
