import logging
import sys

from django.db import connection
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from igs.models import Project
from profiles.models import CoordinatorProfile
from regions.map import Atlas

from .lookup import lookup
from .models import Page

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    atlas = Atlas.load()
    network_map, legend = atlas.by_group("network")
    return render(
        request,
        "opti/home.html",
        {
            "figures": atlas.figures(),
            "map": network_map,
            "legend": legend,
            "profile": CoordinatorProfile.objects.for_home_page().first(),
            "project": Project.objects.for_home_page().first(),
        },
    )


@require_safe
def search(request):
    result = lookup(request.GET.get("q", ""))
    if result.redirect_to:
        return redirect(result.redirect_to)
    return render(request, "opti/search.html", {"lookup": result})


@require_safe
def page(request, slug):
    return render(request, "opti/page.html", {"page": get_object_or_404(Page, slug=slug)})


@require_safe
def about_data(request):
    return render(request, "opti/about_data.html")


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
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
    return JsonResponse({"status": "ok", "database": "ok"})
