"""The public face of a published map: its page, the chromeless embed, its data and its QR codes.

Every view starts from `map_visible_get`, so an unpublished map answers 404 to anyone but its
author and the administrators, whatever the address asked for.
"""

import html
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from geo_platform.csp import HEADER, policy_directives, policy_header
from maps.models import PublishedMap
from maps.published.document import MapDocument
from maps.published.selectors import map_document, map_document_json, map_visible_get
from maps.responses import etagged_response
from maps.trace.qr import qr_png, qr_svg
from maps.viewer.settings_blob import interface_language

# Open Graph's recommended image size; the preview image (exports) is drawn at this size.
PREVIEW_SIZE = (1200, 630)
OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}
QR_MAX_AGE_S = 3600
EMBED_HEIGHT_PX = 480


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def request_document(request: HttpRequest, published_map: PublishedMap, *, with_units: bool = False) -> MapDocument:
    """The map's document in the request's language, its address on the host the request came to."""
    return map_document(published_map=published_map, language=interface_language(get_language()),
                        base_url=_base_url(request), with_units=with_units)


def _document(request: HttpRequest, slug: str) -> tuple[PublishedMap, MapDocument]:
    published_map = map_visible_get(slug=slug, user=request.user)
    return published_map, request_document(request, published_map)


def _private_unless_published(response: HttpResponse, published_map: PublishedMap) -> HttpResponse:
    """A draft seen by its author must not be kept by a shared cache for the next visitor."""
    if not published_map.is_published:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _blob(document: MapDocument) -> dict[str, Any]:
    return {"document": map_document_json(document=document), "baseMap": reverse("maps:viewer-base")}


def embed_snippet(*, url: str, title: str) -> str:
    """The `<iframe>` a visitor copies to put the map on their own site (the title escaped)."""
    return (f'<iframe src="{html.escape(url)}" title="{html.escape(title)}" width="100%" '
            f'height="{EMBED_HEIGHT_PX}" loading="lazy" referrerpolicy="no-referrer-when-downgrade"></iframe>')


@require_safe
def map_page(request: HttpRequest, slug: str) -> HttpResponse:
    """`/m/<slug>/`: the map with its legend, texts, language switch and sharing panel."""
    published_map, document = _document(request, slug)
    embed_url = document.url + "embed/"
    response = render(request, "maps/published/page.html", {
        "map": published_map,
        "document": document,
        "blob": _blob(document),
        "embed_snippet": embed_snippet(url=embed_url, title=document.title),
        "og_locale": OG_LOCALES[document.language],
        "og_locale_alternate": [locale for code, locale in OG_LOCALES.items() if code != document.language],
        "preview_url": document.url + "preview.png",
        "preview_size": PREVIEW_SIZE,
    })
    return _private_unless_published(response, published_map)


@xframe_options_exempt
@require_safe
def map_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """`/m/<slug>/embed/`: the map alone, for other sites' iframes (so framing is allowed from anywhere)."""
    published_map, document = _document(request, slug)
    response = render(request, "maps/published/embed.html", {"document": document, "blob": _blob(document)})
    # The site-wide policy, except that any site may frame the embed: that is what it is for.
    response[HEADER] = policy_header({**policy_directives(), "frame-ancestors": ["*"]})
    return _private_unless_published(response, published_map)


@require_safe
def map_data(request: HttpRequest, slug: str) -> HttpResponse:
    """`/m/<slug>/data.json`: the map document in the request's language."""
    published_map, document = _document(request, slug)
    response = JsonResponse(map_document_json(document=document), json_dumps_params={"ensure_ascii": False})
    return _private_unless_published(response, published_map)


def _qr(request: HttpRequest, slug: str, content_type: str, draw: Callable[[str, str], bytes]) -> HttpResponse:
    published_map = map_visible_get(slug=slug, user=request.user)
    url = _base_url(request) + reverse("published-map", kwargs={"slug": published_map.slug})
    response = etagged_response(
        request, draw(url, published_map.title_vi), content_type=content_type, filename_stem=slug,
        cache_control=f"public, max-age={QR_MAX_AGE_S}" if published_map.is_published else "")
    return _private_unless_published(response, published_map)


@require_safe
def map_qr_png(request: HttpRequest, slug: str) -> HttpResponse:
    """`/m/<slug>/qr.png`: a QR code of the map's absolute public address."""
    return _qr(request, slug, "image/png", lambda url, _title: qr_png(url))


@require_safe
def map_qr_svg(request: HttpRequest, slug: str) -> HttpResponse:
    """`/m/<slug>/qr.svg`: the same QR code as a scalable SVG, titled with the map's title."""
    return _qr(request, slug, "image/svg+xml", lambda url, title: qr_svg(url, title=title))
