import logging
import secrets
import sys
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from igs.map import NetworkAtlas
from igs.models import Network, Project
from profiles.models import CoordinatorProfile
from regions.lookup import PageSource, lookup

from .grensbrekers.models import CONFIRMATION_PERIOD
from .kennisbank.models import Publication
from .kennisbank.search import search as kennisbank_search
from .lib.throttle import throttle_memory_minutes
from .models import Page
from .newsletter.views import CONFIRM_MAX_AGE
from .quotes.models import quote_for_home_page
from .subsidies.models import SubsidyRound

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    atlas = NetworkAtlas()
    network_map, legend = atlas.by_group("network")
    project = Project.objects.for_home_page().first()
    return render(
        request,
        "opti/home.html",
        {
            "figures": atlas.figures(),
            "map": network_map,
            "legend": legend,
            "profile": CoordinatorProfile.objects.for_home_page().first(),
            "project": project,
            "project_recognition": project and atlas.recognition(project.network_id),
            "next_round": SubsidyRound.objects.next_deadline(),
            "brochure": Publication.objects.brochure(),
            "quote": quote_for_home_page(),
        },
    )


# What the search finds besides municipalities and regions: the IGS, by name.
SEARCHED_PAGES = [PageSource("igs", Network.objects, "igs:network_detail")]


@require_safe
def search(request):
    result = lookup(request.GET.get("q", ""), pages=SEARCHED_PAGES)
    if result.redirect_to:
        return redirect(result.redirect_to)
    # Places and networks first; then what the knowledge base says about the words.
    articles, publications = ([], []) if result.too_short else kennisbank_search(result.query)
    atlas = NetworkAtlas()
    rows = [atlas.row(match.municipality.pk) for match in result.municipalities]
    return render(
        request,
        "opti/search.html",
        {
            "lookup": result,
            "articles": articles,
            "publications": publications,
            "results": [
                (match, row, atlas.membership_note(row)) for match, row in zip(result.municipalities, rows, strict=True)
            ],
        },
    )


@require_safe
def page(request, slug):
    retention = {
        "signup_days": settings.SIGNUP_RETENTION_DAYS,
        "unconfirmed_days": settings.UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS,
        "confirm_days": CONFIRM_MAX_AGE.days,
        "throttle_minutes": throttle_memory_minutes(),
        "unconfirmed_signup_hours": CONFIRMATION_PERIOD // timedelta(hours=1),
    }
    return render(request, "opti/page.html", {"page": get_object_or_404(Page, slug=slug), "retention": retention})


@require_safe
def about_data(request):
    return render(request, "opti/about_data.html")


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /grensbrekers/inschrijving/",
        "Disallow: /grensbrekers/annuleren/",
        "Disallow: /grensbrekers/mijn-regio/bevestigen/",
        "Disallow: /grensbrekers/mijn-regio/uitschrijven/",
        "Disallow: /profiel/",
        "Disallow: /nieuwsbrief/bevestigen/",
        "Disallow: /nieuwsbrief/uitschrijven/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 page, or the 503 page when the database cannot be reached. Renders without the database."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        logger.warning("Database unavailable: answering 503")
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    # Without the cache the site still answers, only slower: report it, but keep the instance in service.
    probe = f"healthz:{secrets.token_hex(8)}"
    cache.set(probe, True, timeout=5)
    if not cache.get(probe):
        return JsonResponse({"status": "degraded", "database": "ok", "cache": "unreachable"})
    return JsonResponse({"status": "ok", "database": "ok", "cache": "ok"})
