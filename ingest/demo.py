"""The Pleiku demo: reference units, synthetic parcels and illustrative zones, OCOP and tourism data.

Every record is upserted on a natural key so that loading twice gives the same database.
"""

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, LineString, MultiPolygon, Point
from django.db import connection, transaction

from ingest.reference_units import DATA_DIR, ReferenceDataError, units_load_reference
from ingest.synthetic_parcels import parcels_generate
from layers.models import (
    AdminUnit,
    CultivationZone,
    LinkageModel,
    OCOPProducer,
    OCOPProduct,
    Parcel,
    Role,
    TourismRoute,
    TourismRouteStop,
    TourismSite,
)
from layers.models.ocop import certificate_expiry
from layers.services import user_provision, zone_attach_parcels

DEMO_FILE = DATA_DIR / "demo-pleiku.json"

# An ellipse of the given area, 1.5 times longer than wide, turned by `angle` degrees, drawn in
# VN-2000 metres so that the area is true on the ground.
_ELLIPSE_SQL = """
WITH centre AS (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326), 9218) AS p)
SELECT ST_AsEWKT(ST_Transform(
    ST_Rotate(ST_Scale(ST_Buffer(p, %(radius)s, 'quad_segs=8'), ST_MakePoint(1.5, 1 / 1.5), p),
              radians(%(angle)s), p), 4326))
FROM centre
"""


def _ellipse(*, lon: float, lat: float, area_ha: float, angle: float = 0.0) -> GEOSGeometry:
    params = {"lon": lon, "lat": lat, "radius": math.sqrt(area_ha * 10_000 / math.pi), "angle": angle}
    with connection.cursor() as cursor:
        cursor.execute(_ELLIPSE_SQL, params)
        return GEOSGeometry(cursor.fetchone()[0])


def _unit(code: str) -> AdminUnit:
    return AdminUnit.objects.get(code=code, valid_to__isnull=True)


def _checked_part(part: dict[str, Any], owner: str) -> GEOSGeometry:
    unit = _unit(part["unit"])
    if unit.geometry is None or not unit.geometry.contains(Point(part["lon"], part["lat"], srid=4326)):
        raise ReferenceDataError(f"{DEMO_FILE.name}: {owner} is placed outside {unit.full_name}.")
    return _ellipse(lon=part["lon"], lat=part["lat"], area_ha=part["area_ha"], angle=part.get("angle", 0))


def _zone_geometry(record: dict[str, Any]) -> MultiPolygon | None:
    parts = [_checked_part(part, record["name"]) for part in record["parts"]]
    return MultiPolygon(*parts, srid=4326) if parts else None


def _load_zone(record: dict[str, Any]) -> CultivationZone:
    fields = {key: record.get(key) for key in ("code", "crop", "variety", "holder", "status", "households")}
    fields.update(
        representative=record.get("representative", ""), markets=record["markets"],
        standards=record["standards"], declared_area_ha=record["declared_area_ha"],
        valid_from=record.get("valid_from"), geometry=_zone_geometry(record), is_illustrative=True,
    )
    zone, _created = CultivationZone.objects.update_or_create(name=record["name"], defaults=fields)
    unit_codes = record.get("units") or sorted({part["unit"] for part in record["parts"]})
    zone.units.set([_unit(code) for code in unit_codes])
    return zone


def _load_producer(record: dict[str, Any]) -> OCOPProducer:
    producer, _created = OCOPProducer.objects.update_or_create(name=record["name"], defaults={
        "kind": record["kind"], "representative": record["representative"], "address": record["address"],
        "unit": _unit(record["unit"]), "location": Point(record["lon"], record["lat"], srid=4326),
        "is_illustrative": True,
    })
    return producer


def _load_product(record: dict[str, Any]) -> OCOPProduct:
    issued_on = dt.date.fromisoformat(record["issued_on"])
    product, _created = OCOPProduct.objects.update_or_create(
        name=record["name"], producer=OCOPProducer.objects.get(name=record["producer"]),
        defaults={"group": record["group"], "stars": record["stars"], "score": record["score"],
                  "issued_on": issued_on, "expires_on": certificate_expiry(issued_on), "is_illustrative": True},
    )
    product.source_zones.set(CultivationZone.objects.filter(code__in=record["zones"]))
    return product


