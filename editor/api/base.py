"""What every API view shares: allowed methods, who is asking, CSRF, and errors rendered once.

Two ways to authenticate. The browser editor uses its session, so its writes carry the CSRF token
(header X-CSRFToken) like any form. Scripts and QGIS send `Authorization: Token <key>`; a token is not
sent by browsers on their own, so token requests cannot be forged across sites and skip CSRF. A token
that is wrong is a 401 even when a session is present, so a script never runs as someone else.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from editor.api.errors import ApiError, CsrfFailed, MethodNotAllowed, NotAuthenticated, PayloadTooLarge, error_response
from editor.services import token_authenticate
from layers.errors import LayersError

View = Callable[..., HttpResponse]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
GEOJSON = "application/geo+json"


def _csrf_passes(request: HttpRequest) -> bool:
    check = CsrfViewMiddleware(lambda _request: HttpResponse())
    check.process_request(request)
    return check.process_view(request, None, (), {}) is None  # type: ignore[arg-type]


def _authenticate(request: HttpRequest) -> None:
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _space, key = header.partition(" ")
        user = token_authenticate(key=key.strip()) if scheme.lower() == "token" and key.strip() else None
        if user is None:
            raise NotAuthenticated(_("The token is not valid. Send Authorization: Token <key>."))
        request.user = user
        return
    if request.method in SAFE_METHODS:
        if request.user.is_authenticated:
            get_token(request)  # sets the csrftoken cookie: the browser editor needs no page of its own for it
        return
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Log in, or send Authorization: Token <key>."))
    if not _csrf_passes(request):
        raise CsrfFailed(_("The CSRF token is missing or wrong; send the csrftoken cookie's value as X-CSRFToken."))


def _serve(view: View, allowed: tuple[str, ...], request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    try:
        if request.method not in allowed:
            raise MethodNotAllowed(allowed)
        _authenticate(request)
        return view(request, *args, **kwargs)
    except RequestDataTooBig:
        return error_response(PayloadTooLarge(_("The request body is too large.")), request)
    except (ApiError, LayersError) as error:
        return error_response(error, request)


def api_view(*methods: str) -> Callable[[View], View]:
    """Serve `methods` (GET brings HEAD), authenticate, and turn typed errors into JSON responses."""
    allowed = (*methods, "HEAD") if "GET" in methods else methods

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = _serve(view, allowed, request, *args, **kwargs)
            # Answers depend on who asks (drafts, roles): never from a shared cache, never stale.
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ("Authorization", "Cookie"))
            return response

        # CSRF is checked in _authenticate, where it is known whether a session or a token speaks.
        return csrf_exempt(wrapper)

    return decorate


def json_response(body: dict[str, Any], *, status: int = 200, content_type: str = "application/json",
                  headers: dict[str, str] | None = None) -> JsonResponse:
    response = JsonResponse(body, status=status, content_type=content_type, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def page_links(request: HttpRequest, *, limit: int, offset: int, matched: int) -> list[dict[str, str]]:
    """OGC API-style links of a limit/offset page: self, and next and prev where there are such pages."""
    def link(rel: str, at: int) -> dict[str, str]:
        query = request.GET.copy()
        query["limit"], query["offset"] = str(limit), str(at)
        return {"rel": rel, "type": GEOJSON, "href": request.build_absolute_uri(f"{request.path}?{query.urlencode()}")}

    links = [link("self", offset)]
    if offset + limit < matched:
        links.append(link("next", offset + limit))
    if offset > 0:
        links.append(link("prev", max(offset - limit, 0)))
    return links
