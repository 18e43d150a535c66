from django.db import models

from opti.lib.models import NaturalKeyModel
from opti.lib.validators import validate_one_line


class Source(NaturalKeyModel):
    """A public page that facts on the site come from: shown with its publisher and title, linked."""

    title = models.CharField(
        "titel", max_length=300, help_text="De titel van de pagina of het artikel.", validators=[validate_one_line]
    )
    publisher = models.CharField(
        "website",
        max_length=100,
        help_text="Wie de pagina publiceert, bijvoorbeeld VVSG.",
        validators=[validate_one_line],
    )
    url = models.URLField("webadres", max_length=500, blank=True, help_text="Leeg als de pagina niet meer online is.")
    published_on = models.DateField(
        "datum", null=True, blank=True, help_text="Wanneer de pagina verscheen, als dat bekend is."
    )

    natural_key_fields = ("publisher", "title")

    class Meta:
        verbose_name = "bron"
        verbose_name_plural = "bronnen"
        ordering = ["publisher", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "title"],
                name="source_unique_title_per_publisher",
                violation_error_message="Er is al een bron met deze titel van deze website.",
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}"
