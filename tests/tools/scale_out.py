"""Two app servers, one PostgreSQL, one Redis, one bucket: an edit through one is seen at once through the other,
a session started on one works on the other, and an image uploaded through one is shown by the other.

Usage: make scale-out   (or: .venv/bin/python tests/tools/scale_out.py)

Needs PostgreSQL (SCALE_OUT_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/regio_scale_out; that
database is dropped and created afresh) and Redis (SCALE_OUT_CACHE_URL, default redis://127.0.0.1:6379/13); the
uploads go to a bucket in a local S3 server that it starts (moto in server mode). Exits non-zero on any failure.
"""

import html
import io
import logging
import os
import re
import secrets
from uuid import uuid4

import boto3
from moto.server import ThreadedMotoServer
from PIL import Image
from servers import Browser, form_fields, set_up_site, start_gunicorn, stop

DATABASE_URL = os.environ.get("SCALE_OUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regio_scale_out")
CACHE_URL = os.environ.get("SCALE_OUT_CACHE_URL", "redis://127.0.0.1:6379/13")
S3 = {"AWS_ACCESS_KEY_ID": "scale-out", "AWS_SECRET_ACCESS_KEY": "scale-out-secret", "AWS_DEFAULT_REGION": "eu-west-1"}
ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": CACHE_URL,
    "LOG_LEVEL": "WARNING",
    "MEDIA_BUCKET": f"regio-scale-out-{uuid4().hex[:8]}",
    **S3,
}


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message)
    if not condition:
        raise SystemExit(1)


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def upload_in_admin(editor, base, changelist, link_text, field, **changes):
    """Upload an image into `field` of the object linked as `link_text` in an admin changelist (on `base`)."""
    _, page = editor.request(f"{base}{changelist}")
    change_url = re.search(rf'href="({changelist}\d+/change/)"[^>]*>{link_text}<', page).group(1)
    _, form = editor.request(f"{base}{change_url}")
    fields = [(name, value) for name, value in form_fields(form) if name not in changes]
    status, _ = editor.request(
        f"{base}{change_url}", [*fields, *changes.items(), ("_save", "Opslaan")], files={field: ("upload.jpg", jpeg())}
    )
    return status


def shows_upload(visitor, url, folder, bucket):
    """The image of the page at `url`, if it is one in `folder` that the bucket holds."""
    status, page = visitor.request(url)
    shown = re.search(rf'src="/media/({folder}/[0-9a-f]{{32}}\.jpg)"', page)
    if status != 200 or not shown:
        return None
    # Where the reverse proxy gets /media/… in production: the bucket.
    with Image.open(io.BytesIO(bucket.Object(shown.group(1)).get()["Body"].read())) as image:
        return image.format, image.size


def main():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the S3 server's log of every request
    s3_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    s3_server.start()
    ENV["AWS_ENDPOINT_URL_S3"] = "http://{}:{}".format(*s3_server.get_host_and_port())
    s3 = boto3.resource(
        "s3",
        endpoint_url=ENV["AWS_ENDPOINT_URL_S3"],
        region_name=S3["AWS_DEFAULT_REGION"],
        aws_access_key_id=S3["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3["AWS_SECRET_ACCESS_KEY"],
    )
    bucket = s3.create_bucket(Bucket=ENV["MEDIA_BUCKET"], CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    username, password = set_up_site(ENV, fresh=True)

    servers = []
    try:
        for port in (8701, 8702):
            servers.append(start_gunicorn(ENV, "--workers", "2", port=port, quiet=False))
        (_, A), (_, B) = servers
        visitor = Browser()
        # Each server has two workers, and each worker keeps its own copy of the page: read it a few times.
        reads = 6
        pages = [visitor.request(f"{B}/privacy/") for _ in range(reads)]
        check(all(status == 200 for status, _ in pages), "B serves /privacy/ (and caches it for anonymous visitors)")

        editor = Browser()
        check(editor.log_in_to_admin(A, username, password), "the editor logs in on A")
        status, page = editor.request(f"{B}/admin/")
        check(status == 200 and username in page, "the session started on A works on B")

        status, page = editor.request(f"{B}/admin/opti/page/")
        change_url = re.search(r'href="(/admin/opti/page/\d+/change/)"[^>]*>Privacyverklaring', page).group(1)
        for edit in range(1, 6):
            _, form = editor.request(f"{A}{change_url}")
            marker = f"Bijgewerkt via A {secrets.token_hex(4)}"
            body = re.sub(
                r"<p>Bijgewerkt via A \w+</p>",
                "",
                html.unescape(re.search(r'<textarea name="body"[^>]*>\n?(.*?)</textarea>', form, re.S).group(1)),
            )
            status, _ = editor.request(
                f"{A}{change_url}",
                {
                    "slug": "privacy",
                    "title": "Privacyverklaring",
                    "body": f"<p>{marker}</p>{body}",
                    "csrfmiddlewaretoken": editor.csrf_token(form),
                    "_save": "Opslaan",
                },
            )
            check(status == 302, f"edit {edit}: the editor changes the privacy page on A")
            pages = [visitor.request(f"{B}/privacy/") for _ in range(reads)]
            check(
                all(status == 200 and marker in after for status, after in pages),
                f"edit {edit}: B serves the fresh page at once, {reads} times in a row",
            )

        status = upload_in_admin(editor, A, "/admin/igs/project/", "OAZE", "image", image_alt="Een teal vlak")
        check(status == 302, "the editor uploads a project image on A")
        shown = [shows_upload(visitor, f"{B}/igs/ginter/projecten/oaze/", "projecten", bucket) for _ in range(reads)]
        check(shown == [("JPEG", (960, 540))] * reads, "B shows the image uploaded on A, from the bucket")
        status = upload_in_admin(editor, B, "/admin/profiles/coordinatorprofile/", "Jo Sollie", "photo")
        check(status == 302, "the editor uploads a coordinator's photo on B")
        shown = [shows_upload(visitor, f"{A}/igs/noordrand/", "profielen", bucket) for _ in range(reads)]
        check(shown == [("JPEG", (320, 320))] * reads, "A shows the photo uploaded on B, from the bucket")

        status, _ = editor.request(f"{B}/admin/logout/", {"csrfmiddlewaretoken": editor.csrf_token(page)})
        status, _ = editor.request(f"{A}/admin/")
        check(status == 302, "after logging out on B, the session is gone on A too")
    finally:
        for server, _ in servers:
            stop(server)
        s3_server.stop()
    print("Scale-out check passed: two app servers share one database, one cache, the sessions and the uploads.")


if __name__ == "__main__":
    main()
