"""The editable layers besides zones (parcels, OCOP producers, tourism sites): what an editor may set,
which geometry each takes, and the ETag that stands in for the version column they do not have.
"""

import hashlib
import json
from dataclasses import dataclass

from django.contrib.gis.db.models import GeometryField
from django.db import models

from layers.errors import UnknownLayer
from layers.registry import LAYERS, LayerSpec


@dataclass(frozen=True)
class EditableLayer:
    """`fields` are the attributes a Feature sets (a PUT replaces them all); `read_only` ones are sent
    out and ignored when they come back; `geometry_types` are the GeoJSON types stored as they are."""

    id: str
    fields: tuple[str, ...]
    geometry_types: frozenset[str]
    read_only: tuple[str, ...] = ()
    promote_polygon: bool = False  # a Polygon is stored as a one-part MultiPolygon

    @property
    def spec(self) -> LayerSpec:
        return LAYERS[self.id]

    @property
    def model(self) -> type[models.Model]:
        return self.spec.model


EDITABLE_LAYERS: dict[str, EditableLayer] = {
    "parcels": EditableLayer(
        id="parcels", fields=("sheet_number", "parcel_number", "land_use", "recorded_area_m2", "is_illustrative"),
        geometry_types=frozenset({"MultiPolygon"}), read_only=("area_m2",), promote_polygon=True),
    "ocop_producers": EditableLayer(
        id="ocop_producers", fields=("name", "kind", "tax_code", "representative", "address", "is_illustrative"),
        geometry_types=frozenset({"Point"})),
    "tourism_sites": EditableLayer(
        id="tourism_sites", fields=("name_vi", "name_en", "description_vi", "description_en", "category",
                                    "opening_hours", "is_illustrative"),
        geometry_types=frozenset({"Point", "Polygon", "MultiPolygon"})),
}


def editable_layer(layer_id: str) -> EditableLayer:
    try:
        return EDITABLE_LAYERS[layer_id]
    except KeyError:
        raise UnknownLayer(f"Layer {layer_id!r} is not editable here.") from None


def feature_etag(row: models.Model) -> str:
    """A strong validator of the row as stored: the SHA-256 of its attribute values and geometry WKB.

    These tables have no version column, and adding one would mean every other writer (the admin, the
    importers) must keep it. A hash of the row changes whenever any stored byte does, whoever wrote it,
    so it is a strong ETag: equal tags mean equal representations. It is computed in Python, in this
    one function, from the row as Django reads it back (values as `value_to_string` gives them, the
    geometry as PostGIS returns its EWKB, unchanged); the API sends it and the services compare it
    under a row lock, so both sides always agree. Generated columns (areas) are left out: they follow
    from the geometry, which is hashed.
    """
    values = [(field.attname, field.value_to_string(row)) for field in row._meta.concrete_fields
              if not isinstance(field, GeometryField | models.GeneratedField)]
    digest = hashlib.sha256(json.dumps(values, ensure_ascii=False).encode())
    for field in row._meta.concrete_fields:
        if isinstance(field, GeometryField):
            geometry = getattr(row, field.attname)
            digest.update(b"\0" + (bytes(geometry.ewkb) if geometry is not None else b""))
    return digest.hexdigest()
