"""What the bench and the scale-out drill share: the site under gunicorn on loopback, and just enough of a browser."""

import html
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL)


def set_up_site(env, *, fresh):
    """Create the PostgreSQL database of env's DATABASE_URL (afresh, or only if it is missing), migrate, seed and
    collect the static files; returns the user name and password of a new superuser, for the admin."""
    url = urllib.parse.urlparse(env["DATABASE_URL"])
    if url.scheme.startswith("postgres"):
        name = url.path.lstrip("/")
        server = [
            "psql",
            "-h",
            url.hostname or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            url.username or "postgres",
        ]
        exists = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"
        if fresh:
            subprocess.run([*server, "-c", f'DROP DATABASE IF EXISTS "{name}"'], check=True, stdout=subprocess.DEVNULL)
        if fresh or not subprocess.run([*server, "-tAc", exists], check=True, capture_output=True).stdout.strip():
            subprocess.run([*server, "-c", f'CREATE DATABASE "{name}"'], check=True, stdout=subprocess.DEVNULL)
    for command in (["migrate"], ["seed"], ["collectstatic", "--noinput"]):
        manage(*command, env=env)
    username, password = f"editor-{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    manage(
        "createsuperuser",
        "--noinput",
        "--username",
        username,
        "--email",
        "editor@example.org",
        env={**env, "DJANGO_SUPERUSER_PASSWORD": password},
    )
    return username, password


def start_gunicorn(env, *options, app="opti.wsgi", port=None, quiet=True):
    """gunicorn with the project's config on 127.0.0.1 (a free port unless given): (process, base URL)."""
    port = port or free_port()
    output = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "opti/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
        + ["--access-logfile", "/dev/null", *options, app],
        cwd=BASE_DIR,
        env=env,
        stdout=output,
        stderr=output,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/robots.txt", timeout=1)
            return process, base
        except urllib.error.HTTPError:  # it answers
            return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"gunicorn did not start for {app}")


def stop(process):
    process.terminate()
    process.wait()


def worker_pids(process):
    return [
        int(pid)
        for pid in subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    ]


def memory_mb(pid):
    """(resident, private) memory of a process in MB; what is not private is shared with the gunicorn master."""
    fields = dict(re.findall(r"^(\w+):\s+(\d+) kB", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.MULTILINE))
    private = int(fields["Private_Clean"]) + int(fields["Private_Dirty"])
    return int(fields["Rss"]) / 1024, private / 1024


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Keeps cookies (also Secure ones, this is loopback), reads CSRF tokens and posts forms as they are filled in."""

    opener = urllib.request.build_opener(NoRedirect)

    def __init__(self):
        self.cookies = {}

    def request(self, url, data=None, files=None):
        """(status, text) of a GET, or of a POST of `data` (a dict or a list of pairs) and of `files`
        ({name: (filename, content)})."""
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files:
            body, headers["Content-Type"] = multipart(data, files)
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        try:
            response = self.opener.open(urllib.request.Request(url, body, headers), timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.read().decode()

    def csrf_token(self, page):
        return html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))

    def log_in_to_admin(self, base, username, password):
        _, page = self.request(f"{base}/admin/login/")
        fields = {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf_token(page)}
        status, _ = self.request(f"{base}/admin/login/?next=/admin/", fields)
        return status == 302 and "sessionid" in self.cookies


def multipart(data, files):
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in (data.items() if isinstance(data, dict) else data)
    ]
    for name, (filename, content) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class FormFields(HTMLParser):
    """The fields of each form in a page, as a browser would submit them unchanged."""

    def __init__(self):
        super().__init__()
        self.forms, self.select, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.forms.append([])
        if not self.forms or "disabled" in attrs:
            return
        fields = self.forms[-1]
        if tag == "input" and name and attrs.get("type", "text") not in ("submit", "button", "image", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                fields.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.forms[-1].append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None


def form_fields(page):
    """The fields of the page's largest form (in the admin: the change form, not the logout button)."""
    parser = FormFields()
    parser.feed(page)
    return max(parser.forms, key=len)
