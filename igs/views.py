from csp.decorators import csp_replace
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from opti.lib.cache import content_version
from opti.lib.hooks import sections
from regions.decorators import follows_merged_municipalities
from regions.models import Municipality

from . import hooks
from .check import POPULATION_YEAR, check
from .forms import CheckForm
from .map import NetworkAtlas
from .models import Network, Project, RecognitionRound


@require_safe
def network_list(request):
    atlas = NetworkAtlas()
    network_map, legend = atlas.by_group("network")
    regions = atlas.regions_by_network()
    without_network = sorted(atlas.without_network(), key=lambda row: (row["region_name"], row["name"]))

    def networks():  # read only when the table is rendered, not when it comes from the fragment cache
        for network in Network.objects.for_list():
            yield network, regions.get(network.pk, []), atlas.recognition(network.pk)

    return render(
        request,
        "igs/network_list.html",
        {
            "networks": networks(),
            "figures": atlas.figures(),
            "map": network_map,
            "legend": legend,
            "without_network": without_network,
            "content_version": content_version(),
        },
    )


@require_safe
def network_detail(request, slug):
    network = get_object_or_404(Network.objects.for_detail(), slug=slug)
    atlas = NetworkAtlas()
    # The members of today; of an IGS without any (it stopped), its last members.
    memberships = network.current_memberships or network.past_memberships
    # Members only through a municipality of before 2025: their whole population does not count, nor do they go to
    # the IGS check.
    partial = [membership for membership in memberships if membership.via_former_id]
    whole = [membership for membership in memberships if not membership.via_former_id]
    via_former = [membership.municipality.nis_code for membership in partial]
    caption = f"De {'' if network.current_memberships else 'vroegere '}leden van {network.name} in Vlaanderen"
    if via_former:
        caption += "; gearceerd: lid via een gemeente van vóór 2025, niet bevestigd voor de hele gemeente"
    return render(
        request,
        "igs/network_detail.html",
        {
            "network": network,
            "recognition": atlas.recognition(network.pk),
            "uncertain_count": sum(bool(membership.uncertainty) for membership in network.current_memberships),
            "population": sum(membership.municipality.population or 0 for membership in whole),
            "partial_members": partial,
            "check_members": whole if network.current_memberships else [],
            "sections": sections(hooks.network_page, Network, network=network),
            "map": atlas.highlight(
                strong=[membership.municipality.nis_code for membership in memberships],
                hatched=via_former,
                notes={m.municipality.nis_code: m.uncertainty for m in memberships if m.uncertainty},
            ),
            "map_caption": f"{caption}. Klik op een gemeente voor haar pagina.",
        },
    )


@require_safe
def project_detail(request, network_slug, slug):
    """A published project; editors also see an unpublished one (a preview), with a banner and never cached."""
    project = get_object_or_404(
        Project.objects.visible_to(request.user).for_detail_page(), network__slug=network_slug, slug=slug
    )
    response = render(
        request,
        "igs/project_detail.html",
        {"project": project, "network_recognition": NetworkAtlas().recognition(project.network_id)},
    )
    if not project.is_public:
        add_never_cache_headers(response)
    return response


@require_safe
def igs_check(request):
    form = CheckForm(request.GET or None)
    chosen = form.is_valid() and form.cleaned_data["gemeente"]
    return render(
        request,
        "igs/check.html",
        {
            "form": form,
            "groups": form.groups(),
            "result": chosen and check(chosen, RecognitionRound.objects.latest()),
            "population_year": POPULATION_YEAR,
        },
    )


def municipality_card(slug):
    """What a municipality's card says: its region and its IGS, with the recognition and what is uncertain."""
    municipality = get_object_or_404(Municipality.objects.select_related("region"), slug=slug)
    atlas = NetworkAtlas()
    row = atlas.row(municipality.pk)
    return {
        "municipality": municipality,
        "row": row,
        "network": row["network_id"] and atlas.networks[row["network_id"]],
        "present": atlas.present(row),
        "note": atlas.membership_note(row),
        "uncertainty": atlas.uncertainty(row),
    }


# The only page that other sites may frame, for municipalities' own websites: no cookie, nothing from elsewhere.
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@require_safe
@follows_merged_municipalities
def embed(request, slug):
    return render(request, "igs/embed.html", municipality_card(slug))


@require_safe
@follows_merged_municipalities
def municipality_json(request, slug):
    """The facts of the embeddable card as JSON."""
    card = municipality_card(slug)
    municipality, row, network = card["municipality"], card["row"], card["network"]
    data = {
        "gemeente": municipality.name,
        "nis_code": municipality.nis_code,
        "referentieregio": municipality.region.name,
        "igs": network
        and {
            "naam": network["name"],
            "pagina": request.build_absolute_uri(network["url"]),
            "erkenning": network["recognition"].summary,
            "lid_via": row["via_former_name"] or "",
            "lid_tot": row["ended_on"].isoformat() if row["ended_on"] else "",
            "opmerking": card["note"],
            "zekerheid": "te bevestigen" if row["uncertain"] else "bevestigd",
        },
        "pagina": request.build_absolute_uri(municipality.get_absolute_url()),
        "licentie": "https://creativecommons.org/licenses/by/4.0/",
        "bron": "Regionaal samenwerken, OP/TIL",
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
