"""Reads of the domain, as keyword-only functions named <entity>_<action>."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.db.models import Union
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from layers.codes import normalise_code
from layers.errors import NotPermitted, UnknownUnit, ZoneInvalid, ZoneNotFound
from layers.models import AdminUnit, CultivationZone, Parcel, UnitLevel, ZoneRevision
from layers.names import unit_name_key
from layers.permissions import (
    AnyUser,
    is_unit_scoped,
    is_zone_decider,
    may_edit_zones,
    parcels_visible_to,
    zones_visible_to,
)
from layers.visibility import zones_readable_by
from layers.zone_checks import ZoneProblem

# About 50 m at Pleiku's latitude: invisible at the zooms the base map is drawn at, and it keeps
# the whole base map to a few hundred kilobytes.
BASE_MAP_TOLERANCE_DEGREES = 0.0005
BASE_MAP_LEVELS = (UnitLevel.PROVINCE, UnitLevel.WARD, UnitLevel.COMMUNE)


def unit_list_valid_on(*, day: dt.date) -> QuerySet[AdminUnit]:
    """Units in force on `day`."""
    return AdminUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def unit_find_by_name(
    *, name: str, among: QuerySet[AdminUnit] | None = None, parent: str | None = None
) -> AdminUnit:
    """The one unit called `name` (any spelling) among `among` (default: all), optionally within `parent`.

    Names repeat across districts, so an ambiguous name raises UnknownUnit listing the candidates.
    """
    key = unit_name_key(name)
    units = AdminUnit.objects.all() if among is None else among
    matches = [unit for unit in units.select_related("parent") if unit_name_key(unit.name) == key]
    if parent is not None:
        parent_key = unit_name_key(parent)
        matches = [u for u in matches if u.parent and unit_name_key(u.parent.name) == parent_key]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UnknownUnit(f"No administrative unit is called {name!r}.")
    candidates = "; ".join(f"{u} [{u.code or u.slug}]" for u in matches)
    raise UnknownUnit(f"{name!r} names several units: {candidates}. Give the district or the GSO code.")


def unit_current_successors(*, unit: AdminUnit) -> list[AdminUnit]:
    """The units in force today that `unit` became, following every succession (Tân Sơn → Biển Hồ → Biển Hồ)."""
    frontier, seen, current = [unit], {unit.pk}, []
    while frontier:
        node = frontier.pop()
        if node.valid_to is None:
            current.append(node)
            continue
        for succession in node.successions.select_related("successor"):
            if succession.successor_id not in seen:
                seen.add(succession.successor_id)
                frontier.append(succession.successor)
    return sorted(current, key=lambda u: u.code)


def unit_resolve_current(*, name: str, parent: str | None = None) -> list[AdminUnit]:
    """Today's unit(s) for a name that registries may still cite in its pre-2025 form."""
    try:
        return [unit_find_by_name(name=name, among=unit_list_valid_on(day=dt.date.today()), parent=parent)]
    except UnknownUnit:
        former_units = AdminUnit.objects.filter(valid_to__isnull=False)
        former = unit_find_by_name(name=name, among=former_units, parent=parent)
        return unit_current_successors(unit=former)


def unit_current_communes() -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(
        valid_to__isnull=True, level__in=[UnitLevel.WARD, UnitLevel.COMMUNE], geometry__isnull=False
    )


def unit_base_map_geojson() -> str:
    """The current units' simplified boundaries as one GeoJSON FeatureCollection (code, name, level).

    PostGIS builds the whole document in one query, so no geometry passes through Python. The
    province comes first so that clients drawing in order put it beneath the communes.
    """
    table = connection.ops.quote_name(AdminUnit._meta.db_table)
    query = f"""
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'features', COALESCE(json_agg(json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(geometry, %(tolerance)s), 6)::json,
                'properties', json_build_object('code', code, 'name', name, 'level', level)
            ) ORDER BY level = %(province)s DESC, name), '[]'::json)
        )::text
        FROM {table}
        WHERE valid_to IS NULL AND geometry IS NOT NULL AND level = ANY(%(levels)s)
    """  # noqa: S608  (the table name is our own model's, quoted; every value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(query, {
            "tolerance": BASE_MAP_TOLERANCE_DEGREES,
            "province": UnitLevel.PROVINCE.value,
            "levels": [level.value for level in BASE_MAP_LEVELS],
        })
        row = cursor.fetchone()
    return str(row[0])


# --- cultivation zones -------------------------------------------------------------------------

@dataclass(frozen=True)
class ZoneFilters:
    statuses: tuple[str, ...] = ()
    unit_code: str = ""
    code: str = ""
    bbox: tuple[float, float, float, float] | None = None


