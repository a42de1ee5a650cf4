"""The OpenAPI 3.0 document of the platform's HTTP API, built from the layer registry.

The OGC API paths are written relative to the landing page (`/collections/zones/items` with the server
`…/ogc`), as the OGC API – Features standard and its clients expect: GDAL looks up exactly that path
to learn which properties it may filter on the server. Tiles, spatial queries and the documentation
itself are relative to the platform's root.
"""

from collections.abc import Iterable
from importlib import metadata

from layers.registry import LayerSpec
from maps.ogc.params import SUPPORTED_CRS
from maps.openapi import editing, feature_editing
from maps.openapi.components import Schema, components, ref

OGC_TAG = "OGC API – Features"
TILES_TAG = "Vector tiles"
QUERY_TAG = "Spatial queries"
SEARCH_TAG = "Search"
DOCS_TAG = "API description"

_FEATURE_PARAMETERS = ("bbox", "bbox-crs", "crs", "limit", "offset", "datetime", "f")


def _version() -> str:
    try:
        return metadata.version("ntm-geoplatform")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def _json(schema: Schema, media_type: str = "application/json") -> Schema:
    return {"content": {media_type: {"schema": schema}}}


def _ok(description: str, schema: Schema, media_type: str = "application/json") -> Schema:
    return {"description": description, **_json(schema, media_type)}


def _errors(*codes: str) -> Schema:
    names = {"400": "BadRequest", "404": "NotFound", "413": "TooLarge", "503": "Timeout"}
    return {code: ref("responses", names[code]) for code in codes}


def _get(operation_id: str, summary: str, tag: str, responses: Schema,
         parameters: Iterable[Schema] = ()) -> Schema:
    operation: Schema = {"operationId": operation_id, "summary": summary, "tags": [tag], "responses": responses}
    if parameters := list(parameters):
        operation["parameters"] = parameters
    return {"get": operation}


def _property_parameter(name: str, schema: Schema) -> Schema:
    if schema.get("type") == "array":
        return {"name": name, "in": "query", "required": False, "schema": schema["items"],
                "description": f"Features whose `{name}` contains this value."}
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": f"Features whose `{name}` equals this value."}


def _crs_header() -> Schema:
    return {"Content-Crs": {"description": "The CRS of the coordinates, as <URI>.",
                            "schema": {"type": "string"}}}


def _collection_paths(spec: LayerSpec) -> dict[str, Schema]:
    title = f"{spec.title_en} ({spec.title_vi})"
    base = f"/collections/{spec.id}"
    properties = spec.property_schema()
    feature_id = {"name": "featureId", "in": "path", "required": True, "description": "The feature's id.",
                  "schema": {"type": "integer", "minimum": 1}}
    items_ok = {**_ok(f"A page of {title}.", ref("schemas", "FeatureCollection"), "application/geo+json"),
                "headers": _crs_header()}
    item_ok = {**_ok(f"One of {title}.", ref("schemas", f"{spec.id}.Feature"), "application/geo+json"),
               "headers": _crs_header()}
    return {
        base: _get(f"describe.{spec.id}", f"{title}: description", OGC_TAG,
                   {"200": _ok("The collection.", ref("schemas", "Collection")), **_errors("400", "404")},
                   [ref("parameters", "lang"), ref("parameters", "f")]),
        f"{base}/queryables": _get(
            f"queryables.{spec.id}", f"{title}: queryable properties", OGC_TAG,
            {"200": _ok("JSON Schema of the properties.", ref("schemas", "Queryables"), "application/schema+json"),
             **_errors("400", "404")}, [ref("parameters", "lang"), ref("parameters", "f")]),
        f"{base}/schema": _get(
            f"schema.{spec.id}", f"{title}: schema of a feature", OGC_TAG,
            {"200": _ok("JSON Schema of one feature.", {"type": "object"}, "application/schema+json"),
             **_errors("400", "404")}, [ref("parameters", "lang"), ref("parameters", "f")]),
        f"{base}/items": _get(
            f"items.{spec.id}", f"{title}: features", OGC_TAG,
            {"200": items_ok, **_errors("400", "404", "503")},
            [*(ref("parameters", name) for name in _FEATURE_PARAMETERS),
             *(_property_parameter(name, schema) for name, schema in properties.items())]),
        f"{base}/items/{{featureId}}": _get(
            f"item.{spec.id}", f"{title}: one feature", OGC_TAG, {"200": item_ok, **_errors("400", "404", "503")},
            [feature_id, ref("parameters", "crs"), ref("parameters", "f")]),
    }


