"""A zone's life cycle (submit, approve, reject, suspend, reinstate, revoke), revert and history.

Workflow steps take an optional If-Match: with it, a step taken on a version the user has not seen
is refused (412) like an edit; without it, the step applies to the zone as it stands.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from editor.api import parse, render
from editor.api.base import api_view, json_response
from editor.api.zones import feature_response
from layers.selectors import zone_history
from layers.zone_services import (
    ZoneSaved,
    zone_approve,
    zone_reinstate,
    zone_reject,
    zone_revert,
    zone_revoke,
    zone_submit,
    zone_suspend,
)

STEPS: dict[str, Callable[..., ZoneSaved]] = {
    "submit": zone_submit,
    "approve": zone_approve,
    "reject": zone_reject,
    "suspend": zone_suspend,
    "reinstate": zone_reinstate,
    "revoke": zone_revoke,
}
_TAKES_REASON = frozenset({"reject", "suspend", "reinstate", "revoke"})


@api_view("POST")
def step(request: HttpRequest, zone_id: int, step: str) -> HttpResponse:
    """POST /api/zones/{id}/{step}; body `{"reason": "…"}` for reject, suspend, revoke (and reinstate)."""
    body = parse.json_body(request, optional=True)
    arguments: dict[str, object] = {"user": request.user, "zone_id": zone_id,
                                    "expected_version": parse.optional_if_match(request)}
    if step in _TAKES_REASON:
        arguments["reason"] = parse.reason(body)
    saved = STEPS[step](**arguments)
    return feature_response(request, saved.zone.pk, saved=saved)


@api_view("POST")
def revert(request: HttpRequest, zone_id: int) -> HttpResponse:
    """POST /api/zones/{id}/revert `{"to_version": 3, "reason": "…"}`: that version's content, as a new version."""
    body = parse.json_body(request)
    saved = zone_revert(user=request.user, zone_id=zone_id, to_version=parse.to_version(body),
                        reason=parse.reason(body), expected_version=parse.optional_if_match(request))
    return feature_response(request, saved.zone.pk, saved=saved)


@api_view("GET")
def history(request: HttpRequest, zone_id: int) -> HttpResponse:
    """Every version, oldest first; `?geometry=true` adds each version's boundary."""
    entries = zone_history(user=request.user, zone_id=zone_id)
    return json_response(render.history_json(entries, with_geometry=parse.flag(request.GET, "geometry")))
