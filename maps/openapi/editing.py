"""The zone editing API (`/api/zones/…`, served by the `editor` package) described as data.

`maps` may not import `editor` (siblings stay independent), so the paths are written out here;
tests/editor/test_openapi_editing.py checks that they and the editor's URLs name the same routes.
Enumerations come from the domain models, so a new crop or status appears here by itself.
"""

from typing import Any

from layers.models import Crop, Market, Standard, ZoneStatus
from maps.openapi.components import Schema, ref

EDITING_TAG = "Zone editing"
WORKFLOW_STEPS = ("submit", "approve", "reject", "suspend", "reinstate", "revoke")
_WITH_REASON = {"reject": True, "suspend": True, "revoke": True, "reinstate": False}
_WRITE_SECURITY: list[Schema] = [{"tokenAuth": []}, {"sessionAuth": []}]
_READ_SECURITY: list[Schema] = [{}, {"tokenAuth": []}, {"sessionAuth": []}]


def _nullable(schema: Schema) -> Schema:
    return {**schema, "nullable": True}


def _read_only(schema: Schema) -> Schema:
    return {**schema, "readOnly": True}


_UNIT: Schema = {"type": "object", "properties": {"id": {"type": "integer"}, "code": {"type": "string"},
                                                   "name": {"type": "string"}}}
_PROPERTIES: Schema = {
    "type": "object",
    "description": "A zone's attributes. Readers without a role receive only the public ones. Read-only members "
                   "sent back are ignored, except `status`, which must then equal the current one.",
    "properties": {
        "code": _nullable({"type": "string", "description": "Planting-area code; given on approval from "
                           "ZONE_CODE_PATTERN; only approvers and administrators may change it.",
                           "example": "VN-GLOR-0065"}),
        "name": {"type": "string", "maxLength": 200},
        "crop": {"type": "string", "enum": list(Crop.values)},
        "variety": {"type": "string", "maxLength": 120},
        "declared_area_ha": _nullable({"type": "number", "exclusiveMinimum": True, "minimum": 0}),
        "holder": {"type": "string", "maxLength": 200},
        "representative": {"type": "string", "maxLength": 120},
        "households": _nullable({"type": "integer", "minimum": 0}),
        "markets": {"type": "array", "items": {"type": "string", "enum": list(Market.values)}},
        "standards": {"type": "array", "items": {"type": "string", "enum": list(Standard.values)}},
        "valid_from": _nullable({"type": "string", "format": "date"}),
        "valid_until": _nullable({"type": "string", "format": "date"}),
        "is_illustrative": {"type": "boolean"},
        "status": _read_only({"type": "string", "enum": list(ZoneStatus.values)}),
        "area_ha": _read_only(_nullable({"type": "number", "description": "Mapped area, VN-2000 plane."})),
        "units": _read_only({"type": "array", "items": _UNIT, "description": "Current wards and communes the "
                             "boundary reaches."}),
        "version": _read_only({"type": "integer", "minimum": 1, "description": "The number in the ETag."}),
        "created_at": _read_only({"type": "string", "format": "date-time"}),
        "updated_at": _read_only({"type": "string", "format": "date-time"}),
    },
}
_POLYGONAL: Schema = {
    "allOf": [ref("schemas", "Geometry")],
    "description": "A GeoJSON Polygon or MultiPolygon in WGS 84 longitude, latitude; heights are dropped.",
}
_PROBLEM: Schema = {
    "type": "object", "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "Stable: self_intersection, invalid_geometry, empty_geometry, "
                 "overlap, outside_units, below_minimum_area, area_mismatch, no_unit, reason_required, "
                 "unknown_property, read_only, geometry_required, geometry_type, geometry_malformed, "
                 "geometry_out_of_range, unknown_parcels, unknown_version, a Django validation code (blank, "
                 "invalid_choice, …), or the error of a status (not_found, forbidden, version_conflict, …)."},
        "field": _nullable({"type": "string", "description": "The property, `geometry`, a header or null."}),
        "message": {"type": "string", "description": "For people, in the user's language."},
        "geometry": {"allOf": [ref("schemas", "Geometry")], "description": "Where to draw the problem: the "
                     "crossing point, the overlap, the part outside one's units."},
    },
}
_PROBLEMS = {"type": "array", "items": ref("schemas", "ZoneProblem")}

