"""The query parameters of OGC API – Features, parsed into typed values or a BadRequest naming the parameter.

Axis order follows the CRS, as Part 2 asks (the Content-Crs header then says which one a client got):
CRS84 (the default) is longitude, latitude; EPSG:4326 is latitude, longitude, both in `crs` answers and
in a `bbox` given with `bbox-crs`; the projected systems (EPSG:3857, EPSG:9218) are easting, northing.
"""

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.http import QueryDict

from layers.registry import LayerSpec
from maps import params
from maps.errors import BadRequest

EPSG_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"
SUPPORTED_CRS = (params.CRS84, EPSG_4326, params.crs_uri(3857), params.crs_uri(9218))

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
# A limit above MAX_LIMIT is served as MAX_LIMIT (the spec lets servers clamp); one above this is a
# mistake worth telling the client about rather than a page size.
LARGEST_ACCEPTED_LIMIT = 100_000
MAX_OFFSET = 1_000_000_000

# Coordinates outside these boxes either hold no data or make PROJ refuse the transformation, so a
# bbox is clipped to them before it reaches PostGIS. EPSG:9218 is Transverse Mercator around 108°30′ E.
CRS_BOUNDS = {
    4326: (-180.0, -90.0, 180.0, 90.0),
    3857: (-20037508.34, -20048966.1, 20037508.34, 20048966.1),
    9218: (-1_000_000.0, -1_000_000.0, 2_000_000.0, 4_000_000.0),
}

ITEMS_PARAMETERS = frozenset({"bbox", "bbox-crs", "crs", "limit", "offset", "datetime", "f"})
ITEM_PARAMETERS = frozenset({"crs", "f"})
FORMATS = ("json", "geojson")


@dataclass(frozen=True)
class Crs:
    srid: int
    uri: str

    @property
    def lat_lon(self) -> bool:
        """EPSG:4326 puts latitude first; CRS84 and the projected systems put x (east) first."""
        return self.uri == EPSG_4326

    @property
    def digits(self) -> int:
        """Decimal digits of coordinates: 1e-7° is about a centimetre, as is 0.01 m."""
        return 7 if self.srid == 4326 else 2


@dataclass(frozen=True)
class PropertyFilter:
    name: str
    value: object
    is_array: bool


@dataclass(frozen=True)
class Period:
    """An inclusive date interval; None is open-ended."""

    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True)
class ItemsQuery:
    crs: Crs
    bbox: params.BBox | None  # in CRS84 axis order, still in bbox_crs units
    bbox_crs: Crs
    limit: int
    offset: int
    period: Period | None
    filters: tuple[PropertyFilter, ...]


def crs(raw: str | None, *, name: str = "crs") -> Crs:
    """A supported CRS from its URI, its safe CURIE `[EPSG:n]` or `EPSG:n`; CRS84 when absent."""
    srid = params.crs(raw, name=name)
    if srid != 4326:
        return Crs(srid, params.crs_uri(srid))
    text = (raw or "").strip("[]<> ")
    is_epsg = text == EPSG_4326 or text.upper() == "EPSG:4326"
    return Crs(4326, EPSG_4326 if is_epsg else params.CRS84)


def limit(query: Mapping[str, str]) -> int:
    """`limit`: 1–10,000 as asked, up to 100,000 served as 10,000, anything else a 400."""
    asked = params.bounded_int(query, "limit", default=DEFAULT_LIMIT, low=1, high=LARGEST_ACCEPTED_LIMIT)
    return min(asked, MAX_LIMIT)


def output_format(query: Mapping[str, str]) -> None:
    """Only JSON is served; `f=json` (or `geojson`) may be given, anything else is refused."""
    if query.get("f", "json") not in FORMATS:
        raise BadRequest(f"Parameter 'f' must be one of {', '.join(FORMATS)}; got {query.get('f')!r}.")


def reject_unknown(query: QueryDict, known: frozenset[str]) -> None:
    """A misspelt filter must not silently return everything: name what is not understood."""
    for name in query:
        if name not in known:
            raise BadRequest(f"Unknown parameter {name!r}; this endpoint understands {', '.join(sorted(known))}.")
        if len(query.getlist(name)) > 1:
            raise BadRequest(f"Parameter {name!r} is given more than once.")