def zone_list(*, user: AnyUser, filters: ZoneFilters = ZoneFilters()) -> QuerySet[CultivationZone]:
    """The zones `user` may read, filtered, in id order (so that pages are stable)."""
    zones = zones_readable_by(user)
    if filters.statuses:
        zones = zones.filter(status__in=filters.statuses)
    if filters.unit_code:
        in_unit = CultivationZone.units.through.objects.filter(adminunit__code=filters.unit_code)
        zones = zones.filter(pk__in=in_unit.values("cultivationzone_id"))
    if filters.code.strip():  # codes are stored normalised: "vn - glor - 0065" finds VN-GLOR-0065
        zones = zones.filter(code__icontains=normalise_code(filters.code))
    if filters.bbox:
        zones = zones.filter(geometry__bboverlaps=Polygon.from_bbox(filters.bbox))
    return zones.order_by("pk").prefetch_related("units")


def zone_get(*, user: AnyUser, zone_id: int) -> CultivationZone:
    """The zone, if `user` may read it; ZoneNotFound otherwise (missing and hidden look the same)."""
    zone = zones_readable_by(user).filter(pk=zone_id).prefetch_related("units").first()
    if zone is None:
        raise ZoneNotFound(_("There is no zone %(id)s.") % {"id": zone_id})
    return zone


@dataclass(frozen=True)
class ZoneHistoryEntry:
    revision: ZoneRevision
    changed: tuple[str, ...]  # attribute names, and "geometry", that differ from the version before


def _changes(before: ZoneRevision | None, after: ZoneRevision) -> tuple[str, ...]:
    if before is None:
        return ()
    names = sorted(set(before.attributes) | set(after.attributes))
    changed = [name for name in names if before.attributes.get(name) != after.attributes.get(name)]
    old, new = before.geometry, after.geometry
    if (old is None) != (new is None) or (old is not None and new is not None and not old.equals_exact(new, 0)):
        changed.append("geometry")
    return tuple(changed)


def zone_history(*, user: AnyUser, zone_id: int) -> list[ZoneHistoryEntry]:
    """Every recorded version of the zone, oldest first: who, when, what changed and why.

    Only those who work on zones read their history: deciders, and extension staff for zones in
    their units (a draft's history is no more public than the draft).
    """
    zone = zone_get(user=user, zone_id=zone_id)
    staff_of_zone = is_unit_scoped(user) and zones_visible_to(user, CultivationZone.objects.filter(pk=zone.pk)).exists()
    if not (is_zone_decider(user) or staff_of_zone):
        raise NotPermitted(_("Only approvers, administrators and the zone's extension staff read its history."))
    revisions = list(zone.revisions.select_related("user").order_by("version"))
    return [ZoneHistoryEntry(revision=revision, changed=_changes(previous, revision))
            for previous, revision in zip([None, *revisions[:-1]], revisions, strict=True)]


MAX_PARCELS_PER_ZONE = 1000


@dataclass(frozen=True)
class ParcelUnion:
    geometry: MultiPolygon
    parcel_ids: tuple[int, ...]


def parcel_union(*, user: AnyUser, parcel_ids: Sequence[int]) -> ParcelUnion:
    """One boundary around the given parcels, to start a zone from; every parcel must be one `user` sees.

    Parcels the user may not see are reported like missing ones, by id, so none of them is used silently.
    """
    if not may_edit_zones(user):
        raise NotPermitted(_("You may not edit cultivation zones."))
    wanted = sorted(set(parcel_ids))
    if not wanted or len(wanted) > MAX_PARCELS_PER_ZONE:
        message = _("Choose between 1 and %(max)s parcels.") % {"max": MAX_PARCELS_PER_ZONE}
        raise ZoneInvalid([ZoneProblem("parcel_count", message, field="parcel_ids")])
    parcels = parcels_visible_to(user, Parcel.objects.filter(pk__in=wanted))
    missing = sorted(set(wanted) - set(parcels.values_list("pk", flat=True)))
    if missing:
        message = _("There are no parcels %(ids)s among those you may use.") % {
            "ids": ", ".join(map(str, missing))}
        raise ZoneInvalid([ZoneProblem("unknown_parcels", message, field="parcel_ids")])
    union: GEOSGeometry = parcels.aggregate(union=Union("geometry"))["union"]
    geometry = union if isinstance(union, MultiPolygon) else MultiPolygon(_polygons(union), srid=union.srid)
    return ParcelUnion(geometry=geometry, parcel_ids=tuple(wanted))


def _polygons(geometry: Any) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry]
    return [part for part in geometry if isinstance(part, Polygon)]
