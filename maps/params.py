"""Parse query parameters into typed values, or raise BadRequest naming the parameter.

No parameter text ever reaches SQL: values become numbers or members of an allow-list here.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from maps.errors import BadRequest

# The projected systems the platform serves, by every name clients use for them.
CRS_URIS = {
    "http://www.opengis.net/def/crs/OGC/1.3/CRS84": 4326,
    "http://www.opengis.net/def/crs/EPSG/0/4326": 4326,
    "http://www.opengis.net/def/crs/EPSG/0/3857": 3857,
    "http://www.opengis.net/def/crs/EPSG/0/9218": 9218,
}
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
MAX_ZOOM = 24
# Below Python's limit on converting text to int (4,300 digits).
_MAX_DIGITS = 4000


@dataclass(frozen=True)
class BBox:
    minx: float
    miny: float
    maxx: float
    maxy: float


def finite_float(params: Mapping[str, str], name: str, *, low: float | None = None,
                 high: float | None = None) -> float:
    raw = params.get(name)
    if raw is None or raw == "":
        raise BadRequest(f"Parameter {name!r} is required.")
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"Parameter {name!r} must be a number, not {raw!r}.") from None
    if not math.isfinite(value):
        raise BadRequest(f"Parameter {name!r} must be a finite number.")
    if (low is not None and value < low) or (high is not None and value > high):
        raise BadRequest(f"Parameter {name!r} must be between {low} and {high}.")
    return value


def bounded_int(params: Mapping[str, str], name: str, *, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if len(raw) > 18:
        raise BadRequest(f"Parameter {name!r} must be a whole number, not {raw[:40]!r}.")
    value = whole_number(name, raw)
    if not low <= value <= high:
        raise BadRequest(f"Parameter {name!r} must be between {low} and {high}.")
    return value


def whole_number(name: str, raw: str, *, signed: bool = False) -> int:
    """`raw` as an int, or BadRequest naming the parameter.

    str.isdigit() alone accepts "²" and 5,000-digit strings, which int() then refuses or chokes on.
    """
    digits = raw[1:] if signed and raw.startswith("-") else raw
    if not (digits.isascii() and digits.isdigit()) or len(digits) > _MAX_DIGITS:
        raise BadRequest(f"Parameter {name!r} must be a whole number, not {raw[:40]!r}.")
    return int(raw)


def lon_lat(params: Mapping[str, str]) -> tuple[float, float]:
    return (finite_float(params, "lon", low=-180, high=180), finite_float(params, "lat", low=-90, high=90))


def bbox(raw: str | None) -> BBox | None:
    """`minx,miny,maxx,maxy` (a 6-number 3D bbox keeps its horizontal part)."""
    if raw is None or raw == "":
        return None
    parts = raw.split(",")
    if len(parts) not in (4, 6):
        raise BadRequest("Parameter 'bbox' must be four numbers: minx,miny,maxx,maxy.")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        raise BadRequest(f"Parameter 'bbox' must hold numbers only, not {raw!r}.") from None
    if not all(math.isfinite(n) for n in numbers):
        raise BadRequest("Parameter 'bbox' must hold finite numbers.")
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    box = BBox(*numbers)
    if box.minx > box.maxx or box.miny > box.maxy:
        raise BadRequest("Parameter 'bbox' must be minx,miny,maxx,maxy with min ≤ max.")
    return box


def crs(raw: str | None, *, name: str = "crs") -> int:
    """An SRID from a CRS URI (or a bare EPSG code); CRS84 when absent."""
    if raw is None or raw == "":
        return 4326
    uri = raw.strip("[]<> ")
    if uri in CRS_URIS:
        return CRS_URIS[uri]
    if uri.upper().startswith("EPSG:") and f"http://www.opengis.net/def/crs/EPSG/0/{uri[5:]}" in CRS_URIS:
        return CRS_URIS[f"http://www.opengis.net/def/crs/EPSG/0/{uri[5:]}"]
    raise BadRequest(f"Parameter {name!r}: unsupported CRS {raw!r}; use one of {', '.join(CRS_URIS)}.")


def crs_uri(srid: int) -> str:
    return CRS84 if srid == 4326 else f"http://www.opengis.net/def/crs/EPSG/0/{srid}"


def tile_address(z: int, x: int, y: int) -> tuple[int, int, int]:
    if not 0 <= z <= MAX_ZOOM:
        raise BadRequest(f"Zoom {z} is outside 0–{MAX_ZOOM}.")
    limit = 2**z
    if not (0 <= x < limit and 0 <= y < limit):
        raise BadRequest(f"Tile {z}/{x}/{y} does not exist: x and y must be below {limit} at zoom {z}.")
    return z, x, y


def one_of(params: Mapping[str, str], name: str, allowed: Iterable[str]) -> str:
    value = params.get(name, "")
    allowed = list(allowed)
    if value not in allowed:
        raise BadRequest(f"Parameter {name!r} must be one of {', '.join(allowed)}; got {value!r}.")
    return value
