"""The map and figures of the IGS: the atlas of municipalities (regions/map.py) with each one's IGS."""

from functools import cached_property
from operator import itemgetter

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from opti.lib.cache import cached
from regions.map import Atlas

from .models import Membership, Network, RecognitionRound, uncertainty_note
from .recognition import State, recognition_of


class NetworkAtlas(Atlas):
    """Every municipality with its region and its membership of an IGS, if any: `network_id`, `network_name`,
    `network_full_name`, `network_slug`, `network_url`, `to_verify`, `via_former_name` and `note` (None when in no
    IGS), and `uncertain` (a membership not confirmed, or only through a former municipality). `networks` holds
    each IGS with its recognition for today. Read once per content version (which changes at midnight)."""

    cache_key = "network-atlas"

    @staticmethod
    def load_rows():
        fields = [
            "network_id", "network_name", "network_full_name", "network_slug", "to_verify", "via_former_name", "note",
            "started_on", "ended_on",
        ]  # fmt: skip
        today = timezone.localdate()
        memberships = {}  # per municipality its membership of today, or else the one that ended last
        for row in Membership.objects.for_map():
            municipality_id = row.pop("municipality_id")
            if not (row["started_on"] and row["started_on"] > today):  # one still to come is not told yet
                memberships.setdefault(municipality_id, row)
        url = reverse("igs:network_detail", args=["slug"])
        rows = []
        for row in Atlas().rows:
            row = {**row, **dict.fromkeys(fields), **memberships.get(row["pk"], {})}
            row["network_url"] = row["network_slug"] and url.replace("/slug/", f"/{row['network_slug']}/")
            row["uncertain"] = bool(row["to_verify"] or row["via_former_name"])
            row["ended"] = bool(row["ended_on"] and row["ended_on"] < today)
            rows.append(row)
        return rows

    @cached_property
    def networks(self):
        return cached("networks", self.load_networks)

    @staticmethod
    def load_networks():
        """Per IGS id: its name, url, whether it has contact details and its Recognition for today."""
        today = timezone.localdate()
        next_round = RecognitionRound.objects.next_after(today)
        return {
            network.pk: {
                "name": network.name,
                "url": network.get_absolute_url(),
                "has_contact": network.has_contact,
                "recognition": recognition_of(network.recognition_periods.all(), next_round, today),
            }
            for network in Network.objects.for_atlas()
        }

    def row(self, municipality_id):
        return next(row for row in self.rows if row["pk"] == municipality_id)

    def recognition(self, network_id):
        return self.networks[network_id]["recognition"]

    @staticmethod
    def uncertainty(row):
        return uncertainty_note(to_verify=row["to_verify"], via_former_name=row["via_former_name"])

    def past(self, row):
        """True when a municipality's membership no longer holds: it ended, or its IGS stopped."""
        return bool(row["network_id"]) and (row["ended"] or self.recognition(row["network_id"]).stopped)

    def present(self, row):
        """True when a membership is told in the present tense ("werkt samen"): it has not ended and its IGS is
        recognised today."""
        return bool(row["network_id"]) and not row["ended"] and self.recognition(row["network_id"]).active

    def membership_note(self, row):
        """What must be said with a municipality's membership on its own: that it ended (or its IGS stopped),
        and what is not certain about it."""
        if not row["network_id"]:
            return ""
        recognition = self.recognition(row["network_id"])
        if recognition.stopped:
            ended = f"gestopt {recognition.stopped_when}"
        else:
            ended = row["ended"] and f"lid tot en met {date_format(row['ended_on'], 'j F Y')}"
        return ", ".join(filter(None, [ended, self.uncertainty(row)]))

    def describe(self, row, kind):
        if kind != "network":
            return super().describe(row, kind)
        if not row["network_id"]:
            return f"{row['name']} — nog geen IGS"
        note = self.membership_note(row)
        return f"{row['name']} — IGS {row['network_name']}{f' ({note})' if note else ''}"

    def group_class(self, row, kind):
        return " ended" if kind == "network" and self.past(row) else ""

    def is_hatched(self, row, kind):
        return kind == "network" and bool(row["via_former_name"])

    def legend_note(self, group_id, kind):
        if kind != "network":
            return ""
        recognition = self.recognition(group_id)
        if recognition.stopped:
            return f"gestopt {recognition.stopped_when}"
        uncertain = sum(row["uncertain"] for row in self.members_of(group_id))
        return f"{uncertain} {'lid' if uncertain == 1 else 'leden'} te bevestigen" if uncertain else ""

    def figures(self):
        """Counts for the home page, computed once per content version."""
        return cached("figures", self._figures)

    def _figures(self):
        active = [row for row in self.rows if row["network_id"] and not self.past(row)]
        certain_members = [row for row in active if not row["via_former_name"]]
        via_former = [row for row in active if row["via_former_name"]]
        networks = {row["network_id"] for row in self.rows if row["network_id"]}
        certain_regions = {}  # per IGS that did not stop, the regions of its certain members of today
        for row in certain_members:
            certain_regions.setdefault(row["network_id"], set()).add(row["region_id"])
        recognitions = [info["recognition"] for info in self.networks.values()]
        stopped = sorted(
            (info for info in self.networks.values() if info["recognition"].stopped), key=itemgetter("name")
        )
        population = sum(row["population"] or 0 for row in self.rows)
        return {
            "next_round": RecognitionRound.objects.next_after(timezone.localdate()),
            "next_known_count": sum(recognition.next_known for recognition in recognitions),
            "unknown_count": sum(recognition.state == State.UNKNOWN for recognition in recognitions),
            "region_count": len({row["region_id"] for row in self.rows}),
            "municipality_count": len(self.rows),
            "population": population,
            "network_count": len(networks),
            "stopped": stopped,
            "active_network_count": len({row["network_id"] for row in active}),
            "covered_count": len(active),
            "to_verify_count": sum(row["to_verify"] for row in certain_members),
            "via_former": via_former,
            "covered_percent": round(100 * sum(row["population"] or 0 for row in certain_members) / population),
            "via_former_percent": round(100 * sum(row["population"] or 0 for row in via_former) / population),
            "spanning_count": sum(len(regions) > 1 for regions in certain_regions.values()),
        }

    def regions_by_network(self):
        """Per IGS id, the (name, url) of the regions its members lie in, by name."""
        regions = {}
        for row in self.rows:
            if row["network_id"]:
                regions.setdefault(row["network_id"], set()).add((row["region_name"], row["region_url"]))
        return {network_id: sorted(names) for network_id, names in regions.items()}

    def coverage_by_region(self):
        """Per region id: how many IGS that did not stop have members in it, and how many of its municipalities
        are in none of them."""
        networks, uncovered = {}, {}
        for row in self.rows:
            network_id = None if self.past(row) else row["network_id"]
            networks.setdefault(row["region_id"], set()).add(network_id)
            uncovered[row["region_id"]] = uncovered.get(row["region_id"], 0) + (network_id is None)
        return {region_id: (len(ids - {None}), uncovered[region_id]) for region_id, ids in networks.items()}

    def network_groups(self, region_id):
        """The region's municipalities grouped by IGS (by name, those in no IGS last), each group with its
        recognition and the number of regions its IGS spans."""
        spans = self.regions_by_network()
        groups = {}
        for row in self.rows:
            if row["region_id"] == region_id:
                groups.setdefault(row["network_id"], []).append(row)
        return sorted(
            (
                {
                    "name": members[0]["network_name"],
                    "url": members[0]["network_url"],
                    "recognition": network_id and self.recognition(network_id),
                    "region_count": len(spans.get(network_id, ())),
                    "members": [(row, self.uncertainty(row)) for row in members],
                }
                for network_id, members in groups.items()
            ),
            key=lambda group: (group["name"] is None, (group["name"] or "").casefold()),
        )

    def members_of(self, network_id):
        return [row for row in self.rows if row["network_id"] == network_id]

    def networks_in(self, region_id):
        """(name, url, recognition) of every IGS with a member in the region, by name."""
        found = {row["network_id"] for row in self.rows if row["region_id"] == region_id and row["network_id"]}
        return sorted(
            (
                (self.networks[network_id]["name"], self.networks[network_id]["url"], self.recognition(network_id))
                for network_id in found
            ),
            key=lambda network: network[0].casefold(),
        )

    def without_network(self):
        return [row for row in self.rows if not row["network_id"]]
