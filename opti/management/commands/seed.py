from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

# In dependency order. Every object has a natural key, so an object already in the database is recognised.
FIXTURES = [
    "regions",
    "municipalities",
    "former_municipalities",
    "sub_municipalities",
    "postcodes",
    "networks",
    "pages",
    "projects",
    "coordinators",
    "subsidies",
    "grensbrekers",
]


class Command(BaseCommand):
    help = (
        "Load the reference data and demo content from fixtures/. Adds only what is missing and never "
        "overwrites what editors changed, so running it again changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        added = 0
        for name in FIXTURES:
            data = (settings.BASE_DIR / "fixtures" / f"{name}.json").read_text(encoding="utf-8")
            for deserialized in serializers.deserialize("json", data):
                if deserialized.object.pk is None:
                    deserialized.object.save()  # a normal save, so models derive their slugs and search keys
                    added += 1
        if options["verbosity"]:
            self.stdout.write(f"{added} object(en) toegevoegd.")
