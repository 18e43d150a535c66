from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from opti.lib.signing import signed_url

UNSUBSCRIBE_SALT = "opti.newsletter.unsubscribe"


class Newsletter(models.TextChoices):
    GENERAL = "algemeen", "Algemene nieuwsbrief"
    PROJECTS = "projecten", "Nieuwsbrief projecten"


class SubscriptionQuerySet(models.QuerySet):
    def request(self, email, newsletters):
        """Add the address, unconfirmed, to those of the newsletters it is not on yet; return the ids of its rows
        for `newsletters`, old and new."""
        self.bulk_create([Subscription(email=email, newsletter=name) for name in newsletters], ignore_conflicts=True)
        return list(self.filter(email__iexact=email, newsletter__in=newsletters).values_list("pk", flat=True))


class Subscription(models.Model):
    """An e-mail address on one newsletter list; it counts once confirmed through the e-mailed link."""

    changes_content = False  # a visitor's; no page shows it

    email = models.EmailField("e-mailadres")
    newsletter = models.CharField("nieuwsbrief", max_length=20, choices=Newsletter.choices)
    created_at = models.DateTimeField("aangevraagd op", auto_now_add=True)
    confirmed_at = models.DateTimeField("bevestigd op", null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "nieuwsbriefinschrijving"
        verbose_name_plural = "nieuwsbriefinschrijvingen"
        ordering = ["newsletter", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "newsletter",
                name="subscription_unique_email_per_newsletter",
                violation_error_message="Dit e-mailadres staat al op deze nieuwsbrief.",
            ),
            models.CheckConstraint(
                condition=Q(newsletter__in=Newsletter.values),
                name="subscription_newsletter_valid",
                violation_error_message="Kies een bestaande nieuwsbrief.",
            ),
        ]

    def __str__(self):
        # Without the address: the admin's history keeps this text after the row is deleted.
        return f"Inschrijving op {self.get_newsletter_display()}"

    def get_unsubscribe_url(self):
        """The link, valid without login and without end date, that takes this address off every newsletter."""
        return signed_url("newsletter:unsubscribe", self.email.lower(), salt=UNSUBSCRIBE_SALT)
