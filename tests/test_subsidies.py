"""Subsidies: rounds grouped as open, upcoming and past from today's date in Brussels; the next deadline."""

import datetime
import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from opti.subsidies.models import SubsidyProgramme, SubsidyRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    SubsidyRound.objects.all().delete()
    return SubsidyProgramme.objects.create(name="Testsubsidie", slug="testsubsidie", description="Voor tests.")


def make_round(programme, title, opens, deadline, **fields):
    today = timezone.localdate()
    return SubsidyRound.objects.create(
        programme=programme,
        title=title,
        opens_on=today + timedelta(days=opens),
        deadline=today + timedelta(days=deadline),
        **fields,
    )


def section(html, heading_id):
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_rounds_are_grouped_as_open_upcoming_and_past(client, programme):
    make_round(programme, "Loopt", -10, 10)
    make_round(programme, "Laatste dag", -10, 0)
    make_round(programme, "Opent vandaag", 0, 30)
    make_round(programme, "Opent morgen", 1, 30)
    make_round(programme, "Gisteren gesloten", -30, -1)
    html = client.get("/subsidies/").content.decode()
    assert {"Loopt", "Laatste dag", "Opent vandaag"} == {t for t in ROUNDS if t in section(html, "open")}
    assert {"Opent morgen"} == {t for t in ROUNDS if t in section(html, "binnenkort")}
    assert {"Gisteren gesloten"} == {t for t in ROUNDS if t in section(html, "afgelopen")}


ROUNDS = ["Loopt", "Laatste dag", "Opent vandaag", "Opent morgen", "Gisteren gesloten"]


def test_today_is_the_date_in_brussels(client, programme, monkeypatch):
    SubsidyRound.objects.create(
        programme=programme,
        title="Sluit op 23 november",
        opens_on=datetime.date(2026, 11, 1),
        deadline=datetime.date(2026, 11, 23),
    )
    # 23:30 UTC on 23 November is already 00:30 on 24 November in Brussels.
    late = datetime.datetime(2026, 11, 23, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late)
    html = client.get("/subsidies/").content.decode()
    assert "Sluit op 23 november" in section(html, "afgelopen")
    monkeypatch.setattr(timezone, "now", lambda: late - timedelta(hours=1))
    html = client.get("/subsidies/").content.decode()
    assert "Sluit op 23 november" in section(html, "open")


def test_round_details_and_example_label(client, programme):
    make_round(
        programme,
        "Echte ronde",
        -1,
        20,
        decision_on=timezone.localdate() + timedelta(days=60),
        budget=1500000,
        call_url="https://www.vlaanderen.be/oproep",
    )
    make_round(programme, "Voorbeeldronde", 5, 25, is_example=True)
    html = client.get("/subsidies/").content.decode()
    real = section(html, "open")
    assert "Testsubsidie: Echte ronde</h3>" in real
    assert "€&nbsp;1.500.000" in real
    assert 'href="https://www.vlaanderen.be/oproep"' in real
    assert "verwacht op" in real
    assert "voorbeeld" not in real
    assert '<span class="badge badge--example">voorbeeld</span>' in section(html, "binnenkort")


def test_empty_groups_say_so(client, programme):
    html = client.get("/subsidies/").content.decode()
    assert "Er is op dit moment geen subsidieronde open." in html
    assert "Er is nog geen nieuwe ronde aangekondigd." in html
    assert "Testsubsidie" in section(html, "programmas")


