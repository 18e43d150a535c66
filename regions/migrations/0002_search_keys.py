from django.db import migrations, models

from regions.models import name_key


def fill_search_keys(apps, schema_editor):
    for model_name in ("Municipality", "FormerMunicipality", "SubMunicipality"):
        model = apps.get_model("regions", model_name)
        for obj in model.objects.all():
            obj.search_key = name_key(obj.name)
            obj.save(update_fields=["search_key"])
    for region in apps.get_model("regions", "Region").objects.all():
        region.search_key = name_key(region.name, region.also_known_as)
        region.save(update_fields=["search_key"])


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="region",
            name="search_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=250),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="municipality",
            name="search_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="formermunicipality",
            name="search_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="submunicipality",
            name="search_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=100),
            preserve_default=False,
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
    ]
