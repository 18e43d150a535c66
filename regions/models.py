import re
import unicodedata

from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.text import slugify


def name_key(*names):
    """The form of a name that lookups compare: no case, accents, punctuation or spaces, "St." read as "Sint".

    "Sint-Job-in-'t-Goor", "st job in t goor" and "SINT JOB IN 'T GOOR" all give "sintjobintgoor".
    Several names give several keys, separated by a space.
    """
    keys = []
    for name in names:
        text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
        words = ["sint" if word == "st" else word for word in re.findall(r"[a-z0-9]+", text)]
        if words:
            keys.append("".join(words))
    return " ".join(keys)


class Province(models.TextChoices):
    ANTWERPEN = "antwerpen", "Antwerpen"
    LIMBURG = "limburg", "Limburg"
    OOST_VLAANDEREN = "oost-vlaanderen", "Oost-Vlaanderen"
    VLAAMS_BRABANT = "vlaams-brabant", "Vlaams-Brabant"
    WEST_VLAANDEREN = "west-vlaanderen", "West-Vlaanderen"


class RegionQuerySet(models.QuerySet):
    def with_coverage(self):
        """Municipality count, population and how many municipalities are in no IGS.

        The IGS side is reached through the reverse relation `municipalities__membership`
        (owned by the igs app); this app never imports igs.
        """
        return self.annotate(
            municipality_count=Count("municipalities", distinct=True),
            population=Sum("municipalities__population"),
            network_count=Count("municipalities__membership__network", distinct=True),
            uncovered_count=Count("municipalities", filter=Q(municipalities__membership__isnull=True), distinct=True),
        )

    def for_list(self):
        return self.with_coverage().order_by("name")

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Region(models.Model):
    """One of the 15 reference regions (referentieregio's) of the Regiodecreet of 2023."""

    name = models.CharField("naam", max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    also_known_as = models.CharField("ook bekend als", max_length=100, blank=True)
    search_key = models.CharField(max_length=250, editable=False, db_index=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "referentieregio"
        verbose_name_plural = "referentieregio's"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = name_key(self.name, self.also_known_as)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("regions:region_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class MunicipalityQuerySet(models.QuerySet):
    def get_by_natural_key(self, nis_code):
        return self.get(nis_code=nis_code)

    def with_network(self):
        return self.select_related("region", "membership__network")

    def for_map(self):
        """Every municipality as a dict with its region and IGS: what maps and figures need, in one query."""
        return self.order_by("name").values(
            "nis_code",
            "slug",
            "name",
            "population",
            "region_id",
            region_name=models.F("region__name"),
            region_slug=models.F("region__slug"),
            network_id=models.F("membership__network_id"),
            network_name=models.F("membership__network__name"),
            network_slug=models.F("membership__network__slug"),
        )

    def for_detail_page(self):
        return self.with_network().prefetch_related("former_municipalities", "sub_municipalities", "postcodes")


class Municipality(models.Model):
    """A Flemish municipality as it exists since 1 January 2025."""

    nis_code = models.CharField("NIS-code", max_length=5, unique=True)
    name = models.CharField("officiële naam", max_length=100, unique=True)
    slug = models.SlugField(unique=True, editable=False)
    province = models.CharField("provincie", max_length=20, choices=Province.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name="referentieregio"
    )
    population = models.PositiveIntegerField("inwoners (1 januari 2020)", null=True, blank=True)
    search_key = models.CharField(max_length=100, editable=False, db_index=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nis_code__regex=r"^[1-9][0-9]{4}$"),
                name="municipality_nis_code_5_digits",
                violation_error_message="Een NIS-code bestaat uit 5 cijfers.",
            ),
            models.CheckConstraint(
                condition=Q(province__in=Province.values),
                name="municipality_province_valid",
                violation_error_message="Kies een Vlaamse provincie.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = slugify(self.name)
        self.search_key = name_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("regions:municipality_detail", args=[self.slug])

    def natural_key(self):
        return (self.nis_code,)

    natural_key.dependencies = ["regions.region"]

    @property
    def network(self):
        """The IGS this municipality belongs to, or None."""
        membership = getattr(self, "membership", None)
        return membership.network if membership else None


class FormerMunicipalityManager(models.Manager):
    def get_by_natural_key(self, nis_code):
        return self.get(nis_code=nis_code)


class FormerMunicipality(models.Model):
    """A municipality of before 1 January 2025 that is now (part of) a 2025 municipality."""

    nis_code = models.CharField("NIS-code (vóór 2025)", max_length=5, unique=True)
    name = models.CharField("naam", max_length=100)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="former_municipalities",
        verbose_name="sinds 2025 deel van",
    )
    search_key = models.CharField(max_length=100, editable=False, db_index=True)

    objects = FormerMunicipalityManager()

    class Meta:
        verbose_name = "gemeente van vóór 2025"
        verbose_name_plural = "gemeenten van vóór 2025"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nis_code__regex=r"^[1-9][0-9]{4}$"),
                name="former_municipality_nis_code_5_digits",
                violation_error_message="Een NIS-code bestaat uit 5 cijfers.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = name_key(self.name)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.nis_code,)


class SubMunicipalityKind(models.TextChoices):
    DEELGEMEENTE = "deelgemeente", "deelgemeente"
    PLAATS = "plaats", "andere plaats"


class SubMunicipalityManager(models.Manager):
    def get_by_natural_key(self, nis_code, name):
        return self.get(municipality__nis_code=nis_code, name=name)


class SubMunicipality(models.Model):
    """A deelgemeente (a municipality before the mergers of 1977) or another named part of a municipality."""

    name = models.CharField("naam", max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="sub_municipalities", verbose_name="gemeente"
    )
    kind = models.CharField(
        "soort", max_length=20, choices=SubMunicipalityKind.choices, default=SubMunicipalityKind.DEELGEMEENTE
    )
    search_key = models.CharField(max_length=100, editable=False, db_index=True)

    objects = SubMunicipalityManager()

    class Meta:
        verbose_name = "deelgemeente"
        verbose_name_plural = "deelgemeenten"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="sub_municipality_unique_name",
                violation_error_message="Deze gemeente heeft al een deelgemeente met die naam.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SubMunicipalityKind.values),
                name="sub_municipality_kind_valid",
                violation_error_message="Kies een geldige soort.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = name_key(self.name)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (*self.municipality.natural_key(), self.name)

    natural_key.dependencies = ["regions.municipality"]


class PostcodeManager(models.Manager):
    def get_by_natural_key(self, code, nis_code):
        return self.get(code=code, municipality__nis_code=nis_code)


class Postcode(models.Model):
    """A postal code linked to a municipality. One code can serve several municipalities (1804)."""

    code = models.CharField("postcode", max_length=4)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="postcodes", verbose_name="gemeente"
    )

    objects = PostcodeManager()

    class Meta:
        verbose_name = "postcode"
        verbose_name_plural = "postcodes"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "municipality"],
                name="postcode_unique_per_municipality",
                violation_error_message="Deze postcode is al aan deze gemeente gekoppeld.",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[1-9][0-9]{3}$"),
                name="postcode_4_digits",
                violation_error_message="Een Belgische postcode bestaat uit 4 cijfers.",
            ),
        ]

    def __str__(self):
        return self.code

    def natural_key(self):
        return (self.code, *self.municipality.natural_key())

    natural_key.dependencies = ["regions.municipality"]
