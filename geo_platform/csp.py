"""The Content-Security-Policy of every response (docs/operations.md#content-security-policy).

Django 5.2 has no CSP support of its own, so this module carries the policy: built from
settings.CSP_DIRECTIVES plus the origin of MAPS_BASE_TILE_URL, set by `ContentSecurityPolicyMiddleware`
on each response that has none of its own (a view needing another policy sets the header itself), and
guarded by the system check ntm.E301.

Our pages run no inline code. The one inline <script> they carry is the import map, which browsers
treat as an inline script under `script-src`; it holds URLs, not code, and the `import_map` template
tag (geo_platform/templatetags/ntm_csp.py) lets exactly the map it renders through, by its hash.
"""

import base64
import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
# Leaflet's own default for the `{s}` of a tile template; our viewer does not change it.
TILE_SUBDOMAINS = ("a", "b", "c")
UNSAFE_SCRIPT_SOURCES = ("'unsafe-inline'", "'unsafe-eval'")
DEBUG_STATUSES = (404, 500)
# The request attribute the import-map tag adds its hashes to.
SCRIPT_HASHES = "ntm_csp_script_hashes"


def script_hash(text: str) -> str:
    """The CSP hash source (`'sha256-…'`) that lets the inline <script> element holding `text` run."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def tile_origins(url: str) -> list[str]:
    """The origins an XYZ tile template (`https://{s}.tile.example.org/{z}/{x}/{y}.png`) loads from."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    origin = f"{parts.scheme}://{parts.netloc}"
    if "{s}" not in origin:
        return [origin]
    return [origin.replace("{s}", subdomain) for subdomain in TILE_SUBDOMAINS]


def policy_directives(*, script_hashes: Iterable[str] = ()) -> dict[str, list[str]]:
    """settings.CSP_DIRECTIVES with the base-tile origins in img-src and `script_hashes` in script-src."""
    directives = {name: list(sources) for name, sources in settings.CSP_DIRECTIVES.items()}
    extras = {"img-src": tile_origins(settings.MAPS_BASE_TILE_URL), "script-src": list(script_hashes)}
    for name, sources in extras.items():
        if sources:
            present = directives.setdefault(name, [])
            present.extend(source for source in sources if source not in present)
    return directives


def policy_header(directives: Mapping[str, Iterable[str]]) -> str:
    """The header's value: `name source source; name source; …` in the dictionary's order."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """Sets the platform's policy on each response without a Content-Security-Policy of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        hashes: list[str] = []
        setattr(request, SCRIPT_HASHES, hashes)
        response = self.get_response(request)
        # With DEBUG, Django's technical 404 and 500 pages carry inline styles and scripts; the policy
        # would leave a developer an unreadable traceback. Without DEBUG those pages do not exist.
        debug_page = settings.DEBUG and response.status_code in DEBUG_STATUSES
        if HEADER not in response.headers and not debug_page:
            response.headers[HEADER] = policy_header(policy_directives(script_hashes=hashes))
        return response


@register()
def check_policy(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """script-src must never allow inline code or eval: the policy exists to stop exactly those."""
    directives: Mapping[str, Iterable[str]] = getattr(settings, "CSP_DIRECTIVES", {})
    # Without its own script-src, scripts fall back to default-src.
    scripts = directives.get("script-src", directives.get("default-src", ()))
    unsafe = [source for source in scripts if source.strip().lower() in UNSAFE_SCRIPT_SOURCES]
    if not unsafe:
        return []
    return [Error(
        f"CSP_DIRECTIVES lets scripts use {', '.join(unsafe)}.",
        hint="Move the inline code or eval into static files and drop these sources; a page that cannot "
             "do without them must set its own Content-Security-Policy header.",
        id="ntm.E301",
    )]
