from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Count, ExpressionWrapper, Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone

from opti.lib.models import NaturalKeyModel, NaturalKeyQuerySet
from opti.lib.richtext import RichTextField
from opti.lib.urls import reverse
from opti.lib.validators import validate_one_line, validate_phone
from regions.models import FormerMunicipality, Municipality, name_key

from .projects import Project
from .recognition import RecognitionPeriod


def uncertainty_note(*, to_verify, via_former_name):
    """What is not certain about a membership, to be said wherever it is shown ("" when it is certain)."""
    if via_former_name:
        return f"via {via_former_name}, te bevestigen"
    return "te bevestigen" if to_verify else ""


def current(day=None, prefix=""):
    """The condition for a membership (reached through `prefix`) that holds on `day`, today by default."""
    day = day or timezone.localdate()
    return (Q(**{f"{prefix}started_on__isnull": True}) | Q(**{f"{prefix}started_on__lte": day})) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


class NetworkQuerySet(NaturalKeyQuerySet):
    def with_counts(self):
        """How many municipalities are members today, and in how many reference regions they lie."""
        now = current(prefix="memberships__")
        return self.annotate(
            member_count=Count("memberships", filter=now, distinct=True),
            region_count=Count("memberships__municipality__region", filter=now, distinct=True),
        )

    def with_memberships(self):
        """With its memberships of today as `current_memberships`, and those that ended as `past_memberships`, in
        one query."""
        today = timezone.localdate()
        memberships = (
            Membership.objects.select_related("municipality__region", "via_former")
            .filter(current(today) | Q(ended_on__lt=today))
            .annotate(is_current=ExpressionWrapper(current(today), output_field=models.BooleanField()))
            .order_by("municipality__name")
        )
        return self.prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="known_memberships"))

    def for_list(self):
        uncertain = current(prefix="memberships__") & (
            Q(memberships__to_verify=True) | Q(memberships__via_former__isnull=False)
        )
        return (
            self.with_counts()
            .annotate(uncertain_count=Count("memberships", filter=uncertain, distinct=True))
            .order_by(Lower("name"))
        )

    def for_atlas(self):
        """With their recognition periods and the sources of those."""
        return self.prefetch_related(
            Prefetch("recognition_periods", queryset=RecognitionPeriod.objects.select_related("source"))
        )

    def for_detail(self):
        """With its members, sources and published projects."""
        return self.with_memberships().prefetch_related(
            "sources",
            Prefetch("projects", queryset=Project.objects.published(), to_attr="published_projects"),
        )


