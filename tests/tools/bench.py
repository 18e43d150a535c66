"""Benchmark every page type, uncached and cached, against the bare-WSGI ceiling of the same gunicorn setup.

Usage: make bench   (or: .venv/bin/python tests/tools/bench.py)

Needs wrk (Debian: `apt-get install wrk`). Runs the production path as the README's production recipe does:
PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/regio_bench, created if missing) and
Redis (BENCH_CACHE_URL, default redis://127.0.0.1:6379/14), with the settings' own database connection defaults;
SQLite on request (BENCH_DATABASE_URL=sqlite:///db.sqlite3). It migrates and seeds the database, starts gunicorn
with production settings on loopback, warms up, and measures each page for BENCH_SECONDS (default 3) seconds at
concurrency 1 and 16:
  - in-process render time with the page cache off (the Django handler called directly, no HTTP);
  - over HTTP with the page cache off ("uncached") and on ("cached");
  - a bare WSGI app that returns the same responses (headers and body) under the same gunicorn settings (the
    ceiling).
Each measurement is split into rounds (BENCH_ROUNDS, default 3, each a share of BENCH_SECONDS); the cached site
and the ceiling run side by side and take turns, so that a machine whose speed drifts affects both alike.
BENCH_PAGES (comma-separated names from PAGES) measures only those pages. After each run it reports every
worker's memory, and finally the post-edit drill: an editor saves an IGS in the admin while wrk requests the home
and IGS pages at concurrency 16 in all, and the latencies of the following 10 seconds are reported.
"""

import gzip
import json
import math
import os
import re
import runpy
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from servers import BASE_DIR, PYTHON, Browser, form_fields, memory_mb, set_up_site, start_gunicorn, stop, worker_pids

SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regio_bench")
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")
PAGES = {
    "home": "/",
    "region list": "/regios/",
    "region": "/regios/westhoek/",
    "IGS list": "/igs/",
    "IGS": "/igs/ginter/",
    "municipality": "/gemeenten/antwerpen/",
    "project": "/igs/ginter/projecten/oaze/",
    "search results": "/zoeken/?q=beveren",
    "subsidies": "/subsidies/",
    "privacy": "/privacy/",
    "about the data": "/over-de-gegevens/",
    "knowledge base": "/kennisbank/",
    "publications": "/publicaties/",
    "contact": "/contact/",
    "open data": "/open-data/",
    "embed card": "/embed/gemeenten/antwerpen/",
    "municipality JSON": "/gemeenten/antwerpen.json",
    "IGS check": "/igs-check/",
    # Pages with a form carry a CSRF token and set its cookie, so they are never served from the page cache while
    # they show the form.
    "grensbrekers†": "/grensbrekers/",
    "newsletter†": "/nieuwsbrief/",
}
if os.environ.get("BENCH_PAGES"):
    PAGES = {name: PAGES[name] for name in os.environ["BENCH_PAGES"].split(",")}
DRILL_SECONDS = 10


def production_env(**extra):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": DATABASE_URL,
        "CACHE_URL": CACHE_URL,
        **extra,
    }


