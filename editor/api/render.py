"""Zones, problems and history as the JSON the API sends.

Readers without a role (anonymous visitors) get only the registry's public properties of a zone, as
every other read path does; anyone with a role gets every attribute an editor can set.
"""

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.db.models import Model

from layers.feature_layers import editable_layer, feature_etag
from layers.feature_services import UNIT_PROPERTY
from layers.models import CultivationZone
from layers.permissions import AnyUser, user_role
from layers.registry import LAYERS
from layers.selectors import ZoneHistoryEntry
from layers.zone_checks import ZoneProblem
from layers.zone_services import EDITABLE_FIELDS, ZoneCheckResult

PUBLIC_PROPERTIES = LAYERS["zones"].public_properties
AREA_DECIMALS = 4  # 1 m²


def etag(zone: CultivationZone) -> str:
    return f'"v{zone.version}"'


def geometry_json(geometry: GEOSGeometry | None) -> dict[str, Any] | None:
    return json.loads(geometry.json) if geometry is not None else None


def _value(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _properties(zone: CultivationZone) -> dict[str, Any]:
    properties = {name: _value(getattr(zone, name)) for name in ("code", "status", *EDITABLE_FIELDS)}
    area = zone.area_ha
    return {
        **properties,
        "area_ha": round(area, AREA_DECIMALS) if isinstance(area, float) else None,
        "units": [{"id": unit.pk, "code": unit.code, "name": unit.name} for unit in zone.units.all()],
        "created_at": _value(zone.created_at),
        "updated_at": _value(zone.updated_at),
    }


def zone_feature(zone: CultivationZone, *, user: AnyUser) -> dict[str, Any]:
    """A GeoJSON Feature; `version` is what the ETag holds, for clients that read only bodies."""
    properties = _properties(zone)
    if user_role(user) is None:
        properties = {name: properties[name] for name in PUBLIC_PROPERTIES if name in properties}
    return {"type": "Feature", "id": zone.pk, "geometry": geometry_json(zone.geometry),
            "properties": {**properties, "version": zone.version}}


def collection(features: list[dict[str, Any]], *, matched: int, links: Sequence[dict[str, str]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features, "numberMatched": matched,
            "numberReturned": len(features), "links": list(links)}


def zone_collection(zones: Iterable[CultivationZone], *, user: AnyUser, matched: int,
                    links: Sequence[dict[str, str]]) -> dict[str, Any]:
    return collection([zone_feature(zone, user=user) for zone in zones], matched=matched, links=links)


def layer_etag(row: Model) -> str:
    return f'"{feature_etag(row)}"'


def layer_feature(layer_id: str, row: Model, *, user: AnyUser) -> dict[str, Any]:
    """A parcel, producer or site as a GeoJSON Feature: public properties for readers without a role,
    every attribute an editor sets (and `unit`, the GSO code) for the others."""
    layer = editable_layer(layer_id)
    names = (*layer.fields, *layer.read_only)
    with_role = user_role(user) is not None
    if not with_role:
        names = tuple(name for name in layer.spec.public_properties if name in names)
    properties = {name: _value(getattr(row, name)) for name in names}
    if with_role:
        properties[UNIT_PROPERTY] = row.unit.code  # type: ignore[attr-defined]
    return {"type": "Feature", "id": row.pk, "geometry": geometry_json(getattr(row, layer.spec.geometry_field)),
            "properties": properties}


def problem_json(problem: ZoneProblem) -> dict[str, Any]:
    body: dict[str, Any] = {"code": problem.code, "field": problem.field, "message": problem.message}
    if problem.geometry is not None:
        body["geometry"] = problem.geometry
    return body


def check_json(result: ZoneCheckResult) -> dict[str, Any]:
    return {
        "ok": not result.problems,
        "errors": [problem_json(p) for p in result.problems],
        "warnings": [problem_json(p) for p in result.warnings],
        "area_ha": round(result.area_ha, AREA_DECIMALS) if result.area_ha is not None else None,
        "units": [{"id": unit.pk, "code": unit.code, "name": unit.name} for unit in result.units],
    }


def history_json(entries: Sequence[ZoneHistoryEntry], *, with_geometry: bool) -> dict[str, Any]:
    versions = []
    for entry in entries:
        revision = entry.revision
        item: dict[str, Any] = {
            "version": revision.version,
            "action": revision.action,
            "action_label": str(revision.get_action_display()),
            "user": revision.username or None,
            "at": revision.recorded_at.isoformat(),
            "reason": revision.reason,
            "reverted_to": revision.reverted_to,
            "changed": list(entry.changed),
            "attributes": revision.attributes,
        }
        if with_geometry:
            item["geometry"] = geometry_json(revision.geometry)
        versions.append(item)
    return {"versions": versions}
