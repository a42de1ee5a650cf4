"""Vector tiles and TileJSON of the registry's layers: parse, check visibility, read, render."""

import json
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from layers.registry import LayerSpec, get_layer
from layers.visibility import RowFilter, row_filter
from maps.errors import BadRequest, json_errors
from maps.extent import layer_bounds
from maps.params import tile_address
from maps.tiles.cache import Tile, etag_of
from maps.tiles.selectors import tile_get
from maps.tiles.sql import TileAddress
from maps.tiles.tilejson import tilejson_document

MVT_CONTENT_TYPE = "application/vnd.mapbox-vector-tile"
# Public tiles may sit in browsers and proxies this long after an edit; the ETag makes the
# revalidation after that cheap (a 304 answered from the shared cache).
PUBLIC_MAX_AGE_S = int(getattr(settings, "MAPS_TILE_MAX_AGE_S", 60))
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def parse_address(z: str, x: str, y: str) -> TileAddress:
    """The tile address from URL text, or BadRequest naming what is wrong."""
    for name, raw in (("z", z), ("x", x), ("y", y)):
        if not _WHOLE_NUMBER.fullmatch(raw):
            raise BadRequest(f"Tile {name} must be a whole number, not {raw!r}.")
    return TileAddress(*tile_address(int(z), int(x), int(y)))


def _cacheable(request: HttpRequest, response: HttpResponse, rows: RowFilter, etag: str) -> HttpResponse:
    """Add the ETag and the audience's cache policy; answer 304 when the client's copy is current."""
    response["ETag"] = quote_etag(etag)
    if rows.audience == "public":
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE_S}"
    else:
        # Another reader's tiles differ: no shared caches, and the browser asks again each time.
        response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return get_conditional_response(request, etag=quote_etag(etag), response=response) or response


def _no_content() -> HttpResponse:
    response = HttpResponse(status=204)
    del response["Content-Type"]
    return response


@require_safe
@json_errors
def tile(request: HttpRequest, layer: str, z: str, x: str, y: str) -> HttpResponse:
    """`/tiles/{layer}/{z}/{x}/{y}.pbf`: the reader's features of the tile as MVT, or 204 when none
    show (or the zoom is outside the layer's range); 400 for a bad address, 404 for a bad layer."""
    spec = get_layer(layer)
    at = parse_address(z, x, y)
    rows = row_filter(spec, request.user)
    if not spec.min_zoom <= at.z <= spec.max_zoom:
        return _cacheable(request, _no_content(), rows, etag_of(b""))
    return tile_response(request, tile_get(spec=spec, rows=rows, at=at), rows)


def tile_response(request: HttpRequest, found: Tile, rows: RowFilter) -> HttpResponse:
    """The tile's bytes (204 when it holds no feature) with its ETag and the audience's cache policy."""
    response = HttpResponse(found.data, content_type=MVT_CONTENT_TYPE) if found.data else _no_content()
    return _cacheable(request, response, rows, found.etag)


def _tiles_url(request: HttpRequest, spec: LayerSpec) -> str:
    # The template's braces must stay unescaped, so they are added after building the absolute URL.
    base = reverse("tiles-tilejson", kwargs={"layer": spec.id}).removesuffix(".json")
    return request.build_absolute_uri(base) + "/{z}/{x}/{y}.pbf"


@require_safe
@json_errors
def tilejson(request: HttpRequest, layer: str) -> HttpResponse:
    """`/tiles/{layer}.json`: the layer's TileJSON 3.0.0, with the bounds of the rows the reader sees."""
    spec = get_layer(layer)
    rows = row_filter(spec, request.user)
    document = tilejson_document(spec, tiles_url=_tiles_url(request, spec),
                                 bounds=layer_bounds(spec=spec, rows=rows), language=get_language() or "vi")
    body = json.dumps(document, ensure_ascii=False).encode()
    response = HttpResponse(body, content_type="application/json")
    return _cacheable(request, response, rows, etag_of(body))
