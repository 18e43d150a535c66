"""Anonymous public pages come from the cache; any edit makes them fresh at once; private pages never do."""

import gzip
import io
import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from igs.models import Network
from opti.grensbrekers.models import Interest
from opti.newsletter.models import Subscription
from regions.models import Postcode
from tests.test_admin import network_form
from tests.test_grensbrekers import ask_interest, confirmation_link, form_data, interest_links, make_edition
from tests.test_settings import manage

pytestmark = pytest.mark.django_db


def test_second_anonymous_visit_is_served_from_the_cache(client, django_assert_num_queries):
    first = client.get("/igs/co7/")
    with django_assert_num_queries(0):
        second = client.get("/igs/co7/")
    assert second.status_code == 200
    assert second.content == first.content


def test_head_is_served_from_the_cache_too(client, django_assert_num_queries):
    client.get("/regios/")
    with django_assert_num_queries(0):
        assert client.head("/regios/").status_code == 200


def test_an_edit_in_the_admin_makes_every_affected_page_fresh_at_once(client, editor):
    pages = ["/igs/co7/", "/igs/", "/", "/gemeenten/ieper/", "/regios/westhoek/"]
    for url in pages:
        client.get(url)
    network = Network.objects.get(slug="co7")
    editor_client = Client()
    editor_client.force_login(editor)
    data = network_form(network, name="CO7 vernieuwd", **{"memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0})
    response = editor_client.post(f"/admin/igs/network/{network.pk}/change/", data)
    assert response.status_code == 302
    for url in pages:
        assert "CO7 vernieuwd" in client.get(url).content.decode(), url


def test_a_model_save_or_delete_anywhere_makes_pages_fresh(client):
    assert "8900" in client.get("/gemeenten/ieper/").content.decode()
    Postcode.objects.filter(code="8900").delete()
    assert "8900" not in client.get("/gemeenten/ieper/").content.decode()


def test_pages_cached_before_an_edit_is_committed_are_rendered_again_after_the_commit(
    client, django_capture_on_commit_callbacks
):
    """Until the edit's transaction commits, other requests still read the old content; what they cache then
    must not count as the new content."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Postcode.objects.filter(code="8900").delete()
        client.get("/gemeenten/ieper/")  # cached during the transaction
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/gemeenten/ieper/")
    assert len(queries) > 0  # rendered again
    assert "8900" not in response.content.decode()


def test_seed_adding_missing_data_makes_pages_fresh(client):
    Postcode.objects.filter(code="8900").delete()
    assert "8900" not in client.get("/gemeenten/ieper/").content.decode()
    call_command("seed", stdout=io.StringIO())
    assert "8900" in client.get("/gemeenten/ieper/").content.decode()


def test_logged_in_users_are_never_served_from_or_written_to_the_cache(client, editor, django_assert_num_queries):
    client.get("/igs/co7/")  # cached for anonymous visitors
    logged_in = Client()
    logged_in.force_login(editor)
    response = logged_in.get("/igs/co7/")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    # The logged-in user's request rendered the page itself, and did not replace the anonymous copy.
    with django_assert_num_queries(0):
        assert "public" in client.get("/igs/co7/")["Cache-Control"]


def test_a_page_that_sets_a_cookie_is_not_cached(client):
    # The admin login page uses a CSRF token and sets the CSRF cookie.
    first = Client().get("/admin/login/")
    second = Client().get("/admin/login/")
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert "public" not in first["Cache-Control"]


def test_requests_with_a_message_cookie_bypass_the_cache(client, django_assert_max_num_queries):
    client.get("/regios/")
    client.cookies["messages"] = "anything"
    with django_assert_max_num_queries(2):
        response = client.get("/regios/")
    assert response.status_code == 200
    assert response.context is not None  # rendered, not taken from the cache


def test_public_pages_may_be_kept_briefly_by_browsers_and_proxies(client):
    response = client.get("/regios/")
    assert response["Cache-Control"] == "public, max-age=60"


def test_health_check_and_admin_are_never_cached(client, editor):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
    client.force_login(editor)
    assert "private" in client.get("/admin/")["Cache-Control"]


def test_conditional_get_answers_304_when_nothing_changed(client):
    etag = client.get("/igs/co7/")["ETag"]
    assert client.get("/igs/co7/", headers={"if-none-match": etag}).status_code == 304
    network = Network.objects.get(slug="co7")
    network.phone = "050 00 00 00"
    network.save()
    assert client.get("/igs/co7/", headers={"if-none-match": etag}).status_code == 200


def test_anonymous_404_is_not_cached(client):
    client.get("/igs/atlantis/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/igs/atlantis/").status_code == 404
    assert len(queries) > 0


def test_editor_user_save_is_not_content(client, django_assert_num_queries):
    client.get("/regios/")
    User.objects.create_user("iemand")
    with django_assert_num_queries(0):
        client.get("/regios/")


def test_cached_pages_are_rendered_again_on_a_new_day(client, monkeypatch):
    # Subsidy rounds and signup windows open and close by date (Europe/Brussels).
    client.get("/subsidies/")
    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/subsidies/").status_code == 200
    assert len(queries) > 0


def test_pages_with_a_query_string_are_cached_under_their_own_key(client, django_assert_num_queries):
    first = client.get("/zoeken/?q=Beveren")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/zoeken/?q=Beveren").content == first.content
    other = client.get("/zoeken/?q=Moerbeke")
    assert "Moerbeke is sinds 1 januari 2025 deel van Lokeren." in other.content.decode()
    client.get("/regios/?utm_source=nieuwsbrief")  # a link in a newsletter
    with django_assert_num_queries(0):
        assert client.get("/regios/?utm_source=nieuwsbrief").status_code == 200


def test_pages_are_cached_per_scheme(client):
    assert "Sitemap: http://testserver/" in client.get("/robots.txt").content.decode()
    assert "Sitemap: https://testserver/" in client.get("/robots.txt", secure=True).content.decode()


def test_pages_with_personal_data_are_never_cached(client):
    response = client.get(Subscription(email="iemand@example.org").get_unsubscribe_url())
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_an_edit_on_another_site_sharing_the_redis_server_keeps_the_cached_pages(
    client, settings, django_assert_num_queries
):
    """Another site (or test run) with its cache in another database of the same Redis server changes its own
    version, never this one's. (With the local-memory cache there is nothing to share.)"""
    location = settings.CACHES["default"]["LOCATION"]
    # The same Redis server's next database (with the local-memory cache: another process's memory).
    other_site = (
        re.sub(r"/(\d+)$", lambda db: f"/{(int(db[1]) + 1) % 16}", location)
        if location.startswith("redis")
        else "locmemcache://"
    )
    client.get("/regios/")
    time.sleep(1)  # this process's subscription to its version's changes answers
    result = manage(
        "shell", "-c", "from opti.lib.cache import content_changed; content_changed()", CACHE_URL=other_site
    )
    assert result.returncode == 0, result.stderr
    time.sleep(0.5)
    with django_assert_num_queries(0):
        client.get("/regios/")


def test_a_newsletter_subscription_keeps_the_cached_pages(client, django_assert_num_queries):
    client.get("/regios/")
    Subscription.objects.create(email="lezer@example.org", newsletter="algemeen")
    with django_assert_num_queries(0):
        client.get("/regios/")


def test_joining_and_confirming_the_grensbrekers_interest_list_keeps_the_cached_pages(
    client, mailoutbox, django_assert_num_queries
):
    client.get("/regios/")
    visitor = Client()
    assert ask_interest(visitor).status_code == 302
    confirm, _ = interest_links(mailoutbox[-1])
    assert visitor.post(confirm).status_code == 302
    assert Interest.objects.get().confirmed_at is not None
    with django_assert_num_queries(0):
        client.get("/regios/")


def test_a_grensbrekers_signup_keeps_the_cached_pages_and_the_places_left_stay_exact(client, django_assert_num_queries):
    edition = make_edition(capacity=3)
    client.get("/regios/")
    assert "3, waarvan nog 3 vrij" in Client().get("/grensbrekers/").content.decode()
    visitor = Client()
    assert visitor.post("/grensbrekers/", form_data(edition)).status_code == 302
    assert visitor.post(confirmation_link()).status_code == 302
    with django_assert_num_queries(0):
        client.get("/regios/")
    assert "3, waarvan nog 2 vrij" in Client().get("/grensbrekers/").content.decode()


def test_pages_are_kept_compressed_for_browsers_that_accept_gzip_and_plain_for_others(
    client, django_assert_num_queries
):
    plain = client.get("/igs/")
    compressed = client.get("/igs/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert compressed["Content-Encoding"] == "gzip" and "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 3
    with django_assert_num_queries(0):
        again = client.get("/igs/", HTTP_ACCEPT_ENCODING="gzip")
        unzipped = client.get("/igs/")
    assert again.content == compressed.content
    assert not unzipped.has_header("Content-Encoding") and unzipped.content == plain.content
