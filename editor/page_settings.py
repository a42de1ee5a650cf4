"""The one JSON settings blob the editor page hands its scripts: who edits, where, the API's addresses,
the choices and labels of a zone's attributes, the checks' thresholds and the texts.

The scripts read nothing else from the server before they can draw; every rule the page mirrors
(which buttons to show) is checked again by the API.
"""

from typing import Any

from django.conf import settings
from django.contrib.gis.db.models import Extent
from django.db.models import Field
from django.urls import reverse
from django.utils.text import capfirst

from editor.api.workflow import STEPS
from editor.forms import ATTRIBUTE_FIELDS
from editor.page_messages import messages
from layers.models import Crop, CultivationZone, Market, Role, Standard, ZoneStatus
from layers.permissions import AnyUser, is_unit_scoped, is_zone_decider, units_editable_by, user_role, zone_creatable_by
from layers.zone_checks import minimum_area_ha

JSON = dict[str, Any]

# Who may open the editor: the roles that draw or decide on zones.
EDITING_ROLES = frozenset({Role.EXTENSION_STAFF, Role.APPROVER, Role.ADMIN})
# Pleiku city centre, as the public map starts; staff start on their own units instead.
START_CENTER = (13.98, 108.0)
START_ZOOM = 12
MIN_ZOOM = 8
MAX_ZOOM = 20
# Parcels are many and small: fetched (for snapping and choosing) only when the view is that close.
PARCELS_MIN_ZOOM = 15
ZONES_MIN_ZOOM = 11
NUMBER_LOCALES = {"vi": "vi-VN", "en": "en-US"}
# Stands for a zone's id in URL templates the scripts fill in ({id}).
_ID = 987654321
# The labels of what a revision may have changed, besides the form's fields.
_OTHER_LABELS = ("code", "status", "geometry", "units", "is_illustrative")


def may_open_editor(user: AnyUser) -> bool:
    return user_role(user) in EDITING_ROLES


def interface_language(language: str | None) -> str:
    return "en" if (language or "vi").startswith("en") else "vi"


def _template(name: str) -> str:
    """The URL of route `name` for the zone `{id}`."""
    return reverse(name, args=[_ID]).replace(str(_ID), "{id}")


def csrf_header() -> str:
    """The header CsrfViewMiddleware reads the token from (CSRF_HEADER_NAME is its WSGI name)."""
    return str(settings.CSRF_HEADER_NAME).removeprefix("HTTP_").replace("_", "-")


def urls() -> JSON:
    """The API's addresses; `{id}` and `{layer}` are filled in by the scripts."""
    return {
        "zones": reverse("editor:zones"),
        "zone": _template("editor:zone"),
        "check": reverse("editor:zone-check"),
        "fromParcels": reverse("editor:zone-from-parcels"),
        "history": _template("editor:zone-history"),
        "revert": _template("editor:zone-revert"),
        "steps": {step: _template(f"editor:zone-{step}") for step in STEPS},
        "fieldShapes": reverse("ingest:field-shapes"),
        "items": reverse("ogc:items", kwargs={"layer": "LAYER"}).replace("LAYER", "{layer}"),
        "baseMap": reverse("maps:viewer-base"),
        "viewer": reverse("maps:viewer"),
        "setLanguage": reverse("set_language"),
        "logout": reverse("admin:logout"),
    }


def _labels(choices: Any) -> dict[str, str]:
    return {str(value): str(capfirst(label)) for value, label in choices}


def choices() -> JSON:
    """Stored value → label in the active language, for every attribute with choices."""
    return {"crop": _labels(Crop.choices), "markets": _labels(Market.choices),
            "standards": _labels(Standard.choices), "status": _labels(ZoneStatus.choices)}


def field_labels() -> dict[str, str]:
    """Attribute → label, for problems, conflicts and the history; the form's fields as the form labels them."""
    labels = {}
    for name in (*ATTRIBUTE_FIELDS, *_OTHER_LABELS):
        field = CultivationZone._meta.get_field(name)
        labels[name] = str(capfirst(field.verbose_name if isinstance(field, Field) else name))
    return labels


def _unit_view(user: AnyUser) -> tuple[list[JSON], list[list[float]] | None]:
    """The units an extension officer serves, and their bounds ([[south, west], [north, east]])."""
    if not is_unit_scoped(user):
        return [], None
    units = units_editable_by(user).order_by("name")
    listed = [{"id": unit.pk, "code": unit.code, "name": unit.name, "fullName": unit.full_name} for unit in units]
    extent = units.aggregate(extent=Extent("geometry"))["extent"]
    bounds = [[extent[1], extent[0]], [extent[3], extent[2]]] if extent else None
    return listed, bounds


def reader(user: AnyUser) -> JSON:
    role = user_role(user)
    full_name = getattr(user, "get_full_name", lambda: "")()
    return {
        "name": full_name or user.get_username(),
        "role": role.value if role else None,
        "roleLabel": str(role.label) if role else "",
        "decider": is_zone_decider(user),
        "canCreate": zone_creatable_by(user),
    }


def editor_settings(*, user: AnyUser, language: str | None) -> JSON:
    """The blob for `user` in `language` (vi or en)."""
    language = interface_language(language)
    units, bounds = _unit_view(user)
    return {
        "language": language,
        "locale": NUMBER_LOCALES[language],
        "user": reader(user),
        "units": units,
        "view": {"center": list(START_CENTER), "zoom": START_ZOOM, "minZoom": MIN_ZOOM, "maxZoom": MAX_ZOOM,
                 "bounds": bounds},
        "context": {"parcelsMinZoom": PARCELS_MIN_ZOOM, "zonesMinZoom": ZONES_MIN_ZOOM},
        "urls": urls(),
        "csrf": {"cookie": settings.CSRF_COOKIE_NAME, "header": csrf_header()},
        "choices": choices(),
        "fields": field_labels(),
        "minimumAreaHa": {crop.value: minimum_area_ha(crop.cycle) for crop in Crop},
        "messages": messages(),
    }
