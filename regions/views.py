from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from opti.lib.hooks import sections

from . import hooks
from .decorators import follows_merged_municipalities
from .lookup import explain
from .map import Atlas
from .models import Municipality, Region


@require_safe
def region_list(request):
    region_map, legend = Atlas().by_group("region")
    regions = list(Region.objects.for_list())
    columns = sections(hooks.region_list_page, Region)
    for region in regions:
        region.extra_cells = [column.values.get(region.pk, "") for column in columns]
    return render(
        request,
        "regions/region_list.html",
        {"regions": regions, "columns": columns, "map": region_map, "legend": legend},
    )


@require_safe
def region_detail(request, slug):
    region = get_object_or_404(Region.objects.with_counts(), slug=slug)
    atlas = Atlas()
    members = [row["nis_code"] for row in atlas.rows if row["region_id"] == region.pk]
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "sections": sections(hooks.region_page, Region, region=region),
            "map": atlas.highlight(strong=members),
        },
    )


@require_safe
@follows_merged_municipalities
def municipality_detail(request, slug):
    municipality = get_object_or_404(Municipality.objects.for_detail_page(), slug=slug)
    page_sections = sections(hooks.municipality_page, Municipality, municipality=municipality)
    related = [section for section in page_sections if section.highlight]
    uncertain = [section for section in page_sections if section.hatched]
    caption = "".join(
        [f"{municipality.name} in Vlaanderen, in donkere kleur en omcirkeld"]
        + [f"; lichter: {section.highlight_label}" for section in related]
        + [f"; gearceerd: {section.hatched_label}" for section in uncertain]
    )
    return render(
        request,
        "regions/municipality_detail.html",
        {
            "municipality": municipality,
            "sections": page_sections,
            "map": Atlas().highlight(
                strong=[municipality.nis_code],
                light=[nis_code for section in related for nis_code in section.highlight],
                pin=municipality.nis_code,
                hatched=[nis_code for section in uncertain for nis_code in section.hatched],
                notes={nis_code: note for section in page_sections for nis_code, note in section.notes.items()},
            ),
            "map_caption": f"{caption}.",
            "searched": request.GET.get("gezocht", ""),
            "explanation": explain(municipality, request.GET["gezocht"]) if "gezocht" in request.GET else None,
        },
    )
