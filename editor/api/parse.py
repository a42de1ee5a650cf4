"""Requests → typed values for the services, or an ApiError naming what is wrong and where."""

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.gdal import GDALException, OGRGeometry
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from editor.api.errors import BadRequest, InvalidInput, PreconditionRequired
from layers.models import ZoneStatus
from layers.selectors import ZoneFilters

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Sent back by an editor that echoes the Feature it was given; derived, so never taken from input.
READ_ONLY_PROPERTIES = frozenset({"id", "version", "area_ha", "units", "created_at", "updated_at"})
_ETAG = re.compile(r'^"?v(\d{1,9})"?$')
_HASH_ETAG = re.compile(r'^"([0-9a-f]{64})"$')


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def json_body(request: HttpRequest, *, optional: bool = False) -> Any:
    """The body as JSON; an empty body is `{}` where the body is `optional`."""
    if not request.body.strip():
        if optional:
            return {}
        raise BadRequest(_("Send a JSON body."))
    try:
        return json.loads(request.body, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(_("The body is not valid JSON: %(error)s") % {"error": error}) from None


def _object(value: Any, *, field: str | None = None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(_("Expected a JSON object."), field=field)
    return value


# --- features --------------------------------------------------------------------------------

@dataclass(frozen=True)
class FeatureInput:
    attributes: dict[str, Any]
    geometry: MultiPolygon
    zone_id: int | None


def _rings_closed(value: dict[str, Any]) -> bool:
    if value["type"] not in {"Polygon", "MultiPolygon"}:
        return True
    coordinates = value.get("coordinates")
    polygons = [coordinates] if value["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not all(isinstance(polygon, list) for polygon in polygons):
        return False
    rings = [ring for polygon in polygons for ring in polygon]
    return all(isinstance(ring, list) and len(ring) >= 4 and ring[0] == ring[-1] for ring in rings)


def _parsed(value: dict[str, Any]) -> GEOSGeometry:
    """A 2D geometry in WGS 84 from GeoJSON whose type has been checked."""
    try:
        if not _rings_closed(value):  # GDAL would only warn, and close them itself
            raise ValueError("unclosed ring")
        ogr = OGRGeometry(json.dumps(value))
        ogr.set_3d(False)  # heights from a GPS or a drone survey are not part of a boundary
        parsed = ogr.geos
    except (GDALException, GEOSException, ValueError, TypeError):
        raise InvalidInput(_("The geometry is not valid GeoJSON: each ring is a closed list of "
                             "[longitude, latitude] pairs."), field="geometry", code="geometry_malformed") from None
    west, south, east, north = parsed.extent
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise InvalidInput(_("The coordinates are not WGS 84 longitude, latitude (EPSG:4326)."),
                           field="geometry", code="geometry_out_of_range")
    parsed.srid = 4326
    return parsed


def geometry(value: Any) -> MultiPolygon:
    """A GeoJSON Polygon or MultiPolygon in WGS 84 longitude, latitude, as a 2D MultiPolygon."""
    if not isinstance(value, dict):
        raise InvalidInput(_("Draw the zone's boundary: the Feature needs a Polygon or MultiPolygon geometry."),
                           field="geometry", code="geometry_required")
    if value.get("type") not in {"Polygon", "MultiPolygon"}:
        raise InvalidInput(_("A zone's boundary is a Polygon or a MultiPolygon, not %(type)s.")
                           % {"type": value.get("type")}, field="geometry", code="geometry_type")
    parsed = _parsed(value)
    return parsed if isinstance(parsed, MultiPolygon) else MultiPolygon(parsed, srid=4326)


def any_geometry(value: Any) -> GEOSGeometry:
    """A GeoJSON geometry of any type in WGS 84 longitude, latitude, as 2D; each layer's service says
    which types it takes."""
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        raise InvalidInput(_("The Feature needs a geometry."), field="geometry", code="geometry_required")
    return _parsed(value)


@dataclass(frozen=True)
class LayerFeatureInput:
    attributes: dict[str, Any]
    geometry: GEOSGeometry


def layer_feature(body: Any) -> LayerFeatureInput:
    """A GeoJSON Feature of a parcel, producer or site: its properties and its geometry."""
    body = _object(body)
    if body.get("type") != "Feature":
        raise InvalidInput(_("Send a GeoJSON Feature."), field="type")
    properties = _object(body.get("properties") or {}, field="properties")
    return LayerFeatureInput(attributes=dict(properties), geometry=any_geometry(body.get("geometry")))


def feature(body: Any) -> FeatureInput:
    """A GeoJSON Feature: its properties (read-only ones dropped) and its boundary; `id` when present."""
    body = _object(body)
    if body.get("type") != "Feature":
        raise InvalidInput(_("Send a GeoJSON Feature."), field="type")
    properties = _object(body.get("properties") or {}, field="properties")
    zone_id = body.get("id")
    if zone_id is not None and (not isinstance(zone_id, int) or isinstance(zone_id, bool)):
        raise InvalidInput(_("The Feature's id is a zone's number."), field="id")
    attributes = {name: value for name, value in properties.items() if name not in READ_ONLY_PROPERTIES}
    return FeatureInput(attributes=attributes, geometry=geometry(body.get("geometry")), zone_id=zone_id)


def parcel_ids(body: Any) -> list[int]:
    ids = _object(body).get("parcel_ids")
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise InvalidInput(_("Send {\"parcel_ids\": [numbers]}."), field="parcel_ids")
    return ids


def reason(body: Any) -> str:
    value = _object(body).get("reason", "")
    if not isinstance(value, str):
        raise InvalidInput(_("The reason is text."), field="reason")
    return value


def to_version(body: Any) -> int:
    value = _object(body).get("to_version")
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidInput(_("Send the version to restore as {\"to_version\": number}."), field="to_version")
    return value


# --- headers ---------------------------------------------------------------------------------

def _if_match_header(request: HttpRequest, pattern: re.Pattern[str], example: str) -> str | None:
    header = request.headers.get("If-Match")
    if header is None:
        return None
    match = pattern.match(header.strip())
    if match is None:
        raise BadRequest(_("If-Match must hold one ETag of this API, like %(example)s; “*” is not enough to "
                           "protect an edit.") % {"example": example}, field="If-Match")
    return match[1]


def _required(value: str | None, example: str) -> str:
    if value is None:
        raise PreconditionRequired(_("Send If-Match with the ETag of what you edited (%(example)s), so that "
                                     "nobody's change is overwritten unseen.") % {"example": example},
                                   field="If-Match")
    return value


def optional_if_match(request: HttpRequest) -> int | None:
    """The version named by If-Match (`"v3"`), or None when the header is absent."""
    version = _if_match_header(request, _ETAG, '"v3"')
    return None if version is None else int(version)


def if_match(request: HttpRequest) -> int:
    return int(_required(_if_match_header(request, _ETAG, '"v3"'), '"v3"'))


def if_match_hash(request: HttpRequest) -> str:
    """The hash ETag of a parcel, producer or site named by If-Match (required)."""
    return _required(_if_match_header(request, _HASH_ETAG, '"<64 hex digits>"'), '"<64 hex digits>"')


# --- query parameters ------------------------------------------------------------------------

def _integer(query: QueryDict, name: str, default: int, *, low: int, high: int) -> int:
    text = query.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise BadRequest(_("%(name)s must be a whole number from %(low)s to %(high)s.")
                         % {"name": name, "low": low, "high": high}, field=name)
    return value


def page(query: QueryDict) -> tuple[int, int]:
    """(limit, offset)."""
    return (_integer(query, "limit", DEFAULT_LIMIT, low=1, high=MAX_LIMIT),
            _integer(query, "offset", 0, low=0, high=10**9))


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4 or not all(map(math.isfinite, values)) or values[0] > values[2] or values[1] > values[3]:
        raise BadRequest(_("bbox is minlon,minlat,maxlon,maxlat."), field="bbox")
    return values  # type: ignore[return-value]


def bbox(query: QueryDict) -> tuple[float, float, float, float] | None:
    text = query.get("bbox", "")
    return _bbox(text) if text else None


def zone_filters(query: QueryDict) -> ZoneFilters:
    statuses = tuple(s for s in query.get("status", "").split(",") if s)
    unknown = sorted(set(statuses) - set(ZoneStatus.values))
    if unknown:
        raise BadRequest(_("Unknown status %(statuses)s; use %(known)s.")
                         % {"statuses": ", ".join(unknown), "known": ", ".join(ZoneStatus.values)}, field="status")
    return ZoneFilters(statuses=statuses, unit_code=query.get("unit", "").strip(), code=query.get("code", ""),
                       bbox=bbox(query))


def flag(query: QueryDict, name: str) -> bool:
    return query.get(name, "").lower() in {"1", "true", "yes"}

