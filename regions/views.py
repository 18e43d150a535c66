from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Municipality, Region


@require_safe
def region_list(request):
    return render(request, "regions/region_list.html", {"regions": Region.objects.for_list()})


@require_safe
def region_detail(request, slug):
    region = get_object_or_404(Region.objects.with_coverage(), slug=slug)
    municipalities = Municipality.objects.for_region_page(region)
    return render(request, "regions/region_detail.html", {"region": region, "municipalities": municipalities})


@require_safe
def municipality_detail(request, slug):
    municipality = get_object_or_404(Municipality.objects.for_detail_page(), slug=slug)
    nearby_networks = [] if municipality.network else Municipality.objects.networks_in_region(municipality.region)
    return render(
        request,
        "regions/municipality_detail.html",
        {"municipality": municipality, "nearby_networks": nearby_networks},
    )
