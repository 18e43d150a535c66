"""The server-side SVG maps: one shape per municipality, correct links, within the byte budget."""

import gzip
import re

import pytest
from django.conf import settings

from regions.geometry import neighbours, shapes
from regions.models import Municipality, Region

pytestmark = pytest.mark.django_db

AREA = re.compile(
    r'<a href="(?P<url>[^"]+)" class="(?P<css>[^"]+)" tabindex="-1"><title>(?P<title>[^<]*)</title>'
    r'(?P<hatch><pattern id="arcering-\d{5}".*?</pattern>)?'
    r'<path d="(?P<path>[^"]+)"(?: fill="url\(#arcering-\d{5}\)")?/></a>'
)
OVERVIEW_PAGES = ["/", "/igs/", "/regios/"]
DETAIL_PAGES = ["/regios/limburg/", "/igs/de-merode/", "/gemeenten/antwerpen/"]
MAP_PAGES = OVERVIEW_PAGES + DETAIL_PAGES


def areas(html):
    """The municipalities on a page's map, each with its NIS code (from its link) and its drawing."""
    svg = html.split('<svg class="map"')[1].split("</svg>")[0]
    nis_by_url = {m.get_absolute_url(): m.nis_code for m in Municipality.objects.all()}
    found = [match.groupdict() for match in AREA.finditer(svg)]
    return [{**area, "nis": nis_by_url[area["url"]]} for area in found]


def test_every_municipality_has_a_shape_from_the_boundaries():
    all_shapes, _ = shapes()
    assert set(all_shapes) == set(Municipality.objects.values_list("nis_code", flat=True))


def view_box(html):
    return [int(number) for number in re.search(r'<svg class="map" viewBox="([-\d ]+)"', html)[1].split()]


@pytest.mark.parametrize("url", MAP_PAGES)
def test_map_areas_match_the_municipalities_one_to_one_and_link_to_them(client, url):
    html = client.get(url).content.decode()
    found = areas(html)
    municipalities = {m.nis_code: m for m in Municipality.objects.all()}
    nis_codes = [area["nis"] for area in found]
    assert len(nis_codes) == len(set(nis_codes)) and set(nis_codes) <= set(municipalities)
    if url in OVERVIEW_PAGES:
        assert sorted(nis_codes) == sorted(municipalities)
    for area in found:
        municipality = municipalities[area["nis"]]
        assert area["url"] == municipality.get_absolute_url()
        assert area["title"].startswith(municipality.name)
        assert area["path"] == shapes()[0][area["nis"]].path


@pytest.mark.parametrize("url", MAP_PAGES)
def test_map_is_hidden_from_keyboard_and_screen_readers_with_a_caption(client, url):
    html = client.get(url).content.decode()
    assert re.search(r'<svg class="map" viewBox="[-\d ]+" aria-hidden="true" focusable="false">', html)
    assert html.count('tabindex="-1"><title>') == len(areas(html))
    assert "<figcaption>" in html


@pytest.mark.parametrize("url", OVERVIEW_PAGES)
def test_overview_maps_show_all_of_flanders(client, url):
    assert view_box(client.get(url).content.decode()) == [0, 0, 1000, 386]


@pytest.mark.parametrize(
    ("url", "highlighted"),
    [
        ("/regios/limburg/", 38),
        ("/igs/de-merode/", 5),
        ("/gemeenten/antwerpen/", 7),
        ("/gemeenten/kraainem/", 1),
    ],
)
def test_detail_maps_are_cropped_to_their_subject_with_surroundings(client, url, highlighted):
    html = client.get(url).content.decode()
    x, y, width, height = view_box(html)
    assert 200 <= width < 1000 and height <= width <= 2.4 * height + 1
    found = areas(html)
    assert sum(area["css"] in ("on", "near") for area in found) == highlighted  # all of the subject is shown
    assert sum(area["css"] == "off" for area in found) >= 1  # and some of what lies around it
    assert len(found) < 285  # nothing far away


def test_neighbouring_groups_never_share_a_colour(client):
    for url, kind in (("/igs/", "IGS"), ("/regios/", "regio")):
        found = areas(client.get(url).content.decode())
        css = {area["nis"]: area["css"].split()[0] for area in found if area["css"] != "none"}
        group = {area["nis"]: area["title"].split(" — ")[1].split(" (")[0] for area in found if area["css"] != "none"}
        for nis, others in neighbours().items():
            for other in others:
                if nis in group and other in group and group[nis] != group[other]:
                    assert css[nis] != css[other], (kind, group[nis], group[other])


def luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_group_colour_has_3_to_1_contrast_with_the_white_borders_and_background():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")
    palette = dict(re.findall(r"\.(p\d) \{ --c: (#[0-9a-f]{6}); \}", css))
    assert len(palette) == 8
    for name, colour in {**palette, "near": "#3a8ea3", "on": "#00576b", "ended": "#7d8793"}.items():
        assert (1.05) / (luminance(colour) + 0.05) >= 3, name


def test_network_map_colours_by_network_and_hatches_municipalities_without_one(client):
    response = client.get("/igs/")
    found = areas(response.content.decode())
    legend = {group["name"]: group for group in response.context["legend"]}
    assert len(legend) == 19
    assert sum(area["css"] == "none" for area in found) == 142
    assert {area["css"] for area in found if area["title"].startswith("Torhout")} == {legend["Ginter"]["css"]}
    kraainem = next(area for area in found if area["title"].startswith("Kraainem"))
    assert kraainem["css"] == "none" and kraainem["title"] == "Kraainem — nog geen IGS"
    ieper = next(area for area in found if area["title"].startswith("Ieper"))
    assert ieper["title"] == "Ieper — IGS CO7"
    assert ieper["css"] == legend["CO7"]["css"]
    assert legend["CO7"]["url"] == "/igs/co7/"
    torhout = next(area for area in found if area["title"].startswith("Torhout"))
    assert torhout["title"] == "Torhout — IGS Ginter (gestopt eind 2025)"
    assert legend["Ginter"]["note"] == "gestopt eind 2025"
    html = response.content.decode()
    assert html.count('<text x="') == 19
    assert "Grijs gearceerd: gemeenten die in geen enkel IGS zaten" in html
    assert ">Kraainem</a>" in html.split('id="zonder-igs"')[1]  # the same information as a list


def test_a_member_through_a_former_municipality_is_hatched_in_its_networks_colour(client):
    response = client.get("/")
    found = {area["title"].split(" — ")[0]: area for area in areas(response.content.decode())}
    legend = {group["name"]: group for group in response.context["legend"]}
    antwerpen = found["Antwerpen"]
    assert antwerpen["hatch"] and antwerpen["css"] == legend["Zuidrand"]["css"]
    assert antwerpen["title"] == "Antwerpen — IGS Zuidrand (via Borsbeek, te bevestigen)"
    assert {name for name, area in found.items() if area["hatch"]} == {"Antwerpen", "Lochristi", "Tessenderlo-Ham"}
    assert "Gearceerd in de kleur van een IGS: lid via een gemeente van vóór 2025" in response.content.decode()


def test_region_map_colours_by_region(client):
    response = client.get("/regios/")
    found = areas(response.content.decode())
    assert {area["css"] for area in found} <= {f"p{n}" for n in range(1, 9)}
    assert [group["name"] for group in response.context["legend"]][:3] == ["Denderregio", "Halle-Vilvoorde", "Kempen"]


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
    assert sum(area["css"] == "off" for area in found) == len(found) - on - near


def test_municipality_map_marks_the_municipality_with_a_pin(client):
    assert '<path class="map__pin" d="M' in client.get("/gemeenten/kraainem/").content.decode()


def compressed(data):
    return len(gzip.compress(data, compresslevel=6))


@pytest.mark.parametrize("url", MAP_PAGES)
def test_map_pages_stay_within_60_kb_compressed_with_css(client, url):
    html = client.get(url).content
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_bytes()
    total = compressed(html) + compressed(css)
    assert total <= 60 * 1024, f"{url}: {total} bytes"


@pytest.mark.parametrize("url", MAP_PAGES)
def test_map_pages_request_nothing_from_other_hosts(client, url):
    html = client.get(url).content.decode()
    # (A canonical link names the page's public address; browsers do not request it.)
    assert not re.search(r'<(script|img|link(?! rel="canonical")|iframe|use|image)[^>]+(src|href)="(https?:)?//', html)


def test_a_municipality_without_boundaries_is_listed_but_not_drawn(client):
    region = Region.objects.get(slug="westhoek")
    new = Municipality.objects.create(nis_code="99991", name="Nieuwegem", province="west-vlaanderen", region=region)
    for url in ("/", "/igs/", "/regios/", "/regios/westhoek/", new.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "m99991" not in response.content.decode(), url
    assert ">Nieuwegem</a>" in client.get("/regios/westhoek/").content.decode()
