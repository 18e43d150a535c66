"""The seeded database holds exactly the reference data of fixtures/source/."""

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core import serializers
from django.core.management import call_command
from django.db.models import Count
from django.utils.text import slugify

from igs.models import Network, Project
from profiles.models import CoordinatorProfile
from regions.models import FormerMunicipality, Municipality, Postcode, Region, SubMunicipality

pytestmark = pytest.mark.django_db
SOURCE = Path(__file__).resolve().parent.parent / "fixtures" / "source"


def read(name):
    with open(SOURCE / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_fifteen_regions_with_the_source_municipality_counts():
    expected = {row["slug"]: int(row["municipality_count"]) for row in read("regions.csv")}
    actual = {region.slug: region.municipality_count for region in Region.objects.with_counts()}
    assert len(actual) == 15
    assert actual == expected


def test_every_2025_municipality_is_in_exactly_its_source_region():
    expected = {row["nis_code"]: row["region"] for row in read("municipalities.csv")}
    actual = dict(Municipality.objects.values_list("nis_code", "region__name"))
    assert len(actual) == 285
    assert actual == expected


def test_municipality_slugs_are_the_slugified_official_names():
    for name, slug in Municipality.objects.values_list("name", "slug"):
        assert slug == slugify(name)


def test_nineteen_networks_whose_members_equal_the_source():
    expected = {row["slug"]: set(row["members"].split("|")) for row in read("igs.csv")}
    actual = {network.slug: {m.name for m in network.members.all()} for network in Network.objects.all()}
    assert len(actual) == 19
    assert actual == expected


def test_five_networks_span_more_than_one_region():
    spanning = Network.objects.annotate(regions=Count("memberships__municipality__region", distinct=True)).filter(
        regions__gt=1
    )
    assert set(spanning.values_list("slug", flat=True)) == {
        "cultuurregio-leie-schelde",
        "ginter",
        "route42",
        "dijk-92",
        "de-merode",
    }


def test_uncertain_memberships_are_flagged():
    assert set(
        Municipality.objects.filter(memberships__to_verify=True, memberships__network__slug="comeet").values_list(
            "name", flat=True
        )
    ) == {"Lochristi"}
    assert Network.objects.get(slug="zuidwest").memberships.filter(to_verify=False).count() == 0
    assert not Network.objects.get(slug="co7").memberships.filter(to_verify=True).exists()


def test_names_and_postcodes_that_lead_to_a_municipality():
    assert set(Postcode.objects.filter(code="1804").values_list("municipality__name", flat=True)) == {
        "Vilvoorde",
        "Zemst",
    }
    assert set(FormerMunicipality.objects.filter(municipality__name="Pajottegem").values_list("name", flat=True)) == {
        "Galmaarden",
        "Gooik",
        "Herne",
    }
    assert FormerMunicipality.objects.count() == 28
    assert SubMunicipality.objects.count() == 1135
    assert SubMunicipality.objects.get(name="Wilsele").municipality.name == "Leuven"
    assert Postcode.objects.count() == 522


def dump():
    reference = [Region, Municipality, FormerMunicipality, SubMunicipality, Postcode, Network]
    models = [*reference, Project, User, CoordinatorProfile]
    return serializers.serialize("json", [obj for model in models for obj in model.objects.order_by("pk")])


def test_seed_twice_changes_nothing():
    before = dump()
    out = io.StringIO()
    call_command("seed", stdout=out)
    assert dump() == before
    assert "0 object(en) toegevoegd" in out.getvalue()


def test_seed_keeps_editors_changes_and_restores_missing_rows():
    network = Network.objects.get(slug="co7")
    network.email = "info@example.org"
    network.save()
    Postcode.objects.filter(code="8900").delete()

    call_command("seed", stdout=io.StringIO())

    assert Network.objects.get(slug="co7").email == "info@example.org"
    assert Postcode.objects.get(code="8900").municipality.name == "Ieper"
