"""Thin views of the raster datasets: the list with the upload form, one dataset's page, its tiles."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from analysis.access import analyst_required
from analysis.errors import AnalysisError
from analysis.jobs import assets
from analysis.models import RasterDataset
from analysis.rasters.forms import CappedRasterUpload, RasterUploadForm, too_large_message
from analysis.rasters.selectors import raster_dataset_get, raster_dataset_list, raster_file
from analysis.rasters.services import raster_dataset_add
from analysis.rasters.tiles import raster_tile_png

LEAFLET_SCRIPT = "maps/vendor/leaflet-1.9.4/leaflet.js"  # the copy maps/viewer vendors
TILE_STYLES = ("hillshade", "elevation")
MAX_TILE_ZOOM = 20
TILE_MAX_AGE_S = 3600
# Slack over the file limit for the form fields and multipart framing.
FORM_OVERHEAD_BYTES = 64 * 1024


@require_http_methods(["GET", "HEAD", "POST"])
@csrf_exempt  # the token is checked in _upload, once the capped upload handler is in place
@analyst_required
def raster_list(request: HttpRequest) -> HttpResponse:
    """`/analysis/rasters/`: the stored rasters and the upload form; a post stores a GeoTIFF."""
    if request.method != "POST":
        return _list_page(request, RasterUploadForm())
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > settings.RASTER_MAX_BYTES + FORM_OVERHEAD_BYTES:
        # Refused from the header alone: not a byte of the body is read.
        return _list_page(request, RasterUploadForm(), status=413, refusal=too_large_message())
    handler = CappedRasterUpload(request)
    request.upload_handlers = [handler]
    return _upload(request, handler)


@csrf_protect
def _upload(request: HttpRequest, handler: CappedRasterUpload) -> HttpResponse:
    form = RasterUploadForm(request.POST, request.FILES, too_large=handler.too_large)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            dataset = raster_dataset_add(path=Path(upload.temporary_file_path()), name=form.cleaned_data["name"],
                                         title=form.cleaned_data["title"], kind=form.cleaned_data["kind"],
                                         user=request.user)  # type: ignore[arg-type]
        except AnalysisError as error:
            form.add_error("file", str(error))
        else:
            return redirect("raster-detail", name=dataset.name)
    return _list_page(request, form, status=413 if handler.too_large else 400)


def _list_page(request: HttpRequest, form: RasterUploadForm, status: int = 200, refusal: str = "") -> HttpResponse:
    return render(request, "analysis/rasters/list.html", {
        "datasets": raster_dataset_list(), "form": form, "refusal": refusal, "stylesheets": _stylesheets(),
    }, status=status)


@require_safe
@analyst_required
def raster_detail(request: HttpRequest, name: str) -> HttpResponse:
    """`/analysis/rasters/<name>/`: what the raster is, and a map of its hillshade."""
    dataset = raster_dataset_get(name=name)
    west, south, east, north = dataset.footprint.extent
    page = {"bounds": [[south, west], [north, east]],
            "tiles": {style: _tiles_url(dataset, style) for style in TILE_STYLES}}
    return render(request, "analysis/rasters/detail.html", {
        "dataset": dataset, "page": page, "stylesheets": _stylesheets(with_map=True),
        "scripts": [static(LEAFLET_SCRIPT), static("analysis/rasters/raster.js")],
    })


def _tiles_url(dataset: RasterDataset, style: str) -> str:
    # Leaflet's {z}/{x}/{y} placeholders cannot go through reverse(); they replace a sample address.
    sample = reverse("raster-tile", kwargs={"name": dataset.name, "z": 0, "x": 0, "y": 0})
    return sample.removesuffix("0/0/0.png") + "{z}/{x}/{y}.png?style=" + style


def _stylesheets(*, with_map: bool = False) -> list[str]:
    return [*assets.stylesheets(with_map=with_map), static("analysis/rasters/rasters.css")]


@require_safe
@analyst_required
def raster_tile(request: HttpRequest, name: str, z: int, x: int, y: int) -> HttpResponse:
    """`/analysis/rasters/<name>/tiles/<z>/<x>/<y>.png?style=hillshade|elevation`: a 256 px PNG tile,
    204 outside the raster; ETag from the file's version, so a revisit is answered with 304."""
    dataset = raster_dataset_get(name=name)
    style = request.GET.get("style", "hillshade")
    if style not in TILE_STYLES or z > MAX_TILE_ZOOM or not (0 <= x < 2**z and 0 <= y < 2**z):
        raise Http404
    relative = dataset.hillshade_path if style == "hillshade" else dataset.path
    if not relative:
        raise Http404
    path = raster_file(relative=relative)
    version = f"{dataset.pk}:{relative}:{path.stat().st_mtime_ns}:{style}:{z}/{x}/{y}"
    etag = quote_etag(hashlib.sha256(version.encode()).hexdigest()[:32])
    if (unchanged := get_conditional_response(request, etag=etag)) is not None:
        return _cached(unchanged, etag)
    png = raster_tile_png(path, z, x, y, style=style)
    response = HttpResponse(png, content_type="image/png") if png is not None else HttpResponse(status=204)
    return _cached(response, etag)


def _cached(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = f"private, max-age={TILE_MAX_AGE_S}"
    return response
