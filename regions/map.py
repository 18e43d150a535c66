"""The map of Flanders, drawn on the server as SVG, with no tiles, script or third-party request.

The municipal boundaries of fixtures/boundaries.geojson are projected once per process (regions/geometry.py).
Every map carries its municipalities' shapes inline, each a link with its class (colour) and name. Shapes
referred to in a separate file with `<use>` make fewer bytes, but Chromium builds a copy of the referenced shape
for every `<use>`: on a phone that blocked the page for about 300 ms, inline shapes for about 30 ms.
"""

from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from opti.lib.cache import cached

from .geometry import WIDTH, neighbours, shapes
from .models import Municipality

# Colours for groups (static/css/site.css: .p1 to .p8), each with at least 3:1 contrast with the white borders.
PALETTE_SIZE = 8


@dataclass(frozen=True)
class Area:
    """One municipality on a map: where it links to, its tooltip and its CSS class; `hatched` draws it hatched
    in its colour instead of filled (a fact that is not certain)."""

    nis_code: str
    url: str
    title: str
    css_class: str
    hatched: bool = False


@dataclass(frozen=True)
class Label:
    """A short text on the map, such as the number of an IGS in the legend."""

    text: str
    x: float
    y: float


def label_for(nis_codes, text):
    """A label inside a group of municipalities: on the member nearest to the group's centre of mass.
    None when none of them has a shape (a municipality added after the boundaries were compiled)."""
    all_shapes, _ = shapes()
    members = [all_shapes[nis] for nis in nis_codes if nis in all_shapes]
    if not members:
        return None
    total = sum(shape.area for shape in members)
    cx = sum(shape.centroid[0] * shape.area for shape in members) / total
    cy = sum(shape.centroid[1] * shape.area for shape in members) / total
    x, y = min((shape.centroid for shape in members), key=lambda c: (c[0] - cx) ** 2 + (c[1] - cy) ** 2)
    return Label(text, round(x), round(y))


def view_around(nis_codes, margin=0.2, min_width=200):
    """A view box (x, y, width, height) that shows these municipalities with some of their surroundings, no
    narrower than `min_width` map units (about 50 km), and neither taller than wide nor more than 2.4 times as
    wide as tall, so that it reads well on a phone and on a wide screen. The whole map when none has a shape."""
    all_shapes, height = shapes()
    boxes = [all_shapes[nis].bbox for nis in nis_codes if nis in all_shapes]
    if not boxes:
        return (0, 0, WIDTH, height)
    west, north = min(box[0] for box in boxes), min(box[1] for box in boxes)
    east, south = max(box[2] for box in boxes), max(box[3] for box in boxes)
    pad = max(east - west, south - north) * margin
    width = max(east - west + 2 * pad, min_width)
    tall = south - north + 2 * pad
    width, tall = max(width, tall), max(tall, width / 2.4)
    cx, cy = (west + east) / 2, (north + south) / 2
    return (round(cx - width / 2), round(cy - tall / 2), round(width), round(tall))


def _inside(bbox, view):
    x, y, width, height = view
    return bbox[2] >= x and bbox[0] <= x + width and bbox[3] >= y and bbox[1] <= y + height


def pin_path(x, y, size):
    """A map pin whose point is at (x, y): a round head above a point, `size` map units tall."""
    r = size * 0.3
    return f"M{x:.1f} {y:.1f}l{-r * 0.8:.1f} {-size + r * 1.6:.1f}a{r:.1f} {r:.1f} 0 1 1 {r * 1.6:.1f} 0z"


def render(areas, labels=(), pin=None, view=None):
    """Inline SVG for a list of areas, showing `view` (x, y, width, height; the whole map by default) and only
    the areas within it. The map is hidden from assistive technology and from the Tab key: every page with a map
    gives the same information as a list or table next to it."""
    all_shapes, height = shapes()
    view = view or (0, 0, WIDTH, height)
    links = format_html_join(
        "",
        '<a href="{}" class="{}" tabindex="-1"><title>{}</title>{}</a>',
        (
            (area.url, area.css_class, area.title, _shape(area, all_shapes[area.nis_code].path))
            for area in areas
            if _inside(all_shapes[area.nis_code].bbox, view)
        ),
    )
    texts = format_html_join("", '<text x="{}" y="{}">{}</text>', ((label.x, label.y, label.text) for label in labels))
    if pin:
        texts = format_html('<path class="map__pin" d="{}"/>{}', pin_path(pin.x, pin.y, view[2] * 0.06), texts)
    # Borders as thin on a detail map as on the whole map.
    stroke = round(view[2] / WIDTH, 3)
    return format_html(
        '<svg class="map" viewBox="{} {} {} {}" aria-hidden="true" focusable="false">'
        '<defs><pattern id="map-none" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="map__hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="map__hatch"/>'
        '</pattern></defs><g stroke-width="{}">{}</g><g class="map__labels">{}</g></svg>',
        *view,
        stroke,
        links,
        texts,
    )


