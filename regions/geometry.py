"""The geometry of the map: municipal boundaries projected once into map units, their shapes, centres, bounding
boxes and which municipalities share a border. Computed once per process from fixtures/boundaries.geojson."""

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from django.conf import settings

BOUNDARIES = settings.BASE_DIR / "fixtures" / "boundaries.geojson"
WIDTH = 1000  # map units; one unit is about 240 m


@dataclass(frozen=True)
class Shape:
    path: str
    centroid: tuple[float, float]
    area: float
    bbox: tuple[int, int, int, int]  # west, north, east, south in map units


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
        paths, area, cx, cy, all_points = [], 0.0, 0.0, 0.0, []
        for ring in _rings(feature["geometry"]):
            points = _simplify(
                [(round((lon - west) * shrink * scale), round((north - lat) * scale)) for lon, lat in ring]
            )
            if len(points) < 4:  # collapsed to a point or a line at this scale
                continue
            paths.append(_path(points))
            all_points += points
            ring_area, (x, y) = _signed_area_and_centroid(points)
            area += ring_area  # holes have the opposite sign
            cx += x * ring_area
            cy += y * ring_area
        xs, ys = [x for x, _ in all_points], [y for _, y in all_points]
        bbox = (min(xs), min(ys), max(xs), max(ys))
        result[feature["properties"]["nis_code"]] = Shape("".join(paths), (cx / area, cy / area), abs(area), bbox)
    return result, round((north - south) * scale)


@cache
def neighbours():
    """Per NIS code, the NIS codes of the municipalities it shares a border with (at least two boundary points,
    in the unprojected boundaries, where neighbours share their vertices)."""
    owners = defaultdict(set)
    for feature in json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]:
        for ring in _rings(feature["geometry"]):
            for point in ring:
                owners[tuple(point)].add(feature["properties"]["nis_code"])
    shared = Counter((a, b) for nis_codes in owners.values() for a in nis_codes for b in nis_codes if a < b)
    result = defaultdict(set)
    for (a, b), count in shared.items():
        if count >= 2:
            result[a].add(b)
            result[b].add(a)
    return dict(result)
