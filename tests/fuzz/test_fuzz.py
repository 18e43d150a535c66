"""Arbitrary data posted to every form, and arbitrary paths and query strings: never a server error, a traceback,
unescaped markup from the input or a redirect to another host (checked by the `fuzz` fixture in conftest.py).

Posts are plausible ones with a few fields left out or changed, or wholly arbitrary: text with control characters,
NUL and any Unicode, huge strings, markup, several values, files; and stray fields.
"""

import io
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from igs.models import Network
from opti.grensbrekers.models import Edition, Signup
from opti.grensbrekers.views import SIGNUP_SALT
from opti.lib.richtext import TAGS, sanitize
from opti.newsletter.models import Subscription
from opti.newsletter.views import CONFIRM_SALT
from profiles.models import CoordinatorProfile
from regions.models import Municipality

pytestmark = [
    pytest.mark.django_db,
    # When a post over DATA_UPLOAD_MAX_MEMORY_SIZE also carries a file, Django refuses it (400) with the file's
    # temporary copy still open; the garbage collector closes and deletes it, with a ResourceWarning.
    pytest.mark.filterwarnings("ignore:Exception ignored in. <_io.FileIO:pytest.PytestUnraisableExceptionWarning"),
]

PASSWORD = "fuzz-wachtwoord-2025"
EMAIL = "fuzz@example.org"

MARKUP = [
    "<fuzz>",
    '"><fuzz onclick=1>',
    "'><fuzz>",
    '" data-fuzz="1',
    "' data-fuzz='1",
    "</textarea><fuzz>",
    "</title><fuzz>",
    "<script>fuzz()</script>",
    "<FUZZ/>",
    "javascript:fuzz()",
    "{{ fuzz }}",
    "{% fuzz %}",
    "%(fuzz)s %s {0}",
]
ODD = ["", " ", "\x00", "a\x00b", "\r\n", "\u202e", "\ufeff", "\U0001f642", "ß", "../../etc/passwd", "%00", "%ff"]
ODD += ["' OR 1=1 --", "null", "None", "0", "-1", "1e309", "NaN", "on", "true", "9" * 40, "1" * 20 + "@example.org"]

short_text = st.one_of(
    st.text(max_size=200),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn"]), max_size=50),
    st.sampled_from(MARKUP),
    st.sampled_from(ODD),
    st.builds(lambda a, markup, b: a + markup + b, st.text(max_size=20), st.sampled_from(MARKUP), st.text(max_size=20)),
)
# The largest is above DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): Django refuses the request with a 400.
sizes = st.sampled_from([1_000, 50_000, 3 << 20])
text = st.one_of(short_text, st.builds(lambda char, size: char * size, st.sampled_from("aé<\x00 9"), sizes))


def within_request_line(url):
    """`url` cut to 3,000 bytes: gunicorn refuses request lines over 4,094 bytes (limit_request_line), so longer
    URLs never reach the site (and would make SQLite refuse the admin's search: "LIKE pattern too complex")."""
    return url.encode()[:3000].decode(errors="ignore")


def image_bytes(image_format):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, image_format)
    return buffer.getvalue()


IMAGES = [image_bytes("JPEG"), image_bytes("PNG"), image_bytes("GIF"), image_bytes("JPEG")[:200]]
upload = st.builds(
    SimpleUploadedFile,
    st.sampled_from(["foto.jpg", "foto.png", "../../etc/passwd", "<fuzz>.jpg", "a.php.jpg", "leeg", "\x00.jpg"]),
    st.one_of(st.binary(max_size=2000), st.sampled_from(IMAGES)),
)
value = st.one_of(text, st.lists(text, min_size=2, max_size=3), upload)
field_name = st.one_of(
    st.text(min_size=1, max_size=20),
    st.sampled_from(["csrfmiddlewaretoken", "next", "action", "website", "user", "network", "pk", "is_staff"]),
)


