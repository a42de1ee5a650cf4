"""A run's machine endpoints: status JSON for the progress poller, its features as GeoJSON for the map,
its files for download and its raster as XYZ tiles. Each asks `run_visible_get` first."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from analysis.access import analyst_required, run_visible_get
from analysis.jobs.selectors import run_file_path, run_status
from analysis.jobs.storage import FEATURES_GEOJSON
from analysis.rasters.tiles import raster_tile_png

# The deepest zoom a result raster is tiled at: well past a 10 m cell, far short of absurd requests.
MAX_TILE_ZOOM = 20


@require_safe
@analyst_required
def run_status_json(request: HttpRequest, run_id: str) -> JsonResponse:
    """`/analysis/runs/<id>/status.json`: status, progress, note, error."""
    run = run_visible_get(run_id=run_id, user=request.user)
    response = JsonResponse(run_status(run=run))
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@analyst_required
def run_features(request: HttpRequest, run_id: str) -> FileResponse:
    """`/analysis/runs/<id>/features.geojson`: the result's features, for the page's map."""
    run = run_visible_get(run_id=run_id, user=request.user)
    return FileResponse(run_file_path(run=run, name=FEATURES_GEOJSON).open("rb"),
                        content_type="application/geo+json")


@require_safe
@analyst_required
def run_file(request: HttpRequest, run_id: str, name: str) -> FileResponse:
    """`/analysis/runs/<id>/files/<name>`: one of the files the run listed, as a download."""
    run = run_visible_get(run_id=run_id, user=request.user)
    path = run_file_path(run=run, name=name)
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{run.analysis}-{path.name}")


@require_safe
@analyst_required
def run_tile(request: HttpRequest, run_id: str, z: int, x: int, y: int) -> HttpResponse:
    """`/analysis/runs/<id>/tiles/<z>/<x>/<y>.png`: the result raster as an XYZ tile; 204 outside it."""
    run = run_visible_get(run_id=run_id, user=request.user)
    raster = run.result.get("raster")
    if not raster or z > MAX_TILE_ZOOM or not (0 <= x < 2**z and 0 <= y < 2**z):
        raise Http404
    png = raster_tile_png(run_file_path(run=run, name=raster["file"]), z, x, y, style="result")
    if png is None:
        return HttpResponse(status=204)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
