"""The OpenAPI document and its browsable Swagger UI, both served from this platform alone."""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from layers.registry import LAYERS
from layers.visibility import layer_readable_by
from maps.errors import MapsError, json_errors
from maps.openapi.schema import openapi_document
from maps.params import one_of

# scripts/vendor-swagger.sh reads this line to know which version to copy into maps/static.
SWAGGER_UI_VERSION = "5.35.0"
OPENAPI_JSON = "application/vnd.oai.openapi+json;version=3.0"
OPENAPI_YAML = "application/vnd.oai.openapi;version=3.0"


class NotAcceptable(MapsError):
    status = 406
    title = "Not acceptable"


def _document(request: HttpRequest) -> dict[str, object]:
    root = request.build_absolute_uri("/").rstrip("/")
    ogc = request.build_absolute_uri(reverse("ogc:landing")).rstrip("/")
    layers = [spec for spec in LAYERS.values() if layer_readable_by(spec, request.user)]
    return openapi_document(layers, root_url=root, ogc_url=ogc)


@require_safe
@json_errors
def schema(request: HttpRequest) -> HttpResponse:
    """`?format=json` (default) or `yaml`; only the layers the user may read are described."""
    fmt = one_of(request.GET, "format", ("json", "yaml")) if request.GET.get("format") else "json"
    document = _document(request)
    if fmt == "json":
        return HttpResponse(json.dumps(document, ensure_ascii=False), content_type=OPENAPI_JSON)
    try:
        import yaml  # optional: only this rendering needs PyYAML
    except ImportError:
        raise NotAcceptable("YAML needs PyYAML on the server; ask for format=json.") from None
    return HttpResponse(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), content_type=OPENAPI_YAML)


@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    vendor = f"maps/vendor/swagger-ui-{SWAGGER_UI_VERSION}"
    return render(request, "maps/openapi/docs.html", {
        "schema_url": reverse("openapi:schema"),
        "swagger_css": f"{vendor}/swagger-ui.css",
        "swagger_js": f"{vendor}/swagger-ui-bundle.js",
    })
