"""Thin views: find the registered zone by its code (any spelling), then render its page or QR code.

Any spelling of a code that names a zone is sent, with a permanent redirect, to the canonical
address, so a printed QR code and a typed code end on the same page.
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from layers.models import CultivationZone
from maps.responses import etagged_response
from maps.trace.qr import qr_png, qr_svg
from maps.trace.selectors import trace_code_normalise, trace_labels, trace_sheet, trace_zone_get

# The page a code points to never moves, and the image changes only with the site's address.
QR_MAX_AGE_S = 86_400


def _zone_or_redirect(code: str, view_name: str) -> CultivationZone | HttpResponse:
    normal = trace_code_normalise(text=code)
    zone = trace_zone_get(code=normal) if normal else None
    if zone is None:
        raise Http404(_("No registered planting-area code %(code)s.") % {"code": code})
    if normal != code:
        return HttpResponsePermanentRedirect(reverse(view_name, kwargs={"code": normal}))
    return zone


@require_safe
def trace_page(request: HttpRequest, code: str) -> HttpResponse:
    """`/trace/<code>/`: what the code is, who holds it, where it is, and what is made from it."""
    found = _zone_or_redirect(code, "trace:page")
    if isinstance(found, HttpResponse):
        return found
    return render(request, "maps/trace.html", {"sheet": trace_sheet(zone=found), "labels": trace_labels()})


def _qr_response(request: HttpRequest, code: str, view_name: str, content_type: str,
                 draw: Callable[[str, str], bytes]) -> HttpResponse:
    found = _zone_or_redirect(code, view_name)
    if isinstance(found, HttpResponse):
        return found
    url = request.build_absolute_uri(reverse("trace:page", kwargs={"code": code}))
    return etagged_response(request, draw(url, code), content_type=content_type,
                            cache_control=f"public, max-age={QR_MAX_AGE_S}", filename_stem=code)


@require_safe
def trace_qr_png(request: HttpRequest, code: str) -> HttpResponse:
    """`/trace/<code>/qr.png`: the QR code of the page's absolute address, as a PNG."""
    return _qr_response(request, code, "trace:qr-png", "image/png", lambda url, _code: qr_png(url))


@require_safe
def trace_qr_svg(request: HttpRequest, code: str) -> HttpResponse:
    """`/trace/<code>/qr.svg`: the same QR code as a scalable SVG."""
    return _qr_response(request, code, "trace:qr-svg", "image/svg+xml",
                        lambda url, code: qr_svg(url, title=code))
