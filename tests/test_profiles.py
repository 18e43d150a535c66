"""Coordinator profiles (BE/LICHT) and self-service at /profiel/, with three personas and an anonymous visitor:
coordinator A (published profile, Viertoren), coordinator B (draft profile, COMEET) and an editor."""

import datetime
import io
import os
import re
import struct
import subprocess
import sys
import zlib
from datetime import timedelta

import pytest
from conftest import PASSWORD, image_upload
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone
from PIL import Image

from igs.models import Network
from opti.lib.richtext import html_to_plain_text
from profiles.forms import NetworkDetailsForm
from profiles.models import CoordinatorProfile, months_before

pytestmark = pytest.mark.django_db

PUBLIC_PAGES_WITH_PROFILES = ["/", "/igs/", "/igs/comeet/", "/igs/viertoren/", "/regios/", "/sitemap.xml"]


def profile_form(profile, **changes):
    """The self-service form as the coordinator's browser posts it, with `changes` applied."""
    data = {
        "name": profile.name,
        "role": profile.role,
        "challenge": profile.challenge,
        "favourite_place": profile.favourite_place,
        "collaboration": profile.collaboration,
        "quote": profile.quote,
        "email": profile.email,
        "phone": profile.phone,
        "action": "save",
    }
    data.update({field: "on" for field in ("show_email", "show_phone", "published") if getattr(profile, field)})
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


# Anonymous visitor


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/profiel/")
    assert response.status_code == 302
    assert response["Location"] == "/aanmelden/?next=/profiel/"
    assert client.post("/profiel/bevestigen/").status_code == 302


def test_login_page_is_dutch_and_logs_a_coordinator_in(client, coordinator_a):
    html = client.get("/aanmelden/").content.decode()
    assert "<h1>Aanmelden</h1>" in html
    assert '<label for="id_username">Gebruikersnaam</label>' in html
    assert 'href="/wachtwoord-vergeten/"' in html

    response = client.post("/aanmelden/", {"username": "coordinator-a", "password": "fout"})
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    assert 'value="coordinator-a"' in response.content.decode()

    response = client.post("/aanmelden/", {"username": "coordinator-a", "password": PASSWORD})
    assert response["Location"] == "/profiel/"
    assert "Anna Aerts" in client.get("/profiel/").content.decode()


def test_header_links_to_login_or_to_own_profile(client, client_a):
    assert 'href="/aanmelden/"' in client.get("/").content.decode()
    html = client_a.get("/").content.decode()
    assert 'href="/profiel/">Mijn profiel</a>' in html
    assert 'action="/afmelden/"' in html


def test_logout_is_a_post_and_a_get_shows_the_button(client_a):
    html = client_a.get("/afmelden/").content.decode()
    assert '<button class="button" type="submit">Afmelden</button>' in html
    assert client_a.get("/profiel/").status_code == 200
    response = client_a.post("/afmelden/")
    assert response["Location"] == "/"
    assert "Je bent afgemeld." in client_a.get("/").content.decode()
    assert client_a.get("/profiel/").status_code == 302


# Coordinator A edits A


