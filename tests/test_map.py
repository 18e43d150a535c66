"""The server-side SVG maps: one shape per municipality, correct links, within the byte budget."""

import gzip
import re

import pytest
from django.conf import settings

from regions.map import SHAPES_FILE, document
from regions.models import Municipality, Region

pytestmark = pytest.mark.django_db

AREA = re.compile(
    r'<a href="(?P<url>[^"]+)" class="(?P<css>[^"]+)" tabindex="-1"><title>(?P<title>[^<]*)</title>'
    r'<use href="(?P<file>[^"#]+)#m(?P<nis>\d{5})"/></a>'
)
MAP_PAGES = ["/", "/igs/", "/regios/", "/regios/limburg/", "/igs/de-merode/", "/gemeenten/antwerpen/"]


def areas(html):
    svg = html.split('<svg class="map"')[1].split("</svg>")[0]
    return [match.groupdict() for match in AREA.finditer(svg)]


def test_the_shapes_file_is_built_from_the_current_boundaries():
    shapes = (settings.BASE_DIR / "static" / SHAPES_FILE).read_text(encoding="utf-8")
    assert shapes == document(), "run `manage.py build_map` after changing fixtures/boundaries.geojson"
    ids = set(re.findall(r'<path id="m(\d{5})"', shapes))
    assert ids == set(Municipality.objects.values_list("nis_code", flat=True))


@pytest.mark.parametrize("url", MAP_PAGES)
def test_map_areas_match_the_municipalities_one_to_one_and_link_to_them(client, url):
    html = client.get(url).content.decode()
    found = areas(html)
    municipalities = {m.nis_code: m for m in Municipality.objects.all()}
    assert sorted(area["nis"] for area in found) == sorted(municipalities)
    for area in found:
        municipality = municipalities[area["nis"]]
        assert area["url"] == municipality.get_absolute_url()
        assert area["title"].startswith(municipality.name)
        assert area["file"].endswith("map/gemeenten.svg")


@pytest.mark.parametrize("url", MAP_PAGES)
def test_map_is_hidden_from_keyboard_and_screen_readers_with_a_caption(client, url):
    html = client.get(url).content.decode()
    assert '<svg class="map" viewBox="0 0 1000 386" aria-hidden="true" focusable="false">' in html
    assert html.count('tabindex="-1"><title>') == 285
    assert "<figcaption>" in html


def test_network_map_colours_by_network_and_hatches_municipalities_without_one(client):
    response = client.get("/igs/")
    found = areas(response.content.decode())
    assert sum(area["css"] == "none" for area in found) == 142
    assert {area["css"] for area in found} == {"none"} | {f"c{n}" for n in range(1, 20)}
    kraainem = next(area for area in found if area["title"].startswith("Kraainem"))
    assert kraainem["css"] == "none" and kraainem["title"] == "Kraainem — nog geen IGS"
    ieper = next(area for area in found if area["title"].startswith("Ieper"))
    assert ieper["title"] == "Ieper — IGS CO7"
    legend = response.context["legend"]
    assert len(legend) == 19
    number = {name: n for n, name, url in legend}
    assert ieper["css"] == f"c{number['CO7']}"
    assert {name: url for _, name, url in legend}["CO7"] == "/igs/co7/"
    html = response.content.decode()
    assert html.count('<text x="') == 19
    assert "Gearceerd: gemeenten die in geen enkel IGS zitten" in html
    assert ">Kraainem</a>" in html.split('id="zonder-igs"')[1]  # the same information as a list


def test_region_map_colours_by_region(client):
    response = client.get("/regios/")
    found = areas(response.content.decode())
    assert {area["css"] for area in found} == {f"c{n}" for n in range(1, 16)}
    assert [name for _, name, _ in response.context["legend"]][:3] == ["Denderregio", "Halle-Vilvoorde", "Kempen"]


@pytest.mark.parametrize(
    ("url", "on", "near"),
    [
        ("/regios/westhoek/", 17, 0),
        ("/igs/ginter/", 8, 0),
        ("/gemeenten/ieper/", 1, 6),
        ("/gemeenten/kraainem/", 1, 0),
    ],
)
def test_highlight_maps_mark_the_region_network_or_municipality(client, url, on, near):
    html = client.get(url).content.decode()
    found = areas(html)
    assert sum(area["css"] == "on" for area in found) == on
    assert sum(area["css"] == "near" for area in found) == near
    assert sum(area["css"] == "off" for area in found) == 285 - on - near


def test_municipality_map_rings_the_municipality(client):
    assert '<circle class="map__pin"' in client.get("/gemeenten/kraainem/").content.decode()


def compressed(data):
    return len(gzip.compress(data, compresslevel=6))


@pytest.mark.parametrize("url", MAP_PAGES)
def test_map_pages_stay_within_60_kb_compressed_with_css_and_shapes(client, url):
    html = client.get(url).content
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_bytes()
    shapes = (settings.BASE_DIR / "static" / SHAPES_FILE).read_bytes()
    total = compressed(html) + compressed(css) + compressed(shapes)
    assert total <= 60 * 1024, f"{url}: {total} bytes"


@pytest.mark.parametrize("url", MAP_PAGES)
def test_map_pages_request_nothing_from_other_hosts(client, url):
    html = client.get(url).content.decode()
    assert not re.search(r'<(script|img|link|iframe|use)[^>]+(src|href)="(https?:)?//', html)


def test_a_municipality_without_boundaries_is_listed_but_not_drawn(client):
    region = Region.objects.get(slug="westhoek")
    new = Municipality.objects.create(nis_code="99991", name="Nieuwegem", province="west-vlaanderen", region=region)
    for url in ("/", "/igs/", "/regios/", "/regios/westhoek/", new.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "m99991" not in response.content.decode(), url
    assert ">Nieuwegem</a>" in client.get("/regios/westhoek/").content.decode()
