"""The IGS check: a plain GET form, its result with reasons and sources, shareable and printable."""

import re

import pytest

from tests.test_truth import text

pytestmark = pytest.mark.django_db

NETELAND = ["herentals", "grobbendonk", "herenthout", "olen", "vorselaar"]


def check(client, *slugs, **extra):
    return client.get("/igs-check/", {"gemeente": list(slugs), **extra})


def test_choosing_a_region_shows_its_municipalities_to_tick(client):
    response = client.get("/igs-check/", {"regio": "kempen"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('type="checkbox" name="gemeente"') == 27
    assert '<input type="checkbox" name="gemeente" value="herentals"> Herentals' in html


def test_a_small_group_in_one_region_that_touches_may_use_the_transition(client):
    page = text(check(client, *NETELAND))
    assert "5 gemeenten samen" in page
    assert (
        "69.049 inwoners op 1 januari 2020. te weinig Vanaf 2027 heeft een IGS minstens 85.000 inwoners nodig." in page
    )
    assert "Alle gemeenten liggen in de referentieregio Kempen" in page
    assert "De gemeenten vormen samen één aaneengesloten gebied." in page
    assert "overgangsregeling tot 2032" in page
    assert "Herentals : Neteland te bevestigen" in page  # already in an IGS, with its uncertainty
    assert "VVSG: Bovenlokaal samenwerken op vlak van cultuur en participatie versterken in nieuw decreet" in page


def test_places_far_apart_in_two_regions_fail_with_reasons(client):
    page = text(check(client, "ieper", "gent"))
    assert "298.922 inwoners" in page and "genoeg" in page
    assert "De gemeenten liggen in 2 referentieregio’s (Regio Gent, Westhoek)." in page
    assert "De gemeenten vormen 2 gebieden die elkaar niet raken: Gent; Ieper." in page
    assert "Overgangsregeling" not in page


def test_near_the_threshold_the_page_says_the_figures_may_have_changed(client):
    # Turnhout, Oud-Turnhout, Beerse and Vosselaar: 88,728 inhabitants in 2020, within 5 % of 85,000.
    page = text(check(client, "turnhout", "oud-turnhout", "beerse", "vosselaar"))
    assert "De cijfers zijn die van 2020: het aantal inwoners kan intussen anders zijn." in page


def test_the_result_has_an_address_to_share_and_keeps_the_ticks(client):
    html = check(client, "ieper", "gent", regio="westhoek").content.decode()
    assert '<input type="checkbox" name="gemeente" value="ieper" checked> Ieper' in html
    assert "Al gekozen in andere referentieregio’s" in html
    assert '<input type="checkbox" name="gemeente" value="gent" checked> Gent' in html


def test_made_up_choices_get_a_dutch_message_not_an_error(client):
    response = check(client, "atlantis", regio="nergens")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies gemeenten uit de lijst; “atlantis” is er geen." in html
    assert "Kies een referentieregio uit de lijst." in html


def test_the_check_is_linked_from_the_igs_and_subsidy_pages(client):
    for url in ("/igs/", "/subsidies/", "/igs/co7/"):
        assert 'href="/igs-check/' in client.get(url).content.decode(), url


@pytest.mark.parametrize("url", ["/embed/gemeenten/antwerpen/", "/gemeenten/antwerpen.json"])
def test_the_card_and_its_json_take_one_query_once_the_map_is_known(client, django_assert_num_queries, url):
    client.get("/gemeenten/ieper.json")  # the atlas of every municipality: read once per content version
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


def test_the_query_count_does_not_depend_on_the_number_of_municipalities(client, django_assert_max_num_queries):
    check(client, "ieper")  # what is read once per content version
    with django_assert_max_num_queries(3):
        check(client, *NETELAND)
    with django_assert_max_num_queries(3):
        client.get("/igs-check/", {"regio": "kempen", "gemeente": [f"x{i}" for i in range(50)]})


# The embeddable card (in this module: the IGS' tools for other sites)


def test_the_embeddable_card_may_be_framed_by_any_site_and_sets_no_cookie(client):
    response = client.get("/embed/gemeenten/ieper/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert not response.cookies
    html = response.content.decode()
    assert "Ieper is deel van de referentieregio <strong>Westhoek</strong>." in html
    assert "voor cultuur samen met andere gemeenten in het IGS cultuur <strong>CO7</strong>" in html
    assert not re.search(r'(src|href)="(https?:)?//(?!testserver)', html)  # nothing from another host
    assert 'href="http://testserver/gemeenten/ieper/"' in html  # a link back


def test_every_other_page_refuses_to_be_framed(client):
    for url in ("/", "/gemeenten/ieper/", "/igs/", "/gemeenten/ieper.json"):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url


def test_the_card_is_truthful_about_former_municipalities_and_stopped_networks(client):
    antwerpen = client.get("/embed/gemeenten/antwerpen/").content.decode()
    assert "Het vroegere Borsbeek, sinds 1 januari 2025 deel van Antwerpen, was lid van het IGS cultuur" in antwerpen
    assert "Of heel Antwerpen meedoet, is niet bevestigd." in antwerpen
    assert "Antwerpen is deel van de referentieregio <strong>Regio Antwerpen</strong>." in antwerpen  # no more
    torhout = client.get("/embed/gemeenten/torhout/").content.decode()
    assert "Torhout werkte voor cultuur samen met andere gemeenten in het IGS cultuur <strong>Ginter</strong>" in (
        torhout
    )
    assert torhout.count("gestopt eind 2025") == 1
    assert "Sindsdien hoort Torhout volgens onze gegevens bij geen enkel IGS cultuur." in torhout
    kraainem = client.get("/embed/gemeenten/kraainem/").content.decode()
    assert "Kraainem hoort volgens onze gegevens bij geen IGS cultuur." in kraainem


def test_the_json_twin_gives_the_same_facts(client):
    data = client.get("/gemeenten/antwerpen.json").json()
    assert data["gemeente"] == "Antwerpen" and data["referentieregio"] == "Regio Antwerpen"
    assert data["igs"]["naam"] == "Zuidrand" and data["igs"]["lid_via"] == "Borsbeek"
    assert data["igs"]["zekerheid"] == "te bevestigen"
    assert client.get("/gemeenten/kraainem.json").json()["igs"] is None
    assert client.get("/gemeenten/atlantis.json").status_code == 404


def test_each_municipality_page_offers_the_snippet_to_copy(client):
    html = client.get("/gemeenten/ieper/").content.decode()
    assert (
        '&lt;iframe src="http://testserver/embed/gemeenten/ieper/" title="Ieper: referentieregio en IGS cultuur"'
        in html
    )
