"""Answer cache hits of public tiles before the rest of the middleware stack runs.

A cached tile costs one primary-key lookup, but the full stack (sessions, authentication, CSRF,
messages, language, URL resolution) costs several times that in Python. A request without a
session cookie or credentials is anonymous for certain, so its audience is known without the stack;
anything else, and every miss, goes the ordinary way through `maps.tiles.views.tile`.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

from layers.errors import UnknownLayer
from layers.registry import LAYERS
from layers.visibility import row_filter
from maps.errors import BadRequest
from maps.tiles.cache import TileKey, cache_lookup
from maps.tiles.views import parse_address, tile_response

_TILE_PATH = re.compile(r"/tiles/(?P<layer>[a-z_]+)/(?P<z>[0-9]+)/(?P<x>[0-9]+)/(?P<y>[0-9]+)\.pbf")


class PublicTileCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self._cached(request) or self.get_response(request)

    @staticmethod
    def _is_anonymous(request: HttpRequest) -> bool:
        return settings.SESSION_COOKIE_NAME not in request.COOKIES and "HTTP_AUTHORIZATION" not in request.META

    def _cached(self, request: HttpRequest) -> HttpResponse | None:
        match = _TILE_PATH.fullmatch(request.path_info)
        if match is None or request.method not in ("GET", "HEAD") or not settings.MAPS_TILE_CACHE:
            return None
        spec = LAYERS.get(match["layer"])
        if spec is None or not self._is_anonymous(request):
            return None
        try:
            at = parse_address(match["z"], match["x"], match["y"])
            rows = row_filter(spec, AnonymousUser())
        except (BadRequest, UnknownLayer):
            return None  # the view answers with the proper error
        if not spec.min_zoom <= at.z <= spec.max_zoom:
            return None
        found = cache_lookup(TileKey(spec.id, rows.audience, at))
        return None if found is None else tile_response(request, found, rows)
