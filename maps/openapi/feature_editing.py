"""The editing API of parcels, OCOP producers and tourism sites (`/api/{layer}/…`) described as data.

Like the zone paths in `editing`, the paths are written out here (`maps` may not import `editor`);
tests/editor/test_openapi_editing.py checks that they and the editor's URLs name the same routes.
Each layer's properties come from its model fields, so a new choice appears here by itself.
"""

from typing import Any

from layers.feature_layers import EDITABLE_LAYERS, EditableLayer
from layers.registry import field_schema
from maps.openapi.components import Schema, ref
from maps.openapi.editing import errors, operation

TAG = "Feature editing"
_ETAG = {"ETag": {"description": "A strong validator: the SHA-256 of the stored row, quoted.",
                  "schema": {"type": "string", "pattern": '^"[0-9a-f]{64}"$'}}}
_IF_MATCH: Schema = {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"},
                     "description": "The ETag of the feature as it was read (`GET` or the last write)."}
_ID: Schema = {"name": "featureId", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
_LIST_PARAMETERS: list[Schema] = [
    {"name": "bbox", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "minlon,minlat,maxlon,maxlat."},
    {"name": "limit", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
    {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0, "default": 0}},
]


def _name(layer: EditableLayer, suffix: str) -> str:
    return f"{layer.id}.Editing{suffix}"


def _properties(layer: EditableLayer) -> Schema:
    model = layer.model
    properties: dict[str, Any] = {name: field_schema(model._meta.get_field(name)) for name in layer.fields}
    properties.update({name: {**field_schema(model._meta.get_field(name)), "readOnly": True}
                       for name in layer.read_only})
    properties["unit"] = {"type": "string", "description": "GSO code of the current ward or commune; when "
                          "absent on a write, the one containing the geometry."}
    return {"type": "object", "properties": properties,
            "description": "Readers without a role receive only the layer's public properties."}


def _feature(layer: EditableLayer) -> Schema:
    return {"type": "object", "required": ["type", "geometry", "properties"], "properties": {
        "type": {"type": "string", "enum": ["Feature"]}, "id": {"type": "integer", "readOnly": True},
        "geometry": {"allOf": [ref("schemas", "Geometry")],
                     "description": "GeoJSON " + " or ".join(sorted(layer.geometry_types))
                     + (" (a Polygon is taken as a MultiPolygon)" if layer.promote_polygon else "")
                     + ", WGS 84 longitude, latitude."},
        "properties": ref("schemas", _name(layer, "Properties"))}}


def schemas() -> dict[str, Schema]:
    found: dict[str, Schema] = {"FeatureConflict": {"allOf": [ref("schemas", "ZoneErrors"), {
        "type": "object", "properties": {"current": ref("schemas", "Feature")}}]}}
    for layer in EDITABLE_LAYERS.values():
        found[_name(layer, "Properties")] = _properties(layer)
        found[_name(layer, "Feature")] = _feature(layer)
        found[_name(layer, "FeatureCollection")] = {"allOf": [ref("schemas", "FeatureCollection"), {
            "type": "object", "properties": {"features": {"type": "array",
                                                          "items": ref("schemas", _name(layer, "Feature"))}}}]}
    return found


def _ok(layer: EditableLayer, description: str, status: str = "200") -> dict[str, Schema]:
    headers = {**_ETAG, "Location": {"schema": {"type": "string", "format": "uri"}}} if status == "201" else _ETAG
    return {status: {"description": description, "headers": headers, "content": {
        "application/geo+json": {"schema": ref("schemas", _name(layer, "Feature"))}}}}


def _layer_paths(layer: EditableLayer) -> dict[str, Schema]:
    body = {"required": True, "content": {"application/json": {"schema": ref("schemas", _name(layer, "Feature"))}}}
    listing = {"200": {"description": "A page of the features the user may read.", "content": {
        "application/geo+json": {"schema": ref("schemas", _name(layer, "FeatureCollection"))}}}, **errors(400, 401)}
    title = layer.spec.title_en
    return {
        f"/api/{layer.id}/": {
            "get": operation(f"{layer.id}.list", title, listing, write=False, tag=TAG, parameters=_LIST_PARAMETERS),
            "post": operation(f"{layer.id}.create", f"Create: {title}", {
                **_ok(layer, "The new feature.", "201"), **errors(400, 401, 403, 413, 422)},
                write=True, tag=TAG, requestBody=body),
        },
        f"/api/{layer.id}/{{featureId}}": {
            "get": operation(f"{layer.id}.get", f"One of {title}", {**_ok(layer, "The feature."), **errors(401, 404)},
                             write=False, tag=TAG, parameters=[_ID]),
            "put": operation(f"{layer.id}.update", f"Replace: {title}", {
                **_ok(layer, "The feature as stored now."),
                **errors(400, 401, 403, 404, 412, 413, 422, 428, conflict="FeatureConflict")},
                write=True, tag=TAG, parameters=[_ID, _IF_MATCH], requestBody=body),
            "delete": operation(f"{layer.id}.delete", f"Delete: {title}", {
                "204": {"description": "Deleted."}, **errors(400, 401, 403, 404, 412, 428, conflict="FeatureConflict")},
                write=True, tag=TAG, parameters=[_ID, _IF_MATCH]),
        },
    }


def paths() -> dict[str, Schema]:
    return {path: item for layer in EDITABLE_LAYERS.values() for path, item in _layer_paths(layer).items()}


def with_feature_editing(document: dict[str, Any]) -> dict[str, Any]:
    """`document` (with the zone editing API) plus the paths and schemas of the other editable layers."""
    parts = document["components"]
    return {**document, "tags": [*document["tags"], {"name": TAG}], "paths": {**document["paths"], **paths()},
            "components": {**parts, "schemas": {**parts["schemas"], **schemas()}}}
