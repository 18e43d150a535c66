"""Every form of the site guides after a failed submit (GOV.UK's error summary, without JavaScript): the summary is
the first thing in the main content, takes the focus, links to each field in error, and the title says "Fout:"."""

import re

import pytest

from tests.test_grensbrekers import form_data, make_edition

pytestmark = pytest.mark.django_db


def assert_guides(response, *field_ids):
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>Fout: ", html)
    main = html.split('<main id="inhoud" tabindex="-1">', 1)[1]
    first = re.search(r"<(\w+)[^>]*>", main.split('<div class="wrap">', 1)[1])[0]
    assert first == '<div class="error-summary" role="alert" aria-labelledby="fouten-titel" tabindex="-1" autofocus>'
    summary = main.split('<div class="error-summary"', 1)[1].split("</div>", 1)[0]
    for field_id in field_ids:
        assert f'<a href="#{field_id}">' in summary
        assert f'id="{field_id}"' in html  # the link leads to the field


def test_grensbrekers_signup(client):
    edition = make_edition()
    assert_guides(
        client.post("/grensbrekers/", form_data(edition, name="", email="geen-adres", organisation_type="")),
        "id_name",
        "id_email",
        "id_organisation_type_0",
    )


def test_a_checkbox_error_is_named_by_its_message_alone(client):
    html = client.post("/grensbrekers/", form_data(make_edition(), consent="")).content.decode()
    summary = html.split('<div class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#id_consent">Zonder je toestemming kunnen we je inschrijving niet verwerken.</a>' in summary


def test_igs_details_editor(client_a):
    assert_guides(client_a.post("/profiel/igs/", {"website": "geen adres", "phone": "bel"}), "id_website", "id_phone")


def test_grensbrekers_interest(client):
    assert_guides(client.post("/grensbrekers/mijn-regio/", {"email": "", "region": ""}), "id_email", "id_region")


def test_newsletter(client):
    assert_guides(client.post("/nieuwsbrief/", {"email": ""}), "id_email", "id_newsletters_0")


def test_login(client):
    assert_guides(client.post("/aanmelden/", {"username": "", "password": ""}), "id_username", "id_password")


def test_password_reset(client):
    assert_guides(client.post("/wachtwoord-vergeten/", {"email": "geen adres"}), "id_email")


def test_profile_editor(client_a):
    assert_guides(client_a.post("/profiel/", {"name": "", "role": "x", "show_email": "on"}), "id_name", "id_email")


def test_a_page_without_errors_has_no_summary_and_no_error_title(client):
    html = client.get("/nieuwsbrief/").content.decode()
    assert "error-summary" not in html and "<title>Fout:" not in html
