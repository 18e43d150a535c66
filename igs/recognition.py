"""What the site says about an IGS' recognition on a given day: derived from its recognition periods and the next
recognition round, never stated beyond them.

Today (Europe/Brussels) decides the tense: a period that covers today is the present ("erkend 2020–2025" while it
lasts), one that ended is the past; a stop ("gestopt eind 2025") is said as such; where no period covers today the
site says that it does not know ("daarna niet bevestigd"), and for the next round that it is not known yet.
"""

from dataclasses import dataclass
from datetime import date, timedelta


class State:
    RECOGNISED = "erkend"  # a recognition covers today
    APPLIED = "aangevraagd"  # an application covers today
    STOPPED = "gestopt"  # the IGS stopped
    UNKNOWN = "onbekend"  # nothing known for today


@dataclass(frozen=True)
class Recognition:
    state: str
    label: str  # e.g. "erkend 2020–2025, daarna niet bevestigd"
    next_label: str  # e.g. "erkenning vanaf 2027: nog niet bekend"; "" when there is no next round to speak of
    next_known: bool  # whether anything is known about the next round (applied for, recognised)
    stopped_when: str  # "eind 2025" for an IGS that stopped, else ""
    timeline: tuple  # (when, what, period or None) lines, oldest first

    @property
    def active(self):
        return self.state == State.RECOGNISED

    @property
    def stopped(self):
        return self.state == State.STOPPED

    @property
    def summary(self):
        return "; ".join(part for part in (self.label, self.next_label) if part)


def years(period):
    start = period.starts_on.year
    if period.ends_on is None:
        return f"sinds {start}"
    return str(start) if period.ends_on.year == start else f"{start}–{period.ends_on.year}"


def stop_moment(period):
    """When an IGS stopped: "eind 2025" for a stop from 1 January, else the day."""
    if (period.starts_on.month, period.starts_on.day) == (1, 1):
        return f"eind {period.starts_on.year - 1}"
    return f"op {period.starts_on.day} {MONTHS[period.starts_on.month - 1]} {period.starts_on.year}"


MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def covers(period, day):
    return period.starts_on <= day and (period.ends_on is None or day <= period.ends_on)


def recognition_of(periods, next_round, today):
    """The Recognition of an IGS with these periods (any order), given the next round (or None) and today."""
    periods = sorted(periods, key=lambda period: period.starts_on)
    current = next((period for period in reversed(periods) if covers(period, today)), None)
    past = [period for period in periods if period.starts_on <= today]
    recognised = [period for period in past if period.status == "erkend"]

    stopped_when = ""
    if current and current.status == "erkend":
        state, label = State.RECOGNISED, f"erkend {years(current)}"
    elif current and current.status == "gestopt":
        before = f"erkend {years(recognised[-1])}, " if recognised else ""
        stopped_when = stop_moment(current)
        state, label = State.STOPPED, f"{before}gestopt {stopped_when}"
    elif current and current.status == "aangevraagd":
        state, label = State.APPLIED, "erkenning aangevraagd"
    elif recognised:
        state, label = State.UNKNOWN, f"erkend {years(recognised[-1])}, daarna niet bevestigd"
    else:
        state, label = State.UNKNOWN, "erkenning niet bekend"

    next_label, next_known = "", False
    if next_round and state != State.STOPPED:
        start = next_round.starts_on.year
        upcoming = next((period for period in periods if covers(period, next_round.starts_on)), None)
        next_known = bool(upcoming and upcoming.status in ("erkend", "aangevraagd", "gestopt"))
        if upcoming and upcoming.status == "erkend":
            next_label = f"erkend vanaf {start}"
        elif upcoming and upcoming.status == "aangevraagd":
            next_label = f"erkenning vanaf {start} aangevraagd"
        elif upcoming and upcoming.status == "gestopt":
            next_label = f"stopt {stop_moment(upcoming)}"
        else:
            next_label = f"erkenning vanaf {start}: nog niet bekend"
    return Recognition(
        state, label, next_label, next_known, stopped_when, tuple(timeline(periods, next_round, today, state))
    )


def timeline(periods, next_round, today, state):
    """The recognition as dated lines: every period, and what is not known in between and after."""
    end = None
    for period in periods:
        if end and period.starts_on > end + timedelta(days=1):
            yield gap(end + timedelta(days=1), period.starts_on - timedelta(days=1)), "niet bevestigd", None
        yield years(period), period.get_status_display(), period
        end = period.ends_on or date.max
    if state != State.STOPPED and end and end < today:
        until = next_round.starts_on - timedelta(days=1) if next_round else None
        yield gap(end + timedelta(days=1), until), "niet bevestigd", None
    if next_round and state != State.STOPPED and not any(covers(p, next_round.starts_on) for p in periods):
        yield f"vanaf {next_round.starts_on.year}", "nog niet bekend", None


def gap(first, last):
    if last is None:
        return f"sinds {first.year}"
    return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
