from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from regions.models import Municipality, name_key

from .images import ResizedImageField


def validate_url_lines(value):
    validate_url = URLValidator(schemes=["http", "https"])
    for line in value.splitlines():
        if line.strip():
            try:
                validate_url(line.strip())
            except ValidationError:
                raise ValidationError("“%(line)s” is geen geldig webadres.", params={"line": line.strip()}) from None


class NetworkQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def with_counts(self):
        return self.annotate(
            member_count=Count("members", distinct=True),
            region_count=Count("members__region", distinct=True),
        )

    def with_memberships(self):
        return self.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("municipality__region").order_by("municipality__name"),
            )
        )

    def for_list(self):
        return self.with_counts().order_by(Lower("name"))

    def for_detail(self):
        """With its published projects, and its coordinators' profiles through the reverse relation
        `coordinator_profiles` (owned by the profiles app; this app never imports profiles)."""
        return (
            self.with_counts()
            .with_memberships()
            .prefetch_related(
                Prefetch("projects", queryset=Project.objects.published(), to_attr="published_projects"),
                "coordinator_profiles",
            )
        )


class Network(models.Model):
    """An intergemeentelijk samenwerkingsverband (IGS) cultuur: municipalities working together on culture."""

    name = models.CharField("naam", max_length=100, unique=True, help_text="De naam waaronder het IGS erkend is.")
    slug = models.SlugField(unique=True)
    full_name = models.CharField(
        "volledige of huidige naam", max_length=150, blank=True, help_text="Alleen invullen als die verschilt."
    )
    members = models.ManyToManyField(
        Municipality, through="Membership", related_name="+", verbose_name="leden", blank=True
    )
    recognised_from = models.PositiveSmallIntegerField("erkend vanaf (jaar)")
    recognised_until = models.PositiveSmallIntegerField("erkend tot en met (jaar)")
    website = models.URLField("website", blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    phone = models.CharField("telefoon", max_length=30, blank=True)
    address = models.TextField("adres", blank=True)
    description = models.TextField("beschrijving", blank=True)
    members_note = models.TextField(
        "opmerking bij de ledenlijst",
        blank=True,
        help_text="Wat over de ledenlijst onzeker is of nog nagekeken moet worden. Wordt publiek getoond.",
    )
    sources = models.TextField(
        "bronnen", blank=True, validators=[validate_url_lines], help_text="Eén webadres per regel."
    )
    search_key = models.CharField(max_length=250, editable=False, db_index=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = "IGS"
        verbose_name_plural = "IGS'en"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recognised_until__gte=models.F("recognised_from")),
                name="network_recognition_period_ordered",
                violation_error_message="Het eindjaar van de erkenning mag niet vóór het beginjaar liggen.",
            ),
            models.CheckConstraint(
                condition=Q(recognised_from__gte=2000, recognised_until__lte=2100),
                name="network_recognition_years_plausible",
                violation_error_message="Geef een erkenningsjaar tussen 2000 en 2100.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = name_key(self.name, self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("igs:network_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def regions(self):
        """The reference regions its members lie in (prefetch with `with_memberships()`)."""
        regions = {membership.municipality.region for membership in self.memberships.all()}
        return sorted(regions, key=lambda region: region.name)

    @property
    def spans_regions(self):
        """True when the members lie in more than one reference region (needs `with_counts()`)."""
        return self.region_count > 1

    @property
    def recognition_ended(self):
        return self.recognised_until < timezone.localdate().year

    @property
    def source_list(self):
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    @property
    def published_profiles(self):
        """Its coordinators' published BE/LICHT profiles (prefetch with `for_detail()`)."""
        return [profile for profile in self.coordinator_profiles.all() if profile.published]


class MembershipManager(models.Manager):
    def get_by_natural_key(self, nis_code):
        return self.get(municipality__nis_code=nis_code)


class Membership(models.Model):
    """A municipality's membership of an IGS. A municipality belongs to at most one IGS."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships", verbose_name="IGS")
    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="membership", verbose_name="gemeente"
    )
    to_verify = models.BooleanField(
        "te verifiëren", default=False, help_text="Aanvinken als dit lidmaatschap niet met zekerheid bevestigd is."
    )
    note = models.CharField("toelichting", max_length=300, blank=True, help_text="Wordt publiek getoond.")

    objects = MembershipManager()

    class Meta:
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"
        ordering = ["municipality__name"]

    def __str__(self):
        return f"{self.municipality} in {self.network}"

    def natural_key(self):
        return self.municipality.natural_key()

    natural_key.dependencies = ["regions.municipality", "igs.network"]


class ProjectQuerySet(models.QuerySet):
    def get_by_natural_key(self, network_slug, slug):
        return self.get(network__slug=network_slug, slug=slug)

    def published(self):
        return self.filter(published=True)

    def for_home_page(self):
        """The published project that editors put on the home page, if any."""
        return self.published().filter(featured=True).select_related("network")

    def for_detail_page(self):
        return self.published().select_related("network")


class Project(models.Model):
    """A GE/SPOT project: an IGS' project that OP/TIL puts in the spotlight."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="projects", verbose_name="IGS")
    title = models.CharField("titel", max_length=150)
    slug = models.SlugField(help_text="Deel van het webadres: /igs/&lt;IGS&gt;/projecten/&lt;slug&gt;/.")
    summary = models.TextField(
        "samenvatting", max_length=400, help_text="Eén of twee zinnen voor de IGS-pagina en de startpagina."
    )
    body = models.TextField("tekst", blank=True, help_text="Gewone tekst; een witregel begint een nieuwe alinea.")
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
    )
    published = models.BooleanField("gepubliceerd", default=False)
    published_on = models.DateField(
        "gepubliceerd op", null=True, blank=True, help_text="Leeg laten: wordt de dag van publicatie."
    )
    featured = models.BooleanField(
        "op de startpagina", default=False, help_text="Er staat hoogstens één gepubliceerd project op de startpagina."
    )

    objects = ProjectQuerySet.as_manager()

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
        if self.published and not self.published_on:
            self.published_on = timezone.localdate()
        self.featured = self.featured and self.published  # only a published project can be on the home page
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("igs:project_detail", args=[self.network.slug, self.slug])

    def natural_key(self):
        return (*self.network.natural_key(), self.slug)

    natural_key.dependencies = ["igs.network"]

    def clean(self):
        if self.image and not self.image_alt:
            raise ValidationError({"image_alt": "Beschrijf wat er op de afbeelding te zien is."})
