from django.db import models
from django.db.models import Prefetch

from igs.models import Network
from opti.lib.cache import cached
from opti.lib.models import NaturalKeyModel, PublishableQuerySet
from opti.lib.validators import validate_one_line
from regions.models import Region


class QuoteQuerySet(PublishableQuerySet):
    def shown(self):
        """The published quotes, each with the regions (`placed_regions`) and IGS (`placed_networks`) whose pages
        show it, as lists."""
        return self.published().prefetch_related(
            Prefetch("regions", Region.objects.only("pk"), to_attr="placed_regions"),
            Prefetch("networks", Network.objects.only("pk"), to_attr="placed_networks"),
        )


def shown_quotes():
    """The published quotes, read once per content version."""
    return cached("quotes", lambda: list(Quote.objects.shown()))


def quote_for_home_page():
    return next((quote for quote in shown_quotes() if quote.on_home_page), None)


def quotes_for_region(region):
    return [quote for quote in shown_quotes() if region.pk in {each.pk for each in quote.placed_regions}]


def quotes_for_network(network):
    return [quote for quote in shown_quotes() if network.pk in {each.pk for each in quote.placed_networks}]


class Quote(NaturalKeyModel):
    """A short testimonial of someone in the field, with their name and organisation, on the home page and on the
    pages of the regions and IGS it concerns. Only words that the person said or wrote, with their consent."""

    text = models.TextField("citaat", max_length=400, help_text="Zonder aanhalingstekens: de website zet ze er zelf.")
    person = models.CharField("naam", max_length=100, validators=[validate_one_line])
    organisation = models.CharField(
        "organisatie of functie", max_length=150, blank=True, validators=[validate_one_line]
    )
    on_home_page = models.BooleanField(
        "op de startpagina", default=False, help_text="Staan er meerdere op de startpagina, dan toont ze de eerste."
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name="op de pagina’s van de regio’s")
    networks = models.ManyToManyField(Network, blank=True, related_name="+", verbose_name="op de pagina’s van de IGS")
    is_example = models.BooleanField(
        "voorbeeld",
        default=False,
        help_text="Aangevinkt: een verzonnen citaat ter illustratie. De website toont het als voorbeeld.",
    )
    published = models.BooleanField("gepubliceerd", default=False)
    order = models.PositiveSmallIntegerField("volgorde", default=0, help_text="Lager staat eerder.")
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    objects = QuoteQuerySet.as_manager()
    natural_key_fields = ("person", "text")

    class Meta:
        verbose_name = "citaat"
        verbose_name_plural = "citaten"
        ordering = ["order", "-updated_at"]

    def __str__(self):
        return f"{self.person}: {self.text[:60]}"
