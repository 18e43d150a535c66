from django.db import migrations


class Migration(migrations.Migration):
    """Once gave the editors' group its permissions; opti/editors.py now keeps them, after every migrate."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("opti", "0003_subsidies_grensbrekers_newsletter"),
    ]

    operations = []
