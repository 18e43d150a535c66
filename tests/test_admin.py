"""The admin as an OP/TIL editor (staff, member of the "Redactie" group, not a superuser)."""

import pytest
from django.contrib.auth.models import Group

from igs.models import Network
from regions.models import Municipality

# Django's own admin templates rely on silently missing variables.
pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

CHANGELISTS = [
    "/admin/regions/region/",
    "/admin/regions/municipality/",
    "/admin/regions/formermunicipality/",
    "/admin/regions/submunicipality/",
    "/admin/regions/postcode/",
    "/admin/igs/network/",
    "/admin/igs/membership/",
    "/admin/opti/page/",
    "/admin/igs/project/",
    "/admin/profiles/coordinatorprofile/",
    "/admin/opti/subsidyprogramme/",
    "/admin/opti/subsidyround/",
    "/admin/opti/edition/",
    "/admin/opti/signup/",
    "/admin/opti/subscription/",
]


def result_count(response):
    return response.context["cl"].result_count


def test_editors_group_exists_with_only_content_permissions():
    perms = set(Group.objects.get(name="Redactie").permissions.values_list("content_type__app_label", flat=True))
    assert perms == {"regions", "igs", "opti", "profiles"}


def test_editors_may_keep_subsidies_grensbrekers_and_newsletters():
    codenames = set(Group.objects.get(name="Redactie").permissions.values_list("codename", flat=True))
    for model in ("subsidyprogramme", "subsidyround", "edition", "signup", "subscription"):
        assert {f"view_{model}", f"change_{model}", f"delete_{model}"} <= codenames


@pytest.mark.parametrize("url", CHANGELISTS)
def test_editor_can_open_every_changelist_and_search_it(editor_client, url):
    response = editor_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].search_fields
    assert editor_client.get(url, {"q": "a"}).status_code == 200


def test_admin_speaks_dutch(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "OP/TIL-redactie" in html
    assert "Afmelden" in html


def test_editor_cannot_manage_user_accounts(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get("/admin/igs/network/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_network_list_columns_and_fits_one_region_filter(editor_client):
    response = editor_client.get("/admin/igs/network/", {"een_regio": "nee"})
    assert result_count(response) == 5
    html = response.content.decode()
    assert "Middenkust, Regio Brugge, Westhoek" in html
    assert result_count(editor_client.get("/admin/igs/network/", {"een_regio": "ja"})) == 14


def test_network_filters_by_region_and_to_verify(editor_client):
    westhoek = Municipality.objects.get(name="Ieper").region
    response = editor_client.get("/admin/igs/network/", {"members__region__id__exact": westhoek.pk})
    assert {n.slug for n in response.context["cl"].result_list} == {
        "viertoren",
        "cultuuroverleg-ijzervallei",
        "co7",
        "ginter",
    }
    response = editor_client.get("/admin/igs/network/", {"memberships__to_verify__exact": "1"})
    assert result_count(response) == 7


def test_municipality_filters(editor_client):
    assert result_count(editor_client.get("/admin/regions/municipality/", {"igs_lid": "nee"})) == 142
    assert result_count(editor_client.get("/admin/regions/municipality/", {"province__exact": "limburg"})) == 38
    noordrand = Network.objects.get(slug="noordrand")
    response = editor_client.get("/admin/regions/municipality/", {"membership__network__id__exact": noordrand.pk})
    assert result_count(response) == 13


def test_municipality_search_finds_former_and_sub_municipality_names_and_postcodes(editor_client):
    def names(q):
        response = editor_client.get("/admin/regions/municipality/", {"q": q})
        return {m.name for m in response.context["cl"].result_list}

    assert names("Wachtebeke") == {"Lochristi"}
    assert names("Wilsele") == {"Leuven"}
    assert names("1804") == {"Vilvoorde", "Zemst"}


def test_municipality_autocomplete_for_memberships(editor_client):
    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "igs", "model_name": "membership", "field_name": "municipality", "term": "Iep"},
    )
    assert response.status_code == 200
    assert "Ieper" in [r["text"] for r in response.json()["results"]]


def test_change_form_links_to_the_public_page(editor_client):
    network = Network.objects.get(slug="co7")
    html = editor_client.get(f"/admin/igs/network/{network.pk}/change/").content.decode()
    assert "Weergeven op website" in html


def network_form(network, **changes):
    memberships = list(network.memberships.all())
    data = {
        "name": network.name,
        "slug": network.slug,
        "full_name": network.full_name,
        "description": network.description,
        "recognised_from": network.recognised_from,
        "recognised_until": network.recognised_until,
        "website": network.website,
        "email": network.email,
        "phone": network.phone,
        "address": network.address,
        "members_note": network.members_note,
        "sources": network.sources,
        "memberships-TOTAL_FORMS": len(memberships) + 1,
        "memberships-INITIAL_FORMS": len(memberships),
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
    }
    for i, membership in enumerate(memberships):
        data[f"memberships-{i}-id"] = membership.pk
        data[f"memberships-{i}-network"] = network.pk
        data[f"memberships-{i}-municipality"] = membership.municipality_id
    data.update(changes)
    return data


def test_editor_adds_a_member_and_edits_contact_data(editor_client, client):
    network = Network.objects.get(slug="druivenstreek")
    kraainem = Municipality.objects.get(name="Kraainem")
    n = network.memberships.count()
    data = network_form(network, email="info@example.org", **{f"memberships-{n}-municipality": kraainem.pk})
    response = editor_client.post(f"/admin/igs/network/{network.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"]
    assert network.members.filter(pk=kraainem.pk).exists()
    assert "info@example.org" in client.get("/igs/druivenstreek/").content.decode()


def test_a_municipality_cannot_join_two_networks(editor_client):
    network = Network.objects.get(slug="druivenstreek")
    ieper = Municipality.objects.get(name="Ieper")
    n = network.memberships.count()
    response = editor_client.post(
        f"/admin/igs/network/{network.pk}/change/", network_form(network, **{f"memberships-{n}-municipality": ieper.pk})
    )
    assert response.status_code == 200
    assert "bestaat al" in response.content.decode()
    assert ieper.membership.network.slug == "co7"


def test_recognition_period_and_sources_are_validated_in_dutch(editor_client):
    network = Network.objects.get(slug="co7")
    response = editor_client.post(
        f"/admin/igs/network/{network.pk}/change/",
        network_form(network, recognised_from=2026, recognised_until=2020, sources="javascript:alert(1)"),
    )
    html = response.content.decode()
    assert "mag niet vóór het beginjaar liggen" in html
    assert "is geen geldig webadres" in html
    network.refresh_from_db()
    assert network.recognised_from == 2020
