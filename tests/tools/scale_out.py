"""Two app servers, one PostgreSQL, one Redis: an edit through one is seen at once through the other, and a
session started on one works on the other.

Usage: make scale-out   (or: .venv/bin/python tests/tools/scale_out.py)

Needs PostgreSQL (SCALE_OUT_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/regio_scale_out; that
database is dropped and created afresh) and Redis (SCALE_OUT_CACHE_URL, default redis://127.0.0.1:6379/13).
Exits non-zero on any failure.
"""

import html
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DATABASE_URL = os.environ.get("SCALE_OUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regio_scale_out")
CACHE_URL = os.environ.get("SCALE_OUT_CACHE_URL", "redis://127.0.0.1:6379/13")
ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": CACHE_URL,
    "LOG_LEVEL": "WARNING",
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Just enough of a browser: keeps cookies (also Secure ones, this is loopback) and reads CSRF tokens."""

    opener = urllib.request.build_opener(NoRedirect)

    def __init__(self):
        self.cookies = {}

    def request(self, url, data=None):
        request = urllib.request.Request(url, data=data and urllib.parse.urlencode(data).encode())
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.read().decode()

    def csrf_token(self, page):
        return html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message)
    if not condition:
        raise SystemExit(1)


def manage(*args, **env):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env={**ENV, **env}, check=True, stdout=subprocess.DEVNULL
    )


def start(port):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "opti/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
        + ["--access-logfile", "/dev/null", "opti.wsgi"],
        cwd=BASE_DIR,
        env=ENV,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"gunicorn on port {port} did not start")


def create_database():
    url = urllib.parse.urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    server = ["psql", "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres"]
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run([*server, "-c", sql], check=True, stdout=subprocess.DEVNULL)


def main():
    create_database()
    manage("migrate")
    manage("seed")
    manage("collectstatic", "--noinput")
    password = secrets.token_urlsafe(16)
    username = f"scale-out-{secrets.token_hex(4)}"
    manage(
        "createsuperuser",
        "--noinput",
        "--username",
        username,
        "--email",
        "editor@example.org",
        DJANGO_SUPERUSER_PASSWORD=password,
    )

    a, b = 8701, 8702
    servers = [start(a), start(b)]
    try:
        A, B = f"http://127.0.0.1:{a}", f"http://127.0.0.1:{b}"
        visitor = Browser()
        # Each server has two workers, and each worker keeps its own copy of the page: read it a few times.
        reads = 6
        pages = [visitor.request(f"{B}/privacy/") for _ in range(reads)]
        check(all(status == 200 for status, _ in pages), "B serves /privacy/ (and caches it for anonymous visitors)")

        editor = Browser()
        _, login = editor.request(f"{A}/admin/login/")
        status, _ = editor.request(
            f"{A}/admin/login/?next=/admin/",
            {"username": username, "password": password, "csrfmiddlewaretoken": editor.csrf_token(login)},
        )
        check(status == 302 and "sessionid" in editor.cookies, "the editor logs in on A")
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

        status, _ = editor.request(f"{B}/admin/logout/", {"csrfmiddlewaretoken": editor.csrf_token(page)})
        status, _ = editor.request(f"{A}/admin/")
        check(status == 302, "after logging out on B, the session is gone on A too")
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    print("Scale-out check passed: two app servers share one database, one cache and the sessions.")


if __name__ == "__main__":
    main()
