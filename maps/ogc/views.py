"""OGC API – Features views: parse the request, ask one module for the document, answer it.

Every view reads through `row_filter`, so what a user may not see is neither listed, counted nor found.
"""

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from layers.registry import get_layer
from layers.visibility import row_filter
from maps.columns import ALIAS
from maps.errors import NotFound, json_errors
from maps.ogc import documents, features, links
from maps.ogc import params as ogc_params
from maps.params import one_of

LANGUAGES = ("vi", "en")
_LARGEST_ID = 2**63 - 1

View = Callable[..., HttpResponse]


def _json(document: object, media_type: str = links.JSON) -> HttpResponse:
    return HttpResponse(json.dumps(document, ensure_ascii=False), content_type=media_type)


def _language(request: HttpRequest) -> str:
    """`?lang=vi|en`, else the language the platform speaks to this user."""
    if request.GET.get("lang"):
        return one_of(request.GET, "lang", LANGUAGES)
    return translation.get_language() or LANGUAGES[0]


def metadata(view: View) -> View:
    """GET or HEAD only, JSON problems for errors, `?f` checked, and the asked language active."""

    @require_safe
    @json_errors
    def wrapper(request: HttpRequest, **kwargs: str) -> HttpResponse:
        ogc_params.output_format(request.GET)
        language = _language(request)
        with translation.override(language):
            response = view(request, language, **kwargs)
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ["Cookie"])  # the language cookie picks the titles
        return response

    return wrapper


@metadata
def landing(request: HttpRequest, language: str) -> HttpResponse:
    return _json(documents.landing_page(request))


@metadata
def conformance(request: HttpRequest, language: str) -> HttpResponse:
    return _json(documents.conformance(request))


@metadata
def collections(request: HttpRequest, language: str) -> HttpResponse:
    return _json(documents.collections(request, request.user, language))


@metadata
def collection(request: HttpRequest, language: str, layer: str) -> HttpResponse:
    spec = get_layer(layer)
    return _json(documents.collection(request, spec, row_filter(spec, request.user, ALIAS), language))


@metadata
def queryables(request: HttpRequest, language: str, layer: str) -> HttpResponse:
    spec = get_layer(layer)
    row_filter(spec, request.user)  # a layer the user may not read is not there at all
    return _json(documents.queryables(request, spec, language), links.JSON_SCHEMA)


@metadata
def schema(request: HttpRequest, language: str, layer: str) -> HttpResponse:
    spec = get_layer(layer)
    row_filter(spec, request.user)
    return _json(documents.feature_schema(request, spec, language), links.JSON_SCHEMA)


def _geojson(body: str, crs: ogc_params.Crs) -> HttpResponse:
    response = HttpResponse(body, content_type=links.GEOJSON)
    response.headers["Content-Crs"] = f"<{crs.uri}>"
    return response


@require_safe
@json_errors
def items(request: HttpRequest, layer: str) -> HttpResponse:
    spec = get_layer(layer)
    visible = row_filter(spec, request.user, ALIAS)
    query = ogc_params.items_query(request.GET, spec)
    page_links, next_link = links.page_links(request, spec.id, offset=query.offset, limit=query.limit)
    return _geojson(features.feature_collection(spec, visible, query, page_links, next_link), query.crs)


@require_safe
@json_errors
def item(request: HttpRequest, layer: str, feature_id: str) -> HttpResponse:
    spec = get_layer(layer)
    visible = row_filter(spec, request.user, ALIAS)
    ogc_params.reject_unknown(request.GET, ogc_params.ITEM_PARAMETERS)
    ogc_params.output_format(request.GET)
    crs = ogc_params.crs(request.GET.get("crs"))
    number = int(feature_id) if feature_id.isdigit() and int(feature_id) <= _LARGEST_ID else None
    body = None if number is None else features.feature(spec, visible, crs, number,
                                                        links.feature_links(request, spec.id))
    if body is None:
        raise NotFound(f"No feature {feature_id!r} in collection {spec.id!r}.")
    return _geojson(body, crs)
