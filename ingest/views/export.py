"""`GET /export/<layer>.<fmt>?crs=EPSG:N&unit=GSO_CODE`: a layer as a file, as the reader may see it."""

import tempfile
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from ingest.export import WGS84, DoesNotFitFormat, ExportError, export_format_named, layer_export, parse_crs
from layers.errors import UnknownLayer

_DOES_NOT_FIT = 422  # the request is well formed; the data cannot be held by that format


@require_safe
def layer_download(request: HttpRequest, layer: str, fmt: str) -> HttpResponseBase:
    """The export as an attachment named `<layer>-<date><suffix>`; a layer the reader may not see is a 404."""
    try:
        export_format = export_format_named(fmt)
        srid = parse_crs(request.GET.get("crs") or f"EPSG:{WGS84}")
        filename = f"{layer}-{timezone.localdate().isoformat()}{export_format.suffix}"
        with tempfile.TemporaryDirectory(prefix="ntm-export-") as folder:
            path = Path(folder) / filename
            layer_export(layer=layer, fmt=fmt, out=path, user=request.user, srid=srid,
                         unit_code=request.GET.get("unit") or None)
            # Opened before its folder goes: the open file stays readable (POSIX), so nothing is left
            # on disk, however the download ends.
            handle = path.open("rb")
    except UnknownLayer as error:
        raise Http404(str(error)) from error
    except DoesNotFitFormat as error:
        return HttpResponse(str(error), status=_DOES_NOT_FIT, content_type="text/plain; charset=utf-8")
    except ExportError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=export_format.content_type)
    patch_vary_headers(response, ["Cookie"])  # what is in the file depends on who asks
    patch_cache_control(response, private=True)
    return response
