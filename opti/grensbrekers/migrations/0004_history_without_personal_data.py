from django.db import migrations


def forget_names_and_addresses(apps, schema_editor):
    """The admin's history keeps what an object's __str__ said when it was changed or deleted (object_repr). For a
    signup that was the person's name; that text is replaced by the one __str__ gives now without them (the
    edition of a deleted signup is no longer known)."""
    LogEntry = apps.get_model("admin", "LogEntry")
    for model, text in (("signup", "Inschrijving"), ("interest", "Interesse")):
        LogEntry.objects.filter(content_type__app_label="grensbrekers", content_type__model=model).update(
            object_repr=text
        )


class Migration(migrations.Migration):

    dependencies = [
        ("grensbrekers", "0003_edition_time_place_interest"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget_names_and_addresses, migrations.RunPython.noop)]