def _ogc_paths(layers: Iterable[LayerSpec], ogc_url: str) -> dict[str, Schema]:
    lang_f = [ref("parameters", "lang"), ref("parameters", "f")]
    paths: dict[str, Schema] = {
        "/": _get("landingPage", "Landing page", OGC_TAG,
                  {"200": _ok("Links to the API's parts.", ref("schemas", "LandingPage")), **_errors("400")}, lang_f),
        "/conformance": _get("conformance", "Conformance classes", OGC_TAG,
                             {"200": _ok("The standards the API follows.", ref("schemas", "ConformanceDeclaration")),
                              **_errors("400")}, lang_f),
        "/collections": _get("collections", "The collections", OGC_TAG,
                             {"200": _ok("The layers the user may read.", ref("schemas", "Collections")),
                              **_errors("400")}, lang_f),
    }
    for spec in layers:
        paths.update(_collection_paths(spec))
    servers = [{"url": ogc_url, "description": "OGC API – Features landing page"}]
    return {path: {**item, "servers": servers} for path, item in paths.items()}


def _layer_parameter(layers: list[LayerSpec], where: str, *, required: bool = True) -> Schema:
    return {"name": "layer", "in": where, "required": required, "description": "A layer id of the registry.",
            "schema": {"type": "string", "enum": [spec.id for spec in layers]}}


def _tile_paths(layers: list[LayerSpec]) -> dict[str, Schema]:
    layer = _layer_parameter(layers, "path")
    tile = {"description": "A Mapbox Vector Tile (one MVT layer named after the layer).",
            "content": {"application/vnd.mapbox-vector-tile": {"schema": {"type": "string", "format": "binary"}}}}
    return {
        "/tiles/{layer}/{z}/{x}/{y}.pbf": _get(
            "tile", "A vector tile in Web Mercator (XYZ scheme)", TILES_TAG,
            {"200": tile, "204": {"description": "The tile holds no feature."}, **_errors("400", "404", "503")},
            [layer, ref("parameters", "z"), ref("parameters", "x"), ref("parameters", "y")]),
        "/tiles/{layer}.json": _get(
            "tilejson", "TileJSON of a layer's tiles", TILES_TAG,
            {"200": _ok("TileJSON 3.0.0.", ref("schemas", "TileJSON")), **_errors("404")}, [layer]),
    }


