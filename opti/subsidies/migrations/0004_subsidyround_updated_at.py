import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0003_security_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="subsidyround",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="laatst gewijzigd"),
            preserve_default=False,
        ),
    ]
