import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('opti', '0004_editors_offer_permissions'),
    ]

    operations = [
        # The tables were opti's: take them over as they are, then give them this app's names.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Subscription',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.EmailField(max_length=254, verbose_name='e-mailadres')),
                        ('newsletter', models.CharField(choices=[('algemeen', 'Algemene nieuwsbrief'), ('projecten', 'Nieuwsbrief projecten')], max_length=20, verbose_name='nieuwsbrief')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='aangevraagd op')),
                        ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='bevestigd op')),
                    ],
                    options={
                        'db_table': 'opti_subscription',
                        'verbose_name': 'nieuwsbriefinschrijving',
                        'verbose_name_plural': 'nieuwsbriefinschrijvingen',
                        'ordering': ['newsletter', 'email'],
                        'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('email'), models.F('newsletter'), name='subscription_unique_email_per_newsletter', violation_error_message='Dit e-mailadres staat al op deze nieuwsbrief.'), models.CheckConstraint(condition=models.Q(('newsletter__in', ['algemeen', 'projecten'])), name='subscription_newsletter_valid', violation_error_message='Kies een bestaande nieuwsbrief.')],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='subscription', table=None),
    ]