def test_coordinator_sees_own_profile_and_a_preview_as_the_public_sees_it(client_a):
    response = client_a.get("/profiel/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Zo ziet het publiek je profiel" in html
    assert '<h3 class="profile-card__name">Anna Aerts</h3>' in html
    assert 'value="Anna Aerts"' in html


def test_coordinator_edits_own_profile_and_it_appears_on_the_network_page(client_a, coordinator_a):
    response = client_a.post(
        "/profiel/",
        profile_form(coordinator_a, challenge="Alle zeven gemeenten bereiken.", quote="Samen komen we verder."),
    )
    assert response["Location"] == "/profiel/"
    assert "Je profiel is opgeslagen." in client_a.get("/profiel/").content.decode()
    coordinator_a.refresh_from_db()
    assert coordinator_a.challenge == "Alle zeven gemeenten bereiken."
    html = Client().get("/igs/viertoren/").content.decode()
    assert "BE/LICHT" in html
    assert "Alle zeven gemeenten bereiken." in html
    assert "“Samen komen we verder.”" in html


def test_preview_shows_the_changes_without_saving_them(client_a, coordinator_a):
    response = client_a.post("/profiel/", profile_form(coordinator_a, challenge="Nog niet bewaard.", action="preview"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit is een voorbeeld met je wijzigingen" in html
    assert "<p>Nog niet bewaard.</p>" in html
    coordinator_a.refresh_from_db()
    assert coordinator_a.challenge == "Het antwoord van Anna."
    assert not LogEntry.objects.filter(user=coordinator_a.user).exists()
    assert "Nog niet bewaard." not in Client().get("/igs/viertoren/").content.decode()


def test_a_name_or_role_on_more_than_one_line_is_refused(client_a, coordinator_a):
    data = profile_form(coordinator_a, name="Anna\nAerts", role="Coördinator\rViertoren")
    response = client_a.post("/profiel/", data)
    # Twice per field: in the error summary at the top and next to the field.
    assert response.content.decode().count("Gebruik geen regeleinden, tabs of andere stuurtekens.") == 4
    coordinator_a.refresh_from_db()
    assert coordinator_a.name == "Anna Aerts"


def test_a_public_email_address_needs_a_public_domain(client_a, coordinator_a):
    for address in ("anna@localhost", "anna@[127.0.0.1]"):
        response = client_a.post("/profiel/", profile_form(coordinator_a, email=address, show_email="on"))
        assert "Vul een e-mailadres met een publiek domein in" in response.content.decode()
    coordinator_a.refresh_from_db()
    assert coordinator_a.email == ""


def test_errors_are_dutch_next_to_the_field_and_keep_the_input(client_a, coordinator_a):
    response = client_a.post(
        "/profiel/",
        profile_form(coordinator_a, name="", challenge="Mijn nieuwe tekst", phone="bel me", show_email="on"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is verplicht." in html
    assert "Geef een telefoonnummer met alleen cijfers" in html
    assert "Vul een e-mailadres in, of kies om geen e-mailadres te tonen." in html
    assert "Mijn nieuwe tekst</textarea>" in html
    assert 'value="bel me"' in html
    # The preview still shows the saved profile.
    assert '<h3 class="profile-card__name">Anna Aerts</h3>' in html
    coordinator_a.refresh_from_db()
    assert coordinator_a.name == "Anna Aerts"


def test_contact_details_are_shown_only_when_the_coordinator_chooses(client_a, coordinator_a):
    client_a.post("/profiel/", profile_form(coordinator_a, email="anna@example.org", phone="050 12 34 56"))
    html = Client().get("/igs/viertoren/").content.decode()
    assert "anna@example.org" not in html and "050 12 34 56" not in html

    client_a.post(
        "/profiel/", profile_form(coordinator_a, email="anna@example.org", phone="050 12 34 56", show_email="on")
    )
    html = Client().get("/igs/viertoren/").content.decode()
    assert 'href="mailto:anna@example.org"' in html
    assert "050 12 34 56" not in html


def test_coordinator_unpublishes_own_profile(client_a, coordinator_a):
    client_a.post("/profiel/", profile_form(coordinator_a, published=None))
    assert "Anna Aerts" not in Client().get("/igs/viertoren/").content.decode()
    assert "niet gepubliceerd" in client_a.get("/profiel/").content.decode()


def test_confirming_updates_the_date_and_the_admin_history(client_a, coordinator_a):
    assert client_a.get("/profiel/bevestigen/").status_code == 405
    response = client_a.post("/profiel/bevestigen/")
    assert response["Location"] == "/profiel/"
    coordinator_a.refresh_from_db()
    assert coordinator_a.last_confirmed == timezone.localdate()
    entry = LogEntry.objects.get(user=coordinator_a.user)
    assert entry.object_id == str(coordinator_a.pk)
    assert entry.change_message == "Gegevens bevestigd door de coördinator."
    html = client_a.get("/profiel/").content.decode()
    assert "Bedankt!" in html
    assert f"het laatst op {timezone.localdate().day} " in html


def test_coordinator_changes_appear_in_the_admin_history(client_a, coordinator_a, editor_client):
    client_a.post("/profiel/", profile_form(coordinator_a, challenge="Nieuw antwoord"))
    entry = LogEntry.objects.get(user=coordinator_a.user)
    assert entry.get_change_message() == "Grote uitdaging? gewijzigd."
    history = editor_client.get(f"/admin/profiles/coordinatorprofile/{coordinator_a.pk}/history/").content.decode()
    assert "coordinator-a" in history
    assert "Grote uitdaging? gewijzigd." in history


def test_text_typed_by_coordinators_is_escaped(client_a, coordinator_a):
    client_a.post(
        "/profiel/",
        profile_form(coordinator_a, name="<script>alert(1)</script>", challenge="<b>vet</b>\n\n<img src=x onerror=y>"),
    )
    for url in ("/igs/viertoren/", "/profiel/"):
        html = (Client() if url.startswith("/igs") else client_a).get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>vet</b>" not in html and "<img src=x" not in html


# Isolation: A can neither read nor write B


def test_a_cannot_reach_b_by_any_url(client_a, coordinator_b):
    for url in (
        f"/profiel/{coordinator_b.pk}/",
        f"/profiel/?pk={coordinator_b.pk}",
        f"/profiel/?user={coordinator_b.user.pk}",
        f"/admin/profiles/coordinatorprofile/{coordinator_b.pk}/change/",
    ):
        response = client_a.get(url)
        html = response.content.decode()
        assert "Bart Boone" not in html, url
        assert "geheim antwoord" not in html, url
    assert client_a.get(f"/profiel/{coordinator_b.pk}/").status_code == 404


def test_forged_pk_user_or_network_in_the_post_only_changes_a(client_a, coordinator_a, coordinator_b):
    forged = profile_form(
        coordinator_a,
        challenge="Door A geschreven",
        pk=coordinator_b.pk,
        id=coordinator_b.pk,
        user=coordinator_b.user.pk,
        network=coordinator_b.network.pk,
        igs=coordinator_b.network.pk,
        featured="on",
    )
    assert client_a.post("/profiel/", forged).status_code == 302
    assert client_a.post(f"/profiel/bevestigen/?pk={coordinator_b.pk}", {"pk": coordinator_b.pk}).status_code == 302
    coordinator_a.refresh_from_db()
    coordinator_b.refresh_from_db()
    assert coordinator_a.challenge == "Door A geschreven"
    assert coordinator_a.network.slug == "viertoren"
    assert coordinator_a.user.username == "coordinator-a"
    assert not coordinator_a.featured
    assert coordinator_b.challenge == "Een geheim antwoord van Bart."
    assert coordinator_b.last_confirmed is None
    assert not LogEntry.objects.filter(object_id=str(coordinator_b.pk), content_type__model="coordinatorprofile")


def test_a_cannot_reach_the_admin(client_a):
    for url in ("/admin/", "/admin/profiles/coordinatorprofile/", "/admin/auth/user/"):
        response = client_a.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_an_account_without_profile_gets_a_404_and_an_editor_goes_to_the_admin(editor_client):
    client = Client()
    client.force_login(User.objects.create_user("zonder-profiel", "", PASSWORD))
    assert client.get("/profiel/").status_code == 404
    assert client.post("/profiel/bevestigen/").status_code == 404
    assert editor_client.get("/profiel/")["Location"] == "/admin/"


def test_unpublished_profile_appears_nowhere_publicly(client, coordinator_b):
    CoordinatorProfile.objects.filter(featured=True).update(featured=False)
    CoordinatorProfile.objects.filter(pk=coordinator_b.pk).update(featured=True)
    assert client.get("/").context["profile"] is None
    for url in PUBLIC_PAGES_WITH_PROFILES:
        html = client.get(url).content.decode()
        assert "Bart Boone" not in html, url
        assert "bart@example.org" not in html, url


# Seeded demo content


def test_seeded_coordinators_are_on_their_network_pages_without_the_stuifzand_quote(client):
    noordrand = client.get("/igs/noordrand/").content.decode()
    assert "Jo Sollie" in noordrand and "Coördinator Cultuur Noordrand" in noordrand
    co7 = client.get("/igs/co7/").content.decode()
    assert "Rosita Boussemaere" in co7 and "Coördinator van CO7" in co7
    for html in (noordrand, co7):
        assert "Janna Lefevere" not in html
        assert "elkaar vinden" not in html
    for profile in CoordinatorProfile.objects.all():
        assert not profile.user.has_usable_password()
        assert profile.user.email == "" and profile.email == "" and profile.phone == "" and not profile.photo
    assert client.get("/").context["profile"].name == "Jo Sollie"


# Photos


def test_photo_is_validated_resized_and_stored_under_a_random_name(client_a, coordinator_a):
    upload = image_upload("mijn-vakantiefoto.png", "PNG", size=(1200, 900), mode="RGBA")
    response = client_a.post("/profiel/", {**profile_form(coordinator_a), "photo": upload})
    assert response.status_code == 302
    coordinator_a.refresh_from_db()
    assert re.fullmatch(r"profielen/[0-9a-f]{32}\.jpg", coordinator_a.photo.name)
    path = settings.MEDIA_ROOT / coordinator_a.photo.name
    with Image.open(path) as stored:
        assert (stored.format, stored.size) == ("JPEG", (320, 320))
    html = Client().get("/igs/viertoren/").content.decode()
    assert f'src="/media/{coordinator_a.photo.name}" alt="Anna Aerts" width="160" height="160"' in html
    assert "vakantiefoto" not in html


def test_the_uploaded_file_name_is_never_used(client_a, coordinator_a, tmp_path):
    data = {**profile_form(coordinator_a), "photo": image_upload("evil.jpg")}
    body = encode_multipart(BOUNDARY, data).replace(b'filename="evil.jpg"', b'filename="../../../<b>evil</b>.jpg"')
    response = client_a.generic("POST", "/profiel/", body, content_type=MULTIPART_CONTENT)
    assert response.status_code == 302
    coordinator_a.refresh_from_db()
    assert re.fullmatch(r"profielen/[0-9a-f]{32}\.jpg", coordinator_a.photo.name)
    assert [path.name for path in tmp_path.rglob("*evil*")] == []


def test_photo_metadata_is_not_kept(client_a, coordinator_a):
    exif = Image.Exif()
    exif[0x010F] = "Camera van Anna"  # Make
    client_a.post("/profiel/", {**profile_form(coordinator_a), "photo": image_upload(exif=exif.tobytes())})
    coordinator_a.refresh_from_db()
    with Image.open(settings.MEDIA_ROOT / coordinator_a.photo.name) as stored:
        assert not stored.getexif()


def test_jpeg_comments_are_not_kept(client_a, coordinator_a):
    comment = b"<script>alert(1)</script> Mail me: spion@example.org"
    client_a.post("/profiel/", {**profile_form(coordinator_a), "photo": image_upload(comment=comment)})
    coordinator_a.refresh_from_db()
    stored = (settings.MEDIA_ROOT / coordinator_a.photo.name).read_bytes()
    assert b"spion@example.org" not in stored and b"<script>" not in stored
    with Image.open(settings.MEDIA_ROOT / coordinator_a.photo.name) as image:
        assert "comment" not in image.info


def png_bytes(width, height, channels):
    """A PNG of one colour (8 bits; 3 channels: RGB, 4: RGBA), written row by row without an image in memory."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor, row = zlib.compressobj(9), b"\x00" + b"\x40" * (width * channels)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, {3: 2, 4: 6}[channels], 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


# Cleans one upload with the photo field's form field in a fresh process and prints, in MB, how far the process's
# memory (resident set size) rose above what it held before, at its peak (Linux: the high-water mark is reset
# first through /proc/self/clear_refs), and the outcome.
MEASURE_UPLOAD = """
import re, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from profiles.forms import NetworkDetailsForm
from profiles.models import CoordinatorProfile, months_before

def kilobytes(name):
    return int(re.search(rf"{name}:\\s+(\\d+) kB", open("/proc/self/status").read())[1])

field = CoordinatorProfile._meta.get_field("photo").formfield()
upload = SimpleUploadedFile("upload", open(sys.argv[1], "rb").read())
open("/proc/self/clear_refs", "w").write("5")
before = kilobytes("VmRSS")
try:
    outcome = f"{len(field.clean(upload).read())} bytes"
except ValidationError as error:
    outcome = error.messages[0]
print((kilobytes("VmHWM") - before) // 1024, outcome)
"""


def image_file(path, make):
    path.write_bytes(make())
    return path


def saved(image, image_format, **options):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "accepted"),
    [
        ("7000x7000.png", lambda: png_bytes(7000, 7000, 4), False),  # 208 KB, the review's: about 750 MB before
        ("16mp-rgba.png", lambda: png_bytes(4000, 4000, 4), True),
        ("16mp-rgb.png", lambda: png_bytes(4000, 4000, 3), True),
        ("6mp-rgba.webp", lambda: saved(Image.new("RGBA", (3000, 2000), (0, 90, 110, 128)), "WEBP"), True),
        ("49mp.jpg", lambda: saved(Image.new("RGB", (7000, 7000), "teal"), "JPEG"), True),
    ],
)
def test_one_upload_takes_at_most_150_mb_of_memory(tmp_path, name, make, accepted):
    result = subprocess.run(
        [sys.executable, "-c", MEASURE_UPLOAD, image_file(tmp_path / name, make)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "opti.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    megabytes, outcome = result.stdout.strip().split(" ", 1)
    print(f"{name}: {megabytes} MB, {outcome}")
    assert int(megabytes) <= 150
    assert outcome.endswith("bytes") if accepted else "te veel pixels" in outcome


def test_webp_is_accepted(client_a, coordinator_a):
    client_a.post("/profiel/", {**profile_form(coordinator_a), "photo": image_upload("foto.webp", "WEBP")})
    coordinator_a.refresh_from_db()
    assert coordinator_a.photo


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            lambda: SimpleUploadedFile("foto.jpg", b"Dit is een tekstbestand, geen foto.", "image/jpeg"),
            "geen geldige JPEG-, PNG- of WebP-afbeelding",
        ),
        (lambda: image_upload("animatie.gif", "GIF", mode="L"), "geen geldige JPEG-, PNG- of WebP-afbeelding"),
        (lambda: image_upload("groot.png", "PNG", size=(8000, 8000), mode="1"), "te veel pixels"),
        (lambda: image_upload("bom.png", "PNG", size=(10000, 10000), mode="1"), "te veel pixels"),
        (lambda: image_upload("bom.png", "PNG", size=(14000, 14000), mode="1"), "te veel pixels"),
        (
            lambda: SimpleUploadedFile("zwaar.jpg", b"\xff" * (5 * 1024 * 1024 + 1), "image/jpeg"),
            "mag hoogstens 5 MB groot zijn",
        ),
    ],
    ids=["renamed-text-file", "gif", "too-many-pixels", "decompression-bomb-warning", "decompression-bomb", "5-mb"],
)
def test_bad_uploads_get_a_dutch_error_and_keep_the_other_input(client_a, coordinator_a, upload, message):
    data = {**profile_form(coordinator_a, challenge="Mijn tekst blijft staan"), "photo": upload()}
    response = client_a.post("/profiel/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Mijn tekst blijft staan</textarea>" in html
    coordinator_a.refresh_from_db()
    assert not coordinator_a.photo
    assert not (settings.MEDIA_ROOT / "profielen").exists()


def test_replaced_or_removed_photo_is_deleted(client_a, coordinator_a, django_capture_on_commit_callbacks):
    client_a.post("/profiel/", {**profile_form(coordinator_a), "photo": image_upload()})
    coordinator_a.refresh_from_db()
    first = settings.MEDIA_ROOT / coordinator_a.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/profiel/", {**profile_form(coordinator_a), "photo": image_upload()})
    coordinator_a.refresh_from_db()
    second = settings.MEDIA_ROOT / coordinator_a.photo.name
    assert not first.exists() and second.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/profiel/", {**profile_form(coordinator_a), "photo-clear": "on"})
    coordinator_a.refresh_from_db()
    assert not coordinator_a.photo and not second.exists()


@pytest.mark.ignore_template_errors
def test_deleting_a_profile_deletes_its_photo(
    client_a, coordinator_a, editor_client, django_capture_on_commit_callbacks
):
    client_a.post("/profiel/", {**profile_form(coordinator_a), "photo": image_upload()})
    coordinator_a.refresh_from_db()
    photo = settings.MEDIA_ROOT / coordinator_a.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/profiles/coordinatorprofile/{coordinator_a.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CoordinatorProfile.objects.filter(pk=coordinator_a.pk).exists()
    assert not photo.exists()


def test_preview_shows_a_new_photo_and_saving_keeps_it_without_choosing_it_again(client_a, coordinator_a):
    response = client_a.post("/profiel/", {**profile_form(coordinator_a, action="preview"), "photo": image_upload()})
    html = response.content.decode()
    assert "Je nieuwe foto wordt bewaard als je opslaat" in html
    assert 'class="profile-card__photo" src="data:image/jpeg;base64,' in html
    coordinator_a.refresh_from_db()
    assert not coordinator_a.photo

    response = client_a.post("/profiel/", profile_form(coordinator_a, action="save"))
    assert response.status_code == 302
    coordinator_a.refresh_from_db()
    assert coordinator_a.photo
    assert coordinator_a.photo.name.endswith(".jpg")


def test_a_previewed_photo_is_forgotten_when_the_coordinator_leaves_the_editor(client_a, coordinator_a):
    client_a.post("/profiel/", {**profile_form(coordinator_a, action="preview"), "photo": image_upload()})
    client_a.get("/profiel/")
    client_a.post("/profiel/", profile_form(coordinator_a, action="save"))
    coordinator_a.refresh_from_db()
    assert not coordinator_a.photo


# Password change and reset


def test_password_change(client_a):
    assert client_a.get("/profiel/wachtwoord/").status_code == 200
    response = client_a.post(
        "/profiel/wachtwoord/",
        {
            "old_password": PASSWORD,
            "new_password1": "een-nieuw-wachtwoord-9",
            "new_password2": "een-nieuw-wachtwoord-9",
        },
    )
    assert response["Location"] == "/profiel/wachtwoord/gewijzigd/"
    assert Client().login(username="coordinator-a", password="een-nieuw-wachtwoord-9")


def test_password_reset_email_contains_a_working_link(client, coordinator_a):
    response = client.post("/wachtwoord-vergeten/", {"email": "coordinator-a@example.org"})
    assert response["Location"] == "/wachtwoord-vergeten/verstuurd/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["coordinator-a@example.org"]
    assert "nieuw wachtwoord" in message.subject
    assert "coordinator-a" in message.body

    response = client.get(link_in(message))
    assert response.status_code == 302
    form_url = response["Location"]
    assert "Kies een wachtwoord" in client.get(form_url).content.decode()
    response = client.post(form_url, {"new_password1": "anders", "new_password2": "anders"})
    assert "Dit wachtwoord is te kort: het moet minstens 10 tekens lang zijn." in response.content.decode()
    response = client.post(form_url, {"new_password1": "zomer-in-ieper-2025", "new_password2": "zomer-in-ieper-2025"})
    assert response["Location"] == "/wachtwoord-kiezen/gelukt/"
    assert Client().login(username="coordinator-a", password="zomer-in-ieper-2025")
    # The link works once.
    assert "Deze link werkt niet meer" in client.get(link_in(message), follow=True).content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post("/wachtwoord-vergeten/", {"email": "niemand@example.org"}, follow=True)
    assert "Kijk in je mailbox" in response.content.decode()
    assert mail.outbox == []


# Editor: accounts, invitations, publishing


def add_coordinator(editor_client, **changes):
    data = {
        "username": "nieuwe.coordinator",
        "login_email": "nieuw@example.org",
        "network": Network.objects.get(slug="zuidwest").pk,
        "name": "Nina Nieuw",
        "role": "Coördinator zuidwest",
        **changes,
    }
    return editor_client.post("/admin/profiles/coordinatorprofile/add/", data)


@pytest.mark.ignore_template_errors
def test_invited_coordinator_sets_a_password_logs_in_and_publishes_a_profile_with_photo(
    editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert add_coordinator(editor_client, invite="on").status_code == 302
    profile = CoordinatorProfile.objects.get(user__username="nieuwe.coordinator")
    user = profile.user
    assert not user.has_usable_password() and not user.is_staff and not user.is_superuser
    assert not user.groups.exists()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.org"]
    assert "Dag Nina Nieuw" in message.body and "nieuwe.coordinator" in message.body
    assert "http://testserver/aanmelden/" in message.body

    client = Client()
    form_url = client.get(link_in(message))["Location"]
    response = client.post(form_url, {"new_password1": "mijn-eigen-geheim-7", "new_password2": "mijn-eigen-geheim-7"})
    assert response["Location"] == "/wachtwoord-kiezen/gelukt/"
    response = client.post("/aanmelden/", {"username": "nieuwe.coordinator", "password": "mijn-eigen-geheim-7"})
    assert response["Location"] == "/profiel/"

    data = profile_form(profile, challenge="De hele regio samenbrengen.", published="on", action="preview")
    assert "De hele regio samenbrengen." in client.post("/profiel/", data).content.decode()
    response = client.post("/profiel/", {**data, "action": "save", "photo": image_upload()})
    assert response["Location"] == "/profiel/"
    html = Client().get("/igs/zuidwest/").content.decode()
    assert "Nina Nieuw" in html and "De hele regio samenbrengen." in html
    assert 'alt="Nina Nieuw"' in html

    history = editor_client.get(f"/admin/profiles/coordinatorprofile/{profile.pk}/history/").content.decode()
    assert "Uitnodiging verstuurd naar nieuw@example.org." in history
    assert "nieuwe.coordinator" in history


@pytest.mark.ignore_template_errors
def test_editor_sends_an_invitation_again_from_the_list(editor_client, coordinator_a):
    response = editor_client.post(
        "/admin/profiles/coordinatorprofile/",
        {"action": "send_invitations", "_selected_action": [coordinator_a.pk]},
        follow=True,
    )
    assert "Uitnodiging verstuurd naar Anna Aerts (coordinator-a@example.org)." in response.content.decode()
    assert mail.outbox[0].to == ["coordinator-a@example.org"]
    assert "/wachtwoord-kiezen/" in mail.outbox[0].body


@pytest.mark.ignore_template_errors
def test_an_invitation_needs_a_public_email_address(editor_client):
    response = add_coordinator(editor_client, login_email="nina@localhost", invite="on")
    assert "Vul een e-mailadres met een publiek domein in" in response.content.decode()
    assert not User.objects.filter(username="nieuwe.coordinator").exists()


@pytest.mark.ignore_template_errors
def test_an_invitation_needs_an_email_address(editor_client):
    response = add_coordinator(editor_client, login_email="", invite="on")
    assert "Vul een e-mailadres in om een uitnodiging te sturen." in response.content.decode()
    assert not User.objects.filter(username="nieuwe.coordinator").exists()


@pytest.mark.ignore_template_errors
def test_editor_cannot_make_anyone_staff_or_reuse_an_account(editor_client, editor, coordinator_a):
    response = add_coordinator(editor_client, is_staff="on", is_superuser="on", groups=[1], user=editor.pk)
    assert response.status_code == 302
    user = User.objects.get(username="nieuwe.coordinator")
    assert not user.is_staff and not user.is_superuser and not user.groups.exists()
    assert user.coordinator_profile.name == "Nina Nieuw"
    assert not CoordinatorProfile.objects.filter(user=editor).exists()

    response = add_coordinator(editor_client, username="Coordinator-A")
    assert "Er bestaat al een account met deze gebruikersnaam." in response.content.decode()
    assert editor_client.get("/admin/auth/user/").status_code == 403


@pytest.mark.ignore_template_errors
@pytest.mark.parametrize("lookalike", ["Ｃoordinator-a", "ｃｏｏｒｄｉｎａｔｏｒ-ａ", "COORDINATOR\uff0da"])
def test_a_user_name_that_only_looks_different_is_refused(editor_client, coordinator_a, lookalike):
    accounts = User.objects.count()
    response = add_coordinator(editor_client, username=lookalike)
    assert response.status_code == 200
    assert "Er bestaat al een account met deze gebruikersnaam." in response.content.decode()
    assert User.objects.count() == accounts


@pytest.mark.ignore_template_errors
def test_a_new_user_name_is_stored_normalised(editor_client):
    assert add_coordinator(editor_client, username="ｎｉｎａ.ｎｉｅｕｗ").status_code == 302
    assert User.objects.filter(username="nina.nieuw").exists()


@pytest.mark.ignore_template_errors
def test_login_email_of_a_staff_account_cannot_be_changed_by_an_editor(editor_client, coordinator_a):
    User.objects.filter(pk=coordinator_a.user.pk).update(is_staff=True)
    response = editor_client.get(f"/admin/profiles/coordinatorprofile/{coordinator_a.pk}/change/")
    assert response.context["adminform"].form.fields["login_email"].disabled
    response = editor_client.post(
        "/admin/profiles/coordinatorprofile/", {"action": "send_invitations", "_selected_action": [coordinator_a.pk]}
    )
    assert mail.outbox == []


def admin_form(profile, **changes):
    data = {
        "login_email": profile.user.email,
        "network": profile.network.pk,
        "name": profile.name,
        "role": profile.role,
        "challenge": profile.challenge,
        "favourite_place": profile.favourite_place,
        "collaboration": profile.collaboration,
        "quote": profile.quote,
        "email": profile.email,
        "phone": profile.phone,
        **{field: "on" for field in ("show_email", "show_phone", "published", "featured") if getattr(profile, field)},
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.ignore_template_errors
def test_editor_edits_and_publishes_any_profile_and_it_is_logged(editor_client, editor, coordinator_b, client):
    url = f"/admin/profiles/coordinatorprofile/{coordinator_b.pk}/change/"
    response = editor_client.post(
        url, admin_form(coordinator_b, role="Coördinator COMEET (Gent)", login_email="b2@example.org")
    )
    assert response.status_code == 302
    coordinator_b.refresh_from_db()
    assert coordinator_b.role == "Coördinator COMEET (Gent)"
    assert coordinator_b.user.email == "b2@example.org"

    changelist = "/admin/profiles/coordinatorprofile/"
    editor_client.post(changelist, {"action": "publish", "_selected_action": [coordinator_b.pk]})
    assert "Bart Boone" in client.get("/igs/comeet/").content.decode()
    editor_client.post(changelist, {"action": "unpublish", "_selected_action": [coordinator_b.pk]})
    assert "Bart Boone" not in client.get("/igs/comeet/").content.decode()

    messages = list(
        LogEntry.objects.filter(user=editor, object_id=str(coordinator_b.pk))
        .order_by("pk")
        .values_list("change_message", flat=True)
    )
    assert messages[1:] == ["Gepubliceerd.", "Niet meer gepubliceerd."]
    assert "functie" in LogEntry.objects.filter(user=editor).order_by("pk").first().get_change_message().lower()


@pytest.mark.ignore_template_errors
def test_editor_chooses_the_one_featured_profile(editor_client, coordinator_a, client):
    jo = CoordinatorProfile.objects.get(name="Jo Sollie")
    changelist = "/admin/profiles/coordinatorprofile/"
    editor_client.post(changelist, {"action": "feature_on_home_page", "_selected_action": [coordinator_a.pk]})
    assert client.get("/").context["profile"] == coordinator_a
    jo.refresh_from_db()
    assert not jo.featured

    response = editor_client.post(f"/admin/profiles/coordinatorprofile/{jo.pk}/change/", admin_form(jo, featured="on"))
    assert "Er staat al een ander profiel op de startpagina." in response.content.decode()
    assert CoordinatorProfile.objects.filter(featured=True).count() == 1


# Query counts


def test_query_count_of_the_own_profile_page(client_a, django_assert_num_queries):
    # session, user, profile with its network; the first page also reads OP/TIL's details (footer) for the
    # content version
    with django_assert_num_queries(4):
        assert client_a.get("/profiel/").status_code == 200
    with django_assert_num_queries(3):
        assert client_a.get("/profiel/igs/").status_code == 200


@pytest.mark.ignore_template_errors
def test_admin_add_and_change_pages_for_profiles(editor_client, coordinator_a):
    assert editor_client.get("/admin/profiles/coordinatorprofile/add/").status_code == 200
    assert editor_client.get(f"/admin/profiles/coordinatorprofile/{coordinator_a.pk}/change/").status_code == 200


def test_unpublishing_a_profile_also_takes_it_off_the_home_page(client):
    profile = CoordinatorProfile.objects.get(featured=True)
    profile.published = False
    profile.save()
    profile.refresh_from_db()
    assert not profile.featured
    assert client.get("/").context["profile"] is None


@pytest.mark.ignore_template_errors
def test_deleting_a_profile_ends_the_accounts_login(editor_client, coordinator_a):
    editor_client.post(f"/admin/profiles/coordinatorprofile/{coordinator_a.pk}/delete/", {"post": "yes"})
    user = User.objects.get(pk=coordinator_a.user_id)
    assert not user.is_active
    client = Client()
    response = client.post("/aanmelden/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_an_invited_coordinator_whose_link_expired_can_ask_a_new_one(client, coordinator_a):
    user = coordinator_a.user
    user.set_unusable_password()
    user.save()
    client.post("/wachtwoord-vergeten/", {"email": user.email})
    assert len(mail.outbox) == 1
    assert "/wachtwoord-kiezen/" in mail.outbox[0].body


# The IGS's public details, kept by its own coordinator


def network_form(igs, **changes):
    """The form as the coordinator's browser posts it, having shown the IGS as saved now."""
    data = {
        "description": html_to_plain_text(igs.description),
        "website": igs.website,
        "email": igs.email,
        "phone": igs.phone,
        "address": igs.address,
        "version": NetworkDetailsForm.version_of(Network.objects.get(pk=igs.pk)),
        "action": "save",
    }
    data.update(changes)
    return data


def test_coordinator_edits_own_igs_details_and_they_appear_on_its_page(client_a, coordinator_a):
    network = coordinator_a.network
    assert 'href="/profiel/igs/"' in client_a.get("/profiel/").content.decode()
    response = client_a.post(
        "/profiel/igs/",
        network_form(
            network,
            description="Vier gemeenten werken samen aan cultuur.",
            website="https://viertoren.example.org/",
            phone="053 12 34 56",
        ),
        follow=True,
    )
    assert "De gegevens van Viertoren zijn opgeslagen." in response.content.decode()
    html = Client().get("/igs/viertoren/").content.decode()
    assert "Vier gemeenten werken samen aan cultuur." in html
    assert '<a href="https://viertoren.example.org/">' in html
    assert '<a href="tel:053123456">053 12 34 56</a>' in html


def test_igs_preview_shows_the_changes_without_saving_them(client_a, coordinator_a):
    network = coordinator_a.network
    html = client_a.post(
        "/profiel/igs/", network_form(network, description="Een voorstel van tekst.", action="preview")
    ).content.decode()
    assert "Dit is een voorbeeld met je wijzigingen." in html
    assert "Een voorstel van tekst." in html
    network.refresh_from_db()
    assert "Een voorstel van tekst." not in network.description
    assert "Een voorstel van tekst." not in Client().get("/igs/viertoren/").content.decode()
    assert not LogEntry.objects.filter(user=coordinator_a.user)


def test_igs_details_errors_are_dutch_and_keep_the_input(client_a, coordinator_a):
    html = client_a.post(
        "/profiel/igs/",
        network_form(coordinator_a.network, website="viertoren", email="info@", phone="bel ons", address="Markt 1"),
    ).content.decode()
    assert "Voer een geldige URL in." in html
    assert "Voer een geldig e-mailadres in." in html
    assert "Geef een telefoonnummer met alleen cijfers" in html
    assert "Markt 1" in html
    coordinator_a.network.refresh_from_db()
    assert coordinator_a.network.address != "Markt 1"


def test_igs_changes_name_old_and_new_value_in_the_admin_history(client_a, coordinator_a, editor_client):
    network = coordinator_a.network
    old_website = network.website
    changes = {"website": "https://nieuw.example.org/", "email": "info@example.org"}
    client_a.post("/profiel/igs/", network_form(network, **changes))
    entry = LogEntry.objects.get(user=coordinator_a.user)
    assert entry.content_type.model == "network" and entry.object_id == str(network.pk)
    shown_old = f"“{old_website}”" if old_website else "leeg"
    assert entry.get_change_message() == (
        f"Gewijzigd door de coördinator: website: {shown_old} → “https://nieuw.example.org/”; "
        "e-mailadres: leeg → “info@example.org”."
    )
    history = editor_client.get(f"/admin/igs/network/{network.pk}/history/").content.decode()
    assert "coordinator-a" in history and "https://nieuw.example.org/" in history


def test_an_editors_change_made_meanwhile_is_not_silently_undone(client_a, coordinator_a):
    network = coordinator_a.network
    seen = network_form(network, description="Door Anna herschreven.")
    Network.objects.filter(pk=network.pk).update(website="https://door-de-redactie.example.org/")
    html = client_a.post("/profiel/igs/", seen).content.decode()
    assert "Intussen heeft de redactie deze gegevens gewijzigd." in html
    assert Network.objects.get(pk=network.pk).website == "https://door-de-redactie.example.org/"
    assert "Door Anna herschreven." in html  # her text is kept in the form
    new_version = re.search(r'name="version" value="([0-9a-f]+)"', html)[1]
    assert client_a.post("/profiel/igs/", {**seen, "version": new_version}).status_code == 302  # saving again works


def test_igs_details_need_a_public_address_and_a_description_of_at_most_2000_characters(client_a, coordinator_a):
    network = coordinator_a.network
    html = client_a.post(
        "/profiel/igs/", network_form(network, email="info@localhost", description="x" * 2001)
    ).content.decode()
    assert "Vul een e-mailadres met een publiek domein in" in html
    assert "Zorg dat deze waarde niet meer dan 2000 tekens bevat (het zijn er nu 2001)." in html


def test_saving_unchanged_igs_details_records_nothing(client_a, coordinator_a):
    assert client_a.post("/profiel/igs/", network_form(coordinator_a.network)).status_code == 302
    assert not LogEntry.objects.filter(user=coordinator_a.user)


def test_a_forged_igs_post_changes_only_the_details_of_a_own_igs(client_a, coordinator_a, coordinator_b):
    other = coordinator_b.network
    before = Network.objects.values().get(pk=other.pk)
    own_before = Network.objects.values().get(pk=coordinator_a.network.pk)
    forged = network_form(
        coordinator_a.network,
        description="Door A geschreven",
        pk=other.pk,
        id=other.pk,
        slug="gekaapt",
        name="Gekaapt",
        network=other.pk,
        members=[1, 2, 3],
        members_note="Vals",
    )
    assert client_a.post(f"/profiel/igs/?pk={other.pk}&igs={other.slug}", forged).status_code == 302
    assert Network.objects.values().get(pk=other.pk) == before
    own_after = Network.objects.values().get(pk=coordinator_a.network.pk)
    assert own_after["description"] == "<p>Door A geschreven</p>"
    assert {key for key in own_after if own_after[key] != own_before[key]} == {"description"}


def test_the_igs_details_page_is_only_for_coordinators(client_a, editor_client):
    assert Client().get("/profiel/igs/")["Location"].startswith("/aanmelden/?next=/profiel/igs/")
    assert editor_client.get("/profiel/igs/").status_code == 404
    html = client_a.get("/profiel/igs/").content.decode()
    assert "<h1>Gegevens van Viertoren</h1>" in html.replace("\u00ad", "")
    assert client_a.put("/profiel/igs/").status_code == 405


# What needs an editor's attention, and the yearly reminder


def test_yearly_reminder_once_per_cycle_with_a_link_to_the_profile_in_the_history(
    coordinator_a, coordinator_b, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://regio.example.org"
    today = timezone.localdate()
    CoordinatorProfile.objects.filter(pk=coordinator_b.pk).update(last_confirmed=today - timedelta(days=30))
    call_command("remind_coordinators", verbosity=0)
    assert mail.outbox == []  # A's profile was made today: not confirmed yet, but not for 11 months either
    CoordinatorProfile.objects.filter(pk=coordinator_a.pk).update(created_at=timezone.now() - timedelta(days=400))
    call_command("remind_coordinators", verbosity=0)
    (message,) = mail.outbox
    assert message.to == ["coordinator-a@example.org"]
    assert "https://regio.example.org/profiel/" in message.body
    assert "Regionaal samenwerken, een website van OP/TIL" in message.body
    entry = LogEntry.objects.get(object_id=str(coordinator_a.pk), content_type__model="coordinatorprofile")
    assert entry.get_change_message().startswith("Jaarlijkse herinnering verstuurd naar coordinator-a@example.org")
    coordinator_a.refresh_from_db()
    assert coordinator_a.reminded_on == today

    call_command("remind_coordinators", verbosity=0)  # run twice: nothing new
    assert len(mail.outbox) == 1

    # Confirming starts a new cycle: the next reminder comes 11 months after the confirmation, not before.
    CoordinatorProfile.objects.filter(pk=coordinator_a.pk).update(
        last_confirmed=today - timedelta(days=320), reminded_on=today - timedelta(days=400)
    )
    call_command("remind_coordinators", verbosity=0)
    assert len(mail.outbox) == 1
    CoordinatorProfile.objects.filter(pk=coordinator_a.pk).update(last_confirmed=today - timedelta(days=340))
    call_command("remind_coordinators", verbosity=0)
    assert [m.to for m in mail.outbox] == [["coordinator-a@example.org"]] * 2


def test_no_reminder_for_an_account_that_cannot_log_in(coordinator_a):
    CoordinatorProfile.objects.filter(pk=coordinator_a.pk).update(created_at=timezone.now() - timedelta(days=400))
    coordinator_a.user.set_unusable_password()
    coordinator_a.user.save()
    call_command("remind_coordinators", verbosity=0)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [("2026-12-06", 11, "2026-01-06"), ("2027-03-31", 1, "2027-02-28"), ("2028-03-31", 1, "2028-02-29")],
)
def test_months_before(day, months, expected):
    assert months_before(datetime.date.fromisoformat(day), months) == datetime.date.fromisoformat(expected)


@pytest.mark.ignore_template_errors
def test_the_dashboard_lists_unconfirmed_profiles_expired_invitations_and_igs_without_coordinator(
    editor_client, coordinator_a
):
    today = timezone.localdate()
    CoordinatorProfile.objects.update(last_confirmed=today)
    html = editor_client.get("/admin/").content.decode()
    assert "Coördinatorprofielen die meer dan 12 maanden niet bevestigd zijn" not in html
    CoordinatorProfile.objects.filter(pk=coordinator_a.pk).update(last_confirmed=today - timedelta(days=400))
    add_coordinator(editor_client)  # invited now, no password chosen yet
    html = editor_client.get("/admin/").content.decode()
    assert 'href="/admin/profiles/coordinatorprofile/?aandacht=niet-bevestigd"' in html
    assert "Coördinatoren met een uitnodiging die ongebruikt verliep" not in html
    response = editor_client.get("/admin/profiles/coordinatorprofile/?aandacht=niet-bevestigd")
    assert [profile.name for profile in response.context["cl"].queryset] == ["Anna Aerts"]

    CoordinatorProfile.objects.filter(user__username="nieuwe.coordinator").update(
        invited_at=timezone.now() - timedelta(days=8)
    )
    html = editor_client.get("/admin/").content.decode()
    assert 'href="/admin/profiles/coordinatorprofile/?aandacht=uitnodiging-verlopen"' in html
    response = editor_client.get("/admin/profiles/coordinatorprofile/?aandacht=uitnodiging-verlopen")
    assert [profile.name for profile in response.context["cl"].queryset] == ["Nina Nieuw"]

    without = Network.objects.filter(coordinator_profiles__isnull=True).exclude(slug="ginter")
    assert 'href="/admin/igs/network/?coordinator=geen"' in html
    response = editor_client.get("/admin/igs/network/?coordinator=geen")
    assert {network.slug for network in response.context["cl"].queryset} == set(without.values_list("slug", flat=True))
    assert "ginter" not in {network.slug for network in response.context["cl"].queryset}  # stopped: no members


@pytest.mark.ignore_template_errors
def test_a_new_invitation_is_recorded(editor_client, coordinator_a, django_capture_on_commit_callbacks):
    editor_client.post(
        "/admin/profiles/coordinatorprofile/",
        {"action": "send_invitations", "_selected_action": [coordinator_a.pk]},
    )
    coordinator_a.refresh_from_db()
    assert coordinator_a.invited_at is not None
