"""What the pages say stays true: recognition in the tense of the day, memberships through a former municipality,
uncertainty wherever a membership is shown, no invented examples in production, dates that mean something."""

import json
import re
from datetime import date, datetime, time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from igs.models import Membership, Network, RecognitionPeriod
from opti.grensbrekers.models import Edition
from opti.kennisbank.models import Article, Publication
from opti.models import Page
from opti.subsidies.models import SubsidyRound
from profiles.models import CoordinatorProfile
from regions.models import Municipality, Region
from tests.test_admin import network_form

pytestmark = pytest.mark.django_db


def text(response):
    """The page's main content as plain text, maps left out."""
    html = response.content.decode().split("<main", 1)[1].split("</main>")[0]
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def on_day(monkeypatch):
    """Browse the site as on another day (noon in Brussels)."""

    def travel(day):
        moment = timezone.make_aware(datetime.combine(day, time(12)))
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return travel


# Recognition, in the words of the day


def test_during_the_recognition_period_an_igs_is_recognised(client, on_day):
    on_day(date(2024, 5, 1))
    page = text(client.get("/igs/co7/"))
    assert "Erkend 2020–2025; erkenning vanaf 2027: nog niet bekend" in page
    assert "Ieper werkt voor cultuur samen met andere gemeenten in het IGS CO7" in text(client.get("/gemeenten/ieper/"))


def test_a_membership_that_ended_is_in_the_past_tense_while_its_igs_is_still_recognised(client, on_day):
    on_day(date(2024, 5, 1))
    Membership.objects.filter(municipality__slug="ieper").update(ended_on=date(2023, 12, 31))
    for url in ("/gemeenten/ieper/", "/embed/gemeenten/ieper/"):
        page = text(client.get(url)) if url.startswith("/gemeenten") else client.get(url).content.decode()
        assert "Ieper werkte voor cultuur samen met andere gemeenten in het IGS" in page, url
        assert "werkt voor" not in page, url


def test_after_the_period_nothing_unconfirmed_is_said_in_the_present_tense(client, on_day):
    on_day(date(2026, 12, 6))
    page = text(client.get("/igs/co7/"))
    assert "Erkend 2020–2025, daarna niet bevestigd; erkenning vanaf 2027: nog niet bekend" in page
    assert "2026 : niet bevestigd" in page and "vanaf 2027 : nog niet bekend" in page
    ieper = text(client.get("/gemeenten/ieper/"))
    assert "Ieper werkte voor cultuur samen met andere gemeenten in het IGS CO7" in ieper
    assert "werkt voor cultuur samen" not in ieper
    assert "periode afgelopen" not in text(client.get("/igs/"))


def test_an_igs_that_stopped_is_shown_as_stopped_everywhere(client, on_day):
    on_day(date(2026, 12, 6))
    assert "Erkend 2020–2025, gestopt eind 2025" in text(client.get("/igs/ginter/"))
    torhout = text(client.get("/gemeenten/torhout/"))
    assert "Torhout werkte voor cultuur samen met andere gemeenten in het IGS Ginter" in torhout
    assert "Sindsdien hoort Torhout volgens onze gegevens bij geen enkel IGS cultuur." in torhout
    assert "Erkend 2020–2025, gestopt eind 2025." in text(client.get("/regios/regio-brugge/"))
    home = text(client.get("/"))
    assert "Ginter stopte eind 2025" in home
    assert "Een project van Ginter , dat eind 2025 stopte" in home
    assert "Ginter (gestopt eind 2025)" in home  # the map's legend
    assert "dat eind 2025 stopte" in text(client.get("/igs/ginter/projecten/oaze/"))
    assert "4 van die 18 IGS hebben leden in meer dan één referentieregio" in home  # Ginter spanned two as well
    card = text(client.get("/embed/gemeenten/torhout/"))
    assert "Sindsdien hoort Torhout volgens onze gegevens bij geen enkel IGS cultuur." in card


