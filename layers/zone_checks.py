"""Checks of a zone's boundary and figures before it is saved: pure functions, with PostGIS doing the geometry.

Each check returns `ZoneProblem`s: a stable `code` for programs, a translated `message` for people,
the `field` it concerns and, where the problem has a place, a GeoJSON `geometry` to draw (where the
boundary crosses itself, the overlap, the part outside one's units). Blocking problems stop a save;
advisory ones come back as warnings. These functions know nothing of users: the services decide
whose units count and which other zones may be named.

Areas are measured as the generated `area_ha` column measures them, in the VN-2000 / TM-3 108-30
plane (layers.models.measures), so a check and the stored figure never disagree.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.utils.translation import gettext as _

from layers.models import Crop, UnitLevel, ZoneStatus
from layers.models.measures import AREA_GRID_SRID
from layers.models.zones import CropCycle

# Zones that hold or claim a code: a new boundary may not overlap them. Drafts may overlap each other
# (two officers sketching the same hill); the second one to be submitted is stopped.
ACTIVE_ZONE_STATUSES = (ZoneStatus.SUBMITTED, ZoneStatus.APPROVED, ZoneStatus.SUSPENDED)
UNIT_LEVELS = (UnitLevel.WARD, UnitLevel.COMMUNE)
GEOJSON_DECIMALS = 7  # about 1 cm; EUDR asks for at least 6

SELF_INTERSECTION = "self_intersection"
INVALID_GEOMETRY = "invalid_geometry"
EMPTY_GEOMETRY = "empty_geometry"
OVERLAP = "overlap"
OUTSIDE_UNITS = "outside_units"
NO_UNIT = "no_unit"
AREA_MISMATCH = "area_mismatch"
BELOW_MINIMUM_AREA = "below_minimum_area"


@dataclass(frozen=True)
class ZoneProblem:
    code: str
    message: str
    field: str | None = "geometry"
    blocking: bool = True
    geometry: dict[str, Any] | None = None


@dataclass(frozen=True)
class Overlap:
    """Another active zone's shared part with the boundary being checked."""

    zone_id: int
    code: str | None
    name: str
    area_m2: float
    geometry: dict[str, Any]


def _ewkb(geometry: GEOSGeometry) -> str:
    return geometry.hexewkb.decode()


