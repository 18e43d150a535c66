"""Search in the knowledge base: articles and publications, ranked, each with a snippet that marks what matched.

On PostgreSQL: full-text search with the Dutch configuration (stemming, stop words). Articles keep their search
vector in a column with a GIN index, filled on save (`Article.objects.update_search_vectors()`); publications are
few and searched without one. On SQLite (development, tests): every word must occur in the text (icontains; in an
article's text, not in its HTML markup), a title match ranks first, and the snippet is cut around the first match.
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat, Left, Replace
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .models import Article, Publication

MAX_ARTICLES = 10
MAX_PUBLICATIONS = 5
SNIPPET_CHARS = 200
HEADLINE_SOURCE_CHARS = 3000
# Around what matched, in the snippet PostgreSQL makes: characters no text contains, replaced by <mark> once escaped.
START, STOP = "\x02", "\x03"
HEADLINE_OPTIONS = {
    "start_sel": START,
    "stop_sel": STOP,
    "max_words": 35,
    "min_words": 15,
}


def search(query):
    """The published articles and publications that match `query`, the best first, each with `snippet`."""
    words = query.split()
    if not words:
        return [], []
    if connection.vendor == "postgresql":
        return _postgresql(query)
    return _sqlite(words)


def _postgresql(query):
    search_query = SearchQuery(query, config="dutch", search_type="websearch")
    articles = list(
        Article.objects.published()
        .filter(search_vector=search_query)
        .defer("search_vector", "body")  # large, and not shown: the snippet is made in the database
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),  # the stored vector, not one made from its text
            # One headline over the lead (plain text, escaped here to read as HTML like the text) and the start of
            # the text: the headline parses all it is given, and a long text would cost more than the search.
            headline=SearchHeadline(
                Concat(_escaped("lead"), Value(" "), Left("body", HEADLINE_SOURCE_CHARS), output_field=TextField()),
                search_query,
                config="dutch",
                **HEADLINE_OPTIONS,
            ),
        )
        .order_by("-rank", "-published_on")[:MAX_ARTICLES]
    )
    vector = SearchVector("title", weight="A", config="dutch") + SearchVector("description", weight="B", config="dutch")
    publications = list(
        Publication.objects.published()
        .annotate(search=vector)
        .filter(search=search_query)
        .annotate(
            rank=SearchRank(vector, search_query),
            headline=SearchHeadline(
                Concat("title", Value(" "), "description", output_field=TextField()),
                search_query,
                config="dutch",
                **HEADLINE_OPTIONS,
            ),
        )
        .order_by("-rank", "title")[:MAX_PUBLICATIONS]
    )
    for article in articles:
        article.snippet = _marked(_text_of_html(article.headline))
    for publication in publications:
        publication.snippet = _marked(publication.headline)
    return articles, publications


def _escaped(field):
    """The text of `field` escaped as HTML, in SQL."""
    text = F(field)
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        text = Replace(text, Value(character), Value(entity), output_field=TextField())
    return text


def _text_of_html(fragment):
    """The text of a fragment of rich text, also where a tag was cut in half at either end."""
    return html.unescape(strip_tags(re.sub(r"<[^>]*$|^[^<]*>", "", fragment)))


def _marked(text):
    """Plain text from PostgreSQL's headline as safe HTML: escaped, with what matched marked."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def _sqlite(words):
    def every_word(*fields):
        condition = Q()
        for word in words:
            condition &= Q(*(Q(**{f"{field}__icontains": word}) for field in fields), _connector=Q.OR)
        return condition

    def in_title(field):
        title_match = Q()
        for word in words:
            title_match &= Q(**{f"{field}__icontains": word})
        return Case(When(title_match, then=Value(1)), default=Value(0), output_field=IntegerField())

    # The database also finds words in the markup of the text ("strong", "href"): checked again on the text alone.
    articles = [
        article
        for article in Article.objects.published()
        .filter(every_word("title", "lead", "body"))
        .annotate(in_title=in_title("title"))
        .order_by("-in_title", "-published_on", "title")
        if all(word.casefold() in f"{article.title} {_readable(article)}".casefold() for word in words)
    ][:MAX_ARTICLES]
    publications = list(
        Publication.objects.published()
        .filter(every_word("title", "description"))
        .annotate(in_title=in_title("title"))
        .order_by("-in_title", "title")[:MAX_PUBLICATIONS]
    )
    for article in articles:
        article.snippet = _cut_around(words, _readable(article))
    for publication in publications:
        publication.snippet = _cut_around(words, f"{publication.title} {publication.description}")
    return articles, publications


def _readable(article):
    """The lead and text of `article` as a reader sees them: without markup."""
    return f"{article.lead} {html.unescape(strip_tags(article.body))}"


def _cut_around(words, text):
    """Up to SNIPPET_CHARS of `text` around the first word found, escaped, with each word marked."""
    text = " ".join(text.split())
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - SNIPPET_CHARS // 3)
    part = text[start : start + SNIPPET_CHARS]
    marked, position = [], 0
    for match in pattern.finditer(part):
        marked += [escape(part[position : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        position = match.end()
    marked.append(escape(part[position:]))
    prefix, suffix = ("… " if start else ""), (" …" if start + SNIPPET_CHARS < len(text) else "")
    return mark_safe(prefix + "".join(marked) + suffix)
