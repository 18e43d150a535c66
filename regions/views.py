from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .map import Atlas
from .models import Municipality, Region


@require_safe
def region_list(request):
    region_map, legend = Atlas().by_group("region")
    return render(
        request, "regions/region_list.html", {"regions": Region.objects.for_list(), "map": region_map, "legend": legend}
    )


@require_safe
def region_detail(request, slug):
    region = get_object_or_404(Region.objects.with_coverage(), slug=slug)
    atlas = Atlas()
    groups = atlas.network_groups(region.pk)
    members = [row["nis_code"] for group in groups for row in group["members"]]
    return render(
        request,
        "regions/region_detail.html",
        {"region": region, "groups": groups, "map": atlas.highlight(strong=members)},
    )


@require_safe
def municipality_detail(request, slug):
    municipality = get_object_or_404(Municipality.objects.for_detail_page(), slug=slug)
    atlas = Atlas()
    network = municipality.network
    members = atlas.members_of(network.pk) if network else []
    fellow_members = [row for row in members if row["nis_code"] != municipality.nis_code]
    return render(
        request,
        "regions/municipality_detail.html",
        {
            "municipality": municipality,
            "fellow_members": fellow_members,
            "nearby_networks": [] if network else atlas.networks_in(municipality.region_id),
            "map": atlas.highlight(
                strong=[municipality.nis_code],
                light=[row["nis_code"] for row in fellow_members],
                pin=municipality.nis_code,
            ),
        },
    )
