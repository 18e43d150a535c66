from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from regions.cache import content_version
from regions.map import Atlas

from .models import Network, Project


@require_safe
def network_list(request):
    atlas = Atlas()
    network_map, legend = atlas.by_group("network")
    regions = atlas.regions_by_network()
    without_network = sorted(atlas.without_network(), key=lambda row: (row["region_name"], row["name"]))
    return render(
        request,
        "igs/network_list.html",
        {
            # Read only when the table is rendered, not when it comes from the fragment cache.
            "networks": ((network, regions.get(network.pk, [])) for network in Network.objects.for_list()),
            "map": network_map,
            "legend": legend,
            "without_network": without_network,
            "content_version": content_version(),
        },
    )


@require_safe
def network_detail(request, slug):
    network = get_object_or_404(Network.objects.for_detail(), slug=slug)
    members = [membership.municipality.nis_code for membership in network.memberships.all()]
    return render(request, "igs/network_detail.html", {"network": network, "map": Atlas().highlight(strong=members)})


@require_safe
def project_detail(request, network_slug, slug):
    project = get_object_or_404(Project.objects.for_detail_page(), network__slug=network_slug, slug=slug)
    return render(request, "igs/project_detail.html", {"project": project})
