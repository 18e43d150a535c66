from django.conf import settings
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from opti import editors

# In dependency order. Every object has a natural key, so an object already in the database is recognised.
# The reference data and the real content of the current site (its two pages in ../shared/seeds/).
FIXTURES = [
    "regions",
    "municipalities",
    "former_municipalities",
    "sub_municipalities",
    "postcodes",
    "outside_municipalities",
    "sources",
    "networks",
    "recognition",
    "pages",
    "projects",
    "coordinators",
    "subsidies",
    "themes",
]
# Invented examples that show how the site works (subsidy rounds, GRENSBREKERS editions, consultants, quotes,
# knowledge base articles): only with --demo.
DEMO_FIXTURES = ["demo/subsidy_rounds", "demo/grensbrekers", "demo/consultants", "demo/quotes", "demo/kennisbank"]
# The files of the examples (a one-page PDF that says it is invented), copied into the media storage.
DEMO_MEDIA = settings.BASE_DIR / "fixtures" / "demo" / "files"


def load(name):
    """Save the objects of fixtures/<name>.json that are not in the database yet; return how many."""
    data = (settings.BASE_DIR / "fixtures" / f"{name}.json").read_text(encoding="utf-8")
    added = 0
    for deserialized in serializers.deserialize("json", data):
        obj = deserialized.object
        if obj.pk is not None:
            continue
        # The fixture's own dates, not the moment of loading, for fields that a save would set to now.
        dates = {
            field.attname: getattr(obj, field.attname)
            for field in obj._meta.concrete_fields
            if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)
        }
        obj.save()  # a normal save, so models derive their slugs and search keys
        for field_name, values in (deserialized.m2m_data or {}).items():
            getattr(obj, field_name).set(values)
        if dates := {name: value for name, value in dates.items() if value is not None}:
            type(obj)._base_manager.filter(pk=obj.pk).update(**dates)
        added += 1
    return added


class Command(BaseCommand):
    help = (
        "Load the reference data and the real content from fixtures/ (with --demo also the invented examples) and "
        "give the editors' group its permissions. Adds only what is missing and never overwrites what editors "
        "changed, so running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also load invented examples (subsidy rounds, GRENSBREKERS editions, consultants, quotes), marked as "
            "examples. Only with DEBUG on, never in production.",
        )

    @transaction.atomic
    def handle(self, *args, demo=False, **options):
        if demo and not settings.DEBUG:
            raise CommandError("Voorbeelden laden kan alleen met DEBUG aan: een publieke website toont er nooit.")
        if demo:
            for path in sorted(DEMO_MEDIA.rglob("*.*")):
                name = path.relative_to(DEMO_MEDIA).as_posix()
                if not default_storage.exists(name):
                    with path.open("rb") as content:
                        default_storage.save(name, File(content))
        added = sum(load(name) for name in FIXTURES + (DEMO_FIXTURES if demo else []))
        editors.apply()
        if options["verbosity"]:
            self.stdout.write(f"{added} object(en) toegevoegd.")
