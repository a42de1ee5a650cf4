"""HTTP views of the spatial queries: parse the parameters, call one selector, return its JSON."""

from collections.abc import Callable, Mapping
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from maps.errors import BadRequest, json_errors, problem
from maps.params import bounded_int, finite_float, lon_lat
from maps.query import selectors
from maps.query.body import body_size_check, intersects_body

MAX_RADIUS_M = 50_000.0
MAX_NEARBY = 1_000
MAX_K = 100
View = Callable[[HttpRequest], HttpResponse]


def only(method: str) -> Callable[[View], View]:
    """Answer any other method with a JSON 405 that names the allowed one."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest) -> HttpResponse:
            if request.method != method and not (method == "GET" and request.method == "HEAD"):
                response = problem(405, "Method not allowed", f"Use {method} for this endpoint.")
                response["Allow"] = "GET, HEAD" if method == "GET" else method
                return response
            return view(request)

        return wrapper

    return decorate


def _json(body: str) -> HttpResponse:
    return HttpResponse(body, content_type="application/json")


def _flag(params: Mapping[str, str], name: str) -> bool:
    raw = params.get(name, "false").lower()
    if raw not in ("true", "false", "1", "0", ""):
        raise BadRequest(f"Parameter {name!r} must be true or false, not {raw!r}.")
    return raw in ("true", "1")


def _layer(params: Mapping[str, str]) -> str:
    layer = params.get("layer", "")
    if not layer:
        raise BadRequest("Parameter 'layer' is required: a layer id such as 'parcels'.")
    return layer


@json_errors
@only("GET")
def at(request: HttpRequest) -> HttpResponse:
    lon, lat = lon_lat(request.GET)
    return _json(selectors.features_at(lon=lon, lat=lat, user=request.user, geometry=_flag(request.GET, "geometry")))


@json_errors
@only("GET")
def nearby(request: HttpRequest) -> HttpResponse:
    params = request.GET
    layer = _layer(params)
    lon, lat = lon_lat(params)
    radius_m = finite_float(params, "radius_m", low=1, high=MAX_RADIUS_M)
    limit = bounded_int(params, "limit", default=100, low=1, high=MAX_NEARBY)
    return _json(selectors.features_nearby(layer_id=layer, lon=lon, lat=lat, radius_m=radius_m, limit=limit,
                                           user=request.user, geometry=_flag(params, "geometry")))


@json_errors
@only("GET")
def nearest(request: HttpRequest) -> HttpResponse:
    params = request.GET
    layer = _layer(params)
    lon, lat = lon_lat(params)
    k = bounded_int(params, "k", default=1, low=1, high=MAX_K)
    return _json(selectors.features_nearest(layer_id=layer, lon=lon, lat=lat, k=k, user=request.user,
                                            geometry=_flag(params, "geometry")))


# CSRF protects requests that change state with the victim's cookies. This endpoint only reads, in a
# transaction that writes nothing, and a cross-site page cannot read its answer (no CORS), so scripts
# may POST to it without a token. Keep it exempt only while that stays true.
@csrf_exempt
@json_errors
@only("POST")
def intersects(request: HttpRequest) -> HttpResponse:
    body_size_check(request.META.get("CONTENT_LENGTH"))
    body = intersects_body(request.body)
    return _json(selectors.features_intersecting(body=body, user=request.user,
                                                 geometry=_flag(request.GET, "geometry")))
