"""Zones as resources: list and create, read and replace, and the editor's two helpers (check, from parcels).

Each view parses, calls one service or selector, and renders; rules live in `layers`.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from editor.api import parse, render
from editor.api.base import GEOJSON, api_view, json_response, page_links
from layers.models import CultivationZone
from layers.selectors import parcel_union, zone_get, zone_list
from layers.zone_services import ZoneSaved, zone_check, zone_create, zone_update


def _zone_url(request: HttpRequest, zone: CultivationZone) -> str:
    return request.build_absolute_uri(reverse("editor:zone", args=[zone.pk]))


def feature_response(request: HttpRequest, zone_id: int, *, status: int = 200,
                      saved: ZoneSaved | None = None) -> HttpResponse:
    """The zone as stored now (re-read: the area and units are the database's), with its ETag."""
    zone = zone_get(user=request.user, zone_id=zone_id)
    body = render.zone_feature(zone, user=request.user)
    if saved is not None:
        body["warnings"] = [render.problem_json(p) for p in saved.warnings]
    headers = {"ETag": render.etag(zone)}
    if status == 201:
        headers["Location"] = _zone_url(request, zone)
    return json_response(body, status=status, content_type=GEOJSON, headers=headers)


@api_view("GET", "POST")
def collection(request: HttpRequest) -> HttpResponse:
    """GET: the zones the user may see (filters status, unit, code, bbox; limit/offset). POST: a new draft."""
    if request.method == "POST":
        given = parse.feature(parse.json_body(request))
        saved = zone_create(user=request.user, attributes=given.attributes, geometry=given.geometry)
        return feature_response(request, saved.zone.pk, status=201, saved=saved)
    limit, offset = parse.page(request.GET)
    zones = zone_list(user=request.user, filters=parse.zone_filters(request.GET))
    matched = zones.count()
    body = render.zone_collection(zones[offset:offset + limit], user=request.user, matched=matched,
                                  links=page_links(request, limit=limit, offset=offset, matched=matched))
    return json_response(body, content_type=GEOJSON)


@api_view("GET", "PUT")
def item(request: HttpRequest, zone_id: int) -> HttpResponse:
    """GET: one zone with its ETag. PUT: replace its boundary and attributes; needs If-Match."""
    if request.method == "PUT":
        expected = parse.if_match(request)
        given = parse.feature(parse.json_body(request))
        saved = zone_update(user=request.user, zone_id=zone_id, expected_version=expected,
                            attributes=given.attributes, geometry=given.geometry)
        return feature_response(request, saved.zone.pk, saved=saved)
    return feature_response(request, zone_id)


@api_view("POST")
def check(request: HttpRequest) -> HttpResponse:
    """Every problem saving this Feature would meet, without saving (with `id`: as an edit of that zone)."""
    given = parse.feature(parse.json_body(request))
    result = zone_check(user=request.user, attributes=given.attributes, geometry=given.geometry,
                        zone_id=given.zone_id)
    return json_response(render.check_json(result))


@api_view("POST")
def from_parcels(request: HttpRequest) -> HttpResponse:
    """One boundary around the chosen parcels, as a Feature to start a zone from (nothing is saved)."""
    union = parcel_union(user=request.user, parcel_ids=parse.parcel_ids(parse.json_body(request)))
    body = {"type": "Feature", "geometry": render.geometry_json(union.geometry),
            "properties": {"parcel_ids": list(union.parcel_ids)}}
    return json_response(body, content_type=GEOJSON)
