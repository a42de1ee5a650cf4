"""Read the JSON body of `POST /api/query/intersects` into checked values, or raise BadRequest.

The body is `{"layer": "<registry id>", "geometry": <GeoJSON geometry in CRS84>, "limit": n}`.
The geometry is checked here for shape, finiteness, range and size, and handed on re-serialised as
plain `{"type", "coordinates"}`, so nothing else a client wrote (a `crs` member, say) reaches PostGIS.
"""

import json
import math
from dataclasses import dataclass
from typing import Any, NoReturn

from maps.errors import BadRequest, MapsError

MAX_BODY_BYTES = 1_000_000
MAX_VERTICES = 10_000
DEFAULT_LIMIT = 100
MAX_LIMIT = 1_000
_KEYS = frozenset({"layer", "geometry", "limit"})
# How many list levels lie above the positions of each accepted geometry type.
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


class PayloadTooLarge(MapsError):
    status = 413
    title = "Payload too large"


@dataclass(frozen=True)
class IntersectsBody:
    layer: str
    geojson: str
    limit: int


def _reject_constant(name: str) -> NoReturn:
    raise BadRequest(f"The body must be plain JSON; {name} is not a JSON number.")


def body_size_check(content_length: str | None) -> None:
    """Refuse a declared body over the limit before reading it."""
    try:
        declared = int(content_length or 0)
    except ValueError:
        raise BadRequest("The Content-Length header is not a number.") from None
    if declared > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"The body is {declared} bytes; the limit is {MAX_BODY_BYTES}.")


def intersects_body(raw: bytes) -> IntersectsBody:
    """The layer id, the geometry as canonical GeoJSON text, and the limit."""
    if len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"The body is {len(raw)} bytes; the limit is {MAX_BODY_BYTES}.")
    try:
        document = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise BadRequest(f"The body is not valid JSON: {error}.") from None
    if not isinstance(document, dict):
        raise BadRequest('The body must be a JSON object: {"layer": …, "geometry": …, "limit": …}.')
    unknown = sorted(set(document) - _KEYS)
    if unknown:
        raise BadRequest(f"Unknown member(s) {', '.join(unknown)}; the body takes layer, geometry and limit.")
    layer = document.get("layer")
    if not isinstance(layer, str) or not layer:
        raise BadRequest("Member 'layer' must be a layer id, as a string.")
    return IntersectsBody(layer=layer, geojson=geometry_text(document.get("geometry")),
                          limit=_limit(document.get("limit", DEFAULT_LIMIT)))


def _limit(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_LIMIT:
        raise BadRequest(f"Member 'limit' must be a whole number from 1 to {MAX_LIMIT}.")
    return raw


def geometry_text(geometry: Any) -> str:
    """A GeoJSON geometry of an accepted type with finite CRS84 coordinates, as compact JSON text."""
    if not isinstance(geometry, dict):
        raise BadRequest("Member 'geometry' must be a GeoJSON geometry object.")
    kind = geometry.get("type")
    if kind not in _DEPTH:
        raise BadRequest(f"Geometry type {kind!r} is not accepted; use one of {', '.join(_DEPTH)}.")
    if "crs" in geometry:
        raise BadRequest("Geometries are read in CRS84 (longitude, latitude) only; drop the 'crs' member.")
    coordinates = geometry.get("coordinates")
    counter = _Counter()
    _check_level(coordinates, _DEPTH[kind], kind, counter)
    return json.dumps({"type": kind, "coordinates": coordinates}, separators=(",", ":"))


class _Counter:
    def __init__(self) -> None:
        self.vertices = 0

    def add(self) -> None:
        self.vertices += 1
        if self.vertices > MAX_VERTICES:
            raise BadRequest(f"The geometry has more than {MAX_VERTICES} vertices; simplify it or split it.")


def _check_level(node: Any, depth: int, kind: str, counter: _Counter) -> None:
    if depth == 0:
        _check_position(node)
        counter.add()
        return
    if not isinstance(node, list) or not node:
        raise BadRequest(f"{kind}: coordinates must be non-empty nested arrays ending in [lon, lat].")
    for child in node:
        _check_level(child, depth - 1, kind, counter)
    if depth == 1:
        _check_sequence(node, kind)


def _check_sequence(positions: list[Any], kind: str) -> None:
    """A line needs two positions; a polygon ring four, closed."""
    if kind in ("LineString", "MultiLineString") and len(positions) < 2:
        raise BadRequest(f"{kind}: a line needs at least two positions.")
    if kind in ("Polygon", "MultiPolygon"):
        if len(positions) < 4:
            raise BadRequest(f"{kind}: a ring needs at least four positions.")
        if positions[0][:2] != positions[-1][:2]:
            raise BadRequest(f"{kind}: a ring must end where it starts.")


def _check_position(position: Any) -> None:
    if not isinstance(position, list) or len(position) not in (2, 3):
        raise BadRequest(f"A position must be [lon, lat] or [lon, lat, height], not {str(position)[:60]}.")
    if not all(_is_finite_number(n) for n in position):
        raise BadRequest(f"A position must hold finite numbers, not {str(position)[:60]}.")
    lon, lat = position[0], position[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise BadRequest(f"Position {position[:2]} is outside CRS84 (lon −180…180, lat −90…90).")


def _is_finite_number(n: Any) -> bool:
    # JSON integers may be arbitrarily long: they are finite, and compare without becoming floats.
    if isinstance(n, bool):
        return False
    return isinstance(n, int) or (isinstance(n, float) and math.isfinite(n))
