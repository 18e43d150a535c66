"""Find a municipality, region or IGS from whatever a visitor types: a name, a pre-2025 name, a
sub-municipality, a postcode, or a postcode with a name ("8900 Ieper").

At most two SQL queries, whatever the amount of data: one UNION over every kind of name, and one that loads
the matched municipalities with their region and IGS.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from enum import IntEnum
from operator import attrgetter

from django.db.models import F, Value
from django.urls import reverse

from igs.models import Network
from regions.models import FormerMunicipality, Municipality, Postcode, Region, SubMunicipality, name_key

MAX_QUERY_LENGTH = 100
MIN_LENGTH = 2
MAX_MUNICIPALITIES = 50


class Rank(IntEnum):
    EXACT = 0
    PREFIX = 1
    CONTAINED = 2


class Kind:
    """What a name is; municipality kinds are listed in the order that breaks ties between equal ranks."""

    MUNICIPALITY = "gemeente"
    FORMER = "fusie"
    SUB_MUNICIPALITY = "deelgemeente"
    POSTCODE = "postcode"
    REGION = "regio"
    NETWORK = "igs"

    ORDER = [MUNICIPALITY, FORMER, SUB_MUNICIPALITY, POSTCODE]
    PAGES = {REGION: "regions:region_detail", NETWORK: "igs:network_detail"}


@dataclass(frozen=True)
class Reason:
    """One name that led to a municipality."""

    kind: str
    name: str
    rank: Rank

    @property
    def sort_key(self):
        return (self.rank, Kind.ORDER.index(self.kind), self.name)


@dataclass
class MunicipalityMatch:
    municipality: Municipality
    rank: Rank
    reasons: list[Reason]

    @property
    def explanations(self):
        """The best reasons worth telling, one per name; the municipality's own name needs no explanation."""
        best = {}
        for reason in self.reasons:
            if reason.rank == self.reasons[0].rank or reason.kind == Kind.POSTCODE:
                best.setdefault(reason.name, reason)
        return [reason for name, reason in best.items() if name != self.municipality.name]


@dataclass(frozen=True)
class PageMatch:
    """A region or an IGS whose name matched."""

    kind: str
    name: str
    url: str
    rank: Rank


@dataclass
class Lookup:
    query: str
    too_short: bool = False
    municipalities: list[MunicipalityMatch] = field(default_factory=list)
    more_municipalities: int = 0
    pages: list[PageMatch] = field(default_factory=list)
    redirect_to: str | None = None

    @property
    def found(self):
        return bool(self.municipalities or self.pages)


def clean_query(raw):
    """The query as shown back to the visitor: printable characters only, at most 100 of them, trimmed."""
    return "".join(ch for ch in raw[:MAX_QUERY_LENGTH] if ch.isprintable()).strip()


def rank_of(key, alternatives):
    """How well `key` matches the best of the space-separated keys in `alternatives` ("Sint" is optional)."""
    ranks = []
    for alternative in alternatives.split():
        if alternative in (key, f"sint{key}"):
            return Rank.EXACT
        if alternative.startswith((key, f"sint{key}")):
            ranks.append(Rank.PREFIX)
        elif key in alternative:
            ranks.append(Rank.CONTAINED)
    return min(ranks, default=None)


def _names(queryset, kind, key, target="pk", with_slug=False):
    """Rows of (kind, target pk, name, search key, slug) for the names in `queryset` that contain `key`."""
    return (
        queryset.filter(search_key__contains=key)
        .order_by()
        .values_list(Value(kind), F(target), "name", "search_key", F("slug") if with_slug else Value(""))
    )


def candidates(key, postcode):
    """Every name containing `key` and every postcode starting with `postcode`, in one query."""
    branches = []
    if key:
        branches += [
            _names(Municipality.objects, Kind.MUNICIPALITY, key),
            _names(FormerMunicipality.objects, Kind.FORMER, key, "municipality_id"),
            _names(SubMunicipality.objects, Kind.SUB_MUNICIPALITY, key, "municipality_id"),
        ]
        if not postcode:  # "9000 Gent" asks for a municipality, not the region "Regio Gent"
            branches += [
                _names(Region.objects, Kind.REGION, key, with_slug=True),
                _names(Network.objects, Kind.NETWORK, key, with_slug=True),
            ]
    if postcode:
        branches.append(
            Postcode.objects.filter(code__startswith=postcode)
            .order_by()
            .values_list(Value(Kind.POSTCODE), "municipality_id", "code", "code", Value(""))
        )
    return branches[0].union(*branches[1:], all=True)


def split_query(query):
    """The name part (as a search key) and the postcode part of a query.

    Digits alone are a (partial) postcode; next to words, only a 4-digit number is ("8900 Ieper"), so that
    names with digits ("Route 42", "CO7") stay names.
    """
    if query.isdigit():
        return "", query[:4]
    if postcode := re.search(r"\b\d{4}\b", query):
        return name_key(query.replace(postcode.group(), " ")), postcode.group()
    return name_key(query), ""


def lookup(raw_query):
    query = clean_query(raw_query)
    key, postcode = split_query(query)
    key = key if len(key) >= MIN_LENGTH else ""
    postcode = postcode if len(postcode) >= MIN_LENGTH else ""
    if not key and not postcode:
        return Lookup(query=query, too_short=bool(query))

    by_name, by_postcode, pages = defaultdict(list), defaultdict(list), []
    for kind, target, name, alternatives, slug in candidates(key, postcode):
        if kind == Kind.POSTCODE:
            by_postcode[target].append(Reason(kind, name, Rank.EXACT if name == postcode else Rank.PREFIX))
        elif (rank := rank_of(key, alternatives)) is None:
            continue
        elif kind in Kind.PAGES:
            pages.append(PageMatch(kind, name, reverse(Kind.PAGES[kind], args=[slug]), rank))
        else:
            by_name[target].append(Reason(kind, name, rank))

    # A municipality must match every part of the query; it is as good a match as its weakest part.
    parts = [part for part, used in ((by_name, key), (by_postcode, postcode)) if used]
    ranked = []
    for pk in set.intersection(*(set(part) for part in parts)):
        reasons = sorted((reason for part in parts for reason in part[pk]), key=attrgetter("sort_key"))
        rank = max(min(reason.rank for reason in part[pk]) for part in parts)
        ranked.append((rank, reasons[0].sort_key, pk, reasons))
    ranked.sort()
    shown = ranked[:MAX_MUNICIPALITIES]
    municipalities = Municipality.objects.with_network().in_bulk([pk for _, _, pk, _ in shown]) if shown else {}

    result = Lookup(
        query=query,
        municipalities=[MunicipalityMatch(municipalities[pk], rank, reasons) for rank, _, pk, reasons in shown],
        more_municipalities=len(ranked) - len(shown),
        pages=sorted(pages, key=attrgetter("rank", "name")),
    )
    certain = {match.municipality.get_absolute_url() for match in result.municipalities if match.rank == Rank.EXACT}
    certain |= {page.url for page in result.pages if page.rank == Rank.EXACT}
    if len(certain) == 1:
        result.redirect_to = certain.pop()
    return result
