"""Load the reference administrative units: the 2025 boundaries and the units they replaced."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import transaction

from ingest.errors import IngestError
from layers.models import AdminUnit, UnitLevel
from layers.names import clean_text
from layers.services import unit_succession_record, unit_upsert

DATA_DIR = Path(__file__).resolve().parent / "data"
BOUNDARIES_2025 = DATA_DIR / "admin-2025"
HISTORY = DATA_DIR / "pleiku-units-before-2025.json"
REFORM_DATE = dt.date(2025, 7, 1)
SOURCE_2025 = "sapnhap.bando.com.vn via thanglequoc/vietnamese-provinces-database (MIT)"


class ReferenceDataError(IngestError):
    """A shipped reference file does not hold what the loader expects."""


def _multipolygon(geometry: dict[str, Any], path: Path) -> MultiPolygon:
    geom = GEOSGeometry(json.dumps(geometry), srid=4326)
    if isinstance(geom, Polygon):
        geom = MultiPolygon(geom, srid=4326)
    if not isinstance(geom, MultiPolygon) or not geom.valid:
        raise ReferenceDataError(f"{path.name}: the boundary is not a valid (multi)polygon.")
    return geom


def _level(full_name: str) -> UnitLevel:
    return UnitLevel.WARD if full_name.startswith("Phường") else UnitLevel.COMMUNE


def _load_boundary(path: Path, province: AdminUnit | None) -> AdminUnit:
    feature = json.loads(path.read_text(encoding="utf-8"))["features"][0]
    props = feature["properties"]
    full_name = clean_text(props["fullName"])
    level = UnitLevel.PROVINCE if province is None else _level(full_name)
    slug = f"{props['code']}-{props.get('codeName') or path.stem.split('_', 1)[-1]}".replace("_", "-")
    return unit_upsert(
        slug=slug, code=props["code"], name=clean_text(props["name"]), full_name=full_name,
        name_en=props.get("nameEn", ""), full_name_en=props.get("fullNameEn", ""), level=level,
        parent=province, valid_from=REFORM_DATE, valid_to=None,
        geometry=_multipolygon(feature["geometry"], path), source=SOURCE_2025,
    )


def units_load_2025(directory: Path = BOUNDARIES_2025) -> list[AdminUnit]:
    """The province first, then every ward and commune file in the directory."""
    province = _load_boundary(directory / "52_gia_lai.geojson", None)
    wards = sorted(p for p in directory.glob("*.geojson") if p.name != "52_gia_lai.geojson")
    return [province, *(_load_boundary(path, province) for path in wards)]


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _load_former_unit(record: dict[str, Any], by_slug: dict[str, AdminUnit]) -> AdminUnit:
    parent = by_slug[record["parent"]] if record.get("parent") else None
    return unit_upsert(
        slug=record["slug"], code=record.get("code", ""), name=record["name"],
        full_name=record["full_name"], name_en=record.get("name_en", ""),
        full_name_en=record.get("full_name_en", ""), level=record["level"], parent=parent,
        valid_from=_date(record.get("valid_from")), valid_to=_date(record["valid_to"]), geometry=None,
        source="Resolutions 1195/NQ-UBTVQH15 and 1664/NQ-UBTVQH15",
    )


def _successor(record: dict[str, Any], by_slug: dict[str, AdminUnit]) -> AdminUnit:
    if "successor" in record:
        return by_slug[record["successor"]]
    try:
        return AdminUnit.objects.get(code=record["successor_code"], valid_from=REFORM_DATE)
    except AdminUnit.DoesNotExist:
        raise ReferenceDataError(
            f"{HISTORY.name}: successor {record['successor_code']} of {record['predecessor']} is not loaded."
        ) from None


def units_load_history(path: Path = HISTORY) -> list[AdminUnit]:
    """The units in force before the reform and their successions; needs the 2025 units loaded."""
    document = json.loads(path.read_text(encoding="utf-8"))
    by_slug: dict[str, AdminUnit] = {}
    for record in document["units"]:
        by_slug[record["slug"]] = _load_former_unit(record, by_slug)
    for record in document["successions"]:
        unit_succession_record(
            predecessor=by_slug[record["predecessor"]], successor=_successor(record, by_slug),
            effective_on=_date(record["effective_on"]), legal_basis=record["legal_basis"],
        )
    return list(by_slug.values())


@transaction.atomic
def units_load_reference() -> int:
    """Load both generations of units in one transaction; returns how many units were written."""
    return len(units_load_2025()) + len(units_load_history())
