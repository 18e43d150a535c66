"""Find a municipality from whatever a visitor types: a name, a pre-2025 name, a sub-municipality, a postcode, or a
postcode with a name ("8900 Ieper"); with one or two letters wrong; and say so when the place lies outside
Flanders. The pages of regions (and of apps above, which pass their own names in) are found by name too.

At most three SQL queries, whatever the amount of data: one UNION over every kind of name, one that loads the
matched municipalities with their region, and, only when nothing matched, the list of all names for a near match
(read once per content version).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from enum import IntEnum
from operator import attrgetter
from urllib.parse import urlencode

from django.db.models import F, Value
from django.urls import reverse

from opti.lib.cache import cached

from .models import FormerMunicipality, Municipality, OutsideMunicipality, Postcode, Region, SubMunicipality, name_key

MAX_QUERY_LENGTH = 100
MIN_LENGTH = 2
MAX_MUNICIPALITIES = 50
MAX_OTHERS = 5  # other places offered on the page a search led to
# A near match: at most this many letters wrong, one for short names.
MAX_TYPOS = 2
SHORT_NAME = 6


class Rank(IntEnum):
    EXACT = 0
    PREFIX = 1
    CONTAINED = 2
    NEAR = 3


class Kind:
    """What a name is; municipality kinds are listed in the order that breaks ties between equal ranks."""

    MUNICIPALITY = "gemeente"
    FORMER = "fusie"
    SUB_MUNICIPALITY = "deelgemeente"
    POSTCODE = "postcode"
    REGION = "regio"
    OUTSIDE = "buiten"

    ORDER = [MUNICIPALITY, FORMER, SUB_MUNICIPALITY, POSTCODE]


@dataclass(frozen=True)
class PageSource:
    """Names of pages to find besides municipalities: a queryset of a model with `name`, `slug` and
    `search_key`, the kind shown with them and the URL name of their page (which takes the slug)."""

    kind: str
    queryset: object
    url_name: str


@dataclass(frozen=True)
class Reason:
    """One name that led to a municipality; `former` is the pre-2025 municipality a postcode belonged to."""

    kind: str
    name: str
    rank: Rank
    former: str = ""

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

    @property
    def by_own_name(self):
        return any(reason.kind == Kind.MUNICIPALITY and reason.rank == Rank.EXACT for reason in self.reasons)


@dataclass(frozen=True)
class PageMatch:
    """A region (or a page of an app above) whose name matched."""

    kind: str
    name: str
    url: str
    rank: Rank


@dataclass(frozen=True)
class OutsideMatch:
    """A Belgian municipality outside Flanders whose name or postcode matched."""

    name: str
    territory: str
    postcode: str = ""


@dataclass
class Lookup:
    query: str
    too_short: bool = False
    municipalities: list[MunicipalityMatch] = field(default_factory=list)
    more_municipalities: int = 0
    pages: list[PageMatch] = field(default_factory=list)
    outside: list[OutsideMatch] = field(default_factory=list)
    redirect_to: str | None = None

    @property
    def found(self):
        return bool(self.municipalities or self.pages or self.outside)

    @property
    def near(self):
        """True when only near matches (letters wrong) were found: they are offered, never taken for certain."""
        return bool(self.municipalities) and self.municipalities[0].rank == Rank.NEAR


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


def _names(queryset, kind, key, target="pk", extra=None):
    """Rows of (kind, target pk, name, search key, extra) for the names in `queryset` that contain `key`."""
    return (
        queryset.filter(search_key__contains=key)
        .order_by()
        .values_list(Value(kind), F(target), "name", "search_key", F(extra) if extra else Value(""))
    )


def candidates(key, postcode, pages):
    """Every name containing `key` and every postcode starting with `postcode`, in one query."""
    branches = []
    if key:
        branches += [
            _names(Municipality.objects, Kind.MUNICIPALITY, key),
            _names(FormerMunicipality.objects, Kind.FORMER, key, "municipality_id"),
            _names(SubMunicipality.objects, Kind.SUB_MUNICIPALITY, key, "municipality_id"),
            _names(OutsideMunicipality.objects, Kind.OUTSIDE, key, extra="territory"),
        ]
        if not postcode:  # "9000 Gent" asks for a municipality, not the region "Regio Gent"
            branches += [_names(page.queryset, page.kind, key, extra="slug") for page in pages]
    if postcode:
        branches.append(
            Postcode.objects.filter(code__startswith=postcode)
            .order_by()
            .values_list(Value(Kind.POSTCODE), "municipality_id", "code", "code", F("former_municipality__name"))
        )
        if len(postcode) == 4:
            branches.append(
                OutsideMunicipality.objects.filter(postcodes__contains=postcode)
                .order_by()
                .values_list(Value(Kind.OUTSIDE), "pk", "name", Value(postcode), "territory")
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


def typos(a, b, limit):
    """The edit distance between `a` and `b` (insertions, deletions, substitutions, swaps of neighbours), or
    limit + 1 once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def all_names():
    """(kind, municipality pk, name, search key) of every name that leads to a municipality, once per content
    version: what a near match is sought in."""
    return cached("lookup-names", _all_names)


def _all_names():
    branches = [
        Municipality.objects.order_by().values_list(Value(Kind.MUNICIPALITY), "pk", "name", "search_key"),
        FormerMunicipality.objects.order_by().values_list(Value(Kind.FORMER), "municipality_id", "name", "search_key"),
        SubMunicipality.objects.order_by().values_list(
            Value(Kind.SUB_MUNICIPALITY), "municipality_id", "name", "search_key"
        ),
    ]
    return list(branches[0].union(*branches[1:], all=True))