def test_in_2027_the_next_round_is_no_longer_announced_as_to_come(client, on_day):
    on_day(date(2027, 2, 1))
    page = text(client.get("/igs/co7/"))
    assert "Erkend 2020–2025, daarna niet bevestigd" in page
    assert "vanaf 2027: nog niet bekend" not in page


def test_an_editor_records_a_new_recognition_and_every_page_follows(client, editor_client, on_day):
    network = Network.objects.get(slug="co7")
    n = network.recognition_periods.count()
    data = network_form(
        network,
        **{
            "recognition_periods-TOTAL_FORMS": n + 1,
            f"recognition_periods-{n}-status": "erkend",
            f"recognition_periods-{n}-starts_on": "2027-01-01",
            f"recognition_periods-{n}-ends_on": "2032-12-31",
        },
    )
    assert editor_client.post(f"/admin/igs/network/{network.pk}/change/", data)["Location"] == "/admin/igs/network/"
    assert "Erkend 2020–2025, daarna niet bevestigd; erkend vanaf 2027" in text(client.get("/igs/co7/"))
    on_day(date(2027, 2, 1))
    assert "Erkend 2027–2032" in text(client.get("/igs/co7/"))
    assert "Ieper werkt voor cultuur samen" in text(client.get("/gemeenten/ieper/"))


def test_what_is_known_about_recognition_cites_its_sources(client):
    page = client.get("/igs/ginter/").content.decode()
    assert "bron: OP/TIL: “Gemeenten werken samen”" in page
    assert '<a href="https://kw.be/nieuws/samenleving/verenigingsleven/ginter-stopt-eind-2025' in page
    assert "KW: Ginter stopt eind 2025: afscheidsjaar vol plannen</a>" in page
    assert "https://" not in re.sub(r'href="[^"]+"', "", page.split('id="bronnen"')[1])  # no raw addresses


# A municipality that joined through a former municipality


def test_a_merged_municipality_is_not_claimed_for_the_igs_of_its_former_part(client):
    response = client.get("/zoeken/", {"q": "2000"}, follow=True)
    page = text(response)
    assert response.redirect_chain[-1][0].startswith("/gemeenten/antwerpen/")
    assert "Zuidrand : alleen het vroegere Borsbeek was lid niet bevestigd voor heel Antwerpen" in page
    assert "Het vroegere Borsbeek, sinds 1 januari 2025 deel van Antwerpen," in page
    assert "Of heel Antwerpen meedoet, is niet bevestigd." in page
    assert "Antwerpen werkt" not in page and "Antwerpen werkte" not in page


@pytest.mark.parametrize("query", ["Borsbeek", "2150"])
def test_the_former_municipality_or_its_postcode_leads_to_the_igs_with_the_explanation(client, query):
    response = client.get("/zoeken/", {"q": query}, follow=True)
    page = text(response)
    assert response.redirect_chain[-1][0] == f"/gemeenten/antwerpen/?gezocht={query}"
    assert "Borsbeek" in page.split("Referentieregio")[0]  # said first
    assert "was lid van het IGS Zuidrand" in page


def test_the_region_and_igs_pages_mark_a_member_through_a_former_municipality(client):
    for url in ("/regios/regio-antwerpen/", "/igs/zuidrand/"):
        assert "Antwerpen via Borsbeek, te bevestigen" in text(client.get(url)), url


def test_an_igs_counts_no_inhabitants_of_a_municipality_only_a_former_part_of_which_was_a_member(client):
    page = text(client.get("/igs/de-merode/"))
    members = Membership.objects.current().filter(network__slug="de-merode", via_former__isnull=True)
    population = sum(membership.municipality.population for membership in members.select_related("municipality"))
    assert population < 85_000 < population + Municipality.objects.get(slug="tessenderlo-ham").population
    assert f"Inwoners {population:,} (leden, 1 januari 2020)".replace(",", ".", 1) in page
    assert "Zonder Tessenderlo-Ham: daar was alleen het vroegere Tessenderlo lid; niet bevestigd voor heel" in page
    assert "Niet in de check: Tessenderlo-Ham, want daar was alleen het vroegere Tessenderlo lid." in page
    check = re.search(r'href="(/igs-check/\?[^"]+)"', client.get("/igs/de-merode/").content.decode())[1]
    assert "tessenderlo-ham" not in check and check.count("gemeente=") == members.count()