SCHEMAS: dict[str, Schema] = {
    "ZoneProperties": _PROPERTIES,
    "ZoneProblem": _PROBLEM,
    "ZoneErrors": {"type": "object", "required": ["errors"], "properties": {"errors": _PROBLEMS,
                                                                           "warnings": _PROBLEMS}},
    "ZoneConflict": {"allOf": [ref("schemas", "ZoneErrors"), {"type": "object", "properties": {
        "current_version": {"type": "integer"}, "current": ref("schemas", "ZoneFeature")}}]},
    "ZoneFeatureInput": {
        "type": "object", "required": ["type", "geometry", "properties"],
        "properties": {"type": {"type": "string", "enum": ["Feature"]},
                       "id": {"type": "integer", "description": "For /check: the zone being edited."},
                       "geometry": _POLYGONAL, "properties": ref("schemas", "ZoneProperties")},
    },
    "ZoneFeature": {
        "type": "object", "required": ["type", "id", "geometry", "properties"],
        "properties": {"type": {"type": "string", "enum": ["Feature"]}, "id": {"type": "integer"},
                       "geometry": {"allOf": [ref("schemas", "Geometry")], "nullable": True},
                       "properties": ref("schemas", "ZoneProperties"),
                       "warnings": {**_PROBLEMS, "description": "Advisory problems, after a write."}},
    },
    "ZoneFeatureCollection": {"allOf": [ref("schemas", "FeatureCollection"), {"type": "object", "properties": {
        "features": {"type": "array", "items": ref("schemas", "ZoneFeature")}}}]},
    "ZoneCheckResult": {"type": "object", "properties": {
        "ok": {"type": "boolean", "description": "No blocking problem: a save would pass the checks."},
        "errors": _PROBLEMS, "warnings": _PROBLEMS, "area_ha": _nullable({"type": "number"}),
        "units": {"type": "array", "items": _UNIT}}},
    "ZoneHistory": {"type": "object", "properties": {"versions": {"type": "array", "items": {
        "type": "object", "properties": {
            "version": {"type": "integer"}, "action": {"type": "string"}, "action_label": {"type": "string"},
            "user": _nullable({"type": "string"}), "at": {"type": "string", "format": "date-time"},
            "reason": {"type": "string"}, "reverted_to": _nullable({"type": "integer"}),
            "changed": {"type": "array", "items": {"type": "string"}},
            "attributes": {"type": "object"}, "geometry": {"allOf": [ref("schemas", "Geometry")],
                                                            "nullable": True}}}}}},
    "ParcelSelection": {"type": "object", "required": ["parcel_ids"], "properties": {
        "parcel_ids": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"type": "integer"}}}},
}

SECURITY_SCHEMES: dict[str, Schema] = {
    "tokenAuth": {"type": "apiKey", "in": "header", "name": "Authorization",
                  "description": "`Token <key>`; keys come from `manage.py create_token USERNAME`. No CSRF token."},
    "sessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid",
                    "description": "The browser's login; writes also send the csrftoken cookie as X-CSRFToken."},
}

PARAMETERS: dict[str, Schema] = {
    "zoneId": {"name": "zoneId", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}},
    "If-Match": {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"},
                 "description": 'The ETag of the version edited, e.g. `"v3"`.', "example": '"v3"'},
    "If-Match-optional": {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
                          "description": 'With it (`"v3"`), a step on a version one has not seen is refused (412).'},
}


def errors(*statuses: int, conflict: str = "ZoneConflict") -> dict[str, Schema]:
    """Error responses of an editing operation; `conflict` names the 412 body's schema."""
    meaning = {400: "Malformed JSON, query or header.", 401: "Not logged in, or a wrong token.",
               403: "The role or the units do not allow it (or the CSRF token is missing).",
               404: "No such zone, or one the user may not see.", 409: "Not a step of the zone's life cycle now.",
               412: "If-Match names an older version; `current` is the zone now.",
               413: "The body is too large.", 422: "The zone breaks a rule; each error names its field.",
               428: "If-Match is missing."}
    schema = {412: conflict}
    return {str(code): {"description": meaning[code], "content": {"application/json": {
        "schema": ref("schemas", schema.get(code, "ZoneErrors"))}}} for code in statuses}


_ETAG = {"ETag": {"description": 'The version, as `"v<version>"`.', "schema": {"type": "string"}}}


def _feature_ok(description: str, status: str = "200") -> dict[str, Schema]:
    headers = {**_ETAG, "Location": {"schema": {"type": "string", "format": "uri"}}} if status == "201" else _ETAG
    return {status: {"description": description, "headers": headers,
                     "content": {"application/geo+json": {"schema": ref("schemas", "ZoneFeature")}}}}


def _body(schema_name: str, *, required: bool = True) -> Schema:
    return {"required": required, "content": {"application/json": {"schema": ref("schemas", schema_name)}}}


def operation(operation_id: str, summary: str, responses: Schema, *, write: bool, tag: str = EDITING_TAG,
              **extra: object) -> Schema:
    return {"operationId": operation_id, "summary": summary, "tags": [tag], "responses": responses,
            "security": _WRITE_SECURITY if write else _READ_SECURITY, **extra}


