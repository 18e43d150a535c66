"""The map of Flanders, drawn on the server as SVG, with no tiles, script or third-party request.

The municipal boundaries of fixtures/boundaries.geojson are projected once into one SVG file of shapes,
`static/map/gemeenten.svg` (written by `manage.py build_map`; WhiteNoise serves it compressed under a
hashed name with far-future caching). Every page with a map refers to those shapes with `<use>`, so a page
only carries one link per municipality, its class (colour) and its name.
"""

import json
import math
from dataclasses import dataclass
from functools import cache, cached_property

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .cache import cached
from .models import Municipality

BOUNDARIES = settings.BASE_DIR / "fixtures" / "boundaries.geojson"
SHAPES_FILE = "map/gemeenten.svg"
WIDTH = 1000  # map units; one unit is about 240 m


@dataclass(frozen=True)
class Shape:
    path: str
    centroid: tuple[float, float]
    area: float


@dataclass(frozen=True)
class Area:
    """One municipality on a map: where it links to, its tooltip and its CSS class."""

    nis_code: str
    url: str
    title: str
    css_class: str


@dataclass(frozen=True)
class Label:
    """A short text on the map, such as the number of an IGS in the legend."""

    text: str
    x: float
    y: float


def _rings(geometry):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon]


def _simplify(points):
    """Drop repeated and collinear points; after rounding to whole map units, many are."""
    kept = []
    for point in points:
        if kept and kept[-1] == point:
            continue
        while len(kept) >= 2 and (
            (kept[-1][0] - kept[-2][0]) * (point[1] - kept[-1][1])
            == (kept[-1][1] - kept[-2][1]) * (point[0] - kept[-1][0])
        ):
            kept.pop()
        kept.append(point)
    return kept


def _path(ring):
    """SVG path data for a closed ring: an absolute start, then relative steps."""
    steps = "".join(
        f"{dx:d}" if dx < 0 else f" {dx:d}"
        for a, b in zip(ring, ring[1:], strict=False)
        for dx in (b[0] - a[0], b[1] - a[1])
    )
    return f"M{ring[0][0]} {ring[0][1]}l{steps.lstrip()}z"


def _signed_area_and_centroid(ring):
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    return area, (cx / (6 * area), cy / (6 * area)) if area else ring[0]


@cache
def shapes():
    """Every municipality's shape in map units, by NIS code, and the map's height. Computed once per process."""
    features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
    coordinates = [point for feature in features for ring in _rings(feature["geometry"]) for point in ring]
    west = min(lon for lon, lat in coordinates)
    east = max(lon for lon, lat in coordinates)
    south = min(lat for lon, lat in coordinates)
    north = max(lat for lon, lat in coordinates)
    shrink = math.cos(math.radians((north + south) / 2))
    scale = WIDTH / ((east - west) * shrink)

    result = {}
    for feature in features:
        paths, area, cx, cy = [], 0.0, 0.0, 0.0
        for ring in _rings(feature["geometry"]):
            points = _simplify(
                [(round((lon - west) * shrink * scale), round((north - lat) * scale)) for lon, lat in ring]
            )
            if len(points) < 4:  # collapsed to a point or a line at this scale
                continue
            paths.append(_path(points))
            ring_area, (x, y) = _signed_area_and_centroid(points)
            area += ring_area  # holes have the opposite sign
            cx += x * ring_area
            cy += y * ring_area
        result[feature["properties"]["nis_code"]] = Shape("".join(paths), (cx / area, cy / area), abs(area))
    return result, round((north - south) * scale)


def document():
    """The SVG file with every municipality's shape, referred to by `#m<NIS code>`."""
    all_shapes, height = shapes()
    paths = "".join(f'<path id="m{nis}" d="{shape.path}"/>' for nis, shape in sorted(all_shapes.items()))
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"><defs>{paths}</defs></svg>\n'


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


def render(areas, labels=(), pin=None):
    """Inline SVG for a list of areas. The map is hidden from assistive technology and from the Tab key:
    every page with a map gives the same information as a list or table next to it."""
    _, height = shapes()
    href = static(SHAPES_FILE)
    links = format_html_join(
        "",
        '<a href="{}" class="{}" tabindex="-1"><title>{}</title><use href="{}#m{}"/></a>',
        ((area.url, area.css_class, area.title, href, area.nis_code) for area in areas),
    )
    texts = format_html_join("", '<text x="{}" y="{}">{}</text>', ((label.x, label.y, label.text) for label in labels))
    if pin:
        texts = format_html('<circle class="map__pin" cx="{}" cy="{}" r="14"/>{}', pin.x, pin.y, texts)
    return format_html(
        '<svg class="map" viewBox="0 0 {} {}" aria-hidden="true" focusable="false">'
        '<defs><pattern id="geen-igs" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="map__hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="map__hatch"/>'
        '</pattern></defs>{}<g class="map__labels">{}</g></svg>',
        WIDTH,
        height,
        links,
        texts,
    )


