"""Memberships over time: a start and an end, former members, and a municipality's history."""

from datetime import date

import pytest

from igs.models import Membership, Network
from regions.models import Municipality
from tests.test_admin import network_form
from tests.test_truth import text

pytestmark = pytest.mark.django_db


def test_an_igs_that_stopped_lists_its_former_members_with_their_end(client):
    page = text(client.get("/igs/ginter/"))
    assert "Ginter heeft geen leden meer." in page
    assert "Vroegere leden Gistel (Middenkust) (tot en met 31 december 2025)" in page


def test_a_municipality_page_tells_its_history(client):
    page = text(client.get("/gemeenten/torhout/"))
    assert "IGS door de jaren Torhout: lid van Ginter tot en met 31 december 2025" in page


def test_an_editor_records_a_change_with_a_date_and_the_history_stays(client, editor_client):
    """Ieper leaves CO7 at the end of 2026 and joins Viertoren on 1 January 2027."""
    ieper = Municipality.objects.get(name="Ieper")
    co7, viertoren = Network.objects.get(slug="co7"), Network.objects.get(slug="viertoren")
    data = network_form(co7)
    index = next(i for i, m in enumerate(co7.memberships.all()) if m.municipality_id == ieper.pk)
    data[f"memberships-{index}-ended_on"] = "2026-12-31"
    assert editor_client.post(f"/admin/igs/network/{co7.pk}/change/", data).status_code == 302
    n = viertoren.memberships.count()
    data = network_form(
        viertoren, **{f"memberships-{n}-municipality": ieper.pk, f"memberships-{n}-started_on": "2027-01-01"}
    )
    assert editor_client.post(f"/admin/igs/network/{viertoren.pk}/change/", data).status_code == 302
    history = list(
        Membership.objects.filter(municipality=ieper)
        .order_by("network__slug")
        .values_list("network__slug", "started_on", "ended_on")
    )
    assert history == [("co7", None, date(2026, 12, 31)), ("viertoren", date(2027, 1, 1), None)]
    page = text(client.get("/gemeenten/ieper/"))
    assert "Ieper: lid van Viertoren sinds 1 januari 2027" in page
    assert "Ieper: lid van CO7 tot en met 31 december 2026" in page
    assert "Ieper werkte voor cultuur samen met andere gemeenten in het IGS CO7" in page  # until the change


def test_a_second_open_membership_is_refused_with_the_igs_named(editor_client):
    ieper = Municipality.objects.get(name="Ieper")
    viertoren = Network.objects.get(slug="viertoren")
    n = viertoren.memberships.count()
    data = network_form(viertoren, **{f"memberships-{n}-municipality": ieper.pk})
    html = editor_client.post(f"/admin/igs/network/{viertoren.pk}/change/", data).content.decode()
    assert "Ieper is al lid van CO7. Geef dat lidmaatschap eerst een einddatum" in html
    assert ieper.memberships.count() == 1
