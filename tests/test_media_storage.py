"""Uploads in an S3-compatible bucket (MEDIA_BUCKET), so that several app servers share them; here a local S3
server (moto in server mode) stands in for the bucket."""

import io
import re
from uuid import uuid4

import boto3
import pytest
from conftest import image_upload
from django.conf import settings
from django.test import Client
from moto.server import ThreadedMotoServer
from PIL import Image
from test_profiles import profile_form
from test_settings import manage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    yield "http://{}:{}".format(*server.get_host_and_port())
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch):
    """A new, empty bucket that the site stores its uploads in; boto3 reads where it is from its own variables."""
    for name, value in {
        "AWS_ENDPOINT_URL_S3": s3_server,
        "AWS_ACCESS_KEY_ID": "regio-test",
        "AWS_SECRET_ACCESS_KEY": "regio-test-secret",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(name, value)
    s3 = boto3.resource("s3")
    bucket = s3.create_bucket(
        Bucket=f"regio-{uuid4().hex}", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    settings.MEDIA_BUCKET = bucket.name
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "opti.lib.storage.MediaBucketStorage"}}
    return bucket


def keys(bucket):
    return sorted(item.key for item in bucket.objects.all())


def test_a_photo_goes_to_the_bucket_and_is_shown_from_the_sites_own_host(client_a, coordinator_a, bucket):
    response = client_a.post("/profiel/", {**profile_form(coordinator_a), "photo": image_upload("vakantie.png", "PNG")})
    assert response.status_code == 302
    coordinator_a.refresh_from_db()
    assert re.fullmatch(r"profielen/[0-9a-f]{32}\.jpg", coordinator_a.photo.name)
    assert keys(bucket) == [coordinator_a.photo.name]
    stored = bucket.Object(coordinator_a.photo.name).get()
    assert stored["CacheControl"] == "public, max-age=31536000, immutable"
    with Image.open(io.BytesIO(stored["Body"].read())) as image:
        assert (image.format, image.size) == ("JPEG", (320, 320))
    assert not settings.MEDIA_ROOT.exists()
    html = Client().get("/igs/viertoren/").content.decode()
    assert f'src="/media/{coordinator_a.photo.name}" alt="Anna Aerts"' in html


def test_a_replaced_photo_is_deleted_from_the_bucket(
    client_a, coordinator_a, bucket, django_capture_on_commit_callbacks
):
    client_a.post("/profiel/", {**profile_form(coordinator_a), "photo": image_upload()})
    coordinator_a.refresh_from_db()
    first = coordinator_a.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/profiel/", {**profile_form(coordinator_a), "photo": image_upload()})
    coordinator_a.refresh_from_db()
    assert keys(bucket) == [coordinator_a.photo.name] != [first]
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/profiel/", {**profile_form(coordinator_a), "photo-clear": "on"})
    assert keys(bucket) == []


def test_media_bucket_setting_chooses_the_bucket_and_uploads_stay_on_disk_without_it():
    show = "from django.core.files.storage import storages; print(type(storages['default']).__name__)"
    assert (
        manage("shell", "--verbosity", "0", "-c", show, MEDIA_BUCKET="regio-media").stdout.strip()
        == "MediaBucketStorage"
    )
    assert manage("shell", "--verbosity", "0", "-c", show).stdout.strip() == "FileSystemStorage"