# Uncertainty travels with the fact


def uncertain_members():
    return {
        membership.municipality.slug: membership.uncertainty
        for membership in Membership.objects.select_related("municipality", "via_former")
        if membership.uncertainty
    }


def public_pages():
    yield "/"
    yield "/regios/"
    yield "/igs/"
    yield from (region.get_absolute_url() for region in Region.objects.all())
    yield from (network.get_absolute_url() for network in Network.objects.all())
    yield from (municipality.get_absolute_url() for municipality in Municipality.objects.all())
    yield from (f"/zoeken/?q={query}" for query in ("Lo", "Ret", "an", "Tes", "Her", "zw", "Wev"))


def test_every_uncertain_membership_is_marked_wherever_a_page_shows_it(client):
    marks = uncertain_members()
    assert len(marks) > 30 and marks["antwerpen"] == "via Borsbeek, te bevestigen"
    link = re.compile(
        r'<a href="/gemeenten/(?P<slug>[a-z0-9-]+)/"(?P<attrs>[^>]*)>(?P<inner>.*?)</a>'
        r"(?P<after>.*?)(?=<a |</li>|</ul>)",
        re.S,
    )
    seen = 0
    for url in public_pages():
        html = client.get(url, follow=True).content.decode().split("<main", 1)[1].split("</main>")[0]
        html = html.split('aria-label="Kruimelpad"')[-1]
        if url.startswith("/regios/"):  # their maps show regions, not IGS: only the lists below speak of IGS
            html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
        html = re.sub(r'<div class="notice notice--info".*?</div>', "", html, flags=re.S)  # "Zocht je …?"
        for match in link.finditer(html):
            if match["slug"] in marks and 'class="off"' not in match["attrs"]:  # "off": not the page's subject
                seen += 1
                assert marks[match["slug"]] in match["inner"] + match["after"], (url, match["slug"])
    assert seen > 900  # checked on maps, lists and search results of every page


def test_a_search_result_marks_an_uncertain_membership(client):
    page = text(client.get("/zoeken/", {"q": "Lochr"}))
    assert "IGS: COMEET via Wachtebeke, te bevestigen" in page


def test_the_igs_list_counts_uncertain_members(client):
    page = text(client.get("/igs/"))
    assert "13 te bevestigen" in page  # zuidwest and Pajottenland-Zennevallei
    assert "Neteland (5 leden te bevestigen)" in page


# Reference data apart from examples


def test_seed_loads_no_invented_examples_and_production_pages_show_none(client):
    assert not SubsidyRound.objects.exists() and not Edition.objects.exists()
    for url in ("/", "/subsidies/", "/grensbrekers/"):
        assert not re.search(r"\bvoorbeeld\b", client.get(url).content.decode(), re.IGNORECASE), url


def test_seed_with_demo_loads_examples_marked_as_such_and_only_in_development(client):
    with pytest.raises(CommandError):
        call_command("seed", "--demo", verbosity=0)
    with override_settings(DEBUG=True):
        call_command("seed", "--demo", verbosity=0)
    assert SubsidyRound.objects.exists() and Edition.objects.exists()
    assert not SubsidyRound.objects.filter(is_example=False).exists()
    assert not Edition.objects.filter(is_example=False).exists()
    assert "voorbeeld" in client.get("/subsidies/").content.decode()
    assert "voorbeeld" in client.get("/grensbrekers/").content.decode()
    assert not Article.objects.filter(is_example=False).exists()
    assert not Publication.objects.filter(is_example=False).exists()
    assert client.get("/kennisbank/").content.decode().count("voorbeeld") >= Article.objects.count()
    assert "voorbeeld" in client.get("/publicaties/").content.decode()


