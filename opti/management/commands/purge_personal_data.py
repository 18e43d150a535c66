from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from opti.models import Signup, Subscription


class Command(BaseCommand):
    help = (
        "Delete GRENSBREKERS signups of editions that ended more than SIGNUP_RETENTION_DAYS ago and newsletter "
        "subscriptions left unconfirmed for more than UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS. Safe to run daily."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        signup_cutoff = timezone.localdate() - timedelta(days=settings.SIGNUP_RETENTION_DAYS)
        signups, _ = Signup.objects.filter(edition__ends_on__lt=signup_cutoff).delete()
        subscription_cutoff = timezone.now() - timedelta(days=settings.UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS)
        subscriptions, _ = Subscription.objects.filter(
            confirmed_at__isnull=True, created_at__lt=subscription_cutoff
        ).delete()
        if options["verbosity"]:
            self.stdout.write(
                f"{signups} GRENSBREKERS-inschrijving(en) van edities die eindigden vóór {signup_cutoff:%d-%m-%Y} "
                f"gewist.\n{subscriptions} onbevestigde nieuwsbriefinschrijving(en) van vóór "
                f"{timezone.localtime(subscription_cutoff):%d-%m-%Y %H:%M} gewist."
            )
