"""System checks of the site's own settings (shown by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_client_ip_behind_proxy(app_configs, **kwargs):
    """Behind a reverse proxy, REMOTE_ADDR is the proxy's address: every visitor would share one rate limit."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and settings.CLIENT_IP_HEADER == "REMOTE_ADDR":
        return [
            Warning(
                "SECURE_PROXY_SSL_HEADER says that a reverse proxy is in front, but CLIENT_IP_HEADER is REMOTE_ADDR, "
                "the proxy's own address: all visitors share one count in the forms' rate limits and the login "
                "throttle, so one person can lock everyone out.",
                hint="Set CLIENT_IP_HEADER to the header in which the proxy passes the client's address, e.g. "
                "HTTP_X_REAL_IP (nginx: proxy_set_header X-Real-IP $remote_addr;), and keep gunicorn bound to "
                "127.0.0.1 so that nobody can reach it without the proxy (README, Configuration).",
                id="opti.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Mails sent outside a request (the coordinators' yearly reminder) link to SITE_URL, and every page names it as
    its canonical address (opti/lib/seo.py)."""
    if settings.SITE_URL.startswith(("http://localhost", "http://127.0.0.1")):
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL}: links in mails that commands send (the coordinators' yearly "
                "reminder) and the pages' canonical addresses and sharing tags would point to this machine.",
                hint="Set SITE_URL to the site's public address, e.g. https://regionaal-samenwerken.be.",
                id="opti.W002",
            )
        ]
    return []
