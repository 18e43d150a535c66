from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from opti.lib.images import ResizedImageField
from opti.lib.models import NaturalKeyModel, PublishedOnMixin, PublishedOnQuerySet
from opti.lib.richtext import RichTextField
from opti.lib.urls import reverse
from opti.lib.validators import validate_one_line


class ProjectQuerySet(PublishedOnQuerySet):
    def for_home_page(self):
        """The published project that editors put on the home page, if any."""
        return self.published().filter(featured=True).select_related("network")

    def for_detail_page(self):
        return self.select_related("network", "source")


class Project(PublishedOnMixin, NaturalKeyModel):
    """A GE/SPOT project: an IGS' project that OP/TIL puts in the spotlight."""

    network = models.ForeignKey("igs.Network", on_delete=models.CASCADE, related_name="projects", verbose_name="IGS")
    title = models.CharField("titel", max_length=150, validators=[validate_one_line])
    slug = models.SlugField(help_text="Deel van het webadres: /igs/&lt;IGS&gt;/projecten/&lt;slug&gt;/.")
    summary = models.TextField(
        "samenvatting", max_length=400, help_text="Eén of twee zinnen voor de IGS-pagina en de startpagina."
    )
    body = RichTextField("tekst", blank=True)
    image = ResizedImageField(
        "afbeelding",
        size=(960, 540),
        upload_to="projecten",
        blank=True,
        help_text="JPEG, PNG of WebP van hoogstens 5 MB. Wordt bijgesneden tot 16:9 en verkleind.",
    )
    image_alt = models.CharField(
        "beschrijving van de afbeelding",
        max_length=200,
        blank=True,
        help_text="Wat er op de afbeelding te zien is, voor wie ze niet kan zien. Verplicht bij een afbeelding.",
        validators=[validate_one_line],
    )
    published = models.BooleanField("gepubliceerd", default=False)
    published_on = models.DateField(
        "gepubliceerd op", null=True, blank=True, help_text="Leeg laten: wordt de dag van publicatie."
    )
    featured = models.BooleanField(
        "op de startpagina", default=False, help_text="Er staat hoogstens één gepubliceerd project op de startpagina."
    )
    source = models.ForeignKey(
        "igs.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bron",
        help_text="Waar de tekst vandaan komt, als hij niet voor deze website geschreven is.",
    )

    objects = ProjectQuerySet.as_manager()
    natural_key_fields = ("network__slug", "slug")

    class Meta:
        verbose_name = "project (GE/SPOT)"
        verbose_name_plural = "projecten (GE/SPOT)"
        ordering = [models.F("published_on").desc(nulls_last=True), "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "slug"],
                name="project_unique_slug_per_network",
                violation_error_message="Dit IGS heeft al een project met dit webadres (slug).",
            ),
            models.UniqueConstraint(
                fields=["featured"],
                condition=Q(featured=True),
                name="project_at_most_one_featured",
                violation_error_message="Er staat al een ander project op de startpagina. Gebruik de actie "
                "“Op de startpagina zetten” in de lijst van projecten om het te vervangen.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.featured = self.featured and self.published  # only a published project can be on the home page
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("igs:project_detail", self.network.slug, self.slug)

    def clean(self):
        if self.image and not self.image_alt:
            raise ValidationError({"image_alt": "Beschrijf wat er op de afbeelding te zien is."})