def _query_paths(layers: list[LayerSpec]) -> dict[str, Schema]:
    found = {"200": _ok("The matching features (public properties only; `distance_m` where a distance applies).",
                        ref("schemas", "FeatureCollection"), "application/json"), **_errors("400", "404", "503")}
    lon_lat = [ref("parameters", "lon"), ref("parameters", "lat")]
    layer = _layer_parameter(layers, "query")
    geometry = {"name": "geometry", "in": "query", "required": False,
                "description": "`true` adds each feature's GeoJSON geometry.", "schema": {"type": "boolean"}}
    radius = {"name": "radius_m", "in": "query", "required": True, "description": "Search radius in metres.",
              "schema": {"type": "number", "minimum": 1, "maximum": 50_000}}
    limit = {"name": "limit", "in": "query", "required": False, "description": "At most this many features.",
             "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}
    k = {"name": "k", "in": "query", "required": False, "description": "How many nearest features.",
         "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 1}}
    body_schema = {"type": "object", "required": ["layer", "geometry"], "additionalProperties": False,
                   "properties": {"layer": {"type": "string", "enum": [spec.id for spec in layers]},
                                  "geometry": ref("schemas", "Geometry"),
                                  "limit": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}}
    body = {"required": True, "description": "The layer and a GeoJSON geometry in WGS 84 longitude, latitude.",
            "content": {"application/json": {"schema": body_schema}}}
    intersects = {"operationId": "queryIntersects", "summary": "Features that intersect a geometry",
                  "tags": [QUERY_TAG], "parameters": [geometry], "requestBody": body,
                  "responses": {**found, **_errors("413")}}
    return {
        "/api/query/at": _get("queryAt", "Administrative units, parcels and zones at a point", QUERY_TAG, found,
                              [*lon_lat, geometry]),
        "/api/query/nearby": _get("queryNearby", "Features within a radius of a point", QUERY_TAG, found,
                                  [layer, *lon_lat, radius, limit, geometry]),
        "/api/query/nearest": _get("queryNearest", "The features nearest to a point", QUERY_TAG, found,
                                   [layer, *lon_lat, k, geometry]),
        "/api/query/intersects": {"post": intersects},
    }


def _search_paths(layers: list[LayerSpec]) -> dict[str, Schema]:
    q = {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 100},
         "description": "A name (accents optional: `bien ho` finds Biển Hồ), a planting-area code or its beginning "
                        "(`VN - GLOR - 01`), or a parcel as sheet and number (`12/345`, `tờ 12 thửa 345`)."}
    limit = {"name": "limit", "in": "query", "required": False, "description": "At most this many results.",
             "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}}
    result = {"type": "object", "required": ["layer", "id", "label", "bbox", "point"], "properties": {
        "layer": {"type": "string", "enum": [spec.id for spec in layers]},
        "id": {"type": "integer", "description": "The feature's id in its layer (as in the OGC API and tiles)."},
        "label": {"type": "string", "description": "What to show, in the request's language."},
        "bbox": {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4,
                 "description": "minx, miny, maxx, maxy in WGS 84 longitude, latitude."},
        "point": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2, "nullable": True,
                  "description": "Longitude, latitude when the feature is a point, else null."},
    }}
    body = {"type": "object", "required": ["query", "results"], "properties": {
        "query": {"type": "string"}, "results": {"type": "array", "items": result}}}
    return {"/api/search": _get(
        "search", "Features whose name, code or parcel number matches the text (exact matches first)", SEARCH_TAG,
        {"200": _ok("The matches the user may see.", body), **_errors("400", "503")}, [q, limit])}


def _docs_paths() -> dict[str, Schema]:
    fmt = {"name": "format", "in": "query", "required": False, "description": "json (default) or yaml.",
           "schema": {"type": "string", "enum": ["json", "yaml"], "default": "json"}}
    return {
        "/api/schema/": _get("openapi", "This OpenAPI document", DOCS_TAG,
                             {"200": _ok("OpenAPI 3.0.", {"type": "object"},
                                         "application/vnd.oai.openapi+json;version=3.0")}, [fmt]),
        "/api/docs/": _get("apiDocs", "Browsable documentation (Swagger UI)", DOCS_TAG,
                           {"200": _ok("An HTML page.", {"type": "string"}, "text/html")}),
    }


def openapi_document(layers: Iterable[LayerSpec], *, root_url: str, ogc_url: str) -> dict[str, object]:
    """The whole API for these layers (the ones the asking user may read), served from `root_url`."""
    layers = list(layers)
    component_parts = components()
    schemas = dict(component_parts["schemas"])
    for spec in layers:
        schemas[f"{spec.id}.Feature"] = {"allOf": [ref("schemas", "Feature"), {"type": "object", "properties": {
            "properties": {"type": "object", "properties": spec.property_schema()}}}]}
    return feature_editing.with_feature_editing(editing.with_editing({
        "openapi": "3.0.3",
        "info": {
            "title": "NTM GeoPlatform – Pleiku",
            "version": _version(),
            "description": "Map layers of Pleiku's smart new-rural programme: OGC API – Features (GeoJSON, "
                           f"CRS {', '.join(SUPPORTED_CRS)}), vector tiles and spatial queries.",
            "license": {"name": "MIT"},
        },
        "servers": [{"url": root_url, "description": "This platform"}],
        "tags": [{"name": tag} for tag in (OGC_TAG, TILES_TAG, QUERY_TAG, SEARCH_TAG, DOCS_TAG)],
        "paths": {**_ogc_paths(layers, ogc_url), **_tile_paths(layers), **_query_paths(layers),
                  **_search_paths(layers), **_docs_paths()},
        "components": {**component_parts, "schemas": schemas},
    }))
