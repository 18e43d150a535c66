"""Finding a municipality, IGS or region at /zoeken/ from what a visitor would type."""

from urllib.parse import urlsplit

import pytest

from igs.map import NetworkAtlas
from opti.contact.models import Organisation
from regions.models import SubMunicipality

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "target"),
    [
        # Municipality names, in any case, spacing, punctuation or accents.
        ("Ieper", "/gemeenten/ieper/"),
        ("  ieper  ", "/gemeenten/ieper/"),
        ("IEPER", "/gemeenten/ieper/"),
        ("Ïeper", "/gemeenten/ieper/"),
        ("Lo Reninge", "/gemeenten/lo-reninge/"),
        ("lo-reninge", "/gemeenten/lo-reninge/"),
        ("Kapelle op den Bos", "/gemeenten/kapelle-op-den-bos/"),
        ("kapelleopdenbos", "/gemeenten/kapelle-op-den-bos/"),
        ("Beveren-Kruibeke-Zwijndrecht", "/gemeenten/beveren-kruibeke-zwijndrecht/"),
        # "Sint" and "St." are the same, and "Sint" may be left out.
        ("Sint-Truiden", "/gemeenten/sint-truiden/"),
        ("St.-Truiden", "/gemeenten/sint-truiden/"),
        ("st truiden", "/gemeenten/sint-truiden/"),
        ("Truiden", "/gemeenten/sint-truiden/"),
        ("St. Genesius Rode", "/gemeenten/sint-genesius-rode/"),
        # Pre-2025 municipalities lead to the municipality they are part of now.
        ("Borsbeek", "/gemeenten/antwerpen/"),
        ("Wachtebeke", "/gemeenten/lochristi/"),
        ("Meulebeke", "/gemeenten/tielt/"),
        ("Herne", "/gemeenten/pajottegem/"),
        ("Zwijndrecht", "/gemeenten/beveren-kruibeke-zwijndrecht/"),
        ("Kortessem", "/gemeenten/hasselt/"),
        # Sub-municipalities (deelgemeenten), with apostrophes in any form.
        ("Wilsele", "/gemeenten/leuven/"),
        ("Sint-Job-in-'t-Goor", "/gemeenten/brecht/"),
        ("sint job in t goor", "/gemeenten/brecht/"),
        ("’s-Gravenwezel", "/gemeenten/schilde/"),
        ("s Gravenwezel", "/gemeenten/schilde/"),
        ("Zeebrugge", "/gemeenten/brugge/"),
        # Postcodes of exactly one municipality, alone or with the name.
        ("8900", "/gemeenten/ieper/"),
        (" 3000 ", "/gemeenten/leuven/"),
        ("8900 Ieper", "/gemeenten/ieper/"),
        ("Gent 9000", "/gemeenten/gent/"),
        ("1804 Zemst", "/gemeenten/zemst/"),
        ("1804 Vilvoorde", "/gemeenten/vilvoorde/"),
        # IGS names, also their later names, and region names (also former ones).
        ("Ginter", "/igs/ginter/"),
        ("route 42", "/igs/route42/"),
        ("Dijk92", "/igs/dijk-92/"),
        ("ECRU", "/igs/midden-limburg/"),
        ("Stuifzand", "/igs/cultuurnetwerk-kempen/"),
        ("Westhoek", "/regios/westhoek/"),
        ("Kempen", "/regios/kempen/"),
        ("Regio Oostende", "/regios/middenkust/"),
        ("halle vilvoorde", "/regios/halle-vilvoorde/"),
    ],
)
def test_one_certain_match_redirects_to_its_page(client, query, target):
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == target
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("query", "target", "why"),
    [
        ("Ledeberg", "/gemeenten/gent/", "Ledeberg is een deelgemeente van Gent."),
        ("Borsbeek", "/gemeenten/antwerpen/", "Borsbeek is sinds 1 januari 2025 deel van Antwerpen."),
        ("Meulebeke", "/gemeenten/tielt/", "Meulebeke is sinds 1 januari 2025 deel van Tielt."),
        ("8900", "/gemeenten/ieper/", "8900 is een postcode van Ieper."),
        (
            "2150",
            "/gemeenten/antwerpen/",
            "2150 is een postcode van Antwerpen (van het vroegere Borsbeek, sinds 1 januari 2025 deel van Antwerpen).",
        ),
    ],
)
def test_after_a_redirect_by_another_kind_of_name_the_page_says_why(client, query, target, why):
    response = client.get("/zoeken/", {"q": query}, follow=True)
    assert response.redirect_chain[0][0].startswith(f"{target}?gezocht=")
    assert why in response.content.decode()


