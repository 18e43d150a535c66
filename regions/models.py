import re
import unicodedata

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.text import slugify

from opti.lib.models import NaturalKeyModel, NaturalKeyQuerySet
from opti.lib.text import and_list
from opti.lib.urls import reverse
from opti.lib.validators import validate_one_line


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


class RegionQuerySet(NaturalKeyQuerySet):
    def with_counts(self):
        """Number of municipalities and their population."""
        return self.annotate(municipality_count=Count("municipalities"), population=Sum("municipalities__population"))

    def for_list(self):
        return self.with_counts().order_by("name")


class Region(NaturalKeyModel):
    """One of the 15 reference regions (referentieregio's) of the Regiodecreet of 2023."""

    name = models.CharField("naam", max_length=100, unique=True, validators=[validate_one_line])
    slug = models.SlugField(unique=True)
    also_known_as = models.CharField("ook bekend als", max_length=100, blank=True, validators=[validate_one_line])
    search_key = models.CharField(max_length=250, editable=False, db_index=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "referentieregio"
        verbose_name_plural = "referentieregio’s"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = name_key(self.name, self.also_known_as)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("regions:region_detail", self.slug)


class MunicipalityQuerySet(NaturalKeyQuerySet):
    def for_map(self):
        """Every municipality as a dict with its region: what maps and figures need, in one query."""
        return self.order_by("name").values(
            "pk",
            "nis_code",
            "slug",
            "name",
            "population",
            "region_id",
            region_name=models.F("region__name"),
            region_slug=models.F("region__slug"),
        )

    def for_detail_page(self):
        return self.select_related("region").prefetch_related(
            "former_municipalities", "sub_municipalities", "postcodes"
        )

    def meant_by(self, slug):
        """The municipality an unknown address `slug` means: one of that name in other letter case, or the one
        that a former municipality of that name is part of since 2025 ("borsbeek": Antwerpen). None if neither."""
        slug = slug.lower()
        if municipality := self.filter(slug=slug).first():
            return municipality
        formers = FormerMunicipality.objects.select_related("municipality")
        return next((former.municipality for former in formers if slugify(former.name) == slug), None)


class Municipality(NaturalKeyModel):
    """A Flemish municipality as it exists since 1 January 2025."""

    nis_code = models.CharField("NIS-code", max_length=5, unique=True)
    name = models.CharField("officiële naam", max_length=100, unique=True, validators=[validate_one_line])
    slug = models.SlugField(unique=True, editable=False)
    province = models.CharField("provincie", max_length=20, choices=Province.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name="referentieregio"
    )
    population = models.PositiveIntegerField("inwoners (1 januari 2020)", null=True, blank=True)
    search_key = models.CharField(max_length=100, editable=False, db_index=True)

    objects = MunicipalityQuerySet.as_manager()
    natural_key_fields = ("nis_code",)

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
        return reverse("regions:municipality_detail", self.slug)

    def merger(self):
        """The merger of 1 January 2025 that made this municipality, in a sentence ("" if it was not merged).
        Needs `former_municipalities` (prefetched by `for_detail_page()`)."""
        names = sorted(former.name for former in self.former_municipalities.all())
        others = [name for name in names if name != self.name]
        if not others:
            return ""
        if self.name not in names:
            return f"{self.name} ontstond op 1 januari 2025 uit de fusie van {and_list(names)}."
        if len(others) == 1:
            return f"Op 1 januari 2025 ging {others[0]} op in {self.name}."
        return f"Op 1 januari 2025 gingen {and_list(others)} op in {self.name}."


class FormerMunicipality(NaturalKeyModel):
    """A municipality of before 1 January 2025 that is now (part of) a 2025 municipality."""

    nis_code = models.CharField("NIS-code (vóór 2025)", max_length=5, unique=True)
    name = models.CharField("naam", max_length=100, validators=[validate_one_line])
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="former_municipalities",
        verbose_name="sinds 2025 deel van",
    )
    search_key = models.CharField(max_length=100, editable=False, db_index=True)

    natural_key_fields = ("nis_code",)

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


class SubMunicipalityKind(models.TextChoices):
    DEELGEMEENTE = "deelgemeente", "deelgemeente"
    PLAATS = "plaats", "andere plaats"


class SubMunicipality(NaturalKeyModel):
    """A deelgemeente (a municipality before the mergers of 1977) or another named part of a municipality."""

    name = models.CharField("naam", max_length=100, validators=[validate_one_line])
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="sub_municipalities", verbose_name="gemeente"
    )
    kind = models.CharField(
        "soort", max_length=20, choices=SubMunicipalityKind.choices, default=SubMunicipalityKind.DEELGEMEENTE
    )
    search_key = models.CharField(max_length=100, editable=False, db_index=True)

    natural_key_fields = ("municipality__nis_code", "name")

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


class Postcode(NaturalKeyModel):
    """A postal code linked to a municipality. One code can serve several municipalities (1804)."""

    code = models.CharField("postcode", max_length=4)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="postcodes", verbose_name="gemeente"
    )
    former_municipality = models.ForeignKey(
        FormerMunicipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postcodes",
        verbose_name="postcode van (vóór 2025)",
        help_text="De gemeente van vóór 2025 die deze postcode had, als die sindsdien deel is van een fusiegemeente.",
    )

    natural_key_fields = ("code", "municipality__nis_code")

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


class OutsideMunicipality(NaturalKeyModel):
    """A Belgian municipality outside the Flemish Region (Brussels or Wallonia): no reference region, no IGS
    cultuur. Kept so that a lookup can say so instead of "niets gevonden"."""

    class Territory(models.TextChoices):
        BRUSSELS = "brussel", "het Brussels Hoofdstedelijk Gewest"
        WALLONIA = "wallonie", "het Waals Gewest"

    nis_code = models.CharField("NIS-code", max_length=5, unique=True)
    name = models.CharField("naam", max_length=100, validators=[validate_one_line])
    name_fr = models.CharField("Franse naam", max_length=100, blank=True, validators=[validate_one_line])
    territory = models.CharField("gewest", max_length=20, choices=Territory.choices)
    postcodes = models.CharField("postcodes", max_length=200, blank=True, help_text="Gescheiden door spaties.")
    search_key = models.CharField(max_length=250, editable=False, db_index=True)

    natural_key_fields = ("nis_code",)

    class Meta:
        verbose_name = "gemeente buiten Vlaanderen"
        verbose_name_plural = "gemeenten buiten Vlaanderen"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(territory__in=["brussel", "wallonie"]),
                name="outside_municipality_territory_valid",
                violation_error_message="Kies Brussel of Wallonië.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = name_key(self.name, self.name_fr)
        super().save(*args, **kwargs)
