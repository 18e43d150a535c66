"""Benchmark the knowledge base search: 2,000 generated articles, then search p50/p95 in milliseconds.

Usage: make bench   (or: .venv/bin/python tests/tools/search_bench.py)

Runs on PostgreSQL (SEARCH_BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/regio_search_bench)
or, on request, SQLite (SEARCH_BENCH_DATABASE_URL=sqlite:////tmp/search_bench.sqlite3), in a throwaway database:
created afresh, migrated and seeded with the reference data, and dropped (deleted) at the end. The generated
articles are clearly fake ("Benchmarkartikel 1234", marked as examples, mostly made-up words), saved and then
vacuumed and analysed, as the articles of a real site would be.
It measures, SEARCH_BENCH_ROUNDS (default 200) times over a set of queries:
  - the search itself (opti.kennisbank.search.search: the articles' and the publications' query);
  - the whole /zoeken/ page rendered in-process (lookup of places and networks, search, template), page cache off.
Target: search p50 <= 15 ms on PostgreSQL.
"""

import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("SEARCH_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regio_search_bench")
ROUNDS = int(os.environ.get("SEARCH_BENCH_ROUNDS", "200"))
ARTICLES = 2000
QUERIES = ["samenwerken", "erfgoed", "bibliotheek", "regiovorming", "subsidie aanvragen", "jeugd cultuur", "beleid"]
# The text is mostly made-up words (a vocabulary of a few thousand), with a few real ones, so that a real word
# occurs in a share of the articles as in a real knowledge base rather than in every one.
WORDS = [
    "cultuur",
    "gemeente",
    "regio",
    "samenwerken",
    "erfgoed",
    "bibliotheek",
    "cultuurcentrum",
    "jeugd",
    "vrijwilligers",
    "subsidie",
    "beleid",
    "projecten",
    "netwerk",
    "overleg",
    "programmatie",
    "publiek",
    "vereniging",
    "kunstenaars",
    "participatie",
    "ruimte",
    "festival",
    "museum",
    "archief",
    "educatie",
    "toerisme",
    "welzijn",
    "onderwijs",
    "muziek",
    "theater",
    "literatuur",
    "verhalen",
    "planning",
    "begroting",
    "bestuur",
    "partners",
    "provincie",
    "Vlaanderen",
    "decreet",
    "erkenning",
    "evaluatie",
    "aanvragen",
]
REAL_WORD_SHARE = 0.03
SYLLABLES = [
    "ka",
    "lo",
    "mer",
    "ven",
    "tis",
    "do",
    "pra",
    "ul",
    "gen",
    "sor",
    "ba",
    "li",
    "ne",
    "wo",
    "stra",
    "ter",
    "mo",
    "pe",
    "an",
    "ri",
]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opti.settings")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ["PAGE_CACHE_SECONDS"] = "0"  # every request reaches the view
os.environ["SECURE_SSL_REDIRECT"] = "0"  # the test client speaks plain http
sys.path.insert(0, str(BASE_DIR))


def database(action):
    """Create the throwaway database afresh ("create") or delete it ("drop")."""
    url = urllib.parse.urlparse(DATABASE_URL)
    if not url.scheme.startswith("postgres"):
        Path(url.path).unlink(missing_ok=True)
        return
    name = url.path.lstrip("/")
    server = ["psql", "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres"]
    subprocess.run([*server, "-c", f'DROP DATABASE IF EXISTS "{name}"'], check=True, stdout=subprocess.DEVNULL)
    if action == "create":
        subprocess.run([*server, "-c", f'CREATE DATABASE "{name}"'], check=True, stdout=subprocess.DEVNULL)


def fake_text(rng, words):
    return " ".join(
        rng.choice(WORDS) if rng.random() < REAL_WORD_SHARE else "".join(rng.choices(SYLLABLES, k=3))
        for _ in range(words)
    )


def generate(rng):
    from django.utils import timezone

    from opti.kennisbank.models import Article, Theme

    today = timezone.localdate()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Benchmarkartikel {number}: {fake_text(rng, 4)}",
            slug=f"benchmarkartikel-{number}",
            lead=f"Verzonnen tekst voor de benchmark. {fake_text(rng, 20)}.",
            body="".join(f"<h2>{fake_text(rng, 3)}</h2><p>{fake_text(rng, 80)}.</p>" for _ in range(4)),
            published=True,
            published_on=today - timedelta(days=number % 1000),
            is_example=True,
        )
        for number in range(ARTICLES)
    )
    themes = list(Theme.objects.all())
    Article.themes.through.objects.bulk_create(
        Article.themes.through(article_id=article.pk, theme_id=rng.choice(themes).pk) for article in articles
    )
    Article.objects.filter(slug__startswith="benchmarkartikel-").update_search_vectors()


def measure(function, query):
    start = time.perf_counter()
    function(query)
    return (time.perf_counter() - start) * 1000


def report(name, timings):
    timings = sorted(timings)
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{name:<28} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   ({len(timings)} searches)")
    return p50


def main():
    database("create")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from opti.kennisbank.models import Article
    from opti.kennisbank.search import search

    # Templates name static files; no collectstatic manifest is needed to render them here.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    client = Client()
    rng = random.Random(2025)
    with transaction.atomic():
        generate(rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE kennisbank_article")
            cursor.execute(
                "EXPLAIN SELECT id FROM kennisbank_article "
                "WHERE search_vector @@ websearch_to_tsquery('dutch'::regconfig, 'erfgoed')"
            )
            plan = " ".join(row[0] for row in cursor.fetchall())
        print(f"Articles' search can use the GIN index: {'kennisbank_article_search' in plan}")
    print(f"{ARTICLES:,} generated articles on {connection.vendor}; queries: {', '.join(QUERIES)}")
    for query in QUERIES:  # warm up
        search(query)
        client.get("/zoeken/", {"q": query})
    search_times, page_times = [], []
    for round_number in range(ROUNDS):
        query = QUERIES[round_number % len(QUERIES)]
        search_times.append(measure(search, query))
        page_times.append(measure(lambda q: client.get("/zoeken/", {"q": q}), query))
    assert client.get("/zoeken/", {"q": QUERIES[0]}).status_code == 200
    found = len(search("erfgoed")[0])
    matching = Article.objects.filter(body__icontains="erfgoed").count()
    connection.close()
    database("drop")
    print(f"'erfgoed' occurs in {matching} of the articles; the search shows {found}")
    p50 = report("search (articles, documents)", search_times)
    report("/zoeken/ page, uncached", page_times)
    if connection.vendor == "postgresql":
        print(f"Target: search p50 <= 15 ms: {'met' if p50 <= 15 else 'NOT met'}")


if __name__ == "__main__":
    main()
