"""What grensbrekers adds to the pages of regions (regions/hooks.py): the way to hear when GRENSBREKERS comes there."""

from django.dispatch import receiver

from opti.lib.hooks import Section
from regions import hooks


@receiver(hooks.region_page)
def region_section(sender, region, **kwargs):
    return Section("grensbrekers/includes/region_section.html", {"region": region}, order=10)
