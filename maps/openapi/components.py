"""The reusable parts of the OpenAPI document: schemas, parameters and responses shared by many paths."""

from typing import Any

from maps.ogc import params as ogc_params
from maps.params import MAX_ZOOM

# An OpenAPI object as plain JSON data.
Schema = dict[str, Any]


def ref(kind: str, name: str) -> Schema:
    return {"$ref": f"#/components/{kind}/{name}"}


def _query(name: str, description: str, schema: Schema, *, required: bool = False, **extra: object) -> Schema:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema,
            **extra}


def _path(name: str, description: str, schema: Schema) -> Schema:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": schema}


_CRS_SCHEMA: Schema = {"type": "string", "format": "uri", "enum": list(ogc_params.SUPPORTED_CRS),
                       "default": ogc_params.SUPPORTED_CRS[0]}

PARAMETERS: dict[str, Schema] = {
    "bbox": _query(
        "bbox", "Only features that intersect this box: minx,miny,maxx,maxy (6 numbers for 3D boxes keep "
        "their horizontal part), in the axis order of `bbox-crs` (longitude first for CRS84).",
        {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
        style="form", explode=False),
    "bbox-crs": _query("bbox-crs", "The CRS of `bbox`; CRS84 when absent.", _CRS_SCHEMA),
    "crs": _query("crs", "The CRS of the answer's coordinates, in that CRS's axis order (EPSG:4326 is "
                  "latitude, longitude); named again in the Content-Crs header.", _CRS_SCHEMA),
    "limit": _query(
        "limit", f"Features per page. Values up to {ogc_params.LARGEST_ACCEPTED_LIMIT:,} are accepted and "
        f"served as at most {ogc_params.MAX_LIMIT:,}; larger values are refused.",
        {"type": "integer", "minimum": 1, "maximum": ogc_params.LARGEST_ACCEPTED_LIMIT,
         "default": ogc_params.DEFAULT_LIMIT}),
    "offset": _query("offset", "Features to skip, in primary-key order; follow the `next` link instead of "
                     "computing it.", {"type": "integer", "minimum": 0, "maximum": ogc_params.MAX_OFFSET,
                                       "default": 0}),
    "datetime": _query(
        "datetime", "An RFC 3339 date or date-time, or an interval `start/end` with `..` for an open end: "
        "features whose validity period overlaps it. Layers without a validity period ignore it.",
        {"type": "string"}),
    "f": _query("f", "The format of the answer; only JSON is served.",
                {"type": "string", "enum": list(ogc_params.FORMATS), "default": "json"}),
    "lang": _query("lang", "The language of titles; by default the one the user chose, else Vietnamese.",
                   {"type": "string", "enum": ["vi", "en"]}),
    "lon": _query("lon", "Longitude (WGS 84).", {"type": "number", "minimum": -180, "maximum": 180},
                  required=True),
    "lat": _query("lat", "Latitude (WGS 84).", {"type": "number", "minimum": -90, "maximum": 90},
                  required=True),
    "z": _path("z", "Zoom level.", {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM}),
    "x": _path("x", "Tile column, from the west.", {"type": "integer", "minimum": 0}),
    "y": _path("y", "Tile row, from the north.", {"type": "integer", "minimum": 0}),
}

_LINK: Schema = {
    "type": "object", "required": ["href", "rel"],
    "properties": {name: {"type": "string"} for name in ("href", "rel", "type", "title", "hreflang")},
}
_GEOMETRY: Schema = {
    "type": "object", "required": ["type"], "description": "A GeoJSON geometry (RFC 7946).",
    "properties": {
        "type": {"type": "string", "enum": ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                                            "MultiPolygon", "GeometryCollection"]},
        "coordinates": {"type": "array", "items": {}},
        "geometries": {"type": "array", "items": {"type": "object"}},
    },
}
_FEATURE: Schema = {
    "type": "object", "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": {"type": "integer", "description": "The primary key."},
        "geometry": {"allOf": [ref("schemas", "Geometry")], "nullable": True},
        "properties": {"type": "object", "nullable": True},
        "links": {"type": "array", "items": ref("schemas", "Link")},
    },
}
_FEATURE_COLLECTION: Schema = {
    "type": "object", "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": ref("schemas", "Feature")},
        "links": {"type": "array", "items": ref("schemas", "Link")},
        "timeStamp": {"type": "string", "format": "date-time"},
        "numberMatched": {"type": "integer", "minimum": 0},
        "numberReturned": {"type": "integer", "minimum": 0},
    },
}
_COLLECTION: Schema = {
    "type": "object", "required": ["id", "links"],
    "properties": {
        "id": {"type": "string"}, "title": {"type": "string"}, "itemType": {"type": "string"},
        "links": {"type": "array", "items": ref("schemas", "Link")},
        "extent": {"type": "object", "properties": {"spatial": {"type": "object", "properties": {
            "bbox": {"type": "array", "items": {"type": "array", "minItems": 4, "maxItems": 6,
                                                "items": {"type": "number"}}},
            "crs": {"type": "string"}}}}},
        "crs": {"type": "array", "items": {"type": "string"}},
        "storageCrs": {"type": "string"},
    },
}
_PROBLEM: Schema = {
    "type": "object", "description": "An RFC 7807 problem; `code` and `description` repeat it for OGC clients.",
    "properties": {name: {"type": "integer" if name == "status" else "string"}
                   for name in ("type", "title", "status", "detail", "code", "description")},
}

SCHEMAS: dict[str, Schema] = {
    "Link": _LINK,
    "LandingPage": {"type": "object", "required": ["links"], "properties": {
        "title": {"type": "string"}, "description": {"type": "string"},
        "links": {"type": "array", "items": ref("schemas", "Link")}}},
    "ConformanceDeclaration": {"type": "object", "required": ["conformsTo"], "properties": {
        "conformsTo": {"type": "array", "items": {"type": "string"}}}},
    "Collection": _COLLECTION,
    "Collections": {"type": "object", "required": ["links", "collections"], "properties": {
        "links": {"type": "array", "items": ref("schemas", "Link")},
        "collections": {"type": "array", "items": ref("schemas", "Collection")}}},
    "Queryables": {"type": "object", "description": "A JSON Schema of the properties that filter items.",
                   "properties": {"properties": {"type": "object"}}},
    "Geometry": _GEOMETRY,
    "Feature": _FEATURE,
    "FeatureCollection": _FEATURE_COLLECTION,
    "Problem": _PROBLEM,
    "TileJSON": {"type": "object", "description": "TileJSON 3.0.0 of a layer's vector tiles.",
                 "required": ["tilejson", "tiles"], "properties": {
                     "tilejson": {"type": "string"}, "tiles": {"type": "array", "items": {"type": "string"}},
                     "minzoom": {"type": "integer"}, "maxzoom": {"type": "integer"},
                     "bounds": {"type": "array", "items": {"type": "number"}},
                     "vector_layers": {"type": "array", "items": {"type": "object"}}}},
}


def _problem(description: str) -> Schema:
    return {"description": description, "content": {"application/problem+json": {"schema": ref("schemas", "Problem")}}}


RESPONSES: dict[str, Schema] = {
    "BadRequest": _problem("A parameter is missing, malformed or unknown; the problem names it."),
    "NotFound": _problem("No such layer or feature, or one the user may not see."),
    "TooLarge": _problem("The request body is larger than 1 MB."),
    "Timeout": _problem("The query ran past the statement timeout; narrow the bbox or filters."),
}


def components() -> Schema:
    return {"schemas": SCHEMAS, "parameters": PARAMETERS, "responses": RESPONSES}