def colours(members):
    """A colour number (1 to PALETTE_SIZE) per group, given its members' NIS codes, so that groups whose members
    share a border never get the same colour: the groups' adjacency graph coloured greedily, the most constrained
    group first (DSatur), each with the colour used least so far, so that the palette is spread evenly."""
    near = neighbours()
    group_of = {nis: group for group, nis_codes in members.items() for nis in nis_codes}
    adjacent = {group: set() for group in members}
    for group, nis_codes in members.items():
        for nis in nis_codes:
            adjacent[group] |= {group_of[other] for other in near.get(nis, ()) if other in group_of} - {group}
    colour = {}
    for _ in members:
        group = max(
            (group for group in members if group not in colour),
            key=lambda group: (len({colour.get(other) for other in adjacent[group]} - {None}), len(adjacent[group])),
        )
        taken = {colour.get(other) for other in adjacent[group]}
        free = [number for number in range(1, PALETTE_SIZE + 1) if number not in taken] or [1]
        colour[group] = min(free, key=lambda number: (list(colour.values()).count(number), number))
    return colour


def _shape(area, path):
    if not area.hatched:
        return format_html('<path d="{}"/>', path)
    # The pattern sits inside the area's link, so that its lines take the area's colour (--c).
    return format_html(
        '<pattern id="arcering-{}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="map__hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="map__hatch-own"/>'
        '</pattern><path d="{}" fill="url(#arcering-{})"/>',
        area.nis_code,
        path,
        area.nis_code,
    )


class Atlas:
    """Every municipality with its region, from one query: what maps and figures are drawn from.

    Rows are dicts from `Municipality.objects.for_map()`, read from the database once per content version, and
    only by a page that needs them (not to show a map already rendered). An app above regions extends the rows
    with its own groups in a subclass (igs: `NetworkAtlas`), named by `kind` as the row keys `<kind>_id`,
    `<kind>_name` and `<kind>_url`.
    """

    cache_key = "atlas"

    @cached_property
    def rows(self):
        return cached(self.cache_key, self.load_rows)

    @staticmethod
    def load_rows():
        rows = list(Municipality.objects.for_map())
        url = reverse("regions:municipality_detail", args=["slug"])
        region_url = reverse("regions:region_detail", args=["slug"])
        for row in rows:
            row["url"] = url.replace("/slug/", f"/{row['slug']}/")
            row["region_url"] = region_url.replace("/slug/", f"/{row['region_slug']}/")
        return rows

    def areas(self, css_class, title, hatched=lambda row: False):
        """One area per municipality that has a shape; `css_class`, `title` and `hatched` are functions of a row."""
        all_shapes, _ = shapes()
        return [
            Area(row["nis_code"], row["url"], title(row), css_class(row), hatched(row))
            for row in self.rows
            if row["nis_code"] in all_shapes
        ]

    def highlight(self, strong=(), light=(), pin=None, hatched=(), notes=None):
        """A map around some municipalities highlighted, given by NIS code, those in `hatched` hatched rather than
        filled, and `notes` (by NIS code) added to their names; `pin` marks one municipality, so that even a small
        one stands out. Rendered once per content version."""
        notes = sorted((notes or {}).items())
        return cached("map-highlight", self._highlight, sorted(strong), sorted(light), pin, sorted(hatched), notes)

    def _highlight(self, strong, light, pin, hatched, notes):
        strong, light, hatched, notes = set(strong), set(light), set(hatched), dict(notes)
        areas = self.areas(
            lambda row: "on" if row["nis_code"] in strong else "near" if row["nis_code"] in light else "off",
            lambda row: f"{row['name']} ({notes[row['nis_code']]})" if row["nis_code"] in notes else row["name"],
            lambda row: row["nis_code"] in hatched,
        )
        return render(areas, pin=pin and label_for([pin], ""), view=view_around(strong | light))

    def describe(self, row, kind):
        """The tooltip of a municipality on a map coloured by `kind`."""
        return f"{row['name']} — referentieregio {row['region_name']}"

    def group_class(self, row, kind):
        """Extra CSS classes of a municipality on a map coloured by `kind` (e.g. for a group that ended)."""
        return ""

    def is_hatched(self, row, kind):
        """Whether a municipality's place in its group is uncertain, so that the map hatches it."""
        return False

    def legend_note(self, group_id, kind):
        """What the legend says after a group's name (e.g. that it stopped)."""
        return ""

    def by_group(self, kind):
        """A map coloured and numbered by `kind` (e.g. "region"), and its legend: per group, by name, a dict with
        its number, name, url and note. Municipalities in no group are hatched grey. Rendered once per content
        version."""
        return cached(f"map-by-{kind}:{self.cache_key}", self._by_group, kind)

    def _by_group(self, kind):
        key, name, url = f"{kind}_id", f"{kind}_name", f"{kind}_url"
        groups = sorted(
            {(row[name], row[url], row[key]) for row in self.rows if row[key]}, key=lambda g: g[0].casefold()
        )
        number = {group_id: index for index, (_, _, group_id) in enumerate(groups, start=1)}
        members = {}
        for row in self.rows:
            if row[key]:
                members.setdefault(row[key], []).append(row["nis_code"])
        colour = colours(members)
        first = {row[key]: row for row in reversed(self.rows) if row[key]}
        areas = self.areas(
            lambda row: f"p{colour[row[key]]}{self.group_class(row, kind)}" if row[key] else "none",
            lambda row: self.describe(row, kind),
            lambda row: bool(row[key]) and self.is_hatched(row, kind),
        )
        labels = [label_for(members[group_id], str(number[group_id])) for _, _, group_id in groups]
        legend = [
            {
                "number": number[group_id],
                "css": f"p{colour[group_id]}{self.group_class(first[group_id], kind)}",
                "name": group_name,
                "url": group_url,
                "note": self.legend_note(group_id, kind),
            }
            for group_name, group_url, group_id in groups
        ]
        return render(areas, [label for label in labels if label]), legend
