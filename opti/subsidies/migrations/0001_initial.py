import django.core.validators
import django.db.models.deletion
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
                    name='SubsidyProgramme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=150, unique=True, verbose_name='naam')),
                        ('slug', models.SlugField(unique=True)),
                        ('description', models.TextField(blank=True, help_text='Gewone tekst; een witregel begint een alinea.', verbose_name='beschrijving')),
                        ('info_url', models.URLField(blank=True, help_text='Pagina van de overheid over deze subsidie.', verbose_name='officiële informatie')),
                    ],
                    options={
                        'db_table': 'opti_subsidyprogramme',
                        'verbose_name': 'subsidieprogramma',
                        'verbose_name_plural': "subsidieprogramma's",
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='SubsidyRound',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(help_text='Bijvoorbeeld: Ronde 2027.', max_length=150, verbose_name='naam van de ronde')),
                        ('opens_on', models.DateField(verbose_name='aanvragen vanaf')),
                        ('deadline', models.DateField(verbose_name='aanvragen tot en met')),
                        ('decision_on', models.DateField(blank=True, null=True, verbose_name='beslissing verwacht op')),
                        ('budget', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='budget (euro)')),
                        ('call_url', models.URLField(blank=True, help_text='Webadres van de officiële oproep.', verbose_name='oproep')),
                        ('is_example', models.BooleanField(default=False, help_text='Aangevinkt: de data zijn verzonnen ter illustratie. De website toont de ronde als voorbeeld.', verbose_name='voorbeeld')),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rounds', to='subsidies.subsidyprogramme', verbose_name='programma')),
                    ],
                    options={
                        'db_table': 'opti_subsidyround',
                        'verbose_name': 'subsidieronde',
                        'verbose_name_plural': 'subsidierondes',
                        'ordering': ['-deadline'],
                        'constraints': [models.UniqueConstraint(fields=('programme', 'title'), name='subsidy_round_unique_title', violation_error_message='Dit programma heeft al een ronde met die naam.'), models.CheckConstraint(condition=models.Q(('deadline__gte', models.F('opens_on'))), name='subsidy_round_deadline_after_opening', violation_error_message='De deadline mag niet vóór de opening van de ronde liggen.'), models.CheckConstraint(condition=models.Q(('decision_on__isnull', True), ('decision_on__gte', models.F('deadline')), _connector='OR'), name='subsidy_round_decision_after_deadline', violation_error_message='De beslissing kan niet vóór de deadline vallen.')],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='subsidyprogramme', table=None),
        migrations.AlterModelTable(name='subsidyround', table=None),
    ]
