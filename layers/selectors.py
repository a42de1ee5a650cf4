"""Reads of the domain, as keyword-only functions named <entity>_<action>."""

import datetime as dt

from django.db import connection
from django.db.models import Q, QuerySet

from layers.errors import UnknownUnit
from layers.models import AdminUnit, UnitLevel
from layers.names import unit_name_key

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
