"""The knowledge base (/kennisbank/) and publications (/publicaties/), through HTTP and the admin."""

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from igs.models import Network
from opti.kennisbank import documents
from opti.kennisbank.models import Article, Publication, Theme
from regions.models import Region

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def make_article(title="Samenwerken in de regio", *, themes=("samenwerken",), published=True, days_ago=1, **fields):
    slug = fields.pop("slug", re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"))
    article = Article.objects.create(
        title=title,
        slug=slug,
        lead=fields.pop("lead", f"Inleiding bij {title}."),
        body=fields.pop("body", "<h2>Een kop</h2><p>Tekst van het artikel.</p>"),
        published=published,
        published_on=timezone.localdate() - timedelta(days=days_ago) if published else None,
        **fields,
    )
    article.themes.set(Theme.objects.filter(slug__in=themes))
    return article


def office_file(kind):
    """A minimal DOCX, XLSX or ODT: a ZIP archive with what says what it is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        else:
            main = {"docx": "wordprocessingml.document", "xlsx": "spreadsheetml.sheet"}[kind]
            archive.writestr(
                "[Content_Types].xml",
                f'<Types><Override PartName="/x.xml" ContentType="application/'
                f'vnd.openxmlformats-officedocument.{main}.main+xml"/></Types>',
            )
    return buffer.getvalue()


def make_publication(title="Brochure intergemeentelijk samenwerken", content=PDF, **fields):
    publication = Publication(title=title, published=fields.pop("published", True), **fields)
    publication.file = ContentFile(content, name="brochure.pdf")
    publication.save()
    return publication


# The list, its filter and pagination


def test_list_shows_published_articles_with_themes_and_the_feed_link(client):
    make_article("Regiovorming uitgelegd", themes=("regiovorming", "beleid"))
    make_article("Nog niet klaar", published=False)
    make_article("Morgen pas", days_ago=-1)
    html = client.get("/kennisbank/").content.decode()
    assert "Regiovorming uitgelegd" in html and "Beleid, Regiovorming" in html
    assert "Nog niet klaar" not in html and "Morgen pas" not in html
    assert '<link rel="alternate" type="application/atom+xml"' in html and 'href="/kennisbank/feed.xml"' in html
    assert html.count("<h1>") == 1


def test_filter_by_theme_works_without_javascript(client):
    make_article("Over beleid", themes=("beleid",))
    make_article("Over subsidies", themes=("subsidies",))
    html = client.get("/kennisbank/?thema=beleid").content.decode()
    assert "Over beleid" in html and "Over subsidies" not in html
    assert '<a href="/kennisbank/?thema=beleid" aria-current="page">Beleid</a>' in html
    everything = client.get("/kennisbank/?thema=bestaat-niet").content.decode()
    assert "Over beleid" in everything and "Over subsidies" in everything


def test_pagination_and_bad_page_numbers_never_fail(client):
    for number in range(12):
        make_article(f"Artikel {number:02}", days_ago=number + 1)
    first = client.get("/kennisbank/").content.decode()
    assert "Artikel 00" in first and "Artikel 10" not in first and "pagina 1 van 2" in first
    second = client.get("/kennisbank/?pagina=2").content.decode()
    assert "Artikel 10" in second and "Artikel 00" not in second and 'rel="prev"' in second
    for bad in ("0", "-1", "abc", "999", "1e9", "%00"):
        assert client.get(f"/kennisbank/?pagina={bad}").status_code == 200


def test_list_and_article_queries_do_not_grow_with_the_number_of_articles(client):
    for number in range(3):
        make_article(f"Eerste {number}", themes=("beleid", "praktijk"))
    article = Article.objects.first()
    article.publications.add(make_publication())
    article.networks.add(Network.objects.get(slug="co7"))

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        return len(queries)

    before = {url: count(url) for url in ("/kennisbank/", article.get_absolute_url(), "/publicaties/", "/igs/co7/")}
    for number in range(15):
        other = make_article(f"Later {number}", themes=("beleid", "praktijk", "subsidies"))
        other.networks.add(Network.objects.get(slug="co7"))
        make_publication(f"Document {number}")
    for each in caches.all():
        each.clear()
    after = {url: count(url) for url in before}
    assert after == before
    # With the caches empty, each page also reads OP/TIL's details for the footer (once per content version).
    assert before["/kennisbank/"] <= 5 and before[article.get_absolute_url()] <= 8


# One article


def test_article_page_shows_body_attachments_related_articles_and_dates(client):
    article = make_article("Een regierol opnemen", themes=("samenwerken", "praktijk"))
    article.publications.add(make_publication())
    related = make_article("Samen programmeren", themes=("samenwerken",))
    make_article("Over subsidies", themes=("subsidies",))
    html = client.get("/kennisbank/een-regierol-opnemen/").content.decode()
    assert "<h2>Een kop</h2>" in html
    assert re.search(
        r'<a href="/media/publicaties/[0-9a-f]{32}\.pdf">Brochure intergemeentelijk samenwerken '
        r'<span class="file-meta">\(PDF, \d+\xa0bytes\)</span></a>',
        html,
    )
    assert f'href="{related.get_absolute_url()}"' in html and "Over subsidies" not in html
    assert "Laatst bijgewerkt op" in html
    assert client.get("/kennisbank/bestaat-niet/").status_code == 404


def test_article_page_has_article_json_ld(client):
    article = make_article("Een artikel met </script> in de titel")
    html = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = next(json.loads(block) for block in blocks if json.loads(block).get("@type") == "Article")
    assert data["headline"] == "Een artikel met </script> in de titel"
    assert data["url"] == settings.SITE_URL + article.get_absolute_url()
    assert data["datePublished"] == article.published_on.isoformat() and data["inLanguage"] == "nl-BE"
    assert '<meta property="og:type" content="article">' in html
    breadcrumbs = next(json.loads(block) for block in blocks if json.loads(block).get("@type") == "BreadcrumbList")
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == ["Kennisbank", article.title]


def test_the_canonical_address_keeps_the_theme_and_the_page(client):
    for number in range(12):
        make_article(f"Beleid {number}", themes=("beleid",))
    html = client.get("/kennisbank/?thema=beleid&pagina=2&utm_source=nieuwsbrief").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/kennisbank/?thema=beleid&amp;pagina=2">' in html
    # What the view ignored is not in it: an unknown theme shows all articles, a page past the end the last one.
    html = client.get("/kennisbank/?thema=bestaat-niet&pagina=99").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/kennisbank/?pagina=2">' in html
    html = client.get("/kennisbank/?thema=beleid&pagina=1").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/kennisbank/?thema=beleid">' in html


def test_public_paths_are_stable():
    assert reverse("kennisbank:article_list") == "/kennisbank/"
    assert reverse("kennisbank:article_detail", args=["x"]) == "/kennisbank/x/"
    assert reverse("kennisbank:feed") == "/kennisbank/feed.xml"
    assert reverse("kennisbank:publication_list") == "/publicaties/"


# Drafts: only editors see them, with a banner, never cached; never in the feed, the sitemap or a list


def test_a_draft_is_visible_only_to_editors_with_a_banner_and_never_cached(editor_client):
    draft = make_article("Geheim concept", published=False)
    assert Client().get(draft.get_absolute_url()).status_code == 404
    response = editor_client.get(draft.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and "Concept — niet publiek." in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "application/ld+json" not in html or '"Article"' not in html
    assert Client().get(draft.get_absolute_url()).status_code == 404  # the editor's visit was not cached
    public = make_article("Openbaar")
    assert "Concept" not in editor_client.get(public.get_absolute_url()).content.decode()


def test_drafts_are_in_no_feed_sitemap_or_section(client):
    published = make_article("Gepubliceerd artikel")
    draft = make_article("Concept artikel", published=False)
    for article in (published, draft):
        article.networks.add(Network.objects.get(slug="co7"))
        article.regions.add(Region.objects.get(slug="westhoek"))
    feed = client.get("/kennisbank/feed.xml").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    for page in (
        feed,
        sitemap,
        client.get("/igs/co7/").content.decode(),
        client.get("/regios/westhoek/").content.decode(),
    ):
        assert published.get_absolute_url() in page
        assert draft.get_absolute_url() not in page


def test_the_feed_is_atom_with_the_newest_articles(client):
    make_article("Oud artikel", days_ago=30, themes=("beleid",))
    make_article("Nieuw artikel", days_ago=1, themes=("beleid", "praktijk"))
    response = client.get("/kennisbank/feed.xml")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles[:2] == ["Nieuw artikel", "Oud artikel"]
    entry = next(feed.iter(f"{ATOM}entry"))
    assert {category.get("term") for category in entry.iter(f"{ATOM}category")} == {"Beleid", "Praktijk"}
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/kennisbank/nieuw-artikel/"
    # Both dates in Brussels time, as on the site: an article is not shown as edited an hour after it appeared.
    offsets = {entry.find(f"{ATOM}{date}").text[-6:] for date in ("published", "updated")}
    assert offsets in ({"+01:00"}, {"+02:00"})


def test_the_sitemap_lists_the_knowledge_base(client):
    article = make_article("In de sitemap")
    sitemap = client.get("/sitemap.xml").content.decode()
    for path in ("/kennisbank/", "/publicaties/", article.get_absolute_url()):
        assert f"http://testserver{path}</loc>" in sitemap


def test_igs_and_region_pages_show_their_articles(client):
    article = make_article("Over CO7 en de Westhoek")
    article.networks.add(Network.objects.get(slug="co7"))
    article.regions.add(Region.objects.get(slug="westhoek"))
    for url in ("/igs/co7/", "/regios/westhoek/"):
        html = client.get(url).content.decode()
        assert "Uit de kennisbank" in html and f'href="{article.get_absolute_url()}"' in html
    assert "Uit de kennisbank" not in client.get("/igs/viertoren/").content.decode()


# Publications


def admin_post(editor_client, upload, **fields):
    data = {"title": "Een publicatie", "description": "", "published": "on", "published_on": "", "file": upload}
    data.update(fields)
    return editor_client.post("/admin/kennisbank/publication/add/", data)


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "odt"])
def test_editors_upload_documents_recognised_by_content_under_a_random_name(editor_client, kind):
    content = PDF if kind == "pdf" else office_file(kind)
    response = admin_post(editor_client, SimpleUploadedFile("Mijn document (definitief).bin", content))
    assert response.status_code == 302, response.content.decode()[:2000]
    publication = Publication.objects.get()
    assert publication.kind == kind and publication.size == len(content)
    assert re.fullmatch(rf"publicaties/[0-9a-f]{{32}}\.{kind}", publication.file.name)
    assert publication.published_on == timezone.localdate()
    html = Client().get("/publicaties/").content.decode()
    assert f"({kind.upper()}, {len(content)}\xa0bytes)" in html and publication.file.url in html


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100,  # a Windows program
        b"PK\x03\x04 not really a zip",
        b"<html><script>alert(1)</script></html>",
        b"",
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_in_dutch(editor_client, content):
    response = admin_post(editor_client, SimpleUploadedFile("brochure.pdf", content))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit bestand is geen PDF-, Word- (DOCX), Excel- (XLSX) of OpenDocument-tekstbestand (ODT)" in html or (
        not content and "Het verstuurde bestand is leeg." in html
    )
    assert not Publication.objects.exists()


def test_a_zip_that_is_no_office_document_is_refused(editor_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", b"MZ")
    response = admin_post(editor_client, SimpleUploadedFile("tabel.xlsx", buffer.getvalue()))
    assert "Dit bestand is geen PDF-" in response.content.decode()


def test_a_broken_archive_is_refused_not_a_server_error(editor_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "spreadsheetml" * 50)
    content = bytearray(buffer.getvalue())
    start = 30 + len("[Content_Types].xml")  # the deflated data, after the local header and the name
    content[start : start + 8] = b"\xff" * 8  # not deflate data
    response = admin_post(editor_client, SimpleUploadedFile("tabel.xlsx", bytes(content)))
    assert response.status_code == 200 and "Dit bestand is geen PDF-" in response.content.decode()


def test_a_stored_publication_is_edited_without_checking_its_file_again(editor_client):
    publication = make_publication()
    default_storage.delete(publication.file.name)  # lost from the storage, say
    data = {"title": "Nieuwe titel", "description": "", "published_on": timezone.localdate().isoformat()}
    response = editor_client.post(f"/admin/kennisbank/publication/{publication.pk}/change/", data)
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.title == "Nieuwe titel" and not publication.published


def test_an_article_needs_a_text_not_just_an_empty_paragraph(editor_client):
    response = editor_client.post(
        "/admin/kennisbank/article/add/",
        {"title": "Leeg", "slug": "leeg", "lead": "Kort.", "body": "<p></p>", "themes": [Theme.objects.first().pk]},
    )
    assert response.status_code == 200 and not Article.objects.filter(slug="leeg").exists()
    assert response.context["adminform"].form.errors["body"] == ["Dit veld kan niet leeg zijn"]


def test_a_document_over_20_mb_is_refused_in_dutch(editor_client, monkeypatch):
    monkeypatch.setattr(documents, "MAX_BYTES", 1000)
    response = admin_post(editor_client, SimpleUploadedFile("groot.pdf", PDF + b"0" * 2000))
    assert "een publicatie mag hoogstens 20 MB groot zijn" in response.content.decode()
    assert not Publication.objects.exists()


def test_the_link_says_type_and_size_with_a_dutch_decimal_comma():
    publication = make_publication()
    publication.size = 1_258_291
    assert publication.label == "PDF, 1,2\xa0MB"  # a space that keeps the number and its unit together


def test_the_brochure_is_on_the_home_page_and_there_is_only_one(editor_client):
    assert "Alle informatie over intergemeentelijk samenwerken" not in Client().get("/").content.decode()
    brochure = make_publication(is_brochure=True)
    html = Client().get("/").content.decode()
    assert '<h2 id="brochure">Brochure</h2>' in html and brochure.file.url in html
    response = admin_post(editor_client, SimpleUploadedFile("b.pdf", PDF), is_brochure="on")
    assert "Er is al een brochure. Vink ze daar eerst uit." in response.content.decode()


def test_draft_publications_only_for_editors(editor_client):
    make_publication("Nog niet publiek", published=False)
    assert "Nog niet publiek" not in Client().get("/publicaties/").content.decode()
    response = editor_client.get("/publicaties/")
    html = response.content.decode()
    assert "Nog niet publiek" in html and "Concept — niet publiek." in html and "no-store" in response["Cache-Control"]


def test_a_publication_published_with_a_later_date_waits_for_that_day(editor_client):
    today = timezone.localdate()
    publication = make_publication("Volgende maand", published_on=today + timedelta(days=30), is_brochure=True)
    for url in ("/publicaties/", "/", "/zoeken/?q=maand"):
        assert "Volgende maand" not in Client().get(url).content.decode(), url
    response = editor_client.get("/publicaties/")
    html = response.content.decode()
    assert f"vanaf {today + timedelta(days=30):%-d} " in html and "een latere publicatiedatum" in html
    assert "no-store" in response["Cache-Control"]
    publication.published_on = today
    publication.save()
    assert "Volgende maand" in Client().get("/publicaties/").content.decode()


# Editors


def test_editors_manage_themes_articles_and_publications(editor_client):
    for model in ("theme", "article", "publication"):
        assert editor_client.get(f"/admin/kennisbank/{model}/add/").status_code == 200
    response = editor_client.post(
        "/admin/kennisbank/article/add/",
        {
            "title": "Nieuw artikel",
            "slug": "nieuw-artikel",
            "lead": "Kort.",
            "body": '<h2>Kop</h2><p onclick="x()">Tekst <a href="javascript:x()">link</a></p><script>x()</script>',
            "themes": [Theme.objects.get(slug="beleid").pk],
            "published": "on",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="nieuw-artikel")
    assert article.body == '<h2>Kop</h2><p>Tekst <a rel="noopener noreferrer">link</a></p>'
    assert article.published_on == timezone.localdate()


def test_the_dashboard_lists_published_articles_not_updated_for_two_years(editor_client):
    old = make_article("Oud artikel", days_ago=900)
    make_article("Recent artikel")
    make_article("Oud concept", published=False)
    Article.objects.filter(title__in=["Oud artikel", "Oud concept"]).update(
        updated_at=timezone.now() - timedelta(days=731)
    )
    attention = editor_client.get("/admin/").content.decode().split('id="aandacht"')[1].split("</div>")[0]
    url = "/admin/kennisbank/article/?bijgewerkt=langer-dan-2-jaar-geleden"
    assert f'<a href="{url}">Artikels in de kennisbank die al 2 jaar niet zijn bijgewerkt</a>' in attention
    listed = editor_client.get(url).context["cl"].result_list
    assert [article.pk for article in listed] == [old.pk]
    old.save()  # an editor reads and saves it: it leaves the list
    assert not editor_client.get(url).context["cl"].result_list


def test_themes_are_reference_data_and_demo_articles_are_examples():
    assert set(Theme.objects.values_list("name", flat=True)) >= {
        "Beleid",
        "Regiovorming",
        "Samenwerken",
        "Subsidies",
        "Praktijk",
    }
    assert not Article.objects.exists()  # articles come only with seed --demo
    demo = json.loads((settings.BASE_DIR / "fixtures/demo/kennisbank.json").read_text(encoding="utf-8"))
    for row in demo:
        assert row["fields"]["is_example"] and row["fields"]["title"].startswith("Voorbeeld")
        assert "verzonnen" in row["fields"].get("body", row["fields"].get("description"))
    example_pdf = (settings.BASE_DIR / "fixtures/demo/files/publicaties").glob("*.pdf")
    assert all(b"VOORBEELD - verzonnen publicatie" in path.read_bytes() for path in example_pdf)


# Search


def test_search_finds_articles_and_publications_with_a_marked_snippet(client):
    make_article(
        "Cultuurbeleid in de regio",
        lead="Hoe gemeenten samen beleid maken.",
        body="<p>Een <strong>erfgoedplan</strong> opstellen met je buurgemeenten & partners.</p>",
    )
    make_article("Iets anders", lead="Niets hierover.", body="<p>Over iets anders.</p>")
    make_publication("Erfgoedplan: een handleiding", description="Stap voor stap naar een erfgoedplan.")
    make_article("Concept over erfgoedplan", published=False, body="<p>erfgoedplan</p>")
    html = client.get("/zoeken/", {"q": "erfgoedplan"}).content.decode()
    assert "Cultuurbeleid in de regio" in html and "Erfgoedplan: een handleiding" in html
    assert "Iets anders" not in html and "Concept over erfgoedplan" not in html
    assert "<mark>erfgoedplan</mark>" in html.lower()
    assert "&amp; partners" in html  # the snippet is escaped text
    assert "<strong>erfgoedplan" not in html  # the snippet is text, not the article's markup
    assert "1 artikel, 1 publicatie gevonden." in html


def test_search_finds_what_readers_see_not_the_markup_around_it(client):
    make_article(
        "Samen programmeren",
        lead="Een voorbeeld van regionale programmatie.",
        body='<p>Lees de <strong>nota</strong> op <a href="https://www.voorbeeld.be/">de website</a>.</p>',
    )
    for query in ("strong", "href", "voorbeeld.be", "nota strong"):
        assert "Samen programmeren" not in client.get("/zoeken/", {"q": query}).content.decode(), query
    for query in ("nota", "website", "de website", "NOTA"):
        assert "Samen programmeren" in client.get("/zoeken/", {"q": query}).content.decode(), query


def test_places_keep_priority_over_articles(client):
    make_article("Ieper en Beveren", body="<p>Over Ieper en Beveren.</p>")
    assert client.get("/zoeken/", {"q": "Ieper"})["Location"].startswith("/gemeenten/ieper/")
    html = client.get("/zoeken/", {"q": "beveren"}).content.decode()
    assert html.index('<h2 id="gemeenten">') < html.index("Ieper en Beveren")


def test_search_never_fails_and_escapes_what_it_shows(client):
    make_article("Een titel", body="<p>tekst met &lt;script&gt; erin</p>")
    for query in ("<script>", '"', "'", "&", "a:b | c & !d", "(((", "\\", "script"):
        response = client.get("/zoeken/", {"q": query})
        assert response.status_code in (200, 302)
        assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_search_query_count_does_not_grow_with_articles(client):
    def count():
        caches["local"].clear()
        with CaptureQueriesContext(connection) as queries:
            Client().get("/zoeken/", {"q": "samenwerken"})
        return len(queries)

    make_article("Samenwerken 1")
    before = count()
    for number in range(15):
        make_article(f"Samenwerken later {number}")
        make_publication(f"Samenwerken document {number}")
    assert count() == before <= 5  # with OP/TIL's details for the footer, read once per content version


def test_a_replaced_or_deleted_publication_leaves_no_file_behind(editor_client, django_capture_on_commit_callbacks):
    publication = make_publication()
    old_name = publication.file.name
    with django_capture_on_commit_callbacks(execute=True):
        publication.file = ContentFile(office_file("docx"), name="nieuw.docx")
        publication.save()
    assert publication.kind == "docx" and publication.file.name.endswith(".docx")
    assert not default_storage.exists(old_name) and default_storage.exists(publication.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        publication.delete()
    assert not default_storage.exists(publication.file.name)


def test_the_admin_offers_a_preview_of_a_draft(editor_client):
    draft = make_article("Nog te publiceren", published=False)
    response = editor_client.get(f"/admin/kennisbank/article/{draft.pk}/change/")
    view_on_site = re.search(r'href="(/admin/r/\d+/\d+/)"', response.content.decode())[1]
    assert editor_client.get(view_on_site)["Location"].endswith(draft.get_absolute_url())


def test_an_article_published_with_a_later_date_waits_for_that_day(editor_client):
    later = make_article("Volgende week", days_ago=-7)
    assert Client().get(later.get_absolute_url()).status_code == 404
    html = editor_client.get(later.get_absolute_url()).content.decode()
    assert "Alleen de redactie ziet dit artikel tot de dag van publicatie." in html


def test_examples_say_so_in_the_feed(client):
    make_article("Een verzonnen artikel", is_example=True)
    make_article("Voorbeeld: al zo genoemd", is_example=True)
    titles = [
        entry.find(f"{ATOM}title").text
        for entry in ET.fromstring(client.get("/kennisbank/feed.xml").content).iter(f"{ATOM}entry")
    ]
    assert sorted(titles) == ["Voorbeeld: Een verzonnen artikel", "Voorbeeld: al zo genoemd"]