def items_query(query: QueryDict, spec: LayerSpec) -> ItemsQuery:
    reject_unknown(query, ITEMS_PARAMETERS | frozenset(spec.public_properties))
    output_format(query)
    bbox_crs = crs(query.get("bbox-crs"), name="bbox-crs")
    return ItemsQuery(
        crs=crs(query.get("crs")),
        bbox=_bbox_in_xy_order(params.bbox(query.get("bbox")), bbox_crs),
        bbox_crs=bbox_crs,
        limit=limit(query),
        offset=params.bounded_int(query, "offset", default=0, low=0, high=MAX_OFFSET),
        period=period(query.get("datetime")),
        filters=property_filters(query, spec),
    )


def _bbox_in_xy_order(box: params.BBox | None, box_crs: Crs) -> params.BBox | None:
    if box is None:
        return None
    if box_crs.lat_lon:
        box = params.BBox(box.miny, box.minx, box.maxy, box.maxx)
    low_x, low_y, high_x, high_y = CRS_BOUNDS[box_crs.srid]
    return params.BBox(max(box.minx, low_x), max(box.miny, low_y), min(box.maxx, high_x), min(box.maxy, high_y))


def period(raw: str | None) -> Period | None:
    """`datetime`: an instant or `start/end`, either end open as `..` or empty (RFC 3339 dates or times)."""
    if raw is None or raw == "":
        return None
    parts = raw.split("/")
    if len(parts) == 1:
        instant = _date(parts[0])
        return Period(instant, instant)
    if len(parts) != 2:
        raise BadRequest(f"Parameter 'datetime' must be an instant or start/end, not {raw!r}.")
    start, end = (None if part in ("", "..") else _date(part) for part in parts)
    if start is not None and end is not None and start > end:
        raise BadRequest("Parameter 'datetime' must not end before it starts.")
    return Period(start, end)


def _date(text: str) -> dt.date:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise BadRequest(f"Parameter 'datetime': {text!r} is not an RFC 3339 date or date-time.") from None


def property_filters(query: QueryDict, spec: LayerSpec) -> tuple[PropertyFilter, ...]:
    """Equality on scalar properties and containment on array properties, typed by the registry's schema."""
    schemas = spec.property_schema()
    filters = []
    for name in spec.public_properties:
        if name not in query:
            continue
        schema = schemas[name]
        is_array = schema.get("type") == "array"
        item_schema = schema["items"] if is_array else schema
        filters.append(PropertyFilter(name, _typed(name, query[name], item_schema), is_array))  # type: ignore[arg-type]
    return tuple(filters)


def _typed(name: str, raw: str, schema: Mapping[str, object]) -> object:
    kind = schema.get("type")
    enum = schema.get("enum")
    if kind == "integer":
        value: object = params.whole_number(name, raw, signed=True)
    elif kind == "number":
        value = _number(name, raw)
    elif kind == "boolean":
        value = _boolean(name, raw)
    elif schema.get("format") == "date":
        value = _date_value(name, raw)
    else:
        value = raw
    if isinstance(enum, list) and value not in enum:
        raise BadRequest(f"Parameter {name!r} must be one of {', '.join(map(str, enum))}; got {raw!r}.")
    return value


def _number(name: str, raw: str) -> Decimal:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise BadRequest(f"Parameter {name!r} must be a number, not {raw!r}.") from None
    if not value.is_finite() or not math.isfinite(float(value)):
        raise BadRequest(f"Parameter {name!r} must be a finite number.")
    return value


def _boolean(name: str, raw: str) -> bool:
    if raw.lower() not in ("true", "false"):
        raise BadRequest(f"Parameter {name!r} must be true or false, not {raw!r}.")
    return raw.lower() == "true"


def _date_value(name: str, raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"Parameter {name!r} must be a date (YYYY-MM-DD), not {raw!r}.") from None
