from django.db import models
from django.db.models import Q

from opti.lib.models import NaturalKeyModel, NaturalKeyQuerySet
from opti.lib.validators import validate_one_line


class RecognitionRoundQuerySet(NaturalKeyQuerySet):
    def next_after(self, day):
        """The first round whose recognition starts after `day`, or None."""
        return self.filter(starts_on__gt=day).order_by("starts_on").first()

    def latest(self):
        """The round whose conditions hold now or from the next recognition: the last one known."""
        return self.prefetch_related("sources").order_by("-starts_on").first()


class RecognitionRound(NaturalKeyModel):
    """A round in which IGS apply for a recognition that starts on one date, with its conditions."""

    title = models.CharField(
        "naam",
        max_length=100,
        unique=True,
        help_text="Bijvoorbeeld: Erkenning vanaf 2027.",
        validators=[validate_one_line],
    )
    slug = models.SlugField(unique=True)
    applications_year = models.PositiveSmallIntegerField("aanvragen in (jaar)")
    starts_on = models.DateField("erkenning vanaf")
    min_population = models.PositiveIntegerField("minimaal aantal inwoners", null=True, blank=True)
    transition_until = models.PositiveSmallIntegerField(
        "overgangsregeling tot (jaar)",
        null=True,
        blank=True,
        help_text="Tot wanneer een kleiner samenwerkingsverband erkend kan blijven.",
    )
    transition_min_municipalities = models.PositiveSmallIntegerField(
        "overgangsregeling: minimaal aantal aangrenzende gemeenten", null=True, blank=True
    )
    sources = models.ManyToManyField("igs.Source", related_name="+", verbose_name="bronnen", blank=True)

    objects = RecognitionRoundQuerySet.as_manager()

    class Meta:
        verbose_name = "erkenningsronde"
        verbose_name_plural = "erkenningsrondes"
        ordering = ["starts_on"]

    def __str__(self):
        return self.title


class RecognitionPeriod(NaturalKeyModel):
    """What is known about an IGS' recognition from one date (to another): recognised, applied for, stopped or
    unknown, with the source that says so. Pages derive their wording from these and today's date."""

    class Status(models.TextChoices):
        RECOGNISED = "erkend", "erkend"
        APPLIED = "aangevraagd", "erkenning aangevraagd"
        STOPPED = "gestopt", "gestopt"
        UNKNOWN = "onbekend", "onbekend"

    network = models.ForeignKey(
        "igs.Network", on_delete=models.CASCADE, related_name="recognition_periods", verbose_name="IGS"
    )
    status = models.CharField("stand", max_length=20, choices=Status.choices)
    starts_on = models.DateField("vanaf")
    ends_on = models.DateField("tot en met", null=True, blank=True, help_text="Leeg: geen einddatum bekend.")
    source = models.ForeignKey(
        "igs.Source", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="bron"
    )
    note = models.CharField("toelichting", max_length=300, blank=True, help_text="Wordt publiek getoond.")

    natural_key_fields = ("network__slug", "starts_on")

    class Meta:
        verbose_name = "erkenningsperiode"
        verbose_name_plural = "erkenningsperiodes"
        ordering = ["network", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "starts_on"],
                name="recognition_period_unique_start",
                violation_error_message="Dit IGS heeft al een periode die op die dag begint.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="recognition_period_ordered",
                violation_error_message="Een periode kan niet eindigen vóór ze begint.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["erkend", "aangevraagd", "gestopt", "onbekend"]),
                name="recognition_period_status_valid",
                violation_error_message="Kies een geldige stand.",
            ),
        ]

    def __str__(self):
        return f"{self.network}: {self.get_status_display()} vanaf {self.starts_on:%d-%m-%Y}"