def test_programme_text_typed_by_editors_is_escaped(client, programme):
    programme.description = "<script>alert(1)</script>\n\nTweede alinea"
    programme.save()
    html = client.get("/subsidies/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html and "<p>Tweede alinea</p>" in html


def test_home_shows_the_next_deadline(client, programme):
    make_round(programme, "Later", 1, 40)
    make_round(programme, "Eerst", -3, 12)
    make_round(programme, "Voorbij", -30, -2)
    html = client.get("/").content.decode()
    deadline = timezone.localdate() + timedelta(days=12)
    expected = f"Volgende deadline: <strong>{deadline.day} "
    assert expected in html
    assert "Testsubsidie, Eerst." in html
    assert 'href="/subsidies/"' in html


def test_home_without_coming_deadline_says_so(client, programme):
    make_round(programme, "Voorbij", -30, -2)
    assert "geen subsidieronde met een deadline aangekondigd" in client.get("/").content.decode()


def test_page_query_count_does_not_grow(client, programme, django_assert_num_queries):
    # 4, and 2 read once per content version: the consultants (who answers questions) and OP/TIL's details (footer).
    with django_assert_num_queries(6):
        client.get("/subsidies/")
    for i in range(6):
        other = SubsidyProgramme.objects.create(name=f"Programma {i}", slug=f"programma-{i}")
        make_round(other, "Open", -1, 5)
        make_round(other, "Later", 5, 9)
        make_round(other, "Voorbij", -9, -5)
    with django_assert_num_queries(6):
        client.get("/subsidies/")


def test_demo_rounds_are_examples_and_the_programmes_cite_their_source():
    fixture = json.loads((settings.BASE_DIR / "fixtures" / "demo" / "subsidy_rounds.json").read_text(encoding="utf-8"))
    rounds = [o["fields"] for o in fixture if o["model"] == "subsidies.subsidyround"]
    assert rounds and all(r["is_example"] for r in rounds)
    assert not SubsidyRound.objects.exists()  # `seed` loads no examples
    igs = SubsidyProgramme.objects.get(slug="werkingssubsidie-igs")
    assert igs.info_url.startswith("https://www.vlaanderen.be/")
    assert "26 april 2024" in igs.description


# The editors' admin
ADMIN = pytest.mark.ignore_template_errors


@ADMIN
def test_editor_filters_rounds_by_state_and_sees_examples(editor_client, programme):
    make_round(programme, "Loopt", -10, 10)
    make_round(programme, "Voorbeeld", 3, 10, is_example=True)
    response = editor_client.get("/admin/subsidies/subsidyround/", {"stand": "open"})
    assert [r.title for r in response.context["cl"].result_list] == ["Loopt"]
    response = editor_client.get("/admin/subsidies/subsidyround/", {"is_example__exact": "1"})
    assert [r.title for r in response.context["cl"].result_list] == ["Voorbeeld"]
    assert editor_client.get("/admin/subsidies/subsidyround/", {"stand": "binnenkort"}).context["cl"].result_count == 1
    assert editor_client.get("/admin/subsidies/subsidyround/", {"stand": "afgelopen"}).context["cl"].result_count == 0


@ADMIN
def test_round_dates_are_validated_in_dutch(editor_client, programme):
    response = editor_client.post(
        "/admin/subsidies/subsidyround/add/",
        {
            "programme": programme.pk,
            "title": "Fout\nBcc: iedereen@example.org",
            "opens_on": "2027-03-01",
            "deadline": "2027-02-01",
            "decision_on": "2027-01-01",
            "budget": "-5",
        },
    )
    html = response.content.decode()
    assert "De deadline mag niet vóór de opening van de ronde liggen." in html
    assert "De beslissing kan niet vóór de deadline vallen." in html
    assert "Zorg ervoor dat deze waarde minstens 0 is." in html
    assert "Gebruik geen regeleinden, tabs of andere stuurtekens." in html
    assert not SubsidyRound.objects.exists()


@ADMIN
def test_editor_adds_a_round_inline_and_it_appears_on_the_site(editor_client, client, programme):
    today = timezone.localdate()
    response = editor_client.post(
        f"/admin/subsidies/subsidyprogramme/{programme.pk}/change/",
        {
            "name": programme.name,
            "slug": programme.slug,
            "description": programme.description,
            "info_url": "",
            "rounds-TOTAL_FORMS": "1",
            "rounds-INITIAL_FORMS": "0",
            "rounds-0-title": "Ronde van de redactie",
            "rounds-0-opens_on": (today - timedelta(days=1)).isoformat(),
            "rounds-0-deadline": (today + timedelta(days=9)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert "Ronde van de redactie" in section(client.get("/subsidies/").content.decode(), "open")