def _load_linkage(record: dict[str, Any]) -> LinkageModel:
    """Units are cited by GSO code when current and by slug when former, as registries still cite them."""
    lead = OCOPProducer.objects.get(name=record["lead"]) if "lead" in record else None
    linkage, _created = LinkageModel.objects.update_or_create(name=record["name"], defaults={
        "product": record["product"], "lead": lead, "lead_name": record.get("lead_name", ""),
        "households": record.get("households"), "started_on": dt.date.fromisoformat(record["started_on"]),
        "ended_on": dt.date.fromisoformat(record["ended_on"]) if "ended_on" in record else None,
        "is_illustrative": True,
    })
    former = AdminUnit.objects.filter(slug__in=record.get("former_units", ()))
    linkage.units.set([*(_unit(code) for code in record.get("units", ())), *former])
    linkage.zones.set(CultivationZone.objects.filter(code__in=record["zones"]))
    return linkage


def _site_geometry(record: dict[str, Any]) -> GEOSGeometry:
    if "ellipse" in record:
        return _ellipse(**record["ellipse"])
    return Point(record["point"]["lon"], record["point"]["lat"], srid=4326)


def _load_site(record: dict[str, Any]) -> TourismSite:
    defaults = {key: record.get(key, "") for key in
                ("name_en", "description_vi", "description_en", "category", "opening_hours")}
    defaults.update(unit=_unit(record["unit"]), geometry=_site_geometry(record), is_illustrative=True)
    site, _created = TourismSite.objects.update_or_create(name_vi=record["name_vi"], defaults=defaults)
    return site


def _load_route(record: dict[str, Any]) -> TourismRoute:
    route, _created = TourismRoute.objects.update_or_create(name_vi=record["name_vi"], defaults={
        "name_en": record["name_en"], "description_vi": record["description_vi"],
        "description_en": record["description_en"], "is_illustrative": True,
        "geometry": LineString(*[tuple(xy) for xy in record["path"]], srid=4326),
    })
    route.stops.all().delete()
    TourismRouteStop.objects.bulk_create(
        TourismRouteStop(route=route, site=TourismSite.objects.get(name_vi=name), order=order)
        for order, name in enumerate(record["stops"], start=1)
    )
    return route


def demo_users(path: Path = DEMO_FILE) -> list[dict[str, Any]]:
    users: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["users"]
    return users


def _load_users(records: list[dict[str, Any]]) -> None:
    for record in records:
        user_provision(username=record["username"], role=Role(record["role"]),
                       unit_codes=record.get("units", ()), password=record["password"])


def _analyse() -> None:
    """Fresh statistics, or the planner misjudges spatial joins on the thousands of new parcels."""
    with connection.cursor() as cursor:
        for model in (Parcel, CultivationZone, TourismSite, OCOPProducer, AdminUnit):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@transaction.atomic
def demo_load(*, parcels: int, seed: int, path: Path = DEMO_FILE) -> dict[str, int]:
    """Load the whole demo in one transaction and return the number of records of each kind."""
    document = json.loads(path.read_text(encoding="utf-8"))
    units_load_reference()
    parcels_generate(count=parcels, seed=seed)
    zones = [_load_zone(record) for record in document["zones"]]
    for zone in zones:
        zone_attach_parcels(zone=zone)
    for record in document["producers"]:
        _load_producer(record)
    for record in document["products"]:
        _load_product(record)
    for record in document["linkages"]:
        _load_linkage(record)
    for record in document["sites"]:
        _load_site(record)
    for record in document["routes"]:
        _load_route(record)
    _load_users(document["users"])
    _analyse()
    return {model._meta.verbose_name_plural: model.objects.count() for model in (  # type: ignore[misc]
        AdminUnit, CultivationZone, OCOPProducer, OCOPProduct, LinkageModel, TourismSite, TourismRoute)}
