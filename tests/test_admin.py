"""The admin as an OP/TIL editor (staff, member of the "Redactie" group, not a superuser)."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from igs.models import Network
from opti import editors
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
    "/admin/subsidies/subsidyprogramme/",
    "/admin/subsidies/subsidyround/",
    "/admin/grensbrekers/edition/",
    "/admin/grensbrekers/signup/",
    "/admin/newsletter/subscription/",
    "/admin/profiles/consultant/",
    "/admin/quotes/quote/",
]


def result_count(response):
    return response.context["cl"].result_count


def test_an_editor_may_do_exactly_what_the_editors_list_says(editor):
    declared = {f"{app_label}.{codename}" for app_label, codename in editors.codenames()}
    assert editor.get_all_permissions() == declared
    assert "igs.delete_network" in declared and "grensbrekers.view_signup" in declared
    assert not [permission for permission in declared if permission.startswith("auth.")]


def test_every_migrate_gives_the_editors_exactly_the_list_again(editor):
    group = Group.objects.get(name="Redactie")
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    group.permissions.remove(Permission.objects.get(codename="change_edition"))
    call_command("migrate", verbosity=0)
    assert editor.__class__.objects.get(pk=editor.pk).get_all_permissions() == {
        f"{app_label}.{codename}" for app_label, codename in editors.codenames()
    }


def test_editors_group_exists_with_only_content_permissions():
    perms = set(Group.objects.get(name="Redactie").permissions.values_list("content_type__app_label", flat=True))
    assert perms == {
        *("regions", "igs", "opti", "profiles", "subsidies", "grensbrekers", "newsletter", "contact", "quotes"),
        "kennisbank",
    }


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
    assert "Regionaal samenwerken: redactie" in html
    assert "Afmelden" in html


def test_editor_cannot_manage_user_accounts(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get("/admin/igs/network/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_network_list_columns_and_fits_one_region_filter(editor_client):
    response = editor_client.get("/admin/igs/network/", {"een_regio": "nee"})
    assert result_count(response) == 4  # and Ginter, which has no members today
    html = response.content.decode()
    assert "Denderregio, Vlaamse Ardennen" in html
    assert result_count(editor_client.get("/admin/igs/network/", {"een_regio": "ja"})) == 14


def test_network_filters_by_region_and_to_verify(editor_client):
    westhoek = Municipality.objects.get(name="Ieper").region
    response = editor_client.get("/admin/igs/network/", {"memberships__municipality__region__id__exact": westhoek.pk})
    assert {n.slug for n in response.context["cl"].result_list} == {
        "viertoren",
        "cultuuroverleg-ijzervallei",
        "co7",
        "ginter",
    }
    response = editor_client.get("/admin/igs/network/", {"memberships__to_verify__exact": "1"})
    assert result_count(response) == 7


def test_municipality_filters(editor_client):
    assert result_count(editor_client.get("/admin/regions/municipality/", {"memberships__isempty": "1"})) == 142
    assert result_count(editor_client.get("/admin/regions/municipality/", {"province__exact": "limburg"})) == 38
    noordrand = Network.objects.get(slug="noordrand")
    response = editor_client.get("/admin/regions/municipality/", {"memberships__network__id__exact": noordrand.pk})
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
    periods = list(network.recognition_periods.all())
    data = {
        "name": network.name,
        "slug": network.slug,
        "full_name": network.full_name,
        "description": network.description,
        "website": network.website,
        "email": network.email,
        "phone": network.phone,
        "address": network.address,
        "members_note": network.members_note,
        "sources": [source.pk for source in network.sources.all()],
        "memberships-TOTAL_FORMS": len(memberships) + 1,
        "memberships-INITIAL_FORMS": len(memberships),
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
        "recognition_periods-TOTAL_FORMS": len(periods),
        "recognition_periods-INITIAL_FORMS": len(periods),
        "recognition_periods-MIN_NUM_FORMS": 0,
        "recognition_periods-MAX_NUM_FORMS": 1000,
    }
    for i, membership in enumerate(memberships):
        data[f"memberships-{i}-id"] = membership.pk
        data[f"memberships-{i}-network"] = network.pk
        data[f"memberships-{i}-municipality"] = membership.municipality_id
    for i, period in enumerate(periods):
        data[f"recognition_periods-{i}-id"] = period.pk
        data[f"recognition_periods-{i}-network"] = network.pk
        data[f"recognition_periods-{i}-status"] = period.status
        data[f"recognition_periods-{i}-starts_on"] = period.starts_on.isoformat()
        data[f"recognition_periods-{i}-ends_on"] = period.ends_on.isoformat() if period.ends_on else ""
        data[f"recognition_periods-{i}-source"] = period.source_id or ""
        data[f"recognition_periods-{i}-note"] = period.note
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
    assert "Ieper is al lid van CO7. Geef dat lidmaatschap eerst een einddatum" in response.content.decode()
    assert ieper.memberships.get().network.slug == "co7"


def test_recognition_period_and_sources_are_validated_in_dutch(editor_client):
    network = Network.objects.get(slug="co7")
    response = editor_client.post(
        f"/admin/igs/network/{network.pk}/change/",
        network_form(
            network,
            sources=["javascript:alert(1)"],
            **{"recognition_periods-0-starts_on": "2026-01-01", "recognition_periods-0-ends_on": "2020-12-31"},
        ),
    )
    html = response.content.decode()
    assert "Een periode kan niet eindigen vóór ze begint." in html
    assert "is geen geldige waarde" in html
    assert network.recognition_periods.get().starts_on.year == 2020


def test_the_front_page_says_what_needs_attention_each_item_a_filtered_list(editor_client):
    Network.objects.filter(slug="co7").update(website="https://co7.example.org")
    html = editor_client.get("/admin/").content.decode()
    assert "Wat vraagt aandacht?" in html
    attention = html.split('id="aandacht"')[1].split("</div>")[0]
    assert '<a href="/admin/igs/network/?ontbreekt=website">IGS zonder website</a>' in attention
    without_website = editor_client.get("/admin/igs/network/", {"ontbreekt": "website"})
    names = {network.name for network in without_website.context["cl"].result_list}
    assert "CO7" not in names and "Ginter" not in names and "Noordrand" in names  # Ginter has no members left
    assert f'<span class="attention__count">{len(names)}</span>' in attention
    assert '<a href="/admin/subsidies/subsidyprogramme/?ronde=geen">' in attention


def test_the_admin_carries_the_sites_colours_and_favicon(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert 'href="/static/css/admin.css"' in html and 'href="/static/favicon.svg"' in html
    assert 'id="nav-sidebar"' not in editor_client.get("/admin/igs/network/").content.decode()


def test_editors_cannot_delete_reference_data_nor_are_offered_to(editor_client):
    ieper = Municipality.objects.get(name="Ieper")
    assert editor_client.get(f"/admin/regions/municipality/{ieper.pk}/delete/").status_code == 403
    assert editor_client.post(f"/admin/regions/region/{ieper.region_id}/delete/", {"post": "yes"}).status_code == 403
    html = editor_client.get(f"/admin/regions/municipality/{ieper.pk}/change/").content.decode()
    assert 'class="deletelink"' not in html  # no "Verwijderen" button
    network_html = editor_client.get(f"/admin/igs/network/{Network.objects.get(slug='co7').pk}/change/").content
    assert b'id="delete_id_memberships-0-via_former"' not in network_html  # no delete icon beside the widget
    assert b'id="delete_id_recognition_periods-0-source"' in network_html  # sources are editors' own
    assert b'id="delete_id_region"' not in editor_client.get("/admin/grensbrekers/edition/add/").content
    assert Municipality.objects.filter(pk=ieper.pk).exists()


def test_networks_sort_by_name_whatever_its_case(editor_client):
    for params in ({}, {"o": "1"}):
        names = [n.name for n in editor_client.get("/admin/igs/network/", params).context["cl"].result_list]
        assert names == sorted(names, key=str.casefold), params
        assert names.index("de Merode") < names.index("Dijk 92")


@pytest.mark.ignore_template_errors
def test_the_admin_login_offers_a_password_reset_in_dutch(client):
    html = client.get("/admin/login/").content.decode()
    assert '<a href="/admin/wachtwoord-vergeten/">Wachtwoord vergeten?</a>' in html
    assert client.get("/admin/wachtwoord-vergeten/")["Location"] == "/wachtwoord-vergeten/"


def test_the_refusal_page_is_in_dutch(editor_client):
    response = editor_client.get("/admin/auth/user/")
    assert response.status_code == 403
    assert "Je hebt geen toegang tot deze pagina" in response.content.decode()


def test_admin_messages_read_as_dutch_with_je(editor_client):
    response = editor_client.post(
        "/admin/subsidies/subsidyprogramme/add/",
        {
            "name": "Projectsubsidie erfgoed",
            "slug": "projectsubsidie-erfgoed",
            "description": "",
            "info_url": "",
            "rounds-TOTAL_FORMS": 0,
            "rounds-INITIAL_FORMS": 0,
            "rounds-MIN_NUM_FORMS": 0,
            "rounds-MAX_NUM_FORMS": 1000,
        },
        follow=True,
    )
    html = response.content.decode()
    assert re.search(r'“<a href="[^"]+">Projectsubsidie erfgoed</a>” \(subsidieprogramma\) is toegevoegd\.', html)
    assert "De subsidieprogramma" not in html and " u " not in html.split('class="messagelist"')[1].split("</ul>")[0]
