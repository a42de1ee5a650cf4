"""Thin views of the exports under `/m/<slug>/`: find the map the user may see, then answer from the
HTTP caches (ETag), the server cache, or a fresh render, in the request's language."""

from collections.abc import Callable
from typing import Literal

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import content_disposition_header, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from maps.errors import BadRequest, json_errors
from maps.models import MapStatus, PublishedMap
from maps.published.document import MapDocument
from maps.published.exports.chromium import render
from maps.published.exports.html_export import document_html, export_csp
from maps.published.exports.print_layout import PAPER_MM, Paper, preview_render, print_render
from maps.published.selectors import map_visible_get
from maps.published.views import request_document
from maps.tiles.cache import etag_of

# Bump when a layout changes, so browsers and the server cache drop renders of the old one.
LAYOUT_VERSION = "1"
# How long a render may be reused; layer data can change without the map being saved.
EXPORT_MAX_AGE_S = 600
ORIENTATIONS = ("portrait", "landscape")
PRINT_TYPES = {"png": "image/png", "pdf": "application/pdf"}

Build = Callable[[MapDocument], bytes]


def _paper(request: HttpRequest) -> Paper:
    size = request.GET.get("paper", "a4").lower()
    orientation = request.GET.get("orientation", "portrait").lower()
    if size not in PAPER_MM or orientation not in ORIENTATIONS:
        raise BadRequest(_("Choose paper=a4 or a3 and orientation=portrait or landscape."))
    return Paper(size, orientation)  # type: ignore[arg-type]


def _etag(request: HttpRequest, published_map: PublishedMap, variant: str) -> str:
    key = "|".join([LAYOUT_VERSION, str(published_map.pk), published_map.updated_at.isoformat(),
                    get_language() or "vi", request.build_absolute_uri("/"), variant])
    return quote_etag(etag_of(key.encode("utf-8")))


def _answer(request: HttpRequest, slug: str, *, variant: str, content_type: str, filename: str,
            build: Build, attachment: bool = False) -> HttpResponse:
    published_map = map_visible_get(slug=slug, user=request.user)
    etag = _etag(request, published_map, variant)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        body = cache.get(f"maps.published.export:{etag}")
        if body is None:
            body = build(request_document(request, published_map, with_units=True))
            cache.set(f"maps.published.export:{etag}", body, EXPORT_MAX_AGE_S)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(attachment, filename) or ""
    response["ETag"] = etag
    # An unpublished map is shown to its author only: no shared cache may keep it.
    response["Cache-Control"] = (f"public, max-age={EXPORT_MAX_AGE_S}"
                                 if published_map.status == MapStatus.PUBLISHED else "private, no-store")
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


@require_safe
@json_errors
def export_html(request: HttpRequest, slug: str) -> HttpResponse:
    """`/m/<slug>/export.html`: the map as one self-contained HTML file that opens offline."""
    response = _answer(request, slug, variant="html", content_type="text/html; charset=utf-8",
                       filename=f"{slug}.html", build=lambda doc: document_html(doc).encode("utf-8"),
                       attachment=True)
    response["Content-Security-Policy"] = export_csp()
    return response


@require_safe
@json_errors
def print_png(request: HttpRequest, slug: str) -> HttpResponse:
    """`/m/<slug>/print.png?paper=a4|a3&orientation=portrait|landscape`: the sheet at 150 dpi."""
    return _print(request, slug, "png")


@require_safe
@json_errors
def print_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """`/m/<slug>/print.pdf?paper=…&orientation=…`: the sheet as a one-page PDF."""
    return _print(request, slug, "pdf")


def _print(request: HttpRequest, slug: str, output: Literal["png", "pdf"]) -> HttpResponse:
    paper, today = _paper(request), timezone.localdate()
    return _answer(request, slug, variant=f"{output}|{paper.name}|{today}", content_type=PRINT_TYPES[output],
                   filename=f"{slug}-{paper.name}.{output}",
                   build=lambda doc: render(print_render(doc, paper=paper, output=output, today=today)))


@require_safe
@json_errors
def preview_png(request: HttpRequest, slug: str) -> HttpResponse:
    """`/m/<slug>/preview.png`: the 1200×630 Open Graph image of the map and its title."""
    return _answer(request, slug, variant="preview", content_type="image/png", filename=f"{slug}.png",
                   build=lambda doc: render(preview_render(doc)))
