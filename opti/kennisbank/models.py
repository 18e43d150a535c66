import uuid
from datetime import timedelta

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from igs.models import Network
from opti.lib.cache import cached
from opti.lib.files import OwnFileMixin
from opti.lib.models import NaturalKeyModel, PublishedOnMixin, PublishedOnQuerySet
from opti.lib.richtext import RichTextField
from opti.lib.seo import absolute
from opti.lib.urls import reverse
from opti.lib.validators import validate_one_line
from regions.models import Region

from .documents import Kind, document_kind, validate_document

SECTION_SIZE = 5  # articles shown on a region's or an IGS's page
EXAMPLE_HELP = "Aangevinkt: verzonnen ter illustratie. De website toont het als voorbeeld."


class Theme(NaturalKeyModel):
    """A theme of the knowledge base (Beleid, Regiovorming, ...), which editors keep."""

    name = models.CharField("naam", max_length=60, unique=True, validators=[validate_one_line])
    slug = models.SlugField(unique=True, help_text="Deel van het webadres: /kennisbank/?thema=&lt;slug&gt;.")

    class Meta:
        verbose_name = "thema"
        verbose_name_plural = "thema’s"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('kennisbank:article_list')}?thema={self.slug}"


class DocumentField(OwnFileMixin, models.FileField):
    """An editor's document: a replaced one, and that of a deleted publication, is deleted from storage."""


def publication_path(publication, filename):
    """A random name, with the extension of what the file really is: the uploaded name says nothing."""
    return f"publicaties/{uuid.uuid4().hex}.{publication.kind}"


class PublicationQuerySet(PublishedOnQuerySet):
    def for_list(self, user):
        """Published publications, the brochure first; editors also see drafts."""
        return self.visible_to(user).order_by("-is_brochure", models.F("published_on").desc(nulls_first=True), "title")

    def brochure(self):
        """The published brochure, if there is one: read once per content version (the home page shows it)."""
        return cached("brochure", lambda: self.published().filter(is_brochure=True).first())


class Publication(PublishedOnMixin, NaturalKeyModel):
    """A document editors upload (the brochure and others): a PDF, DOCX, XLSX or ODT of at most 20 MB."""

    title = models.CharField("titel", max_length=200, validators=[validate_one_line])
    description = models.TextField("beschrijving", blank=True, max_length=600)
    file = DocumentField(
        "bestand",
        upload_to=publication_path,
        max_length=200,
        validators=[validate_document],
        help_text="PDF, DOCX, XLSX of ODT van hoogstens 20 MB. Het wordt bewaard onder een willekeurige naam.",
    )
    kind = models.CharField("soort", max_length=4, choices=Kind.CHOICES, editable=False)
    size = models.PositiveBigIntegerField("grootte in bytes", editable=False, default=0)
    is_brochure = models.BooleanField(
        "de brochure",
        default=False,
        help_text="Staat op de startpagina. Er is hoogstens één brochure.",
    )
    published = models.BooleanField("gepubliceerd", default=False)
    published_on = models.DateField(
        "gepubliceerd op", null=True, blank=True, help_text="Leeg laten: wordt de dag van publicatie."
    )
    is_example = models.BooleanField("voorbeeld", default=False, help_text=EXAMPLE_HELP)
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)

    objects = PublicationQuerySet.as_manager()
    natural_key_fields = ("file",)  # its stored (random) name

    class Meta:
        verbose_name = "publicatie"
        verbose_name_plural = "publicaties"
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_brochure"],
                condition=Q(is_brochure=True),
                name="publication_one_brochure",
                violation_error_message="Er is al een brochure. Vink ze daar eerst uit.",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.file.name,)

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:  # a new upload: what it is and how large, from its content
            self.kind = document_kind(self.file) or ""
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def label(self):
        """What the link says besides the title: "PDF, 1,2 MB"."""
        return f"{self.kind.upper()}, {filesizeformat(self.size)}"


