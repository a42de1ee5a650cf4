"""Absolute links of the OGC API documents: GDAL and QGIS follow `href`s as given, so none is relative."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

JSON = "application/json"
GEOJSON = "application/geo+json"
JSON_SCHEMA = "application/schema+json"
OPENAPI_JSON = "application/vnd.oai.openapi+json;version=3.0"
HTML = "text/html"


def url(request: HttpRequest, name: str, **kwargs: str) -> str:
    """The absolute URL of a named route, `ogc:` unless the name has its own namespace."""
    qualified = name if ":" in name else f"ogc:{name}"
    return request.build_absolute_uri(reverse(qualified, kwargs=kwargs or None))


def link(href: str, rel: str, media_type: str, title: str = "") -> dict[str, str]:
    result = {"href": href, "rel": rel, "type": media_type}
    if title:
        result["title"] = title
    return result


def _page_url(request: HttpRequest, *, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"] = str(offset)
    query["limit"] = str(limit)
    return f"{request.build_absolute_uri(request.path)}?{query.urlencode(safe=',')}"


def page_links(request: HttpRequest, layer_id: str, *, offset: int,
               limit: int) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The links of a page of items, and its `next` link, which the query adds only if more features
    match. Paging keeps every other parameter of the request."""
    links = [
        link(request.build_absolute_uri(), "self", GEOJSON, _("This page")),
        link(url(request, "collection", layer=layer_id), "collection", JSON, _("The collection")),
    ]
    if offset > 0:
        links.append(link(_page_url(request, offset=max(0, offset - limit), limit=limit), "prev", GEOJSON,
                          _("Previous page")))
    next_link = link(_page_url(request, offset=offset + limit, limit=limit), "next", GEOJSON, _("Next page"))
    return links, next_link


def feature_links(request: HttpRequest, layer_id: str) -> list[dict[str, str]]:
    return [
        link(request.build_absolute_uri(), "self", GEOJSON, _("This feature")),
        link(url(request, "collection", layer=layer_id), "collection", JSON, _("The collection")),
    ]