class Network(NaturalKeyModel):
    """An intergemeentelijk samenwerkingsverband (IGS) cultuur: municipalities working together on culture."""

    name = models.CharField(
        "naam",
        max_length=100,
        unique=True,
        help_text="De naam waaronder het IGS erkend is.",
        validators=[validate_one_line],
    )
    slug = models.SlugField(unique=True)
    full_name = models.CharField(
        "volledige of huidige naam",
        max_length=150,
        blank=True,
        help_text="Alleen invullen als die verschilt.",
        validators=[validate_one_line],
    )
    members = models.ManyToManyField(
        Municipality, through="Membership", related_name="+", verbose_name="leden", blank=True
    )
    website = models.URLField("website", blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    phone = models.CharField("telefoon", max_length=30, blank=True, validators=[validate_phone])
    address = models.TextField("adres", blank=True)
    description = RichTextField("beschrijving", blank=True)
    members_note = models.TextField(
        "opmerking bij de ledenlijst",
        blank=True,
        help_text="Wat over de ledenlijst onzeker is of nog nagekeken moet worden. Wordt publiek getoond.",
    )
    sources = models.ManyToManyField("igs.Source", related_name="+", verbose_name="bronnen", blank=True)
    search_key = models.CharField(max_length=250, editable=False, db_index=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = "IGS"
        verbose_name_plural = "IGS’en"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = name_key(self.name, self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("igs:network_detail", self.slug)

    @cached_property
    def current_memberships(self):
        """Its memberships of today (`with_memberships()`)."""
        return [membership for membership in self.known_memberships if membership.is_current]

    @cached_property
    def past_memberships(self):
        """Its memberships that ended (`with_memberships()`)."""
        return [membership for membership in self.known_memberships if not membership.is_current]

    @cached_property
    def regions(self):
        """The reference regions its members of today lie in, or those of its last members (`with_memberships()`)."""
        members = self.current_memberships or self.past_memberships
        regions = {membership.municipality.region for membership in members}
        return sorted(regions, key=lambda region: region.name)

    @property
    def spans_regions(self):
        """True when its members (or its last members) lie in more than one reference region (`with_memberships()`)."""
        return len(self.regions) > 1

    @property
    def has_contact(self):
        return bool(self.website or self.email or self.phone or self.address)


class MembershipQuerySet(NaturalKeyQuerySet):
    def current(self, day=None):
        return self.filter(current(day))

    def ended(self, day=None):
        return self.filter(ended_on__lt=day or timezone.localdate())

    def for_map(self):
        """Every membership as a dict with its IGS, oldest first: what the atlas adds to each municipality."""
        return self.order_by(models.F("ended_on").desc(nulls_first=True)).values(
            "municipality_id",
            "network_id",
            "started_on",
            "ended_on",
            "to_verify",
            "note",
            via_former_name=models.F("via_former__name"),
            network_name=models.F("network__name"),
            network_full_name=models.F("network__full_name"),
            network_slug=models.F("network__slug"),
        )

    def for_municipality_page(self, municipality):
        """All the memberships of a municipality, the latest first: its history."""
        return (
            self.filter(municipality=municipality)
            .select_related("network", "via_former")
            .order_by(models.F("ended_on").desc(nulls_first=True))
        )


class Membership(NaturalKeyModel):
    """A municipality's membership of an IGS, from `started_on` to `ended_on` (either unknown when empty).
    A municipality belongs to at most one IGS at a time; a change is recorded by ending one membership and adding
    another, so that the history stays."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships", verbose_name="IGS")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships", verbose_name="gemeente"
    )
    started_on = models.DateField("lid sinds", null=True, blank=True, help_text="Leeg: niet bekend.")
    ended_on = models.DateField(
        "lid tot en met", null=True, blank=True, help_text="Vul in wanneer het lidmaatschap eindigde; leeg: loopt nog."
    )
    to_verify = models.BooleanField(
        "te verifiëren", default=False, help_text="Aanvinken als dit lidmaatschap niet met zekerheid bevestigd is."
    )
    via_former = models.ForeignKey(
        FormerMunicipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lid via vroegere gemeente",
        help_text="Als alleen deze gemeente van vóór 2025 lid was: of de hele fusiegemeente meedoet, is dan niet "
        "bevestigd.",
    )
    note = models.CharField("toelichting", max_length=300, blank=True, help_text="Wordt publiek getoond.")

    objects = MembershipQuerySet.as_manager()
    natural_key_fields = ("municipality__nis_code", "network__slug")

    class Meta:
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"
        ordering = ["municipality__name", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_open_per_municipality",
                violation_error_code="one_open_membership",
                violation_error_message="Deze gemeente is al lid van een IGS. "
                "Geef dat lidmaatschap eerst een einddatum.",
            ),
            models.UniqueConstraint(
                fields=["municipality", "network", "started_on"],
                name="membership_unique_start",
                violation_error_message="Dit lidmaatschap bestaat al.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
                violation_error_message="Een lidmaatschap kan niet eindigen vóór het begint.",
            ),
        ]

    def __str__(self):
        return f"{self.municipality} in {self.network}"

    def clean(self):
        if self.via_former_id and self.via_former.municipality_id != self.municipality_id:
            raise ValidationError({"via_former": "Kies een gemeente van vóór 2025 die nu deel is van deze gemeente."})

    def validate_constraints(self, exclude=None):
        """As Django's, with the IGS named when the municipality is already a member of one."""
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            errors = error.error_dict.get(NON_FIELD_ERRORS, []) if hasattr(error, "error_dict") else error.error_list
            if not any(each.code == "one_open_membership" for each in errors):
                raise
            other = Membership.objects.filter(municipality=self.municipality_id, ended_on__isnull=True)
            other = other.exclude(pk=self.pk).select_related("network").first()
            raise ValidationError(
                f"{self.municipality} is al lid van {other.network}. Geef dat lidmaatschap eerst een einddatum, "
                "en voeg dan dit nieuwe toe.",
                code="one_open_membership",
            ) from None

    @property
    def ended(self):
        return self.ended_on is not None and self.ended_on < timezone.localdate()

    @property
    def uncertainty(self):
        return uncertainty_note(
            to_verify=self.to_verify, via_former_name=self.via_former.name if self.via_former_id else None
        )
