"""Errors of the editing API and the one place where they, and the domain's, become HTTP statuses.

Every error body has the same shape, so the browser editor reads one thing:
`{"errors": [{"code", "field", "message", "geometry"?}], "warnings": [...]}`; a version conflict adds
the zone as it stands now (`current`, `current_version`), or the parcel, producer or site (`current`).
"""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from editor.api.render import etag, layer_etag, layer_feature, problem_json, zone_feature
from layers.errors import (
    FeatureInvalid,
    FeatureNotFound,
    FeatureVersionConflict,
    LayersError,
    NotPermitted,
    TransitionNotAllowed,
    UnknownLayer,
    UnknownUnit,
    ZoneNotFound,
    ZoneVersionConflict,
)


class ApiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class BadRequest(ApiError):
    pass


class NotAuthenticated(ApiError):
    status = 401
    code = "not_authenticated"


class CsrfFailed(ApiError):
    status = 403
    code = "csrf_failed"


class MethodNotAllowed(ApiError):
    status = 405
    code = "method_not_allowed"

    def __init__(self, allowed: tuple[str, ...]) -> None:
        super().__init__(_("Use one of %(methods)s.") % {"methods": ", ".join(allowed)})
        self.allowed = allowed


class PayloadTooLarge(ApiError):
    status = 413
    code = "too_large"


class InvalidInput(ApiError):
    """The body is JSON but not what the endpoint takes (a malformed geometry, a missing member)."""

    status = 422
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message, field=field)
        self.code = code


class PreconditionRequired(ApiError):
    status = 428
    code = "if_match_required"


# Domain errors without a body of their own: (status, code).
_DOMAIN_STATUSES: dict[type[LayersError], tuple[int, str]] = {
    NotPermitted: (403, "forbidden"),
    ZoneNotFound: (404, "not_found"),
    FeatureNotFound: (404, "not_found"),
    UnknownLayer: (404, "not_found"),
    TransitionNotAllowed: (409, "transition_not_allowed"),
    UnknownUnit: (422, "unknown_unit"),
}


def _body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"errors": [{"code": code, "field": field, "message": message}], "warnings": []}


def _json(body: dict[str, Any], status: int) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _api_error(error: ApiError) -> JsonResponse:
    response = _json(_body(error.code, str(error), error.field), error.status)
    if isinstance(error, NotAuthenticated):
        response["WWW-Authenticate"] = 'Token realm="api"'
    if isinstance(error, MethodNotAllowed):
        response["Allow"] = ", ".join(error.allowed)
    return response


def _conflict(error: ZoneVersionConflict, request: HttpRequest) -> JsonResponse:
    body = {**_body("version_conflict", str(error)), "current_version": error.current.version,
            "current": zone_feature(error.current, user=request.user)}
    response = _json(body, 412)
    response["ETag"] = etag(error.current)
    return response


def _feature_conflict(error: FeatureVersionConflict, request: HttpRequest) -> JsonResponse:
    body = {**_body("version_conflict", str(error)),
            "current": layer_feature(error.layer_id, error.current, user=request.user)}
    response = _json(body, 412)
    response["ETag"] = layer_etag(error.current)
    return response


def error_response(error: ApiError | LayersError, request: HttpRequest) -> JsonResponse:
    """The response for an error raised while serving `request`."""
    if isinstance(error, ApiError):
        return _api_error(error)
    if isinstance(error, FeatureInvalid):  # zones' and the other layers' rule problems alike
        return _json({"errors": [problem_json(p) for p in error.problems],
                      "warnings": [problem_json(p) for p in error.warnings]}, 422)
    if isinstance(error, ZoneVersionConflict):
        return _conflict(error, request)
    if isinstance(error, FeatureVersionConflict):
        return _feature_conflict(error, request)
    if isinstance(error, NotPermitted) and not request.user.is_authenticated:
        return _api_error(NotAuthenticated(_("Log in, or send Authorization: Token <key>.")))
    status, code = next((pair for kind, pair in _DOMAIN_STATUSES.items() if isinstance(error, kind)),
                        (400, "bad_request"))
    return _json(_body(code, str(error)), status)
