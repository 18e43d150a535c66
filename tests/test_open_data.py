"""/open-data/: every download read back and compared with the database; the GeoJSON checked against RFC 7946."""

import csv
import io

import pytest
from django.utils import timezone

from igs.models import Membership, Network
from regions.models import Municipality, Region

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    "/open-data/gemeenten.csv",
    "/open-data/gemeenten.json",
    "/open-data/gemeenten.geojson",
    "/open-data/regios.csv",
    "/open-data/regios.json",
    "/open-data/igs.csv",
    "/open-data/igs.json",
]


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_page_explains_every_field_and_links_every_download(client):
    html = client.get("/open-data/").content.decode()
    for url in DOWNLOADS:
        assert f'href="{url}"' in html
    for field in read_csv(client.get("/open-data/gemeenten.csv"))[0]:
        assert f"<code>{field}</code>" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.nl"' in html
    assert "Statbel (Algemene Directie Statistiek – Statistics Belgium)" in html


@pytest.mark.parametrize("url", DOWNLOADS)
def test_downloads_carry_version_date_caching_headers_and_cors(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304
    if url.endswith(".csv"):
        rows = read_csv(response)
        assert {row["versie"] for row in rows} == {rows[0]["versie"]} and rows[0]["datum"] == "2026-11-23"
    else:
        metadata = response.json()["metadata"]
        assert metadata["versie"] and metadata["datum"] == "2026-11-23"
        assert metadata["licentie"] == "https://creativecommons.org/licenses/by/4.0/"


def test_only_the_open_data_may_be_read_by_other_sites(client):
    for url in ("/", "/open-data/", "/igs/", "/gemeenten/ieper/"):
        assert "Access-Control-Allow-Origin" not in client.get(url), url


def test_the_municipalities_csv_and_json_hold_the_database(client):
    csv_rows = {row["nis_code"]: row for row in read_csv(client.get("/open-data/gemeenten.csv"))}
    json_rows = {row["nis_code"]: row for row in client.get("/open-data/gemeenten.json").json()["gemeenten"]}
    assert set(csv_rows) == set(json_rows) == set(Municipality.objects.values_list("nis_code", flat=True))
    today = timezone.localdate()
    for municipality in Municipality.objects.select_related("region").prefetch_related("postcodes"):
        row, record = csv_rows[municipality.nis_code], json_rows[municipality.nis_code]
        assert row["naam"] == record["naam"] == municipality.name
        assert row["referentieregio"] == municipality.region.name
        assert row["inwoners"] == str(municipality.population) and row["inwoners_jaar"] == "2020"
        assert record["postcodes"] == sorted(p.code for p in municipality.postcodes.all())
        membership = Membership.objects.filter(municipality=municipality).order_by("-ended_on").first()
        assert row["igs"] == (membership.network.name if membership else "")
        if membership:
            assert row["igs_zekerheid"] == ("te bevestigen" if membership.uncertainty else "bevestigd")
            assert row["igs_lid_tot"] == (membership.ended_on.isoformat() if membership.ended_on else "")
            assert (membership.ended_on is not None and membership.ended_on < today) == bool(row["igs_lid_tot"])
    antwerpen = csv_rows["11002"]
    assert antwerpen["igs_soort_lidmaatschap"] == "via vroegere gemeente" and antwerpen["igs_lid_via"] == "Borsbeek"
    assert antwerpen["vroegere_gemeenten"] == "Antwerpen|Borsbeek"


def test_the_regions_and_igs_files_hold_the_database(client):
    regions = {row["slug"]: row for row in read_csv(client.get("/open-data/regios.csv"))}
    assert set(regions) == set(Region.objects.values_list("slug", flat=True))
    westhoek = Region.objects.with_counts().get(slug="westhoek")
    assert regions["westhoek"]["gemeenten"] == str(westhoek.municipality_count)
    networks = {row["slug"]: row for row in client.get("/open-data/igs.json").json()["igs"]}
    assert set(networks) == set(Network.objects.values_list("slug", flat=True))
    co7 = Network.objects.get(slug="co7")
    assert sorted(networks["co7"]["leden"]) == sorted(co7.memberships.values_list("municipality__nis_code", flat=True))
    assert networks["co7"]["erkenningsperiodes"] == ["2020-01-01/2025-12-31:erkend"]
    assert networks["ginter"]["leden"] == [] and len(networks["ginter"]["vroegere_leden"]) == 8


def test_the_geojson_is_valid_rfc_7946_with_the_municipalities(client):
    collection = client.get("/open-data/gemeenten.geojson").json()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == Municipality.objects.count()
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and feature["properties"]["nis_code"] == feature["id"]
        geometry = feature["geometry"]
        assert geometry["type"] in ("Polygon", "MultiPolygon")
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]  # closed linear rings
                for longitude, latitude in ring:
                    assert 2.5 < longitude < 6.0 and 50.6 < latitude < 51.6  # WGS84, Flanders
    properties = {f["id"]: f["properties"] for f in collection["features"]}
    assert properties["44087"]["igs"] == "COMEET" and properties["44087"]["igs_zekerheid"] == "te bevestigen"


def test_an_unknown_dataset_or_format_is_not_found(client):
    for url in ("/open-data/regios.geojson", "/open-data/gemeenten.xml", "/open-data/bestaat-niet.csv"):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/open-data/", *DOWNLOADS])
def test_the_query_count_does_not_grow_with_the_rows(client, django_assert_max_num_queries, url):
    assert Municipality.objects.count() == 285  # a query per row would be hundreds
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
