from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from opti.grensbrekers.models import CONFIRMATION_PERIOD, Interest, Signup
from opti.newsletter.models import Subscription


class Command(BaseCommand):
    help = (
        "Delete GRENSBREKERS signups of editions that ended more than SIGNUP_RETENTION_DAYS ago or left unconfirmed "
        "for more than 48 hours, newsletter subscriptions and requests for GRENSBREKERS in a region left unconfirmed "
        "for more than UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS and the mail queue's messages sent (or given up) more "
        "than a day ago. Safe to run daily."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        signup_cutoff = timezone.localdate() - timedelta(days=settings.SIGNUP_RETENTION_DAYS)
        signups, _ = Signup.objects.filter(edition__ends_on__lt=signup_cutoff).delete()
        unconfirmed, _ = Signup.objects.filter(
            status=Signup.Status.UNCONFIRMED, created_at__lt=timezone.now() - CONFIRMATION_PERIOD
        ).delete()
        subscription_cutoff = timezone.now() - timedelta(days=settings.UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS)
        subscriptions, _ = Subscription.objects.filter(
            confirmed_at__isnull=True, created_at__lt=subscription_cutoff
        ).delete()
        interests, _ = Interest.objects.filter(confirmed_at__isnull=True, created_at__lt=subscription_cutoff).delete()
        # The mail queue's tasks hold messages and addresses: kept a day after they were sent (or given up).
        tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lt=timezone.now() - timedelta(days=1)).delete()
        if options["verbosity"]:
            hours = CONFIRMATION_PERIOD.total_seconds() // 3600
            lines = [
                f"{signups} GRENSBREKERS-inschrijving(en) van edities die eindigden vóór "
                f"{signup_cutoff:%d-%m-%Y} gewist.",
                f"{unconfirmed} onbevestigde GRENSBREKERS-inschrijving(en) van meer dan {hours:.0f} uur oud gewist.",
                f"{subscriptions} onbevestigde nieuwsbriefinschrijving(en) van vóór "
                f"{timezone.localtime(subscription_cutoff):%d-%m-%Y %H:%M} gewist.",
                f"{interests} onbevestigde aanvraag/aanvragen voor GRENSBREKERS in een regio van vóór "
                f"{timezone.localtime(subscription_cutoff):%d-%m-%Y %H:%M} gewist.",
                f"{tasks} afgehandelde taak/taken uit de e-mailwachtrij van meer dan een dag geleden gewist.",
            ]
            self.stdout.write("\n".join(lines))
