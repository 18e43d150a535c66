"""What the knowledge base adds to the pages of regions and IGS (regions/hooks.py, igs/hooks.py): the articles
linked to them."""

from django.dispatch import receiver

from igs import hooks as igs_hooks
from opti.lib.hooks import Section
from regions import hooks as region_hooks

from .models import Article

TEMPLATE = "kennisbank/includes/articles_section.html"


@receiver(region_hooks.region_page)
def region_section(sender, region, **kwargs):
    if articles := list(Article.objects.for_region_page(region)):
        return Section(TEMPLATE, {"articles": articles, "subject": region.name}, order=20)
    return None


@receiver(igs_hooks.network_page)
def network_section(sender, network, **kwargs):
    if articles := list(Article.objects.for_network_page(network)):
        return Section(TEMPLATE, {"articles": articles, "subject": network.name}, order=20)
    return None