def _rows(query: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(query, {"srid": AREA_GRID_SRID, "decimals": GEOJSON_DECIMALS, **params})
        return list(cursor.fetchall())


# --- the boundary itself ---------------------------------------------------------------------

_VALIDITY_SQL = """
SELECT d.valid, d.reason, ST_AsGeoJSON(d.location, %(decimals)s)::json, ST_X(d.location), ST_Y(d.location)
FROM ST_IsValidDetail(%(g)s::geometry) AS d
"""


def geometry_problems(geometry: GEOSGeometry) -> list[ZoneProblem]:
    """An empty or invalid boundary; a crossing is drawn at the point where the edges cross."""
    if geometry.empty:
        return [ZoneProblem(EMPTY_GEOMETRY, _("The zone has no boundary; draw at least one polygon."))]
    ((valid, reason, location, lon, lat),) = _rows(_VALIDITY_SQL, {"g": _ewkb(geometry)})
    if valid:
        return []
    if "self-intersection" in (reason or "").lower():
        message = _("The boundary crosses itself near %(lon).6f, %(lat).6f; move the vertices so that no "
                    "edges cross.") % {"lon": lon, "lat": lat}
        return [ZoneProblem(SELF_INTERSECTION, message, geometry=location)]
    message = _("The boundary is not a valid polygon (%(reason)s); redraw it.") % {"reason": reason}
    return [ZoneProblem(INVALID_GEOMETRY, message, geometry=location)]


_AREA_SQL = "SELECT ST_Area(ST_Transform(%(g)s::geometry, %(srid)s)) / 10000.0"


def geometry_area_ha(geometry: GEOSGeometry) -> float:
    """The area in hectares, as the zone's generated `area_ha` column will hold it."""
    ((area,),) = _rows(_AREA_SQL, {"g": _ewkb(geometry)})
    return float(area)


# --- other zones -----------------------------------------------------------------------------

_OVERLAPS_SQL = """
WITH candidate AS (SELECT %(g)s::geometry AS g)
SELECT o.id, o.code, o.name, o.area_m2, ST_AsGeoJSON(o.shared, %(decimals)s)::json
FROM (
    SELECT z.id, z.code, z.name, s.shared, ST_Area(ST_Transform(s.shared, %(srid)s)) AS area_m2
    FROM layers_cultivationzone z
    CROSS JOIN candidate c
    -- A stored boundary that predates these checks may be invalid; overlaying it as is would fail.
    CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(
        CASE WHEN ST_IsValid(z.geometry) THEN z.geometry ELSE ST_MakeValid(z.geometry) END, c.g), 3) AS shared) s
    WHERE z.status = ANY(%(active)s) AND z.id IS DISTINCT FROM %(exclude)s
      AND z.geometry && c.g AND ST_Intersects(z.geometry, c.g)
) o
WHERE o.area_m2 >= %(sliver)s
ORDER BY o.area_m2 DESC, o.id
"""


def zone_overlaps(geometry: GEOSGeometry, *, exclude_zone_id: int | None, sliver_m2: float) -> list[Overlap]:
    """Active zones (submitted, approved, suspended) sharing at least `sliver_m2` with the boundary."""
    rows = _rows(_OVERLAPS_SQL, {"g": _ewkb(geometry), "active": [str(s) for s in ACTIVE_ZONE_STATUSES],
                                 "exclude": exclude_zone_id, "sliver": sliver_m2})
    return [Overlap(zone_id=row[0], code=row[1], name=row[2], area_m2=float(row[3]), geometry=row[4])
            for row in rows]


def overlap_problem(overlap: Overlap, *, named: bool) -> ZoneProblem:
    """`named` says whether the user may see the other zone; if not, it stays anonymous."""
    other = _("zone %(label)s") % {"label": overlap.code or overlap.name} if named else _("another registered zone")
    message = _("The zone overlaps %(other)s by %(area).0f m²; registered zones may not overlap. Move the "
                "shared boundary.") % {"other": other, "area": overlap.area_m2}
    return ZoneProblem(OVERLAP, message, geometry=overlap.geometry)


# --- administrative units --------------------------------------------------------------------

_OUTSIDE_SQL = """
WITH candidate AS (SELECT %(g)s::geometry AS g),
     scope AS (SELECT ST_Union(u.geometry) AS s FROM layers_adminunit u
               WHERE u.id = ANY(%(units)s) AND u.geometry IS NOT NULL),
     outside AS (SELECT ST_CollectionExtract(
                     CASE WHEN scope.s IS NULL THEN c.g ELSE ST_Difference(c.g, scope.s) END, 3) AS d
                 FROM candidate c, scope)
SELECT ST_Area(ST_Transform(d, %(srid)s)), ST_AsGeoJSON(d, %(decimals)s)::json FROM outside
"""


def outside_units_problem(geometry: GEOSGeometry, *, unit_ids: Sequence[int], sliver_m2: float) -> ZoneProblem | None:
    """The part of the boundary outside the union of `unit_ids`, when it is at least `sliver_m2`."""
    ((area_m2, outside),) = _rows(_OUTSIDE_SQL, {"g": _ewkb(geometry), "units": list(unit_ids)})
    if area_m2 is None or area_m2 < sliver_m2:
        return None
    message = _("%(area).0f m² of the zone lie outside the administrative units you serve; redraw it inside "
                "them, or ask an approver.") % {"area": area_m2}
    return ZoneProblem(OUTSIDE_UNITS, message, geometry=outside)


_UNITS_REACHED_SQL = """
WITH candidate AS (SELECT %(g)s::geometry AS g),
     hits AS (
         SELECT u.id, ST_Area(ST_Transform(ST_Intersection(u.geometry, c.g), %(srid)s)) AS m2
         FROM layers_adminunit u, candidate c
         WHERE u.valid_to IS NULL AND u.level = ANY(%(levels)s) AND u.geometry IS NOT NULL
           AND u.geometry && c.g AND ST_Relate(u.geometry, c.g, 'T********'))
SELECT id FROM hits WHERE m2 >= %(sliver)s OR m2 = (SELECT max(m2) FROM hits) ORDER BY id
"""


def units_reached(geometry: GEOSGeometry, *, sliver_m2: float) -> list[int]:
    """Ids of the current wards and communes the zone's interior reaches by at least `sliver_m2`.

    A boundary drawn a metre past a commune line must not make the zone the neighbour's too (its
    officers would then share it, and the zone's own officers could no longer edit it), so smaller
    reaches are ignored; the unit holding most of the zone always counts, however small the zone.
    """
    rows = _rows(_UNITS_REACHED_SQL, {"g": _ewkb(geometry), "levels": [str(level) for level in UNIT_LEVELS],
                                      "sliver": sliver_m2})
    return [row[0] for row in rows]


def no_unit_problem() -> ZoneProblem:
    return ZoneProblem(NO_UNIT, _("The zone lies in no current ward or commune; check that it is drawn in the "
                                  "right place (longitude and latitude not swapped)."), blocking=False)


# --- figures ---------------------------------------------------------------------------------

def area_mismatch_problem(*, area_ha: float, declared_ha: Decimal | float | None,
                          tolerance: float) -> ZoneProblem | None:
    """Advisory: the mapped area differs from the declared one by more than `tolerance` (a fraction)."""
    if declared_ha is None or float(declared_ha) <= 0:
        return None
    declared = float(declared_ha)
    difference = abs(area_ha - declared) / declared
    if difference <= tolerance:
        return None
    message = _("The mapped area (%(mapped).2f ha) differs from the declared area (%(declared).2f ha) by "
                "%(percent).0f %%, more than the %(tolerance).0f %% allowed; check the boundary or the declared "
                "area.") % {"mapped": area_ha, "declared": declared, "percent": difference * 100,
                            "tolerance": tolerance * 100}
    return ZoneProblem(AREA_MISMATCH, message, field="declared_area_ha", blocking=False)


def minimum_area_ha(cycle: CropCycle) -> float:
    """The smallest zone the domestic guidance allows for crops of this cycle (settings ZONE_MIN_AREA_HA_*)."""
    if cycle == CropCycle.ANNUAL:
        return float(settings.ZONE_MIN_AREA_HA_ANNUAL)
    return float(settings.ZONE_MIN_AREA_HA_PERENNIAL)


def minimum_area_problem(*, area_ha: float, crop: str, field: str = "geometry") -> ZoneProblem | None:
    """Blocking: the zone is smaller than the minimum for its crop's cycle (an unknown crop is not checked)."""
    if crop not in Crop.values:
        return None
    cycle = Crop(crop).cycle
    minimum = minimum_area_ha(cycle)
    if area_ha >= minimum:
        return None
    message = _("The zone covers %(area).2f ha, less than the %(minimum).2f ha minimum for %(cycle)s crops.") % {
        "area": area_ha, "minimum": minimum, "cycle": cycle.label}
    return ZoneProblem(BELOW_MINIMUM_AREA, message, field=field)


# --- all of them -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ZoneCandidate:
    """What is checked: a boundary (or none yet), the crop, the declared area and, when editing, the zone."""

    geometry: GEOSGeometry | None
    crop: str
    declared_area_ha: Decimal | float | None
    zone_id: int | None = None


def zone_problems(candidate: ZoneCandidate, *, scope_unit_ids: Sequence[int] | None = None,
               may_name: Callable[[int], bool] = lambda zone_id: False) -> list[ZoneProblem]:
    """Every check, blocking ones first. `scope_unit_ids` limits where the zone may lie (extension
    staff); `may_name` says which overlapped zones the user may be told about by name."""
    sliver = float(settings.ZONE_SLIVER_M2)
    if candidate.geometry is None:
        declared = candidate.declared_area_ha
        small = minimum_area_problem(area_ha=float(declared), crop=candidate.crop,
                                     field="declared_area_ha") if declared is not None else None
        return [small] if small else []
    invalid = geometry_problems(candidate.geometry)
    if invalid:  # overlays of an invalid boundary fail or mislead; fix it first
        return invalid
    problems = [overlap_problem(o, named=may_name(o.zone_id))
                for o in zone_overlaps(candidate.geometry, exclude_zone_id=candidate.zone_id, sliver_m2=sliver)]
    if scope_unit_ids is not None:
        outside = outside_units_problem(candidate.geometry, unit_ids=scope_unit_ids, sliver_m2=sliver)
        problems += [outside] if outside else []
    area_ha = geometry_area_ha(candidate.geometry)
    advisory = [
        minimum_area_problem(area_ha=area_ha, crop=candidate.crop),
        area_mismatch_problem(area_ha=area_ha, declared_ha=candidate.declared_area_ha,
                              tolerance=float(settings.ZONE_AREA_TOLERANCE)),
        None if units_reached(candidate.geometry, sliver_m2=sliver) else no_unit_problem(),
    ]
    found = problems + [problem for problem in advisory if problem is not None]
    return sorted(found, key=lambda problem: not problem.blocking)
