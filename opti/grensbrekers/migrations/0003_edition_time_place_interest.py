import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import opti.lib.validators
from django.db import migrations, models


def announced_already(apps, schema_editor):
    """Editions made before the interest list existed were public before anyone could be on it: no mail for them."""
    Edition = apps.get_model("grensbrekers", "Edition")
    Edition.objects.update(announced_at=django.utils.timezone.now(), announced_region=models.F("region"))


class Migration(migrations.Migration):

    dependencies = [
        ('grensbrekers', '0002_security_review'),
        ('regions', '0005_field_validators'),
    ]

    operations = [
        migrations.AddField(
            model_name='edition',
            name='announced_at',
            field=models.DateTimeField(editable=False, help_text='Wanneer wie op de hoogte wil blijven voor de referentieregio, een e-mail kreeg.', null=True, verbose_name='aangekondigd op'),
        ),
        migrations.AddField(
            model_name='edition',
            name='announced_region',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='regions.region', verbose_name='aangekondigd in'),
        ),
        migrations.AddField(
            model_name='edition',
            name='start_time',
            field=models.TimeField(blank=True, help_text='Wanneer de eerste dag begint, bijvoorbeeld 9:30. Alleen bij oudere edities mag het leeg blijven.', null=True, verbose_name='beginuur'),
        ),
        migrations.AddField(
            model_name='edition',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='laatst gewijzigd'),
        ),
        migrations.AlterField(
            model_name='edition',
            name='place',
            field=models.CharField(blank=True, help_text='Gebouw, adres en gemeente. Alleen bij oudere edities mag het leeg blijven.', max_length=150, validators=[opti.lib.validators.validate_one_line], verbose_name='plaats'),
        ),
        migrations.CreateModel(
            name='Interest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, validators=[opti.lib.validators.validate_public_email], verbose_name='e-mailadres')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='aangevraagd op')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='bevestigd op')),
                ('region', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='regions.region', verbose_name='referentieregio')),
            ],
            options={
                'verbose_name': 'interesse voor GRENSBREKERS in een regio',
                'verbose_name_plural': 'interesse voor GRENSBREKERS in een regio',
                'ordering': ['region', 'email'],
                'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('email'), models.F('region'), name='interest_unique_email_per_region', violation_error_message='Dit e-mailadres staat al op de lijst voor deze regio.')],
            },
        ),
        migrations.RunPython(announced_already, migrations.RunPython.noop),
]
