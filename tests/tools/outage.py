"""Outage drills: the site answers with a fast 503 while PostgreSQL is down, keeps serving pages while Redis is
down or hangs or while the mail server hangs, and recovers from all three by itself.

Usage: make outage   (or: .venv/bin/python tests/tools/outage.py)

Creates a throwaway PostgreSQL cluster of its own with initdb/pg_ctl (Debian: `apt-get install postgresql`;
set PG_BIN if they are not in /usr/lib/postgresql/*/bin), a Redis server of its own (`redis-server`) and a mail
server of its own (a minimal SMTP server in this script), migrates and seeds the database, runs the site under
gunicorn with production settings against them and sends steady traffic.

Database: stops the cluster and checks that every request gets a 503 page within 2 seconds (or, for a page that
needs nothing from the database once rendered, the page), that /healthz reports
the failure, that a GRENSBREKERS signup posted during the outage (with the form and CSRF token fetched before it)
is told to try again later, and that no worker hangs; starts the cluster again and checks that the site recovers
without restarting gunicorn, that nothing of that signup was written and that it goes through when posted again.

Redis: freezes the Redis server (SIGSTOP: connections hang), then stops it, and checks each time that every page
still answers 200 within 2 seconds and that a signup is saved; /healthz says "degraded". Starts it again and
checks that /healthz is ok again without restarting gunicorn.

Mail: starts the mail worker (`manage.py db_worker`) and checks that a confirmation mail reaches the mail server;
then makes the mail server hang (it accepts connections and answers nothing) and checks that every page still
answers 200 within 2 seconds and that signups, newsletter subscriptions and password resets posted meanwhile answer
within 2 seconds too, while nothing is delivered; lets the mail server answer again and checks that every one of
those mails arrives, once, without restarting anything. Exits non-zero on any failure.
"""

import glob
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from itertools import takewhile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PAGES = ["/regios/", "/regios/westhoek/", "/igs/", "/igs/co7/", "/gemeenten/ieper/", "/zoeken/?q=beveren", "/privacy/"]
# Made only of what each process keeps per content version: a worker that rendered such a page before the outage
# still answers it with 200; one that had not yet (gunicorn hands requests to its workers unevenly) needs the
# database for it, and answers 503.
NO_DATABASE_NEEDED = {"/igs/"}
FAST = 2.0  # seconds
SIGNUP_EMAIL = "outage-drill@example.org"
# An edition open for signups and an account that asks for a new password, made through the ORM before the outage.
OPEN_EDITION = """
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from opti.grensbrekers.models import Edition
today = timezone.localdate()
Edition.objects.create(
    title="GRENSBREKERS outage drill", slug="outage-drill", capacity=10,
    starts_on=today + timedelta(days=30), ends_on=today + timedelta(days=30),
    signup_opens_on=today - timedelta(days=1), signup_closes_on=today + timedelta(days=10),
)
User.objects.create_user("drill", "reset@example.org", "outage-drill-wachtwoord")
"""
COUNT_SIGNUPS = "from opti.grensbrekers.models import Signup; print(Signup.objects.filter(email='{email}').count())"
EMAIL_TIMEOUT = 2  # seconds, for the drill; the worker retries a mail after a minute (opti/lib/mail.py)


def pg_bin():
    candidates = [os.environ.get("PG_BIN", "")] + sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists():
            return Path(folder)
    raise SystemExit("initdb/pg_ctl not found: install PostgreSQL (`apt-get install postgresql`) or set PG_BIN.")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message, flush=True)
    if not condition:
        raise SystemExit(1)