def near_matches(key):
    """Reasons per municipality pk for the names at the fewest typos from `key` (within the limit)."""
    limit = 1 if len(key) < SHORT_NAME else MAX_TYPOS
    found = defaultdict(list)
    best = limit + 1
    for kind, target, name, search_key in all_names():
        distance = min(typos(key, alternative, limit) for alternative in search_key.split())
        if distance < best:
            best, found = distance, defaultdict(list)
        if distance == best and distance <= limit:
            found[target].append(Reason(kind, name, Rank.NEAR))
    return found


def lookup(raw_query, pages=()):
    """What the query finds, and where to send the visitor if that is certain; `pages` are `PageSource`s of the
    apps above regions, searched by name besides the reference regions."""
    query = clean_query(raw_query)
    key, postcode = split_query(query)
    key = key if len(key) >= MIN_LENGTH else ""
    postcode = postcode if len(postcode) >= MIN_LENGTH else ""
    if not key and not postcode:
        return Lookup(query=query, too_short=bool(query))

    page_sources = [PageSource(Kind.REGION, Region.objects, "regions:region_detail"), *pages]
    url_names = {page.kind: page.url_name for page in page_sources}
    by_name, by_postcode, found_pages, outside = defaultdict(list), defaultdict(list), [], []
    for kind, target, name, alternatives, extra in candidates(key, postcode, page_sources):
        if kind == Kind.POSTCODE:
            rank = Rank.EXACT if name == postcode else Rank.PREFIX
            by_postcode[target].append(Reason(kind, name, rank, former=extra or ""))
        elif kind == Kind.OUTSIDE:
            if alternatives == postcode or (key and rank_of(key, alternatives) == Rank.EXACT):
                territory = OutsideMunicipality.Territory(extra).label
                outside.append(OutsideMatch(name, territory, postcode if alternatives == postcode else ""))
        elif (rank := rank_of(key, alternatives)) is None:
            continue
        elif kind in url_names:
            found_pages.append(PageMatch(kind, name, reverse(url_names[kind], args=[extra]), rank))
        else:
            by_name[target].append(Reason(kind, name, rank))

    if key and not postcode and not by_name and not found_pages and not outside:
        by_name = near_matches(key)

    # A municipality must match every part of the query; it is as good a match as its weakest part.
    parts = [part for part, used in ((by_name, key), (by_postcode, postcode)) if used]
    ranked = []
    for pk in set.intersection(*(set(part) for part in parts)):
        reasons = sorted((reason for part in parts for reason in part[pk]), key=attrgetter("sort_key"))
        rank = max(min(reason.rank for reason in part[pk]) for part in parts)
        ranked.append((rank, reasons[0].sort_key, pk, reasons))
    ranked.sort()
    shown = ranked[:MAX_MUNICIPALITIES]
    municipalities = Municipality.objects.select_related("region").in_bulk([pk for _, _, pk, _ in shown])

    result = Lookup(
        query=query,
        municipalities=[MunicipalityMatch(municipalities[pk], rank, reasons) for rank, _, pk, reasons in shown],
        more_municipalities=len(ranked) - len(shown),
        pages=sorted(found_pages, key=attrgetter("rank", "name")),
    )
    # A municipality in Flanders comes first: only where none matched well by its own name is a place outside worth
    # telling ("Vorst" is a part of Laakdal, and a municipality in Brussels).
    if not any(match.by_own_name for match in result.municipalities):
        result.outside = sorted(set(outside), key=attrgetter("name"))
    result.redirect_to = redirect_for(result)
    return result


def redirect_for(result):
    """Where a certain match leads: a municipality named exactly so (the page then offers the others), or the
    only place or page that matched exactly by another name (the page then says why). None when not certain."""
    own_name = [match for match in result.municipalities if match.by_own_name]
    exact = [match for match in result.municipalities if match.rank == Rank.EXACT]
    exact_pages = [page for page in result.pages if page.rank == Rank.EXACT]
    if len(own_name) == 1:
        target = own_name[0]
        others = [match for match in result.municipalities if match is not target and match.rank <= Rank.PREFIX]
        others = others or exact_pages or target.explanations
        return target.municipality.get_absolute_url() + (f"?{urlencode({'gezocht': result.query})}" if others else "")
    if own_name or result.outside:
        return None
    if len(exact) == 1 and not exact_pages:
        return f"{exact[0].municipality.get_absolute_url()}?{urlencode({'gezocht': result.query})}"
    if len(exact_pages) == 1 and not exact:
        return exact_pages[0].url
    return None


@dataclass
class Explanation:
    """Why a lookup led to a municipality's page, and the other places the visitor may have meant."""

    reasons: list[Reason]
    others: list[MunicipalityMatch]


def explain(municipality, query):
    """For the page of `municipality` reached by searching `query`: the reasons it matched and the other
    municipalities that match too; None when the query does not lead to it (then the page says nothing)."""
    result = lookup(query)
    match = next((match for match in result.municipalities if match.municipality.pk == municipality.pk), None)
    if match is None:
        return None
    others = [other for other in result.municipalities if other is not match and other.rank <= Rank.PREFIX]
    return Explanation(match.explanations, others[:MAX_OTHERS])