def form_data(**fields):
    """A post to a form with these fields (each with a plausible value: a strategy or a plain value). Either the
    plausible post with up to three fields left out or given arbitrary values, so that most posts get far into
    the form and some succeed; or every field left out or arbitrary. Both with up to three stray fields."""
    stray = st.dictionaries(field_name, value, max_size=3)
    if not fields:
        return stray
    plausible = st.fixed_dictionaries(
        {name: v if isinstance(v, st.SearchStrategy) else st.just(v) for name, v in fields.items()}
    )
    changes = st.dictionaries(st.sampled_from(list(fields)), st.one_of(st.none(), value), max_size=3)

    def changed(data, changes):
        data.update(changes)
        return {name: v for name, v in data.items() if v is not None}

    arbitrary = st.fixed_dictionaries({}, optional=dict.fromkeys(fields, value))
    posted = st.one_of(st.builds(changed, plausible, changes), arbitrary)
    return st.builds(lambda stray, posted: {**stray, **posted}, stray, posted)


def session_of(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.fixture
def coordinator(db):
    user = User.objects.create_user("fuzz-coordinator", EMAIL, PASSWORD)
    return CoordinatorProfile.objects.create(
        user=user, network=Network.objects.get(slug="viertoren"), name="Fien Fuzz", role="Coördinator"
    )


@pytest.fixture
def editor(db):
    user = User.objects.create_user("fuzz-redacteur", "redacteur@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Redactie"))
    return user


@pytest.fixture
def coordinator_session(coordinator):
    return session_of(coordinator.user)


@pytest.fixture
def editor_session(editor):
    return session_of(editor)


@pytest.fixture
def open_edition(db):
    today = timezone.localdate()
    return Edition.objects.create(
        title="GRENSBREKERS fuzz",
        slug="fuzz",
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=31),
        capacity=2,
        signup_opens_on=today - timedelta(days=5),
        signup_closes_on=today + timedelta(days=10),
    )


# Forms


@given(
    data=form_data(
        edition="fuzz",
        name="An Peeters",
        email=EMAIL,
        organisation="Cultuurcentrum De Brug",
        organisation_type=st.sampled_from(["cultuurcentrum", "bibliotheek", "dienst"]),
        municipality=st.sampled_from(["ieper", "gent", "beveren-kruibeke-zwijndrecht"]),
        function="programmator",
        motivation="Samen met de buren.",
        consent="on",
        website="",
    )
)
def test_grensbrekers_signup(fuzz, open_edition, data):
    fuzz("POST", "/grensbrekers/", data)


@given(data=form_data(email=EMAIL, newsletters=st.sampled_from([["algemeen"], ["algemeen", "projecten"]]), website=""))
def test_newsletter(fuzz, data):
    fuzz("POST", "/nieuwsbrief/", data)


confirm_token = st.builds(
    lambda email, newsletters, ids: signing.dumps(
        {"email": email, "newsletters": newsletters, "ids": ids}, salt=CONFIRM_SALT
    ),
    st.sampled_from([EMAIL, "<fuzz>@example.org"]),
    st.sampled_from([["algemeen"], ["algemeen", "projecten"]]),
    st.lists(st.integers(min_value=-1, max_value=10**6), max_size=3),
)
unsubscribe_token = st.builds(
    lambda email: Subscription(email=email).get_unsubscribe_url().split("/")[-2],
    st.sampled_from([EMAIL, "<fuzz>@example.org"]),
)
arbitrary_token = st.text().map(lambda token: quote(token, safe=""))


@given(
    method=st.sampled_from(["GET", "POST"]),
    token=st.one_of(confirm_token, unsubscribe_token, arbitrary_token),
    data=form_data(),
)
def test_newsletter_confirm(fuzz, method, token, data):
    fuzz(method, f"/nieuwsbrief/bevestigen/{token}/", data)


@given(
    method=st.sampled_from(["GET", "POST"]),
    token=st.one_of(unsubscribe_token, confirm_token, arbitrary_token),
    data=form_data(),
)
def test_newsletter_unsubscribe(fuzz, method, token, data):
    fuzz(method, f"/nieuwsbrief/uitschrijven/{token}/", data)


