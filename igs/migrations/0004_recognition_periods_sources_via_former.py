import django.db.models.deletion
from datetime import date
from urllib.parse import urlsplit

from django.db import migrations, models


def recognition_and_sources_as_rows(apps, schema_editor):
    """Each IGS' years of recognition become a period, its source addresses Source rows (titled by their address
    until an editor gives them a title)."""
    Network = apps.get_model("igs", "Network")
    Source = apps.get_model("igs", "Source")
    RecognitionPeriod = apps.get_model("igs", "RecognitionPeriod")
    for network in Network.objects.all():
        RecognitionPeriod.objects.create(
            network=network,
            status="erkend",
            starts_on=date(network.recognised_from, 1, 1),
            ends_on=date(network.recognised_until, 12, 31),
        )
        for url in network.sources_text.split():
            source, _ = Source.objects.get_or_create(
                url=url, defaults={"title": url, "publisher": urlsplit(url).hostname.removeprefix("www.")}
            )
            network.sources.add(source)


class Migration(migrations.Migration):
    dependencies = [
        ("igs", "0003_project"),
        ("regions", "0003_postcode_former_outside_municipalities"),
    ]

    operations = [
        migrations.RenameField(model_name="network", old_name="sources", new_name="sources_text"),
        migrations.CreateModel(
            name="RecognitionPeriod",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("erkend", "erkend"),
                            ("aangevraagd", "erkenning aangevraagd"),
                            ("gestopt", "gestopt"),
                            ("onbekend", "onbekend"),
                        ],
                        max_length=20,
                        verbose_name="stand",
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="vanaf")),
                (
                    "ends_on",
                    models.DateField(
                        blank=True, help_text="Leeg: geen einddatum bekend.", null=True, verbose_name="tot en met"
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True, help_text="Wordt publiek getoond.", max_length=300, verbose_name="toelichting"
                    ),
                ),
            ],
            options={
                "verbose_name": "erkenningsperiode",
                "verbose_name_plural": "erkenningsperiodes",
                "ordering": ["network", "starts_on"],
            },
        ),
        migrations.CreateModel(
            name="RecognitionRound",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "title",
                    models.CharField(
                        help_text="Bijvoorbeeld: Erkenning vanaf 2027.",
                        max_length=100,
                        unique=True,
                        verbose_name="naam",
                    ),
                ),
                ("slug", models.SlugField(unique=True)),
                ("applications_year", models.PositiveSmallIntegerField(verbose_name="aanvragen in (jaar)")),
                ("starts_on", models.DateField(verbose_name="erkenning vanaf")),
                (
                    "min_population",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="minimaal aantal inwoners"),
                ),
                (
                    "transition_until",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Tot wanneer een kleiner samenwerkingsverband erkend kan blijven.",
                        null=True,
                        verbose_name="overgangsregeling tot (jaar)",
                    ),
                ),
                (
                    "transition_min_municipalities",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="overgangsregeling: minimaal aantal aangrenzende gemeenten"
                    ),
                ),
            ],
            options={
                "verbose_name": "erkenningsronde",
                "verbose_name_plural": "erkenningsrondes",
                "ordering": ["starts_on"],
            },
        ),
        migrations.CreateModel(
            name="Source",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "title",
                    models.CharField(
                        help_text="De titel van de pagina of het artikel.", max_length=300, verbose_name="titel"
                    ),
                ),
                (
                    "publisher",
                    models.CharField(
                        help_text="Wie de pagina publiceert, bijvoorbeeld VVSG.", max_length=100, verbose_name="website"
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        blank=True,
                        help_text="Leeg als de pagina niet meer online is.",
                        max_length=500,
                        verbose_name="webadres",
                    ),
                ),
                (
                    "published_on",
                    models.DateField(
                        blank=True,
                        help_text="Wanneer de pagina verscheen, als dat bekend is.",
                        null=True,
                        verbose_name="datum",
                    ),
                ),
            ],
            options={
                "verbose_name": "bron",
                "verbose_name_plural": "bronnen",
                "ordering": ["publisher", "title"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("publisher", "title"),
                        name="source_unique_title_per_publisher",
                        violation_error_message="Er is al een bron met deze titel van deze website.",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="membership",
            name="via_former",
            field=models.ForeignKey(
                blank=True,
                help_text="Als alleen deze gemeente van vóór 2025 lid was: of de hele fusiegemeente meedoet, is dan niet bevestigd.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.formermunicipality",
                verbose_name="lid via vroegere gemeente",
            ),
        ),
        migrations.AddField(
            model_name="recognitionperiod",
            name="network",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="recognition_periods",
                to="igs.network",
                verbose_name="IGS",
            ),
        ),
        migrations.AddField(
            model_name="recognitionround",
            name="sources",
            field=models.ManyToManyField(blank=True, related_name="+", to="igs.source", verbose_name="bronnen"),
        ),
        migrations.AddField(
            model_name="recognitionperiod",
            name="source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="igs.source",
                verbose_name="bron",
            ),
        ),
        migrations.AddField(
            model_name="network",
            name="sources",
            field=models.ManyToManyField(blank=True, related_name="+", to="igs.source", verbose_name="bronnen"),
        ),
        migrations.AddConstraint(
            model_name="recognitionperiod",
            constraint=models.UniqueConstraint(
                fields=("network", "starts_on"),
                name="recognition_period_unique_start",
                violation_error_message="Dit IGS heeft al een periode die op die dag begint.",
            ),
        ),
        migrations.AddConstraint(
            model_name="recognitionperiod",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__isnull", True), ("ends_on__gte", models.F("starts_on")), _connector="OR"),
                name="recognition_period_ordered",
                violation_error_message="Een periode kan niet eindigen vóór ze begint.",
            ),
        ),
        migrations.AddConstraint(
            model_name="recognitionperiod",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["erkend", "aangevraagd", "gestopt", "onbekend"])),
                name="recognition_period_status_valid",
                violation_error_message="Kies een geldige stand.",
            ),
        ),
        migrations.RunPython(recognition_and_sources_as_rows, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="network",
            name="network_recognition_period_ordered",
        ),
        migrations.RemoveConstraint(
            model_name="network",
            name="network_recognition_years_plausible",
        ),
        migrations.RemoveField(
            model_name="network",
            name="recognised_from",
        ),
        migrations.RemoveField(
            model_name="network",
            name="recognised_until",
        ),
        migrations.RemoveField(model_name="network", name="sources_text"),
    ]
