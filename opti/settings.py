"""Settings for regio, read from the environment (and a `.env` file if present).

Every variable has a safe local default; see README.md, "Configuration".
"""

from ipaddress import ip_address
from pathlib import Path

import environ
from csp.constants import NONE, SELF
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

INSTALLED_APPS = [
    "opti",
    "profiles",
    "igs",
    "regions",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",
]

MIDDLEWARE = [
    "opti.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Everything below runs only for pages not served from the page cache; the headers it adds are kept with them.
    "opti.middleware.PublicPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "opti.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "opti.urls"
# Form widgets are rendered with the site's templates, so that templates/ can hold widget templates too.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "opti.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # When the database cannot be reached, answer with the 503 page quickly instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts and wait up to 20 s for it, so that concurrent
    # signups queue up instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Request bodies above this size get status 413 (uploads are at most 5 MB); set the reverse proxy to the same
# limit (nginx: client_max_body_size 10m). Django's own limits still apply: 2.5 MB of form fields besides files.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=10 * 1024 * 1024)

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if _public_hosts and CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Each gunicorn worker would have its own cache: an edit would leave the other workers' pages stale.
    raise ImproperlyConfigured("Set CACHE_URL to a cache shared by all processes, e.g. redis://127.0.0.1:6379/0.")
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # While Redis is down or hangs, pages are rendered uncached (and the errors logged) instead of failing.
    # Redis answers in well under a millisecond; each call waits at most 0.1 s, so a page takes at most about 1.5 s.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        IGNORE_EXCEPTIONS=True, SOCKET_CONNECT_TIMEOUT=0.1, SOCKET_TIMEOUT=0.1
    )
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Each process keeps what it derives from the content (pages, maps) in its own memory, with the content version
# it was made from; the version itself lives in the shared cache (regions/cache.py).
# With every page visited it holds about 650 entries (pages and maps of every region, IGS and municipality),
# some 30 MB per process. Each query string (searches, tracking parameters) adds an entry; beyond MAX_ENTRIES
# the least recently used third is dropped, so even a flood of made-up URLs takes at most about 130 MB.
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
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="OP/TIL <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Personal data (GRENSBREKERS signups, newsletter subscriptions): see `manage.py purge_personal_data`.
SIGNUP_RETENTION_DAYS = env.int("SIGNUP_RETENTION_DAYS", default=365)
UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS = env.int("UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS", default=30)
# Public forms accept this many posts per client IP address per window (seconds), counted in the cache.
FORM_RATE_LIMIT = env.int("FORM_RATE_LIMIT", default=40)
FORM_RATE_LIMIT_WINDOW = env.int("FORM_RATE_LIMIT_WINDOW", default=600)
# Where the client's IP address is read; behind a reverse proxy e.g. HTTP_X_REAL_IP set by the proxy.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="REMOTE_ADDR")
# Logins (the site's and the admin's) are refused for a user name, or from an IP address, with this many failed
# attempts within the window (seconds), until the window ends.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_WINDOW = env.int("LOGIN_FAILURE_WINDOW", default=15 * 60)
for _name in (
    "SIGNUP_RETENTION_DAYS",
    "UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS",
    "FORM_RATE_LIMIT",
    "FORM_RATE_LIMIT_WINDOW",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_FAILURE_WINDOW",
    "MAX_REQUEST_BODY_BYTES",
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
LANGUAGES = [("nl-be", "Nederlands")]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security: strict unless DEBUG; behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env.str("SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = (env.str("SECURE_PROXY_SSL_HEADER"), "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere, and nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
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
    "filters": {"request_id": {"()": "opti.middleware.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
