"""iCalendar feeds (RFC 5545) that calendar apps subscribe to, made with the `icalendar` library."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, Event

# Part of every event's UID: with the kind and primary key of what it shows, it stays the same when editors change a
# date, so that a subscribed calendar updates the event instead of adding another.
UID_DOMAIN = "regionaal-samenwerken.cultuuroptil"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # e.g. "subsidieronde-12"
    summary: str
    first_day: date
    last_day: date
    modified: datetime
    url: str
    description: str = ""
    location: str = ""
    start_time: time | None = None  # None: a whole-day event


def calendar_response(name, events, filename):
    """An .ics download with `events`, in Brussels time (with its VTIMEZONE) for events that start at a time."""
    calendar = Calendar()
    calendar.add("prodid", "-//OP/TIL//Regionaal samenwerken//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for item in events:
        calendar.add_component(_event(item))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _event(item):
    event = Event()
    event.add("uid", f"{item.uid}@{UID_DOMAIN}")
    # DTSTAMP and LAST-MODIFIED: the last change, so that the feed is the same until an editor changes something.
    event.add("dtstamp", item.modified)
    event.add("last-modified", item.modified)
    event.add("summary", item.summary)
    if item.start_time is None:
        event.add("dtstart", item.first_day)
        event.add("dtend", item.last_day + timedelta(days=1))  # exclusive
    else:
        zone = ZoneInfo(settings.TIME_ZONE)
        event.add("dtstart", datetime.combine(item.first_day, item.start_time, tzinfo=zone))
        if item.last_day > item.first_day:  # until the end of the last day; a one-day event has no known end
            event.add("dtend", datetime.combine(item.last_day + timedelta(days=1), time(0), tzinfo=zone))
    if item.location:
        event.add("location", item.location)
    event.add("url", item.url)
    event.add("description", f"{item.description}\n\n{item.url}".strip())
    return event