def _step(name: str) -> Schema:
    body = {"type": "object", "properties": {"reason": {"type": "string"}}}
    if _WITH_REASON.get(name):
        body["required"] = ["reason"]
    return {"post": operation(
        f"zone.{name}", f"{name.capitalize()} a zone", {**_feature_ok("The zone after the step."),
                                                        **errors(401, 403, 404, 409, 412, 422)},
        write=True, parameters=[ref("parameters", "zoneId"), ref("parameters", "If-Match-optional")],
        requestBody={"required": name in _WITH_REASON and _WITH_REASON[name],
                     "content": {"application/json": {"schema": body}}})}


_LIST_PARAMETERS = [
    {"name": name, "in": "query", "required": False, "schema": schema, "description": text}
    for name, schema, text in (
        ("status", {"type": "string"}, "Comma-separated statuses."),
        ("unit", {"type": "string"}, "GSO code of a current ward or commune."),
        ("code", {"type": "string"}, "Part of a planting-area code, in any spelling."),
        ("bbox", {"type": "string"}, "minlon,minlat,maxlon,maxlat."),
        ("limit", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}, "Page size."),
        ("offset", {"type": "integer", "minimum": 0, "default": 0}, "Zones to skip."))
]
_LISTING: Schema = {"200": {"description": "A page of the zones the user may see.", "content": {
    "application/geo+json": {"schema": ref("schemas", "ZoneFeatureCollection")}}}, **errors(400, 401)}
_REVERT_BODY: Schema = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["to_version"],
    "properties": {"to_version": {"type": "integer", "minimum": 1}, "reason": {"type": "string"}}}}}}
_HISTORY_GEOMETRY: Schema = {"name": "geometry", "in": "query", "required": False, "schema": {"type": "boolean"},
                             "description": "`true` adds each version's boundary."}


def editing_paths() -> dict[str, Schema]:
    zone_id = ref("parameters", "zoneId")
    paths: dict[str, Schema] = {
        "/api/zones/": {
            "get": operation("zone.list", "Zones the user may see", _LISTING, write=False,
                              parameters=_LIST_PARAMETERS),
            "post": operation("zone.create", "Create a draft zone", {
                **_feature_ok("The new zone.", "201"), **errors(400, 401, 403, 413, 422)}, write=True,
                requestBody=_body("ZoneFeatureInput")),
        },
        "/api/zones/{zoneId}": {
            "get": operation("zone.get", "One zone", {**_feature_ok("The zone."), **errors(401, 404)}, write=False,
                              parameters=[zone_id]),
            "put": operation("zone.update", "Replace a zone's boundary and attributes", {
                **_feature_ok("The zone, one version on."), **errors(400, 401, 403, 404, 412, 413, 422, 428)},
                write=True, parameters=[zone_id, ref("parameters", "If-Match")], requestBody=_body("ZoneFeatureInput")),
        },
        "/api/zones/{zoneId}/history": {"get": operation(
            "zone.history", "Every version of a zone: who, when, what, why", {
                "200": {"description": "Oldest first.", "content": {"application/json": {
                    "schema": ref("schemas", "ZoneHistory")}}}, **errors(401, 403, 404)},
            write=False, parameters=[zone_id, _HISTORY_GEOMETRY])},
        "/api/zones/{zoneId}/revert": {"post": operation(
            "zone.revert", "Restore an earlier version's boundary and attributes as a new version", {
                **_feature_ok("The zone, one version on."), **errors(400, 401, 403, 404, 412, 422)},
            write=True, parameters=[zone_id, ref("parameters", "If-Match-optional")], requestBody=_REVERT_BODY)},
        "/api/zones/check": {"post": operation(
            "zone.check", "Check a boundary and attributes without saving", {
                "200": {"description": "Every problem a save would meet.", "content": {"application/json": {
                    "schema": ref("schemas", "ZoneCheckResult")}}}, **errors(400, 401, 403, 404, 422)},
            write=True, requestBody=_body("ZoneFeatureInput"))},
        "/api/zones/from-parcels": {"post": operation(
            "zone.fromParcels", "One boundary around chosen parcels", {
                "200": {"description": "A Feature with the union and `properties.parcel_ids`.", "content": {
                    "application/geo+json": {"schema": ref("schemas", "Feature")}}}, **errors(400, 401, 403, 422)},
            write=True, requestBody=_body("ParcelSelection"))},
    }
    paths.update({f"/api/zones/{{zoneId}}/{name}": _step(name) for name in WORKFLOW_STEPS})
    return paths


def with_editing(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with the zone editing API added: its paths, schemas, parameters, security schemes and tag."""
    parts = document["components"]
    return {
        **document,
        "tags": [*document["tags"], {"name": EDITING_TAG}],
        "paths": {**document["paths"], **editing_paths()},
        "components": {**parts, "schemas": {**parts["schemas"], **SCHEMAS},
                       "parameters": {**parts["parameters"], **PARAMETERS},
                       "securitySchemes": {**parts.get("securitySchemes", {}), **SECURITY_SCHEMES}},
    }