@pytest.fixture
def pending_signup(open_edition):
    return Signup.objects.create(
        edition=open_edition,
        name="An Peeters",
        email=EMAIL,
        organisation="Cultuurcentrum De Brug",
        organisation_type="cultuurcentrum",
        municipality=Municipality.objects.get(slug="ieper"),
        function="programmator",
    )


# The link of the pending signup (REAL), links to signups that do not exist (only the site can sign a value, and it
# signs only ids), and broken ones.
REAL = "real"


@given(
    method=st.sampled_from(["GET", "POST"]),
    token=st.one_of(
        st.just(REAL),
        st.integers(min_value=-1, max_value=10**12).map(lambda pk: signing.dumps(pk, salt=SIGNUP_SALT)),
        arbitrary_token,
    ),
    data=form_data(),
)
def test_grensbrekers_confirm(fuzz, pending_signup, method, token, data):
    if token == REAL:
        token = signing.dumps(pending_signup.pk, salt=SIGNUP_SALT)
    fuzz(method, f"/grensbrekers/inschrijving/{token}/", data)


redirect_target = st.sampled_from(
    ["/profiel/", "//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "\x00/"]
)


@given(data=form_data(username="fuzz-coordinator", password=PASSWORD, next=redirect_target))
def test_login(fuzz, coordinator, data):
    fuzz("POST", "/aanmelden/", data)


@given(data=form_data(username="fuzz-redacteur", password=PASSWORD, next=redirect_target))
def test_admin_login(fuzz, editor, data):
    fuzz("POST", "/admin/login/", data)


@given(data=form_data(email=st.sampled_from([EMAIL, "niemand@example.org"])))
def test_password_reset(fuzz, coordinator, data):
    fuzz("POST", "/wachtwoord-vergeten/", data)


@pytest.fixture
def set_password_page(coordinator):
    """The set-password page behind a reset link, and the session that opened it."""
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(coordinator.user.pk))
    url = client.get(f"/wachtwoord-kiezen/{uid}/{default_token_generator.make_token(coordinator.user)}/")["Location"]
    return url, client.cookies["sessionid"].value


@given(data=form_data(new_password1="zomer-in-ieper-2025", new_password2="zomer-in-ieper-2025"))
def test_set_password(fuzz, set_password_page, data):
    url, session = set_password_page
    fuzz("POST", url, data, session=session)


@given(data=form_data(old_password=PASSWORD, new_password1="een-nieuw-geheim-9", new_password2="een-nieuw-geheim-9"))
def test_password_change(fuzz, coordinator_session, data):
    fuzz("POST", "/profiel/wachtwoord/", data, session=coordinator_session)


@given(
    data=form_data(
        name="Fien Fuzz",
        role="Coördinator",
        challenge="Alle gemeenten bereiken.",
        favourite_place="De markt.",
        collaboration="Samen.",
        quote="Samen verder.",
        email=EMAIL,
        show_email="on",
        phone="050 12 34 56",
        show_phone="on",
        published="on",
        photo=upload,
        action=st.sampled_from(["save", "preview"]),
    )
)
def test_profile_editor(fuzz, coordinator_session, data):
    fuzz("POST", "/profiel/", data, session=coordinator_session)


# Paths and query strings

