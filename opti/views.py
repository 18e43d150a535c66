from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from igs.models import Network, Project
from profiles.models import CoordinatorProfile
from regions.models import Municipality, Region

from .models import Page


@require_safe
def home(request):
    return render(
        request,
        "opti/home.html",
        {
            "region_count": Region.objects.count(),
            "coverage": Municipality.objects.coverage(),
            "networks": Network.objects.summary(),
            "profile": CoordinatorProfile.objects.for_home_page().first(),
            "project": Project.objects.for_home_page().first(),
        },
    )


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


@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
