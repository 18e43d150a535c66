from django.db import migrations, models

from regions.models import name_key


def fill_search_keys(apps, schema_editor):
    for network in apps.get_model("igs", "Network").objects.all():
        network.search_key = name_key(network.name, network.full_name)
        network.save(update_fields=["search_key"])


class Migration(migrations.Migration):
    dependencies = [("igs", "0001_initial"), ("regions", "0002_search_keys")]

    operations = [
        migrations.AddField(
            model_name="network",
            name="search_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=250),
            preserve_default=False,
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
    ]
