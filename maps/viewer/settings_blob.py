"""The one JSON settings blob the viewer page hands its scripts: layers, view, base map, reader, texts.

The scripts read nothing else from the server before drawing, so what a reader may see is decided
here, once, by the same rules the tiles and APIs apply (`layers.visibility`).
"""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from layers.models import Role
from layers.permissions import AnyUser, user_role
from layers.registry import LAYERS, Registry
from layers.visibility import layer_readable_by
from maps.tiles.tilejson import ATTRIBUTIONS
from maps.viewer.layers import layer_entry
from maps.viewer.messages import messages

JSON = dict[str, Any]

# Pleiku city centre; zoom 12 shows the city and its nearest communes.
START_CENTER = (13.98, 108.0)
START_ZOOM = 12
MIN_ZOOM = 6
MAX_ZOOM = 20
# The zone editor app owns this path; the viewer only links to it.
EDITOR_URL = "/editor/"
ZONE_EDITING_ROLES = frozenset({Role.EXTENSION_STAFF, Role.APPROVER, Role.ADMIN})
# Intl.NumberFormat locales for each interface language.
NUMBER_LOCALES = {"vi": "vi-VN", "en": "en-US"}


def interface_language(language: str | None) -> str:
    return "en" if (language or "vi").startswith("en") else "vi"


def reader(user: AnyUser) -> JSON:
    """Who is looking: signed in or not, their role (code and label) and whether they edit zones."""
    role = user_role(user)
    name = ""
    if user.is_authenticated:
        full_name = getattr(user, "get_full_name", lambda: "")()
        name = full_name or user.get_username()
    return {
        "authenticated": bool(user.is_authenticated),
        "name": name,
        "role": role.value if role else None,
        "roleLabel": str(role.label) if role else "",
        "canEditZones": role in ZONE_EDITING_ROLES,
    }


def urls(*, viewer_url: str) -> JSON:
    return {
        "search": reverse("search:search"),
        "login": f"{reverse('admin:login')}?{urlencode({'next': viewer_url})}",
        "logout": reverse("admin:logout"),
        "editor": EDITOR_URL,
        "setLanguage": reverse("set_language"),
    }


def base_map() -> JSON:
    """The offline base map (today's units from our server) and, if configured, outside raster tiles."""
    return {
        "geojson": reverse("maps:viewer-base"),
        "attribution": ATTRIBUTIONS.get("communes", ""),
        "tiles": settings.MAPS_BASE_TILE_URL,
        "tilesAttribution": settings.MAPS_BASE_TILE_ATTRIBUTION,
    }


def viewer_settings(*, user: AnyUser, language: str | None, registry: Registry = LAYERS) -> JSON:
    """The blob for `user` in `language`: only the layers they may read, titles and labels translated."""
    language = interface_language(language)
    viewer_url = reverse("maps:viewer")
    return {
        "language": language,
        "locale": NUMBER_LOCALES[language],
        "view": {"center": list(START_CENTER), "zoom": START_ZOOM, "minZoom": MIN_ZOOM, "maxZoom": MAX_ZOOM},
        "baseMap": base_map(),
        "layers": [layer_entry(spec, language=language) for spec in registry.values()
                   if layer_readable_by(spec, user)],
        "user": reader(user),
        "urls": urls(viewer_url=viewer_url),
        "messages": messages(),
    }
