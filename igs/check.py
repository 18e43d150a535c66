"""The IGS check: could these municipalities together be recognised as an IGS cultuur from the next round?

The conditions come from the recognition round's data (RecognitionRound: the minimum number of inhabitants, the
transition rule) and the reference data (regions, population, borders); every answer says why. Only what the data
holds is stated: population figures are those of their year, and near a threshold the page says they may differ now.
"""

from collections import deque
from dataclasses import dataclass, field

from regions.geometry import neighbours

from .map import NetworkAtlas

POPULATION_YEAR = 2020
NEAR = 0.05  # within 5 % of a threshold, the year of the figures matters


@dataclass
class Check:
    rows: list  # the chosen municipalities (atlas rows), by name
    next_round: object  # the RecognitionRound the conditions come from, or None
    population: int = 0
    regions: list = field(default_factory=list)
    parts: list = field(default_factory=list)  # groups of municipalities that touch each other
    members: list = field(default_factory=list)  # (row, what) of those already in an IGS

    @property
    def threshold(self):
        return self.next_round and self.next_round.min_population

    @property
    def reaches(self):
        return self.threshold is not None and self.population >= self.threshold

    @property
    def near_threshold(self):
        return bool(self.threshold) and abs(self.population - self.threshold) <= NEAR * self.threshold

    @property
    def one_region(self):
        return len(self.regions) == 1

    @property
    def contiguous(self):
        return len(self.parts) == 1

    @property
    def transition_possible(self):
        """Below the threshold, the transition rule could apply: enough municipalities that touch each other."""
        minimum = self.next_round and self.next_round.transition_min_municipalities
        return bool(minimum) and not self.reaches and self.contiguous and len(self.rows) >= minimum


def connected_parts(nis_codes):
    """The municipalities grouped into parts that touch each other (by the 2025 borders)."""
    near, left, parts = neighbours(), set(nis_codes), []
    while left:
        start = left.pop()
        part, queue = {start}, deque([start])
        while queue:
            for other in near.get(queue.popleft(), ()):
                if other in left:
                    left.discard(other)
                    part.add(other)
                    queue.append(other)
        parts.append(part)
    return parts


def check(slugs, next_round):
    atlas = NetworkAtlas()
    rows = sorted((row for row in atlas.rows if row["slug"] in set(slugs)), key=lambda row: row["name"])
    result = Check(rows, next_round)
    if not rows:
        return result
    by_nis = {row["nis_code"]: row for row in rows}
    result.population = sum(row["population"] or 0 for row in rows)
    result.regions = sorted({row["region_name"] for row in rows})
    result.parts = sorted(
        (
            [by_nis[nis] for nis in sorted(part, key=lambda nis: by_nis[nis]["name"])]
            for part in connected_parts(by_nis)
        ),
        key=lambda part: part[0]["name"],
    )
    result.members = [(row, atlas.membership_note(row)) for row in rows if row["network_id"] and not atlas.past(row)]
    return result
