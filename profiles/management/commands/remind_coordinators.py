from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management.base import BaseCommand
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from opti.lib.mail import queue_mail
from profiles.models import REMINDER_MONTHS, CoordinatorProfile


class Command(BaseCommand):
    help = (
        f"E-mail every coordinator who has neither confirmed their profile nor been reminded for more than "
        f"{REMINDER_MONTHS} months a link to /profiel/, once per cycle, and note it in the profile's history. "
        "Safe to run daily (or twice): a coordinator gets the next reminder only "
        f"{REMINDER_MONTHS} months after this one or after confirming."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        context = {
            "profile_url": settings.SITE_URL + reverse("profiles:profile"),
            "reset_url": settings.SITE_URL + reverse("profiles:password_reset"),
            "site_url": settings.SITE_URL + "/",
        }
        reminded = []
        for profile in CoordinatorProfile.objects.due_for_reminder(today):
            with transaction.atomic():
                # Claimed with a conditional UPDATE: two runs at once never both send.
                if (
                    not CoordinatorProfile.objects.due_for_reminder(today)
                    .filter(pk=profile.pk)
                    .update(reminded_on=today)
                ):
                    continue
                queue_mail(
                    to=profile.user.email,
                    subject="Kloppen je gegevens op Regionaal samenwerken nog?",
                    body=render_to_string("profiles/email/reminder.txt", {**context, "profile": profile}),
                )
                LogEntry.objects.log_actions(
                    profile.user_id,
                    [profile],
                    CHANGE,
                    change_message=f"Jaarlijkse herinnering verstuurd naar {profile.user.email} "
                    "(automatisch, door manage.py remind_coordinators).",
                    single_object=True,
                )
            reminded.append(profile)
        if options["verbosity"]:
            self.stdout.write(f"{len(reminded)} coördinator(en) herinnerd.")
