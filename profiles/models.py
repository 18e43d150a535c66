import calendar
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from igs.models import Network, Source
from opti.lib.cache import cached
from opti.lib.images import ResizedImageField
from opti.lib.models import NaturalKeyModel, PublishableQuerySet
from opti.lib.validators import validate_one_line, validate_phone, validate_public_email
from regions.models import Region

ANSWER_MAX_LENGTH = 1200
# Coordinators are reminded to check their profile when they have not confirmed it for this many months.
REMINDER_MONTHS = 11


def months_before(day, months):
    """The same day `months` months earlier, or the month's last day when it has fewer days (31 March → 28/29 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class CoordinatorProfileQuerySet(PublishableQuerySet):
    def for_user(self, user):
        """The only profile `user` may see and change in the self-service pages: their own.

        This is the one place that decides ownership; everything else is a 404.
        """
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user).select_related("network")

    def for_home_page(self):
        """The published profile that editors put on the home page, if any."""
        return self.published().filter(featured=True).select_related("network")

    def for_network_page(self, network):
        return self.published().filter(network=network)

    def unconfirmed_since(self, day):
        """Profiles whose coordinator has not confirmed them since `day`: confirmed before, or never and made before."""
        return self.filter(Q(last_confirmed__lt=day) | Q(last_confirmed__isnull=True, created_at__date__lt=day))

    def expired_invitations(self, now=None):
        """Profiles whose coordinator was invited longer ago than an invitation link works and never chose a
        password: they need a new invitation."""
        now = now or timezone.now()
        cutoff = now - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        return self.filter(
            invited_at__lt=cutoff, user__is_active=True, user__password__startswith=UNUSABLE_PASSWORD_PREFIX
        )

    def due_for_reminder(self, today=None):
        """Profiles whose coordinator can log in and has neither confirmed them nor been reminded for more than
        REMINDER_MONTHS: one reminder per cycle, and confirming starts a new cycle."""
        cutoff = months_before(today or timezone.localdate(), REMINDER_MONTHS)
        return (
            self.filter(user__is_active=True, user__is_staff=False)
            .exclude(user__email="")
            .exclude(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
            .unconfirmed_since(cutoff)
            .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=cutoff))
            .select_related("user", "network")
        )


class CoordinatorProfile(NaturalKeyModel):
    """The coordinator of an IGS and their BE/LICHT interview, which they keep up to date themselves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator_profile",
        verbose_name="gebruikersaccount",
    )
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="coordinator_profiles", verbose_name="IGS"
    )
    name = models.CharField("naam", max_length=100, validators=[validate_one_line])
    role = models.CharField(
        "functie",
        max_length=150,
        help_text="Bijvoorbeeld: Coördinator Cultuur Noordrand.",
        validators=[validate_one_line],
    )
    photo = ResizedImageField(
        "foto",
        size=(320, 320),
        upload_to="profielen",
        blank=True,
        help_text="JPEG, PNG of WebP van hoogstens 5 MB. De foto wordt vierkant bijgesneden en verkleind.",
    )
    email = models.EmailField("e-mailadres", blank=True, validators=[validate_public_email])
    show_email = models.BooleanField("e-mailadres tonen", default=False)
    phone = models.CharField(
        "telefoonnummer",
        max_length=30,
        blank=True,
        validators=[validate_phone],
    )
    show_phone = models.BooleanField("telefoonnummer tonen", default=False)
    challenge = models.TextField("Grote uitdaging?", max_length=ANSWER_MAX_LENGTH, blank=True)
    favourite_place = models.TextField(
        "Favoriete culturele plek in jouw regio?", max_length=ANSWER_MAX_LENGTH, blank=True
    )
    collaboration = models.TextField("Grensverleggende samenwerking?", max_length=ANSWER_MAX_LENGTH, blank=True)
    quote = models.CharField(
        "korte uitspraak",
        max_length=300,
        blank=True,
        help_text="Eén zin van jezelf die je in de kijker wilt zetten, zonder aanhalingstekens.",
    )
    published = models.BooleanField(
        "gepubliceerd", default=False, help_text="Een profiel dat niet gepubliceerd is, staat nergens op de website."
    )
    featured = models.BooleanField(
        "op de startpagina", default=False, help_text="Er staat hoogstens één gepubliceerd profiel op de startpagina."
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bron",
        help_text="Waar de tekst vandaan komt zolang de coördinator hem niet zelf bijwerkte.",
    )
    last_confirmed = models.DateField("laatst bevestigd", null=True, blank=True, editable=False)
    invited_at = models.DateTimeField("laatst uitgenodigd", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    reminded_on = models.DateField("laatst herinnerd", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    objects = CoordinatorProfileQuerySet.as_manager()
    natural_key_fields = ("user__username",)

    class Meta:
        verbose_name = "coördinatorprofiel"
        verbose_name_plural = "coördinatorprofielen"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["featured"],
                condition=Q(featured=True),
                name="profile_at_most_one_featured",
                violation_error_message="Er staat al een ander profiel op de startpagina. Gebruik de actie "
                "“Op de startpagina zetten” in de lijst van profielen om het te vervangen.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.featured = self.featured and self.published  # only a published profile can be on the home page
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.network.get_absolute_url()

    def clean(self):
        errors = {}
        if self.show_email and not self.email:
            errors["email"] = "Vul een e-mailadres in, of kies om geen e-mailadres te tonen."
        if self.show_phone and not self.phone:
            errors["phone"] = "Vul een telefoonnummer in, of kies om geen telefoonnummer te tonen."
        if errors:
            raise ValidationError(errors)

    def confirm(self):
        """The coordinator confirms that the profile is still correct."""
        self.last_confirmed = timezone.localdate()
        self.save(update_fields=["last_confirmed", "updated_at"])


@receiver(post_delete, sender=CoordinatorProfile)
def deactivate_account(sender, instance, **kwargs):
    """A coordinator's account exists for the profile: without it, the account can no longer log in."""
    get_user_model().objects.filter(pk=instance.user_id, is_staff=False).update(is_active=False)


class ConsultantQuerySet(PublishableQuerySet):
    def team(self):
        """The published consultants, each with the regions (`followed_regions`) and IGS (`followed_networks`)
        they follow, as lists."""
        return self.published().prefetch_related(
            Prefetch("regions", Region.objects.order_by("name"), to_attr="followed_regions"),
            Prefetch("networks", Network.objects.order_by("name"), to_attr="followed_networks"),
        )


class Consultant(NaturalKeyModel):
    """One of OP/TIL's consultants (consulenten), who inform and support the regions and IGS they follow."""

    name = models.CharField("naam", max_length=100, validators=[validate_one_line])
    slug = models.SlugField("slug", unique=True, help_text="Het anker van de consulent op de contactpagina.")
    role = models.CharField(
        "functie", max_length=150, blank=True, help_text="Bijvoorbeeld: consulent.", validators=[validate_one_line]
    )
    photo = ResizedImageField(
        "foto",
        size=(320, 320),
        upload_to="consulenten",
        blank=True,
        help_text="JPEG, PNG of WebP van hoogstens 5 MB. De foto wordt vierkant bijgesneden en verkleind.",
    )
    email = models.EmailField("e-mailadres", blank=True, validators=[validate_public_email])
    phone = models.CharField("telefoonnummer", max_length=30, blank=True, validators=[validate_phone])
    regions = models.ManyToManyField(
        Region, blank=True, related_name="consultants", verbose_name="referentieregio’s die de consulent volgt"
    )
    networks = models.ManyToManyField(
        Network,
        blank=True,
        related_name="consultants",
        verbose_name="IGS die de consulent volgt",
        help_text="Een IGS zonder eigen consulent toont de consulenten van zijn referentieregio’s.",
    )
    answers_subsidy_questions = models.BooleanField(
        "beantwoordt vragen over subsidies", default=False, help_text="Staat op de pagina Subsidies."
    )
    is_example = models.BooleanField(
        "voorbeeld",
        default=False,
        help_text="Aangevinkt: een verzonnen consulent ter illustratie. De website toont die als voorbeeld.",
    )
    published = models.BooleanField("gepubliceerd", default=False)
    order = models.PositiveSmallIntegerField("volgorde", default=0, help_text="Lager staat eerder.")
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    objects = ConsultantQuerySet.as_manager()

    class Meta:
        verbose_name = "consulent van OP/TIL"
        verbose_name_plural = "consulenten van OP/TIL"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def region_ids(self):
        return {region.pk for region in self.followed_regions}

    @property
    def network_ids(self):
        return {network.pk for network in self.followed_networks}


def team():
    """OP/TIL's published consultants (see `ConsultantQuerySet.team`), read once per content version: the team
    is small, and every region and IGS page asks who follows it."""
    return cached("consultants", lambda: list(Consultant.objects.team()))


def consultants_for_region(region):
    return [consultant for consultant in team() if region.pk in consultant.region_ids]


def consultants_for_network(network, regions=()):
    """Who follows the IGS; if nobody does, who follows one of `regions` (the IGS's regions)."""
    region_ids = {region.pk for region in regions}
    return [consultant for consultant in team() if network.pk in consultant.network_ids] or [
        consultant for consultant in team() if region_ids & consultant.region_ids
    ]


def consultants_for_subsidies():
    return [consultant for consultant in team() if consultant.answers_subsidy_questions]