def wrk(url, connections, seconds=SECONDS):
    """(requests/s, p50 ms, p99 ms, requests) of `url` at concurrency `connections`; fails on any error response."""
    output = subprocess.run(
        ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(url, output)


def parse_wrk(url, output):
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors or "Socket errors" in output:
        raise SystemExit(f"{url}: error responses\n{output}")
    return rps, to_ms(latency["50"]), to_ms(latency["99"]), requests


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def warm_up(base, path):
    for _ in range(20):  # the first renders fill the caches and open the database connections
        urllib.request.urlopen(base + path).read()


def measure(servers):
    """Each page on each server ({label: (process, base URL)}) in alternating rounds: requests/s is the mean of the
    rounds, p50 their median, p99 their maximum; and the CPU time that the workers spent per request (median), which
    other programs running on the machine disturb far less than the rates and latencies."""
    results = {label: {} for label in servers}
    seconds = max(1, SECONDS // ROUNDS)
    for name, path in PAGES.items():
        for _, base in servers.values():
            warm_up(base, path)
        for label in servers:
            results[label][name] = {}
        for c in (1, 16):
            rounds = {label: [] for label in servers}
            for _ in range(ROUNDS):
                for label, (process, base) in servers.items():
                    workers = worker_pids(process)
                    before = cpu_seconds(workers)
                    rps, p50, p99, requests = wrk(base + path, c, seconds)
                    after = cpu_seconds(workers)
                    measured = requests and before is not None and after is not None
                    cpu = (after - before) * 1000 / requests if measured else math.nan
                    rounds[label].append((rps, p50, p99, cpu))
            for label, runs in rounds.items():
                rps, p50, p99, cpu = zip(*runs, strict=True)
                results[label][name][c] = (
                    statistics.mean(rps),
                    statistics.median(p50),
                    max(p99),
                    statistics.median([value for value in cpu if not math.isnan(value)] or [math.nan]),
                )
    return results


def cpu_seconds(pids):
    """User and system CPU time of the processes so far; None once one of them has ended (gunicorn recycles a
    worker after about 100,000 requests, which a fast page reaches within a measurement)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            return None
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def memory(process):
    return "; ".join("{:.0f} MB ({:.0f} MB private)".format(*memory_mb(pid)) for pid in worker_pids(process))


def in_process_render_ms(env):
    """Median time of the Django handler for each page, with the page cache off, without HTTP."""
    code = """
import io, json, statistics, sys, time
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
app = WSGIHandler()
def call(url):
    path, _, query = url.partition("?")
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http"}
    b"".join(app(environ, lambda status, headers: None))
result = {}
for name, url in json.loads(sys.argv[1]).items():
    for _ in range(20):
        call(url)
    times = []
    for _ in range(200):
        start = time.perf_counter()
        call(url)
        times.append((time.perf_counter() - start) * 1000)
    result[name] = statistics.median(times)
print(json.dumps(result))
"""
    output = subprocess.run(
        [PYTHON, "-c", code, json.dumps(PAGES)],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "opti.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def post_edit_drill(base, editor):
    """Save an IGS in the admin while wrk requests the home and IGS pages; the latencies of the next 10 s."""
    status, page = editor.request(f"{base}/admin/igs/network/?q=ginter")
    change_url = re.search(r'href="(/admin/igs/network/\d+/change/)', page).group(1)
    _, form = editor.request(base + change_url)
    fields = [*form_fields(form), ("_save", "Opslaan")]
    paths = ["/", "/igs/ginter/"]
    for path in paths:
        warm_up(base, path)
    load = [
        subprocess.Popen(
            ["wrk", "-t1", "-c8", f"-d{DRILL_SECONDS}s", "--latency", base + path],
            stdout=subprocess.PIPE,
            text=True,
        )
        for path in paths
    ]
    time.sleep(0.2)
    started = time.perf_counter()
    status, answer = editor.request(base + change_url, fields)
    save_ms = (time.perf_counter() - started) * 1000
    if status != 302:
        raise SystemExit(f"the drill's save in the admin failed ({status}):\n{answer[:2000]}")
    return save_ms, {path: parse_wrk(path, wrk.communicate()[0]) for path, wrk in zip(paths, load, strict=True)}


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed for the benchmark: install it with `apt-get install wrk` (Debian/Ubuntu).")
    env = production_env()
    load = os.getloadavg()
    print(f"Database: {DATABASE_URL}; cache: {CACHE_URL}; {SECONDS} s per measurement in {ROUNDS} rounds")
    print("Load average before: {:.2f} {:.2f} {:.2f}".format(*load))
    username, password = set_up_site(env, fresh=False)
    css = next((BASE_DIR / "staticfiles" / "css").glob("site.*.css.gz")).stat().st_size

    render = in_process_render_ms(production_env(PAGE_CACHE_SECONDS="0"))

    runs = {}
    bodies = {}
    processes = []
    memories = {}
    try:
        process, base = start_gunicorn(production_env(PAGE_CACHE_SECONDS="0"))
        processes.append(process)
        runs.update(measure({"uncached": (process, base)}))
        memories["uncached"] = memory(process)
        stop(processes.pop())

        process, cached = start_gunicorn(production_env())
        processes.append(process)
        with tempfile.TemporaryDirectory() as pages_dir:
            index = {}
            for name, path in PAGES.items():
                with urllib.request.urlopen(cached + path) as response:
                    bodies[name] = response.read()
                    # gunicorn adds these itself, to the ceiling's responses too
                    headers = [h for h in response.getheaders() if h[0] not in ("Date", "Server", "Connection")]
                (Path(pages_dir) / name).write_bytes(bodies[name])
                index[name] = {"path": path, "headers": headers}
            (Path(pages_dir) / "index.json").write_text(json.dumps(index))
            process, ceiling = start_gunicorn(
                {**env, "BARE_PAGES": pages_dir, "PYTHONPATH": str(Path(__file__).parent)}, app="bare_wsgi:app"
            )
            processes.append(process)
        runs.update(measure({"cached": (processes[0], cached), "ceiling": (process, ceiling)}))
        memories["cached"] = memory(processes[0])
        memories["ceiling"] = memory(processes[1])
        stop(processes.pop())

        editor = Browser()
        if not editor.log_in_to_admin(cached, username, password):
            raise SystemExit("the drill's editor could not log in")
        save_ms, drill = post_edit_drill(cached, editor)
    finally:
        for process in processes:
            stop(process)

    print()
    print(
        f"{'page':16} {'KB':>5} {'KB gz*':>6} {'render':>7} {'CPU ms/req**':>20} | {'uncached c1':>20} | "
        f"{'uncached c16':>20} | "
        f"{'cached c1':>20} | {'cached c16':>20} | {'ceiling c16':>13} | {'cached/ceiling':>14}"
    )
    print(
        f"{'':16} {'':>5} {'':>6} {'ms p50':>7} {'uncached cached ceil':>20} | {'req/s  p50  p99 ms':>20} | "
        f"{'req/s  p50  p99 ms':>20} | "
        f"{'req/s  p50  p99 ms':>20} | {'req/s  p50  p99 ms':>20} | {'req/s':>13} | {'c1 / c16':>14}"
    )
    widths = [("uncached", 8), ("cached", 6), ("ceiling", 4)]
    for name in PAGES:
        size = len(bodies[name])
        total_gz = len(gzip.compress(bodies[name], 6)) + css
        cells = []
        for label in ("uncached", "cached"):
            for c in (1, 16):
                rps, p50, p99, _ = runs[label][name][c]
                cells.append(f"{rps:8.0f} {p50:5.1f} {p99:5.1f}")
        ratio = [runs["cached"][name][c][0] / runs["ceiling"][name][c][0] for c in (1, 16)]
        print(
            f"{name:16} {size / 1024:5.1f} {total_gz / 1024:6.1f} {render[name]:7.2f} "
            + " ".join(f"{runs[label][name][1][3]:{width}.2f}" for label, width in widths)
            + " | "
            + " | ".join(cells)
            + f" | {runs['ceiling'][name][16][0]:13.0f} | {ratio[0]:6.0%} {ratio[1]:6.0%}"
        )
    print("\n* KB gz: the page (its map inline) and the stylesheet, gzip-compressed, as a first visit loads them.")
    print("** CPU time of the gunicorn workers per request at c1 (median of the rounds): other programs on the machine")
    print("   change it far less than the rates and latencies (the database's own CPU time is not included).")
    print("† a page with a form: while it shows the form it sets a CSRF cookie and is never served from the page")
    print("  cache (the GRENSBREKERS page shows no form while no edition takes signups, as with the bench's data).")
    config = runpy.run_path(str(BASE_DIR / "opti" / "gunicorn.conf.py"))
    print(f"gunicorn: sync workers = {config['workers']} on {os.cpu_count()} cores, threads = {config['threads']}")
    print("Memory per worker after the run (resident, of which private: the rest is shared with the master):")
    for label, text in memories.items():
        print(f"  {label:9} {text}")
    print(
        f"\nPost-edit drill: an IGS saved in the admin ({save_ms:.0f} ms) while wrk runs at c16 (8 + 8); the next "
        f"{DRILL_SECONDS} s:"
    )
    for path, (rps, p50, p99, _) in drill.items():
        print(f"  {path:14} {rps:8.0f} req/s  p50 {p50:5.1f} ms  p99 {p99:5.1f} ms")
    print("Load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