PAGES = [
    "/",
    "/regios/",
    "/regios/westhoek/",
    "/gemeenten/ieper/",
    "/igs/",
    "/igs/co7/",
    "/igs/ginter/projecten/oaze/",
    "/subsidies/",
    "/grensbrekers/",
    "/nieuwsbrief/",
    "/nieuwsbrief/verstuurd/",
    "/kennisbank/",
    "/kennisbank/feed.xml",
    "/publicaties/",
    "/privacy/",
    "/over-de-gegevens/",
    "/aanmelden/",
    "/afmelden/",
    "/wachtwoord-vergeten/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
]
OTHER_PATHS = ["/grensbrekers/inschrijving/x/", "/wachtwoord-kiezen/x/nieuw/", "/admin/login/", "/static/css/site.css"]
# Parts of real paths, and some odd ones.
SEGMENTS = sorted({part for url in PAGES + OTHER_PATHS for part in url.split("/") if part})
SEGMENTS += [".", "..", "%00", "%ff", "%2e%2e", "%2F", "%0d%0a", "%3Cfuzz%3E", "<fuzz>", ";", "@x.example", "\x00"]
segment = st.one_of(st.sampled_from(SEGMENTS), st.text(max_size=30), st.text(max_size=30).map(quote))
path = st.builds(
    lambda parts, slash: "/" + "/".join(parts) + slash, st.lists(segment, max_size=5), st.sampled_from(["", "/"])
)
query_key = st.one_of(st.sampled_from(["q", "page", "p", "o", "e", "next", "edition", "format"]), st.text(max_size=10))
query = st.one_of(
    st.lists(st.tuples(query_key, short_text), max_size=4).map(urlencode),
    st.text(max_size=200),
    st.sampled_from(["%ff", "q=%00", "q=%", "q=%zz", "&&&==", "q=" + "%C3%A9" * 500, "q" * 2500]),
)
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


@given(method=st.sampled_from(METHODS), path=path, query=st.one_of(st.just(""), query))
def test_arbitrary_paths_and_query_strings(fuzz, method, path, query):
    fuzz(method, within_request_line(f"{path}?{query}" if query else path))


@given(q=st.one_of(short_text, st.lists(short_text, max_size=3)), raw=st.booleans())
def test_search(fuzz, q, raw):
    if raw and isinstance(q, str):
        fuzz("GET", within_request_line(f"/zoeken/?q={q}"))
    else:
        fuzz("GET", within_request_line("/zoeken/?" + urlencode({"q": q}, doseq=True)))


@given(method=st.sampled_from(["GET", "HEAD"]), page=st.sampled_from(PAGES), query=query)
def test_pages_with_arbitrary_query_strings(fuzz, method, page, query):
    fuzz(method, within_request_line(f"{page}?{query}"))


ADMIN_LISTS = [f"/admin/{model._meta.app_label}/{model._meta.model_name}/" for model in admin.site._registry]


@pytest.mark.ignore_template_errors  # Django's admin templates use variables that some of its pages leave out
@given(page=st.sampled_from(ADMIN_LISTS), query=query)
def test_admin_lists_with_arbitrary_query_strings(fuzz, editor_session, page, query):
    fuzz("GET", within_request_line(f"{page}?{query}"), session=editor_session)


# Rich text: whatever an editor (or a pasted document) sends, the stored and shown HTML has no script, handler,
# style, frame or javascript: link.
RICH_FRAGMENTS = [
    "<script>fuzz()</script>",
    '<a href="javascript:fuzz()">x</a>',
    '<a href="JaVaScRiPt:fuzz()">x</a>',
    '<a href=" javascript:fuzz()">x</a>',
    '<a href="java&#115;cript:fuzz()">x</a>',
    '<a href="data:text/html,fuzz">x</a>',
    '<p onclick="fuzz()">x</p>',
    '<h2 style="x:y">x</h2>',
    '<iframe src="https://example.org/"></iframe>',
    '<img src=x onerror="fuzz()">',
    "<svg onload=fuzz()>",
    "<style>p{}</style>",
    "<object data=x></object>",
    "<!--<script>-->",
    "<p>",
    "</p>",
    "<h2>kop</h2>",
    '<a href="https://example.org/">ok</a>',
    "<blockquote>",
    "<",
    ">",
    "&",
    "\n\n",
]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@given(st.lists(st.one_of(st.sampled_from(RICH_FRAGMENTS), st.text(max_size=20)), max_size=12))
def test_rich_text_never_keeps_hostile_markup(parts):
    html = sanitize("".join(parts))
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in TAGS, html
        assert set(attrs) <= ({"href", "rel"} if tag == "a" else set()), html
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), html
    assert "<script" not in html.lower() and "<!--" not in html
    assert sanitize(html) == html  # stable: saving again changes nothing
