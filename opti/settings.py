"""Settings for regio, read from the environment (and a `.env` file if present).

Every variable has a safe local default; see README.md, "Configuration".
"""

from ipaddress import ip_address
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# The default key only works for local hosts: see the start-up check below.
DEV_SECRET_KEY = "django-insecure-local-development-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])


def _is_local(host):
    host = host.strip("[]").lstrip(".")
    if host in ("localhost", "testserver"):
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


_public_hosts = [host for host in ALLOWED_HOSTS if not _is_local(host)]
if _public_hosts and DEBUG:
    raise ImproperlyConfigured(f"DEBUG is on while ALLOWED_HOSTS names public hosts: {_public_hosts}")
if _public_hosts and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: the development key only works for local hosts.")

# The site's own packages (see README, Architecture); their apps are listed first, so that their templates win.
LOCAL_APPS = ["opti", "regions", "igs", "profiles"]
INSTALLED_APPS = [
    "opti",
    "opti.subsidies",
    "opti.grensbrekers",
    "opti.newsletter",
    "opti.opendata",
    "opti.kennisbank",
    "opti.contact",
    "opti.quotes",
    "profiles",
    "igs",
    "regions",
    "opti.apps.OptiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "django_prose_editor",
]

MIDDLEWARE = [
    "opti.lib.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Everything below runs only for pages not served from the page cache; the headers it adds are kept with them.
    "opti.lib.middleware.PublicPageCacheMiddleware",
    # Pages are compressed once, before the page cache keeps them (per Accept-Encoding); Django's GZipMiddleware pads
    # each response with random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "opti.lib.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "opti.urls"
WSGI_APPLICATION = "opti.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["opti.lib.text", "opti.lib.seo", "opti.lib.fragments"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opti.contact.context_processors.organisation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Each process (a gunicorn sync worker serves one request at a time) keeps its connection between requests, and
# checks it with a round trip before reusing it, so that a restarted database costs no failed request. Opening a
# PostgreSQL connection for every request is a large share of an uncached page (README, "Performance and scaling out").
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # When the database cannot be reached, answer with the 503 page quickly instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts and wait up to 20 s for it, so that concurrent
    # signups queue up instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Request bodies above this size get status 413 (photos are at most 5 MB); in the admin, where editors upload
# publications of up to 20 MB, above MAX_ADMIN_REQUEST_BODY_BYTES. Set the reverse proxy to the same limits (nginx:
# client_max_body_size 10m, and 21m for /admin/). Django's own limits still apply: 2.5 MB of form fields besides files.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=10 * 1024 * 1024)
MAX_ADMIN_REQUEST_BODY_BYTES = env.int("MAX_ADMIN_REQUEST_BODY_BYTES", default=21 * 1024 * 1024)

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if _public_hosts and CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Each gunicorn worker would have its own cache: an edit would leave the other workers' pages stale.
    raise ImproperlyConfigured("Set CACHE_URL to a cache shared by all processes, e.g. redis://127.0.0.1:6379/0.")
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # While Redis is down or hangs, pages are rendered uncached (and the errors logged) instead of failing; each
    # call waits at most 0.1 s.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        IGNORE_EXCEPTIONS=True, SOCKET_CONNECT_TIMEOUT=0.1, SOCKET_TIMEOUT=0.1
    )
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Each process keeps what it derives from the content (pages, maps) in its own memory, with the content version
# it was made from; the version itself lives in the shared cache (opti/lib/cache.py). Each query string
# (searches, tracking parameters) adds an entry; beyond MAX_ENTRIES the least recently used third is dropped, so
# that a flood of made-up URLs cannot exhaust memory.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "derived",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
# Anonymous public pages: kept this long in the cache (an edit makes them stale at once anyway; 0 turns the
# page cache off), and this long by browsers and proxies.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=24 * 60 * 60)
PAGE_MAX_AGE = env.int("PAGE_MAX_AGE", default=60)

