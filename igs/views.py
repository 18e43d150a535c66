from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Network, Project


@require_safe
def network_list(request):
    return render(request, "igs/network_list.html", {"networks": Network.objects.for_list()})


@require_safe
def network_detail(request, slug):
    network = get_object_or_404(Network.objects.for_detail(), slug=slug)
    return render(request, "igs/network_detail.html", {"network": network})


@require_safe
def project_detail(request, network_slug, slug):
    project = get_object_or_404(Project.objects.for_detail_page(), network__slug=network_slug, slug=slug)
    return render(request, "igs/project_detail.html", {"project": project})
