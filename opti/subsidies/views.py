from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from opti.lib.calendar import CalendarEvent, calendar_response
from profiles.models import consultants_for_subsidies

from .models import SubsidyProgramme, SubsidyRound


@require_safe
def index(request):
    today = timezone.localdate()
    rounds = {
        "open_rounds": list(SubsidyRound.objects.open_now(today)),
        "upcoming_rounds": list(SubsidyRound.objects.upcoming(today)),
        "past_rounds": list(SubsidyRound.objects.past(today)[:10]),
    }
    return render(
        request,
        "subsidies/index.html",
        {
            **rounds,
            "shows_examples": any(round.is_example for shown in rounds.values() for round in shown),
            "programmes": SubsidyProgramme.objects.all(),
            "consultants": consultants_for_subsidies(),
        },
    )


@require_safe
def calendar(request):
    """Every round's deadline as a whole-day event."""
    url = request.build_absolute_uri(reverse("subsidies:index"))
    events = [
        CalendarEvent(
            uid=f"subsidieronde-{round.pk}",
            summary=f"{'VOORBEELD: ' if round.is_example else ''}Deadline {round.programme.name}: {round.title}",
            first_day=round.deadline,
            last_day=round.deadline,
            modified=round.updated_at,
            url=url,
            description=(
                f"{'Een verzonnen voorbeeld. ' if round.is_example else ''}Aanvragen kan van "
                f"{date_format(round.opens_on, 'j F Y')} tot en met {date_format(round.deadline, 'j F Y')}."
                + (f" Beslissing verwacht op {date_format(round.decision_on, 'j F Y')}." if round.decision_on else "")
                + (f" Oproep: {round.call_url}" if round.call_url else "")
            ),
        )
        for round in SubsidyRound.objects.select_related("programme").order_by("deadline", "pk")
    ]
    return calendar_response("Subsidiedeadlines (Regionaal samenwerken)", events, "subsidiedeadlines.ics")
