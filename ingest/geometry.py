"""Check the geometries of a batch: present, finite, of a type the layer takes, valid.

Runs in the importing process with shapely's vectorised GEOS calls, while PostgreSQL is busy
with the previous batch's COPY, so validation uses the second core instead of adding to the time.
"""

import re
from dataclasses import dataclass

import numpy as np
import shapely
from django.utils.translation import gettext as _

from ingest.schemas import Schema

_LOCATED = re.compile(r"^(?P<reason>[^\[]+)\[(?P<x>[-\d.eE+]+) (?P<y>[-\d.eE+]+)\]")
# shapely type ids
_POINT, _LINESTRING, _LINEARRING, _POLYGON, _MULTIPOINT, _MULTILINESTRING, _MULTIPOLYGON = 0, 1, 2, 3, 4, 5, 6
_AREA_IDS = (_POLYGON, _MULTIPOLYGON)


@dataclass(frozen=True)
class CheckedGeometries:
    geometries: np.ndarray  # shapely geometries (None where absent), 2D, of the layer's kind
    errors: list[tuple[int, str]]
    changed: np.ndarray  # rows whose geometry is no longer the file's WKB (made 2D, closed line, repaired)
    repaired: int = 0


def _closed_lines_as_polygons(geometries: np.ndarray, changed: np.ndarray) -> None:
    """A boundary walked with a GPS or traced as a path in Google Earth arrives as a closed line."""
    types = shapely.get_type_id(geometries)
    for row in np.flatnonzero(np.isin(types, [_LINESTRING, _LINEARRING, _MULTILINESTRING])):
        parts = shapely.get_parts(geometries[row])
        if all(part.is_closed and shapely.get_num_points(part) >= 4 for part in parts):
            polygons = [shapely.Polygon(shapely.get_coordinates(part)) for part in parts]
            geometries[row] = polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
            changed[row] = True


def _describe_invalid(reason: str) -> str:
    match = _LOCATED.match(reason)
    if not match:
        return _("invalid geometry: %s") % reason
    return _("invalid geometry: %(reason)s at %(x)s %(y)s") % {
        "reason": match["reason"].strip().lower(), "x": match["x"], "y": match["y"]}


def check_geometries(wkb: np.ndarray, schema: Schema, *, repair: bool) -> CheckedGeometries:
    """Parse and check WKB geometries; problems come back per row, never as an exception."""
    geometries = shapely.from_wkb(wkb, on_invalid="ignore")
    unreadable = (wkb != None) & shapely.is_missing(geometries)  # noqa: E711 (element-wise)
    errors = [(int(row), _("the geometry cannot be read (a ring that is not closed, or broken WKB)"))
              for row in np.flatnonzero(unreadable)]
    changed = shapely.has_z(geometries)
    if changed.any():
        geometries[changed] = shapely.force_2d(geometries[changed])
    if schema.geometry_types & {"Polygon", "MultiPolygon"}:
        _closed_lines_as_polygons(geometries, changed)
    present = ~shapely.is_missing(geometries)
    empty = present & shapely.is_empty(geometries)
    present &= ~empty
    missing = ~present & ~unreadable
    if schema.geometry_required:
        errors += [(int(row), _("no geometry")) for row in np.flatnonzero(missing)]
    else:
        errors += [(int(row), _("empty geometry")) for row in np.flatnonzero(empty)]
    finite = _finite(geometries, present)
    errors += [(int(row), _("coordinates that are not numbers (NaN or infinite)"))
               for row in np.flatnonzero(present & ~finite)]
    present &= finite
    errors += _type_errors(geometries, present, schema)
    present &= _type_fits(geometries, schema)
    return _checked_validity(geometries, present, errors, changed, repair=repair)


def _type_fits(geometries: np.ndarray, schema: Schema) -> np.ndarray:
    return np.isin(shapely.get_type_id(geometries), [_type_id(name) for name in schema.geometry_types])


def _type_errors(geometries: np.ndarray, present: np.ndarray, schema: Schema) -> list[tuple[int, str]]:
    allowed = " / ".join(sorted(schema.geometry_types))
    return [(int(row), _("a %(found)s, but layer %(layer)s takes %(allowed)s") % {
        "found": geometries[row].geom_type, "layer": schema.layer, "allowed": allowed})
        for row in np.flatnonzero(present & ~_type_fits(geometries, schema))]


def _finite(geometries: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Rows whose coordinates are all finite; the per-row pass runs only when the batch has a bad one."""
    finite = np.ones(len(geometries), dtype=bool)
    if np.isfinite(shapely.get_coordinates(geometries[present])).all():
        return finite
    finite[present] = [bool(np.isfinite(shapely.get_coordinates(g)).all()) for g in geometries[present]]
    return finite


def _type_id(name: str) -> int:
    return {"Point": _POINT, "LineString": _LINESTRING, "Polygon": _POLYGON, "MultiPoint": _MULTIPOINT,
            "MultiLineString": _MULTILINESTRING, "MultiPolygon": _MULTIPOLYGON}[name]


def _checked_validity(geometries: np.ndarray, present: np.ndarray, errors: list[tuple[int, str]],
                      changed: np.ndarray, *, repair: bool) -> CheckedGeometries:
    valid = np.ones(len(geometries), dtype=bool)
    valid[present] = shapely.is_valid(geometries[present])
    invalid = np.flatnonzero(present & ~valid)
    if repair and len(invalid):
        geometries[invalid] = [_repaired(g) for g in geometries[invalid]]
        changed[invalid] = True
        broken = [row for row in invalid if geometries[row] is None]
        errors += [(int(row), _("invalid geometry that cannot be repaired into an area")) for row in broken]
        return CheckedGeometries(geometries, errors, changed, repaired=len(invalid) - len(broken))
    reasons = shapely.is_valid_reason(geometries[invalid]) if len(invalid) else []
    errors += [(int(row), _describe_invalid(reason) + " " + _("(import with repair to fix it)"))
               for row, reason in zip(invalid, reasons, strict=True)]
    return CheckedGeometries(geometries, errors, changed)


def _repaired(geometry: shapely.Geometry) -> shapely.Geometry | None:
    """ST_MakeValid's answer, keeping only its areas (a bow-tie becomes two triangles)."""
    fixed = shapely.make_valid(geometry)
    parts = [part for part in shapely.get_parts(fixed) if shapely.get_type_id(part) in _AREA_IDS]
    if not parts and shapely.get_type_id(geometry) in _AREA_IDS:
        return None
    if shapely.get_type_id(geometry) not in _AREA_IDS:
        return fixed
    return shapely.MultiPolygon([p for part in parts for p in shapely.get_parts(part)])