class Atlas:
    """Every municipality with its region and IGS, from one query: what maps and figures are drawn from.

    Rows are dicts from `Municipality.objects.for_map()`, read from the database once per content version, and
    only by a page that needs them (not to show a map already rendered).
    """

    @cached_property
    def rows(self):
        return cached("atlas", self._rows)

    @staticmethod
    def _rows():
        rows = list(Municipality.objects.for_map())
        url = reverse("regions:municipality_detail", args=["slug"])
        network_url = reverse("igs:network_detail", args=["slug"])
        for row in rows:
            row["url"] = url.replace("/slug/", f"/{row['slug']}/")
            row["network_url"] = row["network_slug"] and network_url.replace("/slug/", f"/{row['network_slug']}/")
        return rows

    def areas(self, css_class, title):
        """One area per municipality that has a shape; `css_class` and `title` are functions of a row."""
        all_shapes, _ = shapes()
        return [
            Area(row["nis_code"], row["url"], title(row), css_class(row))
            for row in self.rows
            if row["nis_code"] in all_shapes
        ]

    def highlight(self, strong=(), light=(), pin=None):
        """A map of Flanders with some municipalities highlighted, given by NIS code; `pin` marks one
        municipality with a ring, so that even a small one stands out. Rendered once per content version."""
        return cached("map-highlight", self._highlight, sorted(strong), sorted(light), pin)

    def _highlight(self, strong, light, pin):
        strong, light = set(strong), set(light)
        areas = self.areas(
            lambda row: "on" if row["nis_code"] in strong else "near" if row["nis_code"] in light else "off",
            lambda row: row["name"],
        )
        return render(areas, pin=pin and label_for([pin], ""))

    def by_group(self, kind):
        """A map coloured and numbered by region or by IGS (`kind` "region" or "network"), and its legend:
        (number, name, url) per group, by name. Municipalities in no IGS are hatched. Rendered once per
        content version."""
        return cached("map-by-group", self._by_group, kind)

    def _by_group(self, kind):
        key, name, slug = f"{kind}_id", f"{kind}_name", f"{kind}_slug"
        groups = sorted(
            {(row[name], row[slug], row[key]) for row in self.rows if row[key]}, key=lambda g: g[0].casefold()
        )
        number = {group_id: index for index, (_, _, group_id) in enumerate(groups, start=1)}
        members = {}
        for row in self.rows:
            members.setdefault(row[key], []).append(row["nis_code"])

        def describe(row):
            if kind == "region":
                return f"referentieregio {row[name]}"
            return f"IGS {row[name]}" if row[key] else "nog geen IGS"

        areas = self.areas(
            lambda row: f"c{number[row[key]]}" if row[key] else "none", lambda row: f"{row['name']} — {describe(row)}"
        )
        labels = [label_for(members[group_id], str(number[group_id])) for _, _, group_id in groups]
        labels = [label for label in labels if label]
        url_name = {"region": "regions:region_detail", "network": "igs:network_detail"}[kind]
        legend = [
            (number[group_id], group_name, reverse(url_name, args=[group_slug]))
            for group_name, group_slug, group_id in groups
        ]
        return render(areas, labels), legend

    def figures(self):
        """Counts for the home page, computed once per content version."""
        return cached("figures", self._figures)

    def _figures(self):
        covered = [row for row in self.rows if row["network_id"]]
        regions_per_network = {}
        for row in covered:
            regions_per_network.setdefault(row["network_id"], set()).add(row["region_id"])
        return {
            "region_count": len({row["region_id"] for row in self.rows}),
            "municipality_count": len(self.rows),
            "covered_count": len(covered),
            "population": sum(row["population"] or 0 for row in self.rows),
            "covered_population": sum(row["population"] or 0 for row in covered),
            "network_count": len(regions_per_network),
            "spanning_count": sum(len(regions) > 1 for regions in regions_per_network.values()),
        }

    def regions_by_network(self):
        """Per IGS id, the (name, slug) of the regions its members lie in, by name."""
        regions = {}
        for row in self.rows:
            if row["network_id"]:
                regions.setdefault(row["network_id"], set()).add((row["region_name"], row["region_slug"]))
        return {network_id: sorted(names) for network_id, names in regions.items()}

    def network_groups(self, region_id):
        """The region's municipalities grouped by IGS (by name, those in no IGS last), each group with the
        number of regions its IGS spans."""
        spans = self.regions_by_network()
        groups = {}
        for row in self.rows:
            if row["region_id"] == region_id:
                groups.setdefault(row["network_id"], []).append(row)
        return sorted(
            (
                {
                    "name": members[0]["network_name"],
                    "url": members[0]["network_url"],
                    "region_count": len(spans.get(network_id, ())),
                    "members": members,
                }
                for network_id, members in groups.items()
            ),
            key=lambda group: (group["name"] is None, (group["name"] or "").casefold()),
        )

    def members_of(self, network_id):
        return [row for row in self.rows if row["network_id"] == network_id]

    def networks_in(self, region_id):
        """(name, slug) of every IGS with a member in the region, by name."""
        return sorted(
            {
                (row["network_name"], row["network_slug"])
                for row in self.rows
                if row["region_id"] == region_id and row["network_id"]
            }
        )

    def without_network(self):
        return [row for row in self.rows if not row["network_id"]]