def test_the_real_content_of_the_seed_pages_is_loaded_with_its_source(client):
    profile = CoordinatorProfile.objects.get(user__username="rosita.boussemaere")
    assert str(profile.source) == "OP/TIL: Gemeenten werken samen"
    assert "Bron: OP/TIL: “Gemeenten werken samen”" in client.get("/igs/ginter/projecten/oaze/").content.decode()


# Dates that mean something


def fixture_dates(name, model):
    fixture = json.loads((settings.BASE_DIR / "fixtures" / f"{name}.json").read_text(encoding="utf-8"))
    return [obj["fields"]["updated_at"] for obj in fixture if obj["model"] == model]


def test_loading_fixtures_keeps_their_dates():
    expected = {datetime.fromisoformat(value.replace("Z", "+00:00")) for value in fixture_dates("pages", "opti.page")}
    assert set(Page.objects.values_list("updated_at", flat=True)) == expected
    profiles = fixture_dates("coordinators", "profiles.coordinatorprofile")
    assert {
        profile.updated_at.isoformat().replace("+00:00", "Z") for profile in CoordinatorProfile.objects.all()
    } == set(profiles)


def test_the_privacy_page_says_when_its_text_last_changed(client, editor_client):
    page = Page.objects.get(slug="privacy")
    assert f"{page.updated_at:%-d}" in text(client.get("/privacy/"))
    Page.objects.filter(pk=page.pk).update(updated_at=page.updated_at)  # loading again changes nothing
    call_command("seed", verbosity=0)
    assert Page.objects.get(pk=page.pk).updated_at == page.updated_at


# No promises the data cannot keep


def test_contact_details_are_promised_only_where_there_are_some(client):
    co7 = text(client.get("/gemeenten/ieper/"))  # CO7 has no contact details
    assert "vind je de contactgegevens" not in co7
    assert "Contactgegevens van CO7 hebben we niet." in co7
    neteland = text(client.get("/gemeenten/herentals/"))  # Neteland has a website
    assert "Op de pagina van Neteland vind je de contactgegevens." in neteland


def test_merger_sentences_read_as_written_by_a_person(client):
    assert "Op 1 januari 2025 ging Meulebeke op in Tielt." in text(client.get("/gemeenten/tielt/"))
    assert "Pajottegem ontstond op 1 januari 2025 uit de fusie van Galmaarden, Gooik en Herne." in text(
        client.get("/gemeenten/pajottegem/")
    )
    assert "Op 1 januari 2025 ging Borsbeek op in Antwerpen." in text(client.get("/gemeenten/antwerpen/"))


def test_the_site_is_called_regionaal_samenwerken(client):
    html = client.get("/").content.decode()
    assert "· Regionaal samenwerken · OP/TIL</title>" in html
    assert "Regionaal cultuur" not in html


def test_recognition_periods_are_checked_in_dutch():
    period = RecognitionPeriod(
        network=Network.objects.get(slug="co7"), status="erkend", starts_on=date(2027, 1, 1), ends_on=date(2026, 1, 1)
    )
    with pytest.raises(Exception, match="Een periode kan niet eindigen vóór ze begint."):
        period.full_clean()


def test_the_data_page_links_the_licence_and_each_dataset_with_dates(client):
    html = client.get("/over-de-gegevens/").content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.nl"' in html
    for dataset in (
        "TU_COM_REFNIS-20250101.zip",
        "github.com/provinciesincijfers/gebiedsniveaus",
        "statbel.fgov.be/nl/open-data/bevolking",
    ):
        assert dataset in html
    assert "23 november 2026" in html and "1 januari 2020" in html
    assert "vereenvoudig" in html  # what was changed
