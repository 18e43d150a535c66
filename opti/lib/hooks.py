"""Hooks: how an app adds a section to the page of an app below it without that app naming it.

The lower app declares a Django signal for its page and shows the sections that its receivers return; the
higher app connects a receiver in its AppConfig.ready(). So imports, URL names and templates still run one way.
"""

from dataclasses import dataclass, field


@dataclass
class Section:
    """Part of a page: `template` renders it (with `section` in its context), `facts_template` (if any) adds
    lines to the page's list of key facts; `highlight` names (NIS codes) the municipalities the page's map shows
    lighter, as related to its subject, and `highlight_label` says what they are; `hatched` those it hatches
    (a relation that is not certain), and `hatched_label` why; `notes` (by NIS code) what the map says with a
    municipality's name; `order` places it among the others (lower first, then in the order they were connected)."""

    template: str
    context: dict = field(default_factory=dict)
    facts_template: str = ""
    highlight: list[str] = field(default_factory=list)
    highlight_label: str = ""
    hatched: list[str] = field(default_factory=list)
    hatched_label: str = ""
    notes: dict = field(default_factory=dict)
    order: int = 0


@dataclass
class Column:
    """A column of a table: its heading and, per row's primary key, its value."""

    heading: str
    values: dict


def sections(signal, sender, **kwargs):
    """The sections (or columns) that `signal`'s receivers return for this page, by their `order` and then in the
    order the receivers were connected; a receiver returns one, a list of them or None."""
    found = []
    for _, response in signal.send(sender, **kwargs):
        found.extend(response if isinstance(response, list) else [response] if response is not None else [])
    return sorted(found, key=lambda section: getattr(section, "order", 0))
