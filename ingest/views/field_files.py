"""`POST /ingest/field-shapes/`: the areas of a KML/KMZ, GPX or GeoJSON file, for the zone editor."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ingest.errors import IngestError
from ingest.field_files import field_file_shapes
from layers.permissions import layer_importable_by

# A field file is a few boundaries; a larger upload is something else.
MAX_FIELD_FILE_BYTES = 20 * 1024 * 1024


@require_POST
@login_required
def field_shapes(request: HttpRequest) -> JsonResponse:
    """The file's areas as GeoJSON in WGS 84, and its shapes that cannot be areas; nothing is stored."""
    if not layer_importable_by(request.user, "zones"):
        return JsonResponse({"error": _("Your role may not draw cultivation zones.")}, status=403)
    upload = request.FILES.get("file")
    limit = min(MAX_FIELD_FILE_BYTES, settings.INGEST_MAX_FILE_BYTES)
    if upload is None or upload.size is None or upload.size > limit:
        message = _("Send one KML, KMZ, GPX or GeoJSON file of at most %d MiB.") % (limit // (1024 * 1024))
        return JsonResponse({"error": message}, status=400)
    suffix = Path(upload.name or "").suffix.lower()
    with tempfile.TemporaryDirectory(prefix="field-upload-", dir=_work_dir()) as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            shapes = field_file_shapes(path, name=upload.name or path.name)
        except IngestError as error:
            return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(shapes.as_geojson())


def _work_dir() -> Path:
    settings.INGEST_WORK_DIR.mkdir(parents=True, exist_ok=True)
    return Path(settings.INGEST_WORK_DIR)