def test_an_exact_municipality_name_redirects_and_offers_the_places_of_the_same_name(client):
    response = client.get("/zoeken/", {"q": "Aalst"}, follow=True)
    assert response.redirect_chain == [("/gemeenten/aalst/?gezocht=Aalst", 302)]
    html = response.content.decode()
    assert 'Zocht je <a href="/gemeenten/sint-truiden/">Aalst</a> (deelgemeente van Sint-Truiden)?' in html
    response = client.get("/zoeken/", {"q": "Tielt"}, follow=True)
    assert response.redirect_chain == [("/gemeenten/tielt/?gezocht=Tielt", 302)]
    assert 'Zocht je <a href="/gemeenten/tielt-winge/">Tielt</a> (deelgemeente van Tielt-Winge)?' in (
        response.content.decode()
    )


def test_a_name_without_other_matches_redirects_without_a_note(client):
    assert client.get("/zoeken/", {"q": "Ieper"})["Location"] == "/gemeenten/ieper/"


def test_a_query_that_starts_several_names_never_redirects(client):
    response = client.get("/zoeken/", {"q": "Sint-Kat"})
    assert response.status_code == 200
    assert result_names(response) == ["Sint-Katelijne-Waver"] or len(result_names(response)) > 1


def test_the_explanation_only_speaks_of_what_the_search_found(client):
    html = client.get("/gemeenten/gent/", {"gezocht": "<b>Borsbeek</b>"}).content.decode()
    assert "Borsbeek" not in html.split("<h1>")[1].split("</dl>")[0]
    assert "&lt;b&gt;" not in html and "<b>Borsbeek" not in html


@pytest.mark.parametrize(
    ("query", "names"),
    [("vilvorde", ["Vilvoorde"]), ("mechlen", ["Mechelen"]), ("Kortrjk", ["Kortrijk"]), ("Ledebreg", ["Gent"])],
)
def test_one_or_two_letters_wrong_still_finds_the_place(client, query, names):
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
    assert result_names(response) == names
    assert "Bedoelde je" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ("Brussel", "Brussel ligt in het Brussels Hoofdstedelijk Gewest."),
        ("Elsene", "Elsene ligt in het Brussels Hoofdstedelijk Gewest."),
        ("Ixelles", "Elsene ligt in het Brussels Hoofdstedelijk Gewest."),
        ("Namur", "Namen ligt in het Waals Gewest."),
        ("Luik", "Luik ligt in het Waals Gewest."),
        ("1050", "1050 is een postcode van Elsene in het Brussels Hoofdstedelijk Gewest."),
        ("7000", "7000 is een postcode van Bergen in het Waals Gewest."),
    ],
)
def test_brussels_and_walloon_places_are_explained_as_outside_the_flemish_regions(client, query, answer):
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert answer in html
    assert "buiten de vijftien Vlaamse referentieregio’s" in html
    assert "We vonden geen gemeente" not in html


@pytest.mark.parametrize(
    ("query", "in_flanders", "outside"),
    [
        ("Limburg", 'href="/regios/limburg/">Limburg</a>', "Limburg ligt in het Waals Gewest."),
        ("Vorst", 'href="/gemeenten/laakdal/">Laakdal</a>', "Vorst ligt in het Brussels Hoofdstedelijk Gewest."),
        ("Bergen", 'href="/gemeenten/geraardsbergen/">Geraardsbergen</a>', "Bergen ligt in het Waals Gewest."),
    ],
)
def test_a_place_outside_flanders_is_offered_unless_a_flemish_municipality_has_its_name(
    client, query, in_flanders, outside
):
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 200  # no redirect: the visitor chooses
    html = response.content.decode()
    assert in_flanders in html and outside in html


def result_names(response):
    return [match.municipality.name for match in response.context["lookup"].municipalities]


def test_postcode_shared_by_two_municipalities_lists_both(client):
    response = client.get("/zoeken/", {"q": "1804"})
    assert response.status_code == 200
    assert result_names(response) == ["Vilvoorde", "Zemst"]
    html = response.content.decode()
    assert "1804 is een postcode van Vilvoorde." in html
    assert "IGS: Noordrand" in html  # Vilvoorde
    assert "IGS: geen" in html  # Zemst


def test_a_name_of_several_places_lists_them_with_why(client):
    response = client.get("/zoeken/", {"q": "Beveren"})
    assert response.status_code == 200
    assert result_names(response) == ["Beveren-Kruibeke-Zwijndrecht", "Alveringem", "Roeselare", "Waregem"]
    html = response.content.decode()
    assert "Beveren is sinds 1 januari 2025 deel van Beveren-Kruibeke-Zwijndrecht." in html
    assert "Beveren is een deelgemeente van Roeselare." in html
    assert "Referentieregio: Midwest" in html


