"""Finding a municipality, IGS or region at /zoeken/ from what a visitor would type."""

import pytest

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
    assert response["Location"] == target


def result_names(response):
    return [match.municipality.name for match in response.context["lookup"].municipalities]


def test_postcode_shared_by_two_municipalities_lists_both(client):
    response = client.get("/zoeken/", {"q": "1804"})
    assert response.status_code == 200
    assert result_names(response) == ["Vilvoorde", "Zemst"]
    html = response.content.decode()
    assert "postcode 1804" in html
    assert "IGS: Noordrand" in html  # Vilvoorde
    assert "IGS: nog geen" in html  # Zemst


def test_a_name_of_several_places_lists_them_with_why(client):
    response = client.get("/zoeken/", {"q": "Beveren"})
    assert response.status_code == 200
    assert result_names(response) == ["Beveren-Kruibeke-Zwijndrecht", "Alveringem", "Roeselare", "Waregem"]
    html = response.content.decode()
    assert "Beveren: sinds 2025 deel van Beveren-Kruibeke-Zwijndrecht" in html
    assert "Beveren: deelgemeente van Roeselare" in html
    assert "Referentieregio: Midwest" in html


def test_municipality_that_shares_its_name_with_a_sub_municipality_elsewhere_is_listed_first(client):
    response = client.get("/zoeken/", {"q": "Aalst"})
    assert response.status_code == 200
    assert result_names(response)[:2] == ["Aalst", "Sint-Truiden"]
    assert "Aalst: deelgemeente van Sint-Truiden" in response.content.decode()


def test_former_name_of_two_places_explains_both(client):
    response = client.get("/zoeken/", {"q": "Moerbeke"})
    assert result_names(response) == ["Lokeren", "Geraardsbergen"]
    html = response.content.decode()
    assert "Moerbeke: sinds 2025 deel van Lokeren" in html
    assert "Moerbeke: deelgemeente van Geraardsbergen" in html


def test_results_are_ordered_exact_then_prefix_then_contained(client):
    response = client.get("/zoeken/", {"q": "Halle"})
    lookup = response.context["lookup"]
    ranks = [match.rank for match in lookup.municipalities]
    assert ranks == sorted(ranks)
    assert result_names(response)[:3] == ["Halle", "Zoersel", "Zoutleeuw"]
    assert [page.name for page in lookup.pages] == ["Halle-Vilvoorde"]


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
    assert "We vonden geen gemeente, IGS of regio voor “Atlantis”" in html
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


@pytest.mark.parametrize("query", ["Ieper", "Beveren", "1804", "ie", "8900 Ieper", "Atlantis", "Ginter", "89"])
def test_at_most_two_queries_per_lookup_whatever_the_data_size(client, django_assert_max_num_queries, query):
    with django_assert_max_num_queries(2):
        client.get("/zoeken/", {"q": query})
    ieper = SubMunicipality.objects.get(name="Ieper").municipality
    for i in range(300):
        SubMunicipality.objects.create(name=f"Ieperwijk {i}", municipality=ieper)
    with django_assert_max_num_queries(2):
        client.get("/zoeken/", {"q": query})


def test_every_page_has_the_search_box_in_its_header(client):
    for url in ("/", "/regios/", "/igs/co7/", "/gemeenten/ieper/", "/privacy/", "/bestaat-niet/"):
        html = client.get(url).content.decode()
        header = html.split("</header>")[0]
        assert 'role="search"' in header and 'action="/zoeken/"' in header and 'name="q"' in header, url
