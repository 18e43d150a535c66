"""What igs adds to the pages of regions (regions/hooks.py): each municipality's IGS and the IGS of each region.

Everything comes from the atlas, read once per content version: no extra query on a page.
"""

from django.dispatch import receiver

from opti.lib.hooks import Column, Section
from regions import hooks

from .map import NetworkAtlas
from .models import Membership


@receiver(hooks.region_list_page)
def region_list_columns(sender, **kwargs):
    coverage = NetworkAtlas().coverage_by_region()
    return [
        Column("IGS actief", {region_id: networks for region_id, (networks, _) in coverage.items()}),
        Column("Gemeenten zonder IGS", {region_id: uncovered for region_id, (_, uncovered) in coverage.items()}),
    ]


@receiver(hooks.region_page)
def region_section(sender, region, **kwargs):
    atlas = NetworkAtlas()
    _, uncovered = atlas.coverage_by_region().get(region.pk, (0, 0))
    return Section(
        "igs/includes/region_section.html",
        {"groups": atlas.network_groups(region.pk), "uncovered_count": uncovered},
    )


@receiver(hooks.municipality_page)
def municipality_section(sender, municipality, **kwargs):
    atlas = NetworkAtlas()
    row = atlas.row(municipality.pk)
    network_id = row["network_id"]
    fellow_members = [other for other in atlas.members_of(network_id) if other is not row] if network_id else []
    return Section(
        "igs/includes/municipality_section.html",
        {
            "row": row,
            "network": network_id and atlas.networks[network_id],
            "present": atlas.present(row),
            "note": atlas.membership_note(row),
            "fellow_members": [(other, atlas.uncertainty(other)) for other in fellow_members],
            "nearby_networks": [] if network_id else atlas.networks_in(municipality.region_id),
            "history": list(Membership.objects.for_municipality_page(municipality)),
        },
        facts_template="igs/includes/municipality_facts.html",
        highlight=[other["nis_code"] for other in fellow_members],
        highlight_label="de andere gemeenten van hetzelfde IGS",
        hatched=[member["nis_code"] for member in [row, *fellow_members] if member["via_former_name"]],
        hatched_label="lid via een gemeente van vóór 2025, niet bevestigd voor de hele gemeente",
        notes={
            member["nis_code"]: atlas.uncertainty(member) for member in [row, *fellow_members] if member["uncertain"]
        },
    )
