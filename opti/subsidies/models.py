from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from opti.lib.models import NaturalKeyModel, NaturalKeyQuerySet
from opti.lib.validators import validate_one_line


class SubsidyProgramme(NaturalKeyModel):
    """A subsidy line for supra-local culture, e.g. the operating subsidy for IGS."""

    name = models.CharField("naam", max_length=150, unique=True, validators=[validate_one_line])
    slug = models.SlugField(unique=True)
    description = models.TextField(
        "beschrijving", blank=True, help_text="Gewone tekst; een witregel begint een alinea."
    )
    info_url = models.URLField(
        "officiële informatie", blank=True, help_text="Pagina van de overheid over deze subsidie."
    )

    class Meta:
        verbose_name = "subsidieprogramma"
        verbose_name_plural = "subsidieprogramma’s"
        ordering = ["name"]

    def __str__(self):
        return self.name


class SubsidyRoundQuerySet(NaturalKeyQuerySet):
    def for_page(self):
        return self.select_related("programme")

    def open_now(self, today=None):
        today = today or timezone.localdate()
        return self.for_page().filter(opens_on__lte=today, deadline__gte=today).order_by("deadline", "pk")

    def upcoming(self, today=None):
        return self.for_page().filter(opens_on__gt=today or timezone.localdate()).order_by("opens_on", "pk")

    def past(self, today=None):
        return self.for_page().filter(deadline__lt=today or timezone.localdate()).order_by("-deadline", "pk")

    def next_deadline(self, today=None):
        """The round, open or still to open, whose deadline comes first; None if there is none."""
        return self.for_page().filter(deadline__gte=today or timezone.localdate()).order_by("deadline", "pk").first()


class SubsidyRound(NaturalKeyModel):
    """One call of a subsidy programme: when applications open, the deadline and the decision."""

    programme = models.ForeignKey(
        SubsidyProgramme, on_delete=models.CASCADE, related_name="rounds", verbose_name="programma"
    )
    title = models.CharField(
        "naam van de ronde", max_length=150, help_text="Bijvoorbeeld: Ronde 2027.", validators=[validate_one_line]
    )
    opens_on = models.DateField("aanvragen vanaf")
    deadline = models.DateField("aanvragen tot en met")
    decision_on = models.DateField("beslissing verwacht op", null=True, blank=True)
    budget = models.DecimalField(
        "budget (euro)", max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    call_url = models.URLField("oproep", blank=True, help_text="Webadres van de officiële oproep.")
    is_example = models.BooleanField(
        "voorbeeld",
        default=False,
        help_text="Aangevinkt: de data zijn verzonnen ter illustratie. De website toont de ronde als voorbeeld.",
    )
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    objects = SubsidyRoundQuerySet.as_manager()
    natural_key_fields = ("programme__slug", "title")

    class Meta:
        verbose_name = "subsidieronde"
        verbose_name_plural = "subsidierondes"
        ordering = ["-deadline"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "title"],
                name="subsidy_round_unique_title",
                violation_error_message="Dit programma heeft al een ronde met die naam.",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")),
                name="subsidy_round_deadline_after_opening",
                violation_error_message="De deadline mag niet vóór de opening van de ronde liggen.",
            ),
            models.CheckConstraint(
                condition=Q(decision_on__isnull=True) | Q(decision_on__gte=models.F("deadline")),
                name="subsidy_round_decision_after_deadline",
                violation_error_message="De beslissing kan niet vóór de deadline vallen.",
            ),
        ]

    def __str__(self):
        return f"{self.programme}: {self.title}"
