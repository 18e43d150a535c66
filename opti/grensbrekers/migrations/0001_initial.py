import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('opti', '0004_editors_offer_permissions'),
        ('regions', '0002_search_keys'),
    ]

    operations = [
        # The tables were opti's: take them over as they are, then give them this app's names.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Edition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=150, verbose_name='titel')),
                        ('slug', models.SlugField(unique=True)),
                        ('description', models.TextField(blank=True, help_text='Gewone tekst; een witregel begint een alinea.', verbose_name='beschrijving')),
                        ('starts_on', models.DateField(verbose_name='eerste dag')),
                        ('ends_on', models.DateField(verbose_name='laatste dag')),
                        ('place', models.CharField(blank=True, max_length=150, verbose_name='plaats')),
                        ('capacity', models.PositiveIntegerField(verbose_name='aantal plaatsen')),
                        ('signup_opens_on', models.DateField(verbose_name='inschrijven vanaf')),
                        ('signup_closes_on', models.DateField(verbose_name='inschrijven tot en met')),
                        ('is_example', models.BooleanField(default=False, help_text='Aangevinkt: een verzonnen editie ter illustratie. De website toont ze als voorbeeld.', verbose_name='voorbeeld')),
                        ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='regions.region', verbose_name='referentieregio')),
                    ],
                    options={
                        'db_table': 'opti_edition',
                        'verbose_name': 'GRENSBREKERS-editie',
                        'verbose_name_plural': 'GRENSBREKERS-edities',
                        'ordering': ['-starts_on'],
                    },
                ),
                migrations.CreateModel(
                    name='Signup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=150, verbose_name='naam')),
                        ('email', models.EmailField(max_length=254, verbose_name='e-mailadres')),
                        ('organisation', models.CharField(max_length=150, verbose_name='organisatie')),
                        ('organisation_type', models.CharField(choices=[('cultuurcentrum', 'Cultuurcentrum of gemeenschapscentrum'), ('bibliotheek', 'Bibliotheek'), ('dienst', 'Dienst cultuur of vrije tijd')], max_length=20, verbose_name='soort organisatie')),
                        ('function', models.CharField(max_length=150, verbose_name='functie')),
                        ('motivation', models.TextField(blank=True, max_length=2000, verbose_name='motivatie')),
                        ('status', models.CharField(choices=[('geplaatst', 'Geplaatst'), ('wachtlijst', 'Wachtlijst')], editable=False, max_length=20, verbose_name='status')),
                        ('waitlist_position', models.PositiveIntegerField(editable=False, null=True, verbose_name='plaats op de wachtlijst')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='ingeschreven op')),
                        ('edition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signups', to='grensbrekers.edition', verbose_name='editie')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.municipality', verbose_name='gemeente van je organisatie')),
                    ],
                    options={
                        'db_table': 'opti_signup',
                        'verbose_name': 'GRENSBREKERS-inschrijving',
                        'verbose_name_plural': 'GRENSBREKERS-inschrijvingen',
                        'ordering': ['edition', 'created_at', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='edition',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='edition_ends_after_start', violation_error_message='De laatste dag mag niet vóór de eerste dag liggen.'),
                ),
                migrations.AddConstraint(
                    model_name='edition',
                    constraint=models.CheckConstraint(condition=models.Q(('signup_closes_on__gte', models.F('signup_opens_on'))), name='edition_signup_window_ordered', violation_error_message='De inschrijvingen kunnen niet sluiten vóór ze openen.'),
                ),
                migrations.AddConstraint(
                    model_name='edition',
                    constraint=models.CheckConstraint(condition=models.Q(('capacity__gte', 1)), name='edition_capacity_positive', violation_error_message='Een editie heeft minstens één plaats.'),
                ),
                migrations.AddConstraint(
                    model_name='signup',
                    constraint=models.UniqueConstraint(models.F('edition'), django.db.models.functions.text.Lower('email'), name='signup_unique_email_per_edition', violation_error_message='Met dit e-mailadres is al iemand ingeschreven voor deze editie.'),
                ),
                migrations.AddConstraint(
                    model_name='signup',
                    constraint=models.UniqueConstraint(fields=('edition', 'waitlist_position'), name='signup_unique_waitlist_position', violation_error_message='Twee inschrijvingen kunnen niet dezelfde plaats op de wachtlijst hebben.'),
                ),
                migrations.AddConstraint(
                    model_name='signup',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'geplaatst'), ('waitlist_position__isnull', True)), models.Q(('status', 'wachtlijst'), ('waitlist_position__gte', 1)), _connector='OR'), name='signup_waitlist_position_iff_waitlisted', violation_error_message='Alleen wie op de wachtlijst staat, heeft een plaats op de wachtlijst.'),
                ),
            ],
        ),
        migrations.AlterModelTable(name='edition', table=None),
        migrations.AlterModelTable(name='signup', table=None),
    ]
