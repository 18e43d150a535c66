"""Benchmark every page type, uncached and cached, against the bare-WSGI ceiling of the same gunicorn setup.

Usage: make bench   (or: .venv/bin/python tests/tools/bench.py)

Needs wrk (Debian: `apt-get install wrk`). Uses the configured DATABASE_URL (default: the SQLite file of the
project) and CACHE_URL (default: Redis at 127.0.0.1:6379/14 if it answers, else local memory), migrates and
seeds it, starts gunicorn with production settings on loopback, warms up, and measures each page for
BENCH_SECONDS (default 3) seconds at concurrency 1 and 16:
  - in-process render time with the page cache off (the Django handler called directly, no HTTP);
  - over HTTP with the page cache off ("uncached") and on ("cached");
  - a bare WSGI app that returns the same responses (headers and body) under the same gunicorn settings (the
    ceiling).
Each measurement is split into rounds (BENCH_ROUNDS, default 3, each a share of BENCH_SECONDS); the cached site
and the ceiling run side by side and take turns, so that a machine whose speed drifts affects both alike.
"""

import gzip
import json
import os
import re
import runpy
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
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
    # Form pages carry a CSRF token and set its cookie, so they are never served from the page cache.
    "grensbrekers†": "/grensbrekers/",
    "newsletter†": "/nieuwsbrief/",
}


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def production_env(**extra):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }
    env.setdefault("CACHE_URL", "redis://127.0.0.1:6379/14" if redis_answers() else "locmemcache://")
    env.update(extra)
    return env


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(app, env):
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "-c",
            "opti/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            app,
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
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


def wrk(url, connections, seconds=SECONDS):
    output = subprocess.run(
        ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{output}")
    return rps, to_ms(latency["50"]), to_ms(latency["99"])


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def warm_up(base, path):
    for _ in range(20):  # the first renders fill the caches and the connection pools
        urllib.request.urlopen(base + path).read()


def measure(bases):
    """Each page on each server ({label: base URL}) in alternating rounds: requests/s is the mean of the rounds,
    p50 their median, p99 their maximum."""
    results = {label: {} for label in bases}
    seconds = max(1, SECONDS // ROUNDS)
    for name, path in PAGES.items():
        for base in bases.values():
            warm_up(base, path)
        for label in bases:
            results[label][name] = {}
        for c in (1, 16):
            rounds = {label: [] for label in bases}
            for _ in range(ROUNDS):
                for label, base in bases.items():
                    rounds[label].append(wrk(base + path, c, seconds))
            for label, runs in rounds.items():
                rps, p50, p99 = zip(*runs, strict=True)
                results[label][name][c] = (statistics.mean(rps), statistics.median(p50), max(p99))
    return results


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


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed for the benchmark: install it with `apt-get install wrk` (Debian/Ubuntu).")
    env = production_env()
    database = env.get("DATABASE_URL", "sqlite (db.sqlite3)")
    print(f"Database: {database}; cache: {env['CACHE_URL']}; {SECONDS} s per measurement in {ROUNDS} rounds")
    manage("migrate", env=env)
    manage("seed", env=env)
    manage("collectstatic", "--noinput", env=env)
    css = next((BASE_DIR / "staticfiles" / "css").glob("site.*.css.gz")).stat().st_size
    shapes = next((BASE_DIR / "staticfiles" / "map").glob("gemeenten.*.svg.gz")).stat().st_size

    render = in_process_render_ms(production_env(PAGE_CACHE_SECONDS="0", CACHE_URL=env["CACHE_URL"]))

    runs = {}
    bodies = {}
    processes = []
    try:
        process, base = start_gunicorn("opti.wsgi", production_env(PAGE_CACHE_SECONDS="0", CACHE_URL=env["CACHE_URL"]))
        processes.append(process)
        runs.update(measure({"uncached": base}))
        stop(processes.pop())

        process, cached = start_gunicorn("opti.wsgi", production_env(CACHE_URL=env["CACHE_URL"]))
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
                "bare_wsgi:app", {**env, "BARE_PAGES": pages_dir, "PYTHONPATH": str(Path(__file__).parent)}
            )
            processes.append(process)
        runs.update(measure({"cached": cached, "ceiling": ceiling}))
    finally:
        for process in processes:
            stop(process)

    print()
    print(
        f"{'page':15} {'KB':>5} {'KB gz*':>6} {'render':>7} | {'uncached c1':>20} | {'uncached c16':>20} | "
        f"{'cached c1':>20} | {'cached c16':>20} | {'ceiling c16':>13} | {'cached/ceiling':>14}"
    )
    print(
        f"{'':15} {'':>5} {'':>6} {'ms p50':>7} | {'req/s  p50  p99 ms':>20} | {'req/s  p50  p99 ms':>20} | "
        f"{'req/s  p50  p99 ms':>20} | {'req/s  p50  p99 ms':>20} | {'req/s':>13} | {'c1 / c16':>14}"
    )
    for name in PAGES:
        size = len(bodies[name])
        total_gz = len(gzip.compress(bodies[name], 6)) + css + shapes
        cells = []
        for label in ("uncached", "cached"):
            for c in (1, 16):
                rps, p50, p99 = runs[label][name][c]
                cells.append(f"{rps:8.0f} {p50:5.1f} {p99:5.1f}")
        ratio = [runs["cached"][name][c][0] / runs["ceiling"][name][c][0] for c in (1, 16)]
        print(
            f"{name:15} {size / 1024:5.1f} {total_gz / 1024:6.1f} {render[name]:7.2f} | "
            + " | ".join(cells)
            + f" | {runs['ceiling'][name][16][0]:13.0f} | {ratio[0]:6.0%} {ratio[1]:6.0%}"
        )
    print("\n* KB gz: the page, the stylesheet and the map shapes, gzip-compressed, as a first visit loads them.")
    print("† form page: it sets a CSRF cookie, so it is never served from the page cache (cached = uncached).")
    config = runpy.run_path(str(BASE_DIR / "opti" / "gunicorn.conf.py"))
    print(f"gunicorn: sync workers = {config['workers']} on {os.cpu_count()} cores, threads = {config['threads']}")


if __name__ == "__main__":
    main()
