"""The iCalendar feeds of subsidy deadlines and GRENSBREKERS editions, read back with the icalendar library."""

import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from opti.grensbrekers.models import Edition
from opti.subsidies.models import SubsidyProgramme, SubsidyRound
from regions.models import Region
from tests.test_grensbrekers import make_edition

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}, calendar


def test_every_subsidy_deadline_is_a_whole_day_event(client):
    programme = SubsidyProgramme.objects.create(name="Testsubsidie", slug="testsubsidie", description="Voor tests.")
    today = timezone.localdate()
    real = SubsidyRound.objects.create(
        programme=programme,
        title="Ronde 2027",
        opens_on=today,
        deadline=today + timedelta(days=40),
        decision_on=today + timedelta(days=90),
    )
    example = SubsidyRound.objects.create(
        programme=programme, title="Voorbeeld", opens_on=today, deadline=today + timedelta(days=10), is_example=True
    )
    found, calendar = events(client, "/subsidies/deadlines.ics")
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Brussels"
    assert found.keys() == {f"subsidieronde-{r.pk}@regionaal-samenwerken.cultuuroptil" for r in (real, example)}
    for round in (real, example):
        event = found[f"subsidieronde-{round.pk}@regionaal-samenwerken.cultuuroptil"]
        assert event.decoded("DTSTART") == round.deadline
        assert event.decoded("DTEND") == round.deadline + timedelta(days=1)
        assert event.decoded("LAST-MODIFIED") == round.updated_at.replace(microsecond=0)
        assert str(event["URL"]) == "http://testserver/subsidies/"
    assert str(found[f"subsidieronde-{real.pk}@regionaal-samenwerken.cultuuroptil"]["SUMMARY"]) == (
        "Deadline Testsubsidie: Ronde 2027"
    )
    example_event = found[f"subsidieronde-{example.pk}@regionaal-samenwerken.cultuuroptil"]
    assert str(example_event["SUMMARY"]).startswith("VOORBEELD: ")
    assert "verzonnen" in str(example_event["DESCRIPTION"])


def test_editions_start_at_their_time_in_brussels_and_are_located(client):
    one_day = make_edition(slug="een-dag", starts=30, ends=30, region=Region.objects.get(slug="westhoek"))
    two_days = make_edition(slug="twee-dagen", starts=60, ends=61)
    unknown_time = make_edition(slug="zonder-uur", starts=90, ends=90, start_time=None)
    found, calendar = events(client, "/grensbrekers/edities.ics")
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    assert len(found) == Edition.objects.count() == 3

    event = found[f"grensbrekers-editie-{one_day.pk}@regionaal-samenwerken.cultuuroptil"]
    start = event.decoded("DTSTART")
    assert start == datetime.datetime.combine(one_day.starts_on, datetime.time(9, 30), tzinfo=BRUSSELS)
    assert start.tzinfo.key == "Europe/Brussels" and event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert "DTEND" not in event  # no end time is known
    assert str(event["LOCATION"]) == "Zaal De Brug, Ieper, referentieregio Westhoek"
    assert str(event["SUMMARY"]) == one_day.title

    event = found[f"grensbrekers-editie-{two_days.pk}@regionaal-samenwerken.cultuuroptil"]
    assert event.decoded("DTEND") == datetime.datetime.combine(
        two_days.ends_on + timedelta(days=1), datetime.time(0), tzinfo=BRUSSELS
    )
    event = found[f"grensbrekers-editie-{unknown_time.pk}@regionaal-samenwerken.cultuuroptil"]
    assert event.decoded("DTSTART") == unknown_time.starts_on
    assert event.decoded("DTEND") == unknown_time.starts_on + timedelta(days=1)


def test_an_editor_moving_an_edition_moves_the_same_event(editor_client):
    edition = make_edition(starts=30, ends=30)
    Edition.objects.filter(pk=edition.pk).update(updated_at=timezone.now() - timedelta(days=1))
    uid = f"grensbrekers-editie-{edition.pk}@regionaal-samenwerken.cultuuroptil"
    before, _ = events(Client(), "/grensbrekers/edities.ics")  # also fills the page cache
    new_day = edition.starts_on + timedelta(days=7)
    response = editor_client.post(
        f"/admin/grensbrekers/edition/{edition.pk}/change/",
        {
            "title": edition.title,
            "slug": edition.slug,
            "description": "",
            "starts_on": new_day.isoformat(),
            "start_time": "14:00",
            "ends_on": new_day.isoformat(),
            "place": "Zaal De Brug, Ieper",
            "capacity": edition.capacity,
            "signup_opens_on": edition.signup_opens_on.isoformat(),
            "signup_closes_on": edition.signup_closes_on.isoformat(),
            "signups-TOTAL_FORMS": "0",
            "signups-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    after, _ = events(Client(), "/grensbrekers/edities.ics")
    assert after.keys() == before.keys() == {uid}
    assert after[uid].decoded("DTSTART") == datetime.datetime.combine(new_day, datetime.time(14), tzinfo=BRUSSELS)
    assert after[uid].decoded("LAST-MODIFIED") > before[uid].decoded("LAST-MODIFIED")


def test_the_pages_link_to_their_calendars(client):
    make_edition()
    assert (
        'href="/grensbrekers/edities.ics">Zet de edities in je agenda' in client.get("/grensbrekers/").content.decode()
    )
    assert 'href="/subsidies/deadlines.ics">Zet de deadlines in je agenda' in client.get("/subsidies/").content.decode()
