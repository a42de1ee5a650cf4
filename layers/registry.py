"""The layer registry: the one allow-list of what may be served, under which id, with which columns.

Tiles, APIs and exports look layers up here and nowhere else, so a column that is not listed as
public never leaves the database. The registry is a plain mapping; `register` returns a new one.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.db import models

from layers.errors import UnknownLayer


@dataclass(frozen=True)
class LayerStyle:
    """A Leaflet-style path style; `by` names a property whose values pick a fill colour."""

    color: str
    fill_color: str
    weight: float = 1.0
    fill_opacity: float = 0.4
    radius: float = 6.0
    by: str = ""
    palette: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LayerSpec:
    id: str
    model_label: str
    geometry_field: str
    public_properties: tuple[str, ...]
    title_vi: str
    title_en: str
    min_zoom: int
    max_zoom: int
    style: LayerStyle
    public: bool = True

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def title(self, language: str) -> str:
        return self.title_vi if language.startswith("vi") else self.title_en

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    def column(self, field_name: str) -> str:
        """The database column of a field; only registry fields are ever asked for."""
        column = self.model._meta.get_field(field_name).column  # type: ignore[union-attr]
        return str(column)

    def property_schema(self) -> dict[str, dict[str, object]]:
        """JSON Schema of each public property, for OpenAPI, TileJSON and queryables."""
        return {name: field_schema(self.model._meta.get_field(name)) for name in self.public_properties}


def field_schema(field: object) -> dict[str, object]:
    """JSON Schema of a model field's values (the editing API's schemas use it too)."""
    output = getattr(field, "output_field", None) if isinstance(field, models.GeneratedField) else field
    if isinstance(output, ArrayField):
        return {"type": "array", "items": field_schema(output.base_field)}
    schema: dict[str, object] = {"type": _JSON_TYPES.get(type(output).__name__, "string")}
    if isinstance(output, models.DateField):
        schema["format"] = "date"
    choices = getattr(output, "choices", None)
    if choices:
        schema["enum"] = [value for value, _label in choices]
    return schema


_JSON_TYPES = {
    "IntegerField": "integer", "PositiveIntegerField": "integer", "PositiveSmallIntegerField": "integer",
    "BigAutoField": "integer", "FloatField": "number", "DecimalField": "number", "BooleanField": "boolean",
}


Registry = Mapping[str, LayerSpec]


def register(registry: Registry, spec: LayerSpec) -> Registry:
    """Return a new registry with `spec` added; ids are unique."""
    if spec.id in registry:
        raise ValueError(f"Layer id {spec.id!r} is already registered.")
    return MappingProxyType({**registry, spec.id: spec})


def get_layer(layer_id: str, registry: Registry | None = None) -> LayerSpec:
    try:
        return (registry or LAYERS)[layer_id]
    except KeyError:
        known = ", ".join(sorted(registry or LAYERS))
        raise UnknownLayer(f"Unknown layer {layer_id!r}; known layers: {known}.") from None


_CROP_PALETTE = {
    "coffee": "#6f4e37", "pepper": "#2f4f2f", "tea": "#4caf50", "passion_fruit": "#8e24aa",
    "durian": "#c0ca33", "avocado": "#558b2f", "macadamia": "#a1887f", "banana": "#fdd835",
    "rice": "#aed581", "vegetables": "#26a69a", "other": "#9e9e9e",
}

LAYERS: Registry = MappingProxyType({
    "communes": LayerSpec(
        id="communes", model_label="layers.AdminUnit", geometry_field="geometry",
        public_properties=("code", "name", "full_name", "name_en", "level", "valid_from", "valid_to"),
        title_vi="Đơn vị hành chính", title_en="Administrative units", min_zoom=6, max_zoom=18,
        style=LayerStyle(color="#d32f2f", fill_color="#ffffff", weight=2, fill_opacity=0.0),
    ),
    "parcels": LayerSpec(
        id="parcels", model_label="layers.Parcel", geometry_field="geometry",
        public_properties=("sheet_number", "parcel_number", "land_use", "area_m2", "is_illustrative"),
        title_vi="Thửa đất", title_en="Parcels", min_zoom=14, max_zoom=20,
        style=LayerStyle(color="#795548", fill_color="#d7ccc8", weight=0.5, fill_opacity=0.2),
    ),
    "zones": LayerSpec(
        id="zones", model_label="layers.CultivationZone", geometry_field="geometry",
        public_properties=("code", "name", "crop", "variety", "status", "declared_area_ha", "area_ha",
                           "holder", "markets", "standards", "valid_from", "valid_until",
                           "is_illustrative"),
        title_vi="Vùng trồng", title_en="Cultivation zones", min_zoom=10, max_zoom=20,
        style=LayerStyle(color="#1b5e20", fill_color="#66bb6a", weight=2, fill_opacity=0.45,
                         by="crop", palette=_CROP_PALETTE),
    ),
    "ocop_producers": LayerSpec(
        id="ocop_producers", model_label="layers.OCOPProducer", geometry_field="location",
        public_properties=("name", "kind", "address", "is_illustrative"),
        title_vi="Chủ thể OCOP", title_en="OCOP producers", min_zoom=8, max_zoom=20,
        style=LayerStyle(color="#e65100", fill_color="#ffb74d", radius=7),
    ),
    "tourism_sites": LayerSpec(
        id="tourism_sites", model_label="layers.TourismSite", geometry_field="geometry",
        public_properties=("name_vi", "name_en", "category", "opening_hours", "is_illustrative"),
        title_vi="Điểm du lịch", title_en="Tourism sites", min_zoom=8, max_zoom=20,
        style=LayerStyle(color="#0d47a1", fill_color="#42a5f5", radius=7, by="category", palette={
            "nature": "#2e7d32", "culture": "#6a1b9a", "agri": "#9e9d24", "community": "#ef6c00",
            "homestay": "#ad1457", "viewpoint": "#00838f", "ocop": "#f9a825",
        }),
    ),
})