class ArticleQuerySet(PublishedOnQuerySet):
    def update_search_vectors(self):
        """Fill the search column (PostgreSQL only: the full-text search of opti/kennisbank/search.py)."""
        if connection.vendor == "postgresql":
            self.update(
                search_vector=SearchVector("title", weight="A", config="dutch")
                + SearchVector("lead", weight="B", config="dutch")
                + SearchVector("body", weight="C", config="dutch")
            )

    def not_updated_for(self, years=2):
        """Published articles that nobody has changed for `years` years: worth a new read."""
        return self.published().filter(updated_at__lt=timezone.now() - timedelta(days=365 * years))

    def for_list(self, theme=None):
        articles = self.published().prefetch_related("themes").order_by("-published_on", "title")
        return articles.filter(themes=theme) if theme else articles

    def for_detail(self):
        return self.prefetch_related(
            "themes",
            "regions",
            "networks",
            models.Prefetch("publications", queryset=Publication.objects.published().order_by("title")),
        )

    def related_to(self, article, limit=3):
        """Published articles that share a theme with `article`, the most shared themes first."""
        themes = [theme.pk for theme in article.themes.all()]
        return (
            self.published()
            .exclude(pk=article.pk)
            .filter(themes__in=themes)
            .annotate(shared=models.Count("themes"))
            .order_by("-shared", "-published_on", "title")[:limit]
        )

    def for_region_page(self, region):
        return self.published().filter(regions=region).order_by("-published_on", "title")[:SECTION_SIZE]

    def for_network_page(self, network):
        return self.published().filter(networks=network).order_by("-published_on", "title")[:SECTION_SIZE]


class Article(PublishedOnMixin, NaturalKeyModel):
    """An article of the knowledge base."""

    title = models.CharField("titel", max_length=200, validators=[validate_one_line])
    slug = models.SlugField(unique=True, max_length=120, help_text="Deel van het webadres: /kennisbank/&lt;slug&gt;/.")
    lead = models.TextField(
        "inleiding", max_length=400, help_text="Eén of twee zinnen: staan boven het artikel, in lijsten en in de feed."
    )
    body = RichTextField("tekst")
    themes = models.ManyToManyField(Theme, related_name="articles", verbose_name="thema’s")
    regions = models.ManyToManyField(
        Region,
        related_name="+",
        blank=True,
        verbose_name="referentieregio’s",
        help_text="Het artikel staat dan ook op de pagina van die regio’s.",
    )
    networks = models.ManyToManyField(
        Network,
        related_name="+",
        blank=True,
        verbose_name="IGS",
        help_text="Het artikel staat dan ook op de pagina van die IGS.",
    )
    publications = models.ManyToManyField(
        Publication,
        related_name="articles",
        blank=True,
        verbose_name="bijlagen",
        help_text="Publicaties waarnaar het artikel linkt (alleen gepubliceerde worden getoond).",
    )
    published = models.BooleanField(
        "gepubliceerd", default=False, help_text="Niet aangevinkt: alleen de redactie ziet het, als concept."
    )
    published_on = models.DateField(
        "gepubliceerd op", null=True, blank=True, help_text="Leeg laten: wordt de dag van publicatie."
    )
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    is_example = models.BooleanField("voorbeeld", default=False, help_text=EXAMPLE_HELP)
    # Title, lead and text for PostgreSQL's full-text search (with a GIN index there); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "artikel"
        verbose_name_plural = "artikels"
        ordering = [models.F("published_on").desc(nulls_first=True), "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        type(self).objects.filter(pk=self.pk).update_search_vectors()

    def get_absolute_url(self):
        return reverse("kennisbank:article_detail", self.slug)

    def structured_data(self):
        """The article as schema.org data (JSON-LD, `json_ld` in opti/lib/seo.py), for search engines."""
        url = absolute(self.get_absolute_url())
        return {
            "@type": "Article",
            "headline": self.title[:110],
            "description": self.lead,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": "nl-BE",
            "datePublished": self.published_on.isoformat() if self.published_on else None,
            "dateModified": self.updated_at.isoformat(),
            "articleSection": [theme.name for theme in self.themes.all()],
            "author": {"@type": "Organization", "name": "OP/TIL"},
            "publisher": {"@type": "Organization", "name": "OP/TIL"},
        }