def test_former_name_of_two_places_explains_both(client):
    response = client.get("/zoeken/", {"q": "Moerbeke"})
    assert result_names(response) == ["Lokeren", "Geraardsbergen"]
    html = response.content.decode()
    assert "Moerbeke is sinds 1 januari 2025 deel van Lokeren." in html
    assert "Moerbeke is een deelgemeente van Geraardsbergen." in html


def test_results_are_ordered_exact_then_prefix_then_contained(client):
    response = client.get("/zoeken/", {"q": "Heusden"})
    lookup = response.context["lookup"]
    ranks = [match.rank for match in lookup.municipalities]
    assert ranks == sorted(ranks)
    assert result_names(response)[:2] == ["Destelbergen", "Heusden-Zolder"]  # a deelgemeente of both


def test_a_prefix_of_two_characters_finds_candidates(client):
    response = client.get("/zoeken/", {"q": "ie"})
    assert response.status_code == 200
    names = result_names(response)
    assert names[0] == "Ieper"  # the only name that starts with "ie"
    assert "Diepenbeek" in names  # contains "ie"
    assert len(names) == 50 and response.context["lookup"].more_municipalities > 0


def test_a_partial_name_lists_candidates_rather_than_guessing(client):
    response = client.get("/zoeken/", {"q": "Iepe"})
    assert response.status_code == 200
    assert result_names(response) == ["Ieper", "Diepenbeek"]  # a prefix, then a name that contains it


def test_a_partial_postcode_lists_municipalities(client):
    response = client.get("/zoeken/", {"q": "89"})
    assert response.status_code == 200
    assert "Ieper" in result_names(response)
    assert "Heuvelland" in result_names(response)


def test_no_match_gives_a_helpful_page(client):
    response = client.get("/zoeken/", {"q": "Atlantis"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "We vonden geen gemeente, IGS, regio of artikel voor “Atlantis”" in html
    assert 'href="/regios/"' in html


def test_empty_and_too_short_queries_explain_what_to_type(client):
    assert "Typ de naam van je gemeente" in client.get("/zoeken/").content.decode()
    assert "Typ minstens twee letters" in client.get("/zoeken/", {"q": "x"}).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "x" * 10_000,
        "ieper " * 2_000,
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "\x00\x01\x02ieper\x7f",
        "'; DROP TABLE regions_municipality; --",
        "%",
        "_",
        "\\",
        "日本語",
        "🙂",
        "1" * 500,
        "0000",
    ],
)
def test_any_input_gives_200_or_302_and_is_shown_escaped(client, query):
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code in (200, 302)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_markup_is_echoed_escaped(client):
    html = client.get("/zoeken/", {"q": "<b>Gent</b>x"}).content.decode()
    assert "&lt;b&gt;Gent&lt;/b&gt;x" in html


@pytest.mark.parametrize(
    "query", ["Ieper", "Beveren", "1804", "ie", "8900 Ieper", "Atlantis", "Ginter", "89", "vilvorde", "Namen", "1050"]
)
def test_at_most_three_queries_per_lookup_whatever_the_data_size(client, django_assert_max_num_queries, query):
    # What every page shows of municipalities and IGS, and OP/TIL's details (footer), is read once per content
    # version. The search page adds one query for articles and one for publications (tests/test_kennisbank.py) to
    # the lookup's three.
    assert NetworkAtlas().rows and NetworkAtlas().networks and Organisation.current()
    with django_assert_max_num_queries(3 + 2):
        client.get("/zoeken/", {"q": query})
    ieper = SubMunicipality.objects.get(name="Ieper").municipality
    for i in range(300):
        SubMunicipality.objects.create(name=f"Ieperwijk {i}", municipality=ieper)
    assert NetworkAtlas().rows and NetworkAtlas().networks and Organisation.current()
    with django_assert_max_num_queries(3 + 2):
        client.get("/zoeken/", {"q": query})


def test_every_page_has_one_search_box_in_its_header_or_its_own(client):
    for url in ("/regios/", "/igs/co7/", "/gemeenten/ieper/", "/privacy/", "/bestaat-niet/"):
        html = client.get(url).content.decode()
        header = html.split("</header>")[0]
        assert 'role="search"' in header and 'action="/zoeken/"' in header and 'name="q"' in header, url
        assert html.count('role="search"') == 1
        assert '<a class="site-search-link" href="/zoeken/">Zoeken</a>' in header  # on a phone, instead of the form
    for url in ("/", "/zoeken/"):
        html = client.get(url).content.decode()
        assert html.count('role="search"') == 1 and 'role="search"' not in html.split("</header>")[0], url
