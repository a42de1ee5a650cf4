"""The metadata documents of OGC API – Features: landing page, conformance, collections and queryables."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from layers.permissions import AnyUser
from layers.registry import LAYERS, LayerSpec, Registry
from layers.visibility import RowFilter, layer_readable_by, row_filter
from maps.columns import ALIAS
from maps.extent import layer_bounds
from maps.ogc.links import GEOJSON, HTML, JSON, JSON_SCHEMA, OPENAPI_JSON, link, url
from maps.ogc.params import SUPPORTED_CRS
from maps.params import CRS84

CONFORMANCE_CLASSES = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
)


def landing_page(request: HttpRequest) -> dict[str, object]:
    return {
        "title": _("NTM GeoPlatform – Pleiku"),
        "description": _("Map layers of Pleiku's smart new-rural programme as OGC API – Features."),
        "links": [
            link(url(request, "landing"), "self", JSON, _("This document")),
            link(url(request, "openapi:schema"), "service-desc", OPENAPI_JSON, _("The API definition")),
            link(url(request, "openapi:docs"), "service-doc", HTML, _("The API documentation")),
            link(url(request, "conformance"), "conformance", JSON, _("Conformance classes")),
            link(url(request, "collections"), "data", JSON, _("The collections")),
        ],
    }


def conformance(request: HttpRequest) -> dict[str, object]:
    return {"conformsTo": list(CONFORMANCE_CLASSES),
            "links": [link(url(request, "conformance"), "self", JSON, _("This document"))]}


def collections(request: HttpRequest, user: AnyUser, language: str,
                registry: Registry = LAYERS) -> dict[str, object]:
    """Every layer of the registry that the user may read, in registry order."""
    readable = [spec for spec in registry.values() if layer_readable_by(spec, user)]
    return {
        "links": [link(url(request, "collections"), "self", JSON, _("This document"))],
        "collections": [collection(request, spec, row_filter(spec, user, ALIAS), language)
                        for spec in readable],
    }


def collection(request: HttpRequest, spec: LayerSpec, visible: RowFilter, language: str) -> dict[str, object]:
    title = spec.title(language)
    document: dict[str, object] = {
        "id": spec.id,
        "title": title,
        "itemType": "feature",
        "crs": list(SUPPORTED_CRS),
        "storageCrs": CRS84,
        "links": [
            link(url(request, "collection", layer=spec.id), "self", JSON, title),
            link(url(request, "items", layer=spec.id), "items", GEOJSON, title),
            link(url(request, "queryables", layer=spec.id), "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                 JSON_SCHEMA, _("Queryable properties")),
            # Relation types compare case-insensitively (RFC 8288); GDAL looks for this spelling and then
            # types its fields from the schema instead of guessing them from the first page.
            link(url(request, "schema", layer=spec.id), "describedBy", JSON_SCHEMA, _("Schema of the features")),
        ],
    }
    bbox = layer_extent(spec, visible)
    if bbox is not None:
        document["extent"] = {"spatial": {"bbox": [bbox], "crs": CRS84}}
    return document


def layer_extent(spec: LayerSpec, visible: RowFilter) -> list[float] | None:
    """The layer's bounding box in CRS84, of the rows the user may read (see `maps.extent`)."""
    bounds = layer_bounds(spec=spec, rows=visible)
    return None if bounds is None else [round(value, 7) for value in bounds]


def _titled_properties(spec: LayerSpec) -> dict[str, object]:
    """The registry's schema of each public property, titled in the active language."""
    model_fields = spec.model._meta
    return {name: {"title": str(model_fields.get_field(name).verbose_name), **schema}  # type: ignore[union-attr]
            for name, schema in spec.property_schema().items()}


def queryables(request: HttpRequest, spec: LayerSpec, language: str) -> dict[str, object]:
    """JSON Schema of the public properties, which are also the items' filter parameters (Part 3)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url(request, "queryables", layer=spec.id),
        "type": "object",
        "title": spec.title(language),
        "properties": _titled_properties(spec),
        "additionalProperties": False,
    }


def feature_schema(request: HttpRequest, spec: LayerSpec, language: str) -> dict[str, object]:
    """JSON Schema of one GeoJSON feature of the layer, as its items return it."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url(request, "schema", layer=spec.id),
        "type": "object",
        "title": spec.title(language),
        "required": ["type", "id", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "integer"},
            "geometry": {"type": ["object", "null"]},
            "properties": {"type": "object", "properties": _titled_properties(spec)},
        },
    }
