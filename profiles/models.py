from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from igs.images import ResizedImageField
from igs.models import Network

ANSWER_MAX_LENGTH = 1200


class CoordinatorProfileQuerySet(models.QuerySet):
    def get_by_natural_key(self, username):
        return self.get(user__username=username)

    def for_user(self, user):
        """The only profile `user` may see and change in the self-service pages: their own.

        This is the one place that decides ownership; everything else is a 404.
        """
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user).select_related("network")

    def published(self):
        return self.filter(published=True)

    def for_home_page(self):
        """The published profile that editors put on the home page, if any."""
        return self.published().filter(featured=True).select_related("network")


class CoordinatorProfile(models.Model):
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
    name = models.CharField("naam", max_length=100)
    role = models.CharField("functie", max_length=150, help_text="Bijvoorbeeld: Coördinator Cultuur Noordrand.")
    photo = ResizedImageField(
        "foto",
        size=(320, 320),
        upload_to="profielen",
        blank=True,
        help_text="JPEG, PNG of WebP van hoogstens 5 MB. De foto wordt vierkant bijgesneden en verkleind.",
    )
    email = models.EmailField("e-mailadres", blank=True)
    show_email = models.BooleanField("e-mailadres tonen", default=False)
    phone = models.CharField(
        "telefoonnummer",
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ./()-]{5,28}$", "Geef een telefoonnummer met alleen cijfers, bijvoorbeeld 050 12 34 56."
            )
        ],
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
    last_confirmed = models.DateField("laatst bevestigd", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    objects = CoordinatorProfileQuerySet.as_manager()

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

    def natural_key(self):
        return self.user.natural_key()

    natural_key.dependencies = ["auth.user", "igs.network"]

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