class Cluster:
    """A PostgreSQL cluster in a temporary folder, run as the postgres user when we are root."""

    def __init__(self):
        self.bin = pg_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="regio-outage-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres")

    def run(self, *command):
        subprocess.run([*self.as_user, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def init(self):
        self.run(self.bin / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres")

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.run(self.bin / "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w", "start")

    def stop(self):
        self.run(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def remove(self):
        subprocess.run(
            [*self.as_user, self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """A Redis server of our own on a free port, keeping nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise SystemExit("redis-server did not start")

    def stop(self):
        if self.process:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait()
            self.process = None


class MailServer(socketserver.ThreadingTCPServer):
    """A minimal SMTP server on a free port that keeps what it receives; while `hung`, it accepts connections and
    answers nothing, as a mail relay that hangs."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), self.Session)
        self.port, self.hung, self.received = self.server_address[1], False, []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def recipients(self):
        return sorted(re.search(r"^To: (\S+)", message, re.M)[1] for message in self.received)

    class Session(socketserver.StreamRequestHandler):
        def handle(self):
            if self.server.hung:
                while self.request.recv(1024):  # until the client gives up
                    pass
                return
            self.reply("220 drill ESMTP")
            for line in self.rfile:
                command = line.decode().strip().upper()
                if command == "DATA":
                    self.reply("354 end with .")
                    lines = iter(self.rfile.readline, b".\r\n")
                    self.server.received.append(b"".join(takewhile(bool, lines)).decode())
                    self.reply("250 queued")
                elif command == "QUIT":
                    self.reply("221 bye")
                    return
                else:  # EHLO, MAIL FROM, RCPT TO, RSET, NOOP
                    self.reply("250 ok")

        def reply(self, text):
            self.wfile.write(f"{text}\r\n".encode())


def get(url, data=None, headers=None):
    """(status, seconds, body) of one request; never raises."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers or {}), timeout=30) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    except OSError as error:
        status, body = 0, str(error)
    return status, time.monotonic() - start, body


def form(base, path, **fields):
    """A form as a browser posts it: (form data, headers with the CSRF cookie)."""
    with urllib.request.urlopen(f"{base}{path}", timeout=30) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()).group(1)
    return urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}, doseq=True).encode(), {"Cookie": cookie}


def signup_form(base, email):
    """The GRENSBREKERS signup as a browser posts it: (form data, headers with the CSRF cookie)."""
    return form(
        base,
        "/grensbrekers/",
        edition="outage-drill",
        name="Drill Deelnemer",
        email=email,
        organisation="Cultuurcentrum Drill",
        organisation_type="cultuurcentrum",
        municipality="ieper",
        function="programmator",
        consent="on",
        website="",
    )


class Traffic(threading.Thread):
    """Requests the pages in a loop and records (time, status, seconds) of each."""

    @classmethod
    def started(cls, base):
        traffic = cls(base)
        traffic.start()
        time.sleep(2)
        return traffic

    def stop(self):
        self.running = False
        self.join()

    def since(self, moment):
        return [(status, seconds, path) for at, status, seconds, path in self.results if at > moment]

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base, self.results, self.running = base, [], True

    def run(self):
        while self.running:
            for path in PAGES:
                status, seconds, _ = get(self.base + path)
                self.results.append((time.monotonic(), status, seconds, path))


def expected(path):
    """The statuses `path` may answer with while the database is down."""
    return {200, 503} if path in NO_DATABASE_NEEDED else {503}


def workers(gunicorn):
    return set(subprocess.run(["pgrep", "-P", str(gunicorn.pid)], capture_output=True, text=True).stdout.split())


def main():
    cluster, redis, mail_server = Cluster(), Redis(), MailServer()
    gunicorn = worker = None
    try:
        cluster.init()
        cluster.start()
        cluster.run(cluster.bin / "createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "regio")
        redis.start()
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{cluster.port}/regio",
            "CACHE_URL": f"redis://127.0.0.1:{redis.port}/0",
            "PAGE_CACHE_SECONDS": "0",  # every request must reach the database
            "LOG_LEVEL": "CRITICAL",  # the drill causes thousands of logged connection errors
            "EMAIL_URL": f"smtp://127.0.0.1:{mail_server.port}",
            "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
            "TASK_BACKEND": "database",
        }

        def manage(*command):
            result = subprocess.run(
                [PYTHON, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
            )
            return result.stdout

        def saved_signups(email):
            return manage("shell", "--verbosity", "0", "-c", COUNT_SIGNUPS.format(email=email)).strip()

        def health():
            return get(f"{base}/healthz")[2]

        for command in (["migrate"], ["seed"], ["collectstatic", "--noinput"], ["shell", "-c", OPEN_EDITION]):
            manage(*command)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = cluster.folder / "gunicorn.log"
        log = open(log_path, "w")  # noqa: SIM115 (gunicorn writes to it until the drill ends)
        worker_count = 3
        gunicorn = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "opti/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(worker_count), "--timeout", "10", "--access-logfile", "/dev/null", "opti.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=log,
        )
        for _ in range(100):  # the first worker may answer before the master has forked the others
            if get(f"{base}/healthz")[0] == 200 and len(workers(gunicorn)) == worker_count:
                break
            time.sleep(0.1)
        workers_before = workers(gunicorn)
        check(all(get(base + path)[0] == 200 for path in PAGES), "all pages answer 200 with the database up")
        check('"status": "ok"' in health(), "/healthz is ok")

        print("== PostgreSQL outage", flush=True)
        signup, signup_headers = signup_form(base, SIGNUP_EMAIL)
        traffic = Traffic.started(base)
        cluster.stop()
        stopped = time.monotonic()
        print("      database stopped", flush=True)
        time.sleep(4)

        status, seconds, body = get(f"{base}/healthz")
        check(status == 503 and '"database": "unreachable"' in body, f"/healthz reports the outage ({seconds:.2f} s)")
        status, seconds, body = get(f"{base}/grensbrekers/", signup, signup_headers)
        check(
            status == 503 and seconds < FAST and "probeer later opnieuw" in body,
            f"a GRENSBREKERS signup posted during the outage: 503 'probeer later opnieuw' in {seconds:.2f} s",
        )
        for path in PAGES:
            status, seconds, body = get(base + path)
            check(status in expected(path) and seconds < FAST, f"{path}: {status} in {seconds:.2f} s")
        check("Probeer het over enkele minuten opnieuw" in body, "the 503 page tells visitors to try again later")

        during = traffic.since(stopped + 0.5)
        unexpected = Counter((path, s) for s, _, path in during if s not in expected(path))
        if unexpected:
            print(f"      unexpected answers (path, status): {dict(unexpected)}")
        check(
            during and not unexpected,
            f"steady traffic got only 503s (or pages needing no database) during the outage ({len(during)} requests, "
            f"{sum(s == 200 for s, _, _ in during)} of them pages served from a worker's memory)",
        )
        slowest = max(t for _, t, _ in during)
        check(slowest < FAST, f"slowest answer during the outage: {slowest:.2f} s")

        cluster.start()
        restarted = time.monotonic()
        print("      database started again", flush=True)
        for _ in range(50):
            if get(f"{base}/healthz")[0] == 200:
                break
            time.sleep(0.2)
        recovered = time.monotonic() - restarted
        check(get(f"{base}/healthz")[0] == 200, f"/healthz is ok again after {recovered:.1f} s")
        time.sleep(2)
        traffic.stop()
        after = [s for s, _, _ in traffic.since(restarted + recovered + 1)]
        check(
            after and all(s == 200 for s in after),
            f"traffic is served again without restarting gunicorn ({len(after)} requests)",
        )
        check(saved_signups(SIGNUP_EMAIL) == "0", "nothing of the signup posted during the outage was saved")
        status, _, body = get(f"{base}/grensbrekers/", signup, signup_headers)
        check(
            status == 200 and "Kijk in je mailbox" in body and saved_signups(SIGNUP_EMAIL) == "1",
            "the same signup posted again after recovery is saved once",
        )

        print("== Redis outage", flush=True)
        for what, cause, end in [
            ("frozen (connections hang)", lambda: redis.process.send_signal(signal.SIGSTOP), None),
            ("stopped", redis.stop, redis.start),
        ]:
            email = f"redis-{what.split()[0]}@example.org"
            signup, signup_headers = signup_form(base, email)
            traffic = Traffic.started(base)
            cause()
            stopped = time.monotonic()
            print(f"      redis {what}", flush=True)
            time.sleep(3)
            check('"cache": "unreachable"' in health(), "/healthz reports the cache as unreachable")
            for path in PAGES:
                status, seconds, _ = get(base + path)
                check(status == 200 and seconds < FAST, f"{path}: 200 in {seconds:.2f} s")
            status, seconds, body = get(f"{base}/grensbrekers/", signup, signup_headers)
            check(
                status == 200 and saved_signups(email) == "1",
                f"a GRENSBREKERS signup posted during the outage is saved ({seconds:.2f} s)",
            )
            traffic.stop()
            during = traffic.since(stopped + 0.5)
            slowest = max(t for _, t, _ in during)
            check(
                during and all(s == 200 for s, _, _ in during) and slowest < FAST,
                f"steady traffic got only 200s during the outage ({len(during)} requests, slowest {slowest:.2f} s)",
            )
            (end or (lambda: redis.process.send_signal(signal.SIGCONT)))()
            for _ in range(50):
                if '"status": "ok"' in health():
                    break
                time.sleep(0.2)
            check(
                '"status": "ok"' in health(),
                f"redis back: /healthz is ok again, {time.monotonic() - stopped:.1f} s after the outage began",
            )

        print("== Mail server hangs", flush=True)
        # The worker starts only now: like gunicorn's workers it needs the database (in production a service
        # manager restarts it after a database outage); what was queued meanwhile goes out first.
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2", "--no-reload"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=log,
        )

        def mails_to(*addresses, within):
            deadline = time.monotonic() + within
            while time.monotonic() < deadline and not set(addresses) <= set(mail_server.recipients()):
                time.sleep(0.2)
            return [address for address in mail_server.recipients() if address in addresses]

        data = form(base, "/nieuwsbrief/", email="eerst@example.org", newsletters="algemeen")
        status, _, _ = get(f"{base}/nieuwsbrief/", *data)
        check(status == 200 and mails_to("eerst@example.org", within=15), "the worker sends the queued mail")

        mail_server.hung = True
        hung = time.monotonic()
        print("      mail server hangs", flush=True)
        traffic = Traffic.started(base)
        posts = [("/wachtwoord-vergeten/", "reset@example.org", {})]
        for i in range(3):
            posts += [("/grensbrekers/", f"deelnemer-{i}@example.org", None)]
            posts += [("/nieuwsbrief/", f"lezer-{i}@example.org", {"newsletters": "algemeen"})]
        for path, address, fields in posts:
            data = signup_form(base, address) if fields is None else form(base, path, email=address, **fields)
            status, seconds, _ = get(base + path, *data)
            check(status == 200 and seconds < FAST, f"{path} posted while the mail server hangs: {seconds:.2f} s")
        addresses = [address for _, address, _ in posts]
        time.sleep(3 * EMAIL_TIMEOUT)  # the worker tries, and gives up after EMAIL_TIMEOUT each time
        traffic.stop()
        during = traffic.since(hung)
        slowest = max(t for _, t, _ in during)
        check(
            during and all(s == 200 for s, _, _ in during) and slowest < FAST,
            f"steady traffic got only 200s meanwhile ({len(during)} requests, slowest {slowest:.2f} s)",
        )
        check(not mails_to(*addresses, within=0), "nothing was delivered while the mail server hangs")
        check(worker.poll() is None, "the mail worker is still running")

        mail_server.hung = False
        back = time.monotonic()
        print("      mail server answers again; the worker retries after a minute", flush=True)
        delivered = mails_to(*addresses, within=150)
        check(
            sorted(delivered) == sorted(addresses),
            f"every mail queued meanwhile arrived, once ({len(delivered)} of {len(addresses)}, "
            f"{time.monotonic() - back:.0f} s after the mail server came back)",
        )

        if workers_before != workers(gunicorn):  # show why, from gunicorn's own log
            print(f"workers before: {sorted(workers_before)}, after: {sorted(workers(gunicorn))}")
            arbiter = re.compile(r"WORKER TIMEOUT|Booting worker|exited with code|SIGKILL|Error handling request")
            print("\n".join(line for line in log_path.read_text().splitlines() if arbiter.search(line)))
        check(workers_before == workers(gunicorn), "no worker hung or was restarted")
        print("Outage drills passed.")
    finally:
        for process in (worker, gunicorn):
            if process:
                process.terminate()
                process.wait()
        cluster.remove()
        redis.stop()
        mail_server.shutdown()


if __name__ == "__main__":
    main()
