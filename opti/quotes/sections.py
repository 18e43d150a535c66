"""What quotes adds to the pages of regions and igs (regions/hooks.py, igs/hooks.py): the quotes placed there."""

from django.dispatch import receiver

from igs import hooks as igs_hooks
from opti.lib.hooks import Section
from regions import hooks as regions_hooks

from .models import quotes_for_network, quotes_for_region

TEMPLATE = "quotes/includes/quotes_section.html"


@receiver(regions_hooks.region_page)
def region_quotes(sender, region, **kwargs):
    quotes = quotes_for_region(region)
    return Section(TEMPLATE, {"quotes": quotes}, order=8) if quotes else None


@receiver(igs_hooks.network_page)
def network_quotes(sender, network, **kwargs):
    quotes = quotes_for_network(network)
    return Section(TEMPLATE, {"quotes": quotes}, order=8) if quotes else None
