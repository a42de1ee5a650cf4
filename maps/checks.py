"""System checks of the presenting package's settings (ids ntm.E2xx)."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

_PLACEHOLDERS = ("{z}", "{x}", "{y}")


@register()
def check_base_tiles(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """MAPS_BASE_TILE_URL, when set, must be an http(s) XYZ template, or the viewer's online base map
    would request nonsense from someone else's server for every visitor."""
    url = getattr(settings, "MAPS_BASE_TILE_URL", "")
    if not url:
        return []
    missing = [name for name in _PLACEHOLDERS if name not in url]
    if urlsplit(url).scheme in ("http", "https") and not missing:
        return []
    return [Error(
        f"MAPS_BASE_TILE_URL={url!r} is not an http(s) XYZ tile template.",
        hint="Use a template such as https://tile.example.org/{z}/{x}/{y}.png, or leave it empty for the "
             "offline base map only.",
        id="ntm.E201",
    )]
