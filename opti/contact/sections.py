"""What contact adds to the pages of regions and igs (regions/hooks.py, igs/hooks.py): "Jouw consulent bij OP/TIL"."""

from django.dispatch import receiver

from igs import hooks as igs_hooks
from opti.lib.hooks import Section
from profiles.models import consultants_for_network, consultants_for_region
from regions import hooks as regions_hooks

TEMPLATE = "contact/includes/consultants_section.html"


@receiver(regions_hooks.region_page)
def region_consultants(sender, region, **kwargs):
    consultants = consultants_for_region(region)
    return Section(TEMPLATE, {"consultants": consultants, "subject": region.name}, order=5) if consultants else None


@receiver(igs_hooks.network_page)
def network_consultants(sender, network, **kwargs):
    consultants = consultants_for_network(network, network.regions)
    return Section(TEMPLATE, {"consultants": consultants, "subject": network.name}, order=5) if consultants else None
