from django.conf import settings
from django.core.management.base import BaseCommand

from regions.map import SHAPES_FILE, document


class Command(BaseCommand):
    help = "Project fixtures/boundaries.geojson into static/map/gemeenten.svg, the shapes every map refers to."

    def handle(self, *args, **options):
        target = settings.BASE_DIR / "static" / SHAPES_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document(), encoding="utf-8")
        self.stdout.write(f"{target.relative_to(settings.BASE_DIR)}: {target.stat().st_size} bytes")
