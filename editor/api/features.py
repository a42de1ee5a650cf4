"""Parcels, OCOP producers and tourism sites as resources: list and create, read, replace and delete.

One pair of views serves the three layers; the layer id comes from the route. Each view parses,
calls one service or selector, and renders; rules live in `layers.feature_services`.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from editor.api import parse, render
from editor.api.base import GEOJSON, api_view, json_response, page_links
from layers.feature_layers import EDITABLE_LAYERS
from layers.feature_selectors import feature_get, feature_list
from layers.feature_services import feature_create, feature_delete, feature_update

LAYER_IDS = tuple(EDITABLE_LAYERS)


def _response(request: HttpRequest, layer_id: str, feature_id: int, *, status: int = 200) -> HttpResponse:
    """The feature as stored now (re-read, so the ETag is of the row as the database holds it)."""
    row = feature_get(user=request.user, layer_id=layer_id, feature_id=feature_id)
    headers = {"ETag": render.layer_etag(row)}
    if status == 201:
        headers["Location"] = request.build_absolute_uri(reverse(f"editor:{layer_id}-item", args=[row.pk]))
    return json_response(render.layer_feature(layer_id, row, user=request.user), status=status,
                         content_type=GEOJSON, headers=headers)


@api_view("GET", "POST")
def collection(request: HttpRequest, layer_id: str) -> HttpResponse:
    """GET: the features the user may read (bbox; limit/offset). POST: a new feature from a Feature."""
    if request.method == "POST":
        given = parse.layer_feature(parse.json_body(request))
        row = feature_create(user=request.user, layer_id=layer_id, attributes=given.attributes,
                             geometry=given.geometry)
        return _response(request, layer_id, row.pk, status=201)
    limit, offset = parse.page(request.GET)
    rows = feature_list(user=request.user, layer_id=layer_id, bbox=parse.bbox(request.GET))
    matched = rows.count()
    features = [render.layer_feature(layer_id, row, user=request.user) for row in rows[offset:offset + limit]]
    body = render.collection(features, matched=matched,
                             links=page_links(request, limit=limit, offset=offset, matched=matched))
    return json_response(body, content_type=GEOJSON)


@api_view("GET", "PUT", "DELETE")
def item(request: HttpRequest, layer_id: str, feature_id: int) -> HttpResponse:
    """GET: one feature with its ETag. PUT: replace it; DELETE: remove it; both need If-Match."""
    if request.method == "PUT":
        expected = parse.if_match_hash(request)
        given = parse.layer_feature(parse.json_body(request))
        feature_update(user=request.user, layer_id=layer_id, feature_id=feature_id, expected_etag=expected,
                       attributes=given.attributes, geometry=given.geometry)
        return _response(request, layer_id, feature_id)
    if request.method == "DELETE":
        feature_delete(user=request.user, layer_id=layer_id, feature_id=feature_id,
                       expected_etag=parse.if_match_hash(request))
        return HttpResponse(status=204)
    return _response(request, layer_id, feature_id)