vars().update(env.email("EMAIL_URL", default="consolemail://"))
# No request waits for the mail server: mail goes through a task queue (opti/lib/mail.py), in the database, sent by
# the worker (`manage.py db_worker`), which waits at most EMAIL_TIMEOUT seconds for the server on every connection.
# TASK_BACKEND=immediate sends at once, in the request (`make run`).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
_task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASK_BACKEND = env.str("TASK_BACKEND", default="database")
if TASK_BACKEND not in _task_backends:
    raise ImproperlyConfigured(f"TASK_BACKEND must be one of {', '.join(_task_backends)}.")
TASKS = {"default": {"BACKEND": _task_backends[TASK_BACKEND]}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="OP/TIL <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The site's public address, for links in mails that commands send outside a request (`check --deploy` warns when
# it is left at the default).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

# Links that confirm an e-mail address (newsletters, GRENSBREKERS in your region) work this many days. An invitation
# to a coordinator (a link to choose a password), like a password-reset link, works INVITATION_DAYS.
CONFIRM_LINK_DAYS = env.int("CONFIRM_LINK_DAYS", default=7)
PASSWORD_RESET_TIMEOUT = env.int("INVITATION_DAYS", default=7) * 24 * 60 * 60

# Personal data (GRENSBREKERS signups, newsletter subscriptions): see `manage.py purge_personal_data`.
SIGNUP_RETENTION_DAYS = env.int("SIGNUP_RETENTION_DAYS", default=365)
UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS = env.int("UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS", default=30)
# Public forms accept this many posts per client IP address per window (seconds), counted in the cache.
FORM_RATE_LIMIT = env.int("FORM_RATE_LIMIT", default=40)
FORM_RATE_LIMIT_WINDOW = env.int("FORM_RATE_LIMIT_WINDOW", default=600)
# Where the client's IP address is read; behind a reverse proxy e.g. HTTP_X_REAL_IP set by the proxy.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="REMOTE_ADDR")
# Logins (the site's and the admin's) are refused for a user name from one client (IP address) after
# LOGIN_FAILURE_LIMIT failed attempts, and from one client after LOGIN_CLIENT_FAILURE_LIMIT, within the window
# (seconds), until the window ends.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_CLIENT_FAILURE_LIMIT = env.int("LOGIN_CLIENT_FAILURE_LIMIT", default=20)
LOGIN_FAILURE_WINDOW = env.int("LOGIN_FAILURE_WINDOW", default=15 * 60)
for _name in (
    "SIGNUP_RETENTION_DAYS",
    "UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS",
    "FORM_RATE_LIMIT",
    "FORM_RATE_LIMIT_WINDOW",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_CLIENT_FAILURE_LIMIT",
    "LOGIN_FAILURE_WINDOW",
    "MAX_REQUEST_BODY_BYTES",
    "MAX_ADMIN_REQUEST_BODY_BYTES",
    "EMAIL_TIMEOUT",
):
    if vars()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be a positive number.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "profiles.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "profiles:login"
LOGIN_REDIRECT_URL = "profiles:profile"
LOGOUT_REDIRECT_URL = "opti:home"

LANGUAGE_CODE = "nl-be"
# Dutch for the few texts of Django itself that its own translation lacks (compiled: msgfmt django.po).
LOCALE_PATHS = [BASE_DIR / "opti" / "locale"]
LANGUAGES = [("nl-be", "Nederlands")]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads (photos, project images) go to MEDIA_ROOT, or with several app servers to this S3-compatible bucket.
MEDIA_BUCKET = env.str("MEDIA_BUCKET", default="")
STORAGES = {
    "default": {
        "BACKEND": "opti.lib.storage.MediaBucketStorage"
        if MEDIA_BUCKET
        else "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security: strict unless DEBUG; behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env.str("SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = (env.str("SECURE_PROXY_SSL_HEADER"), "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
# Opt-in: includeSubDomains binds every subdomain of the host to https, and a preloaded host stays in the browsers'
# lists for months after it asks to leave. `check --deploy` suggests both; here they are a deliberate choice.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere, and nothing from other hosts. The one exception: the import map of the admin's
# rich text editor, an inline script with the request's nonce (opti/lib/richtext.py); a page that uses no nonce
# sends none.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "opti.lib.middleware.RequestIdFilter"},
        "mask_tokens": {"()": "opti.lib.logs.MaskTokensFilter"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id", "mask_tokens"], "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
