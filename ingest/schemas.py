"""The exchange schema of each layer: the columns a file brings in and an export writes out.

One declaration serves both directions, so an exported file imports again unchanged. Column names
are the model's field names; on import a column may also carry one of the Vietnamese names that
land offices and registries use (`so_to`, `so_thua`, `ma_vung_trong` …), matched without accents
or case. Which of them a file uses is decided from its schema before a single row is read.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from layers.models import Crop, LandUse, Market, ProducerKind, SiteCategory, Standard, UnitLevel, ZoneStatus
from layers.registry import LAYERS, LayerSpec


class Kind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"  # a positive whole number
    DECIMAL = "decimal"  # Vietnamese files write "18,00"
    DATE = "date"
    CHOICE = "choice"  # one of the model's choices, given by value or by its vi/en label
    CHOICES = "choices"  # several choices, separated by ";" or ","
    CODE = "code"  # a planting-area code, stored normalised
    UNIT = "unit"  # an administrative unit, by GSO code or by name (pre-2025 names resolve to today's)


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[tuple[str, object], ...] = ()  # (value, lazy label): labels are read in vi and en
    max_length: int = 200
    allow_zero: bool = False  # numbers must otherwise be greater than zero


@dataclass(frozen=True)
class Schema:
    layer: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]  # the natural key an import upserts on
    geometry_types: frozenset[str]  # shapely geometry type names the layer accepts
    geometry_required: bool

    def field(self, name: str) -> Field:
        return next(field for field in self.fields if field.name == name)

    @property
    def spec(self) -> LayerSpec:
        return LAYERS[self.layer]

    @property
    def public_fields(self) -> tuple[Field, ...]:
        """The columns anyone who may read the layer may export: the registry's public properties
        and the unit, which is public on the map anyway."""
        public = set(self.spec.public_properties) | {"unit"}
        return tuple(field for field in self.fields if field.name in public)


def _choices(text_choices: type) -> tuple[tuple[str, object], ...]:
    return tuple((str(value), label) for value, label in text_choices.choices)  # type: ignore[attr-defined]


_AREAS = frozenset({"Polygon", "MultiPolygon"})
_UNIT = Field("unit", Kind.UNIT, ("ma_xa", "ma_dvhc", "xa", "phuong", "xa_phuong", "don_vi", "commune", "ward"))

SCHEMAS: Mapping[str, Schema] = MappingProxyType({
    "communes": Schema(
        layer="communes",
        fields=(
            Field("code", Kind.TEXT, ("ma", "ma_dvhc", "gso_code"), required=True, max_length=10),
            Field("name", Kind.TEXT, ("ten",), required=True, max_length=120),
            Field("full_name", Kind.TEXT, ("ten_day_du",), max_length=160),
            Field("name_en", Kind.TEXT, ("ten_tieng_anh",), max_length=120),
            Field("level", Kind.CHOICE, ("cap",), required=True, choices=_choices(UnitLevel)),
        ),
        key=("code",), geometry_types=_AREAS, geometry_required=True,
    ),
    "parcels": Schema(
        layer="parcels",
        fields=(
            Field("unit", Kind.UNIT, _UNIT.aliases, required=True),
            Field("sheet_number", Kind.INTEGER, ("so_to", "to_ban_do", "shbando", "so_hieu_to", "sheet", "sheet_numb"),
                  required=True),
            Field("parcel_number", Kind.INTEGER, ("so_thua", "thua", "shthua", "so_hieu_thua", "parcel", "parcel_num"),
                  required=True),
            Field("land_use", Kind.CHOICE, ("loai_dat", "mdsd", "kyhieumdsd", "ma_loai_dat"), required=True,
                  choices=_choices(LandUse)),
            Field("recorded_area_m2", Kind.DECIMAL, ("dien_tich", "dientich", "dien_tich_m2", "area", "recorde_m2")),
        ),
        key=("unit", "sheet_number", "parcel_number"), geometry_types=_AREAS, geometry_required=True,
    ),
    "zones": Schema(
        layer="zones",
        fields=(
            Field("code", Kind.CODE, ("ma_vung_trong", "ma_so_vung_trong", "ma_so", "ma_vung"), max_length=40),
            Field("name", Kind.TEXT, ("ten", "ten_vung", "ten_vung_trong"), required=True),
            Field("crop", Kind.CHOICE, ("cay_trong", "loai_cay"), required=True, choices=_choices(Crop)),
            Field("variety", Kind.TEXT, ("giong",), max_length=120),
            Field("declared_area_ha", Kind.DECIMAL, ("dien_tich_ha", "dien_tich_dang_ky", "dien_tich", "declare_ha")),
            Field("holder", Kind.TEXT, ("chu_the", "to_chuc", "don_vi_quan_ly", "hop_tac_xa")),
            Field("representative", Kind.TEXT, ("dai_dien", "nguoi_dai_dien", "representa"), max_length=120),
            Field("households", Kind.INTEGER, ("so_ho",), allow_zero=True),
            Field("markets", Kind.CHOICES, ("thi_truong",), choices=_choices(Market)),
            Field("standards", Kind.CHOICES, ("tieu_chuan",), choices=_choices(Standard)),
            Field("status", Kind.CHOICE, ("trang_thai",), choices=_choices(ZoneStatus)),
            Field("valid_from", Kind.DATE, ("hieu_luc_tu", "ngay_cap")),
            Field("valid_until", Kind.DATE, ("hieu_luc_den", "ngay_het_han", "valid_unti")),
            _UNIT,
        ),
        key=("code",), geometry_types=_AREAS, geometry_required=False,
    ),
    "ocop_producers": Schema(
        layer="ocop_producers",
        fields=(
            Field("name", Kind.TEXT, ("ten", "ten_chu_the"), required=True),
            Field("kind", Kind.CHOICE, ("loai_hinh",), required=True, choices=_choices(ProducerKind)),
            Field("tax_code", Kind.TEXT, ("ma_so_thue", "mst"), max_length=14),
            Field("representative", Kind.TEXT, ("dai_dien", "nguoi_dai_dien", "representa"), max_length=120),
            Field("address", Kind.TEXT, ("dia_chi",), max_length=250),
            Field("unit", Kind.UNIT, _UNIT.aliases, required=True),
        ),
        key=("tax_code",), geometry_types=frozenset({"Point"}), geometry_required=False,
    ),
    "tourism_sites": Schema(
        layer="tourism_sites",
        fields=(
            Field("name_vi", Kind.TEXT, ("ten", "ten_diem", "name"), required=True),
            Field("name_en", Kind.TEXT, ("ten_tieng_anh",)),
            Field("description_vi", Kind.TEXT, ("mo_ta", "description", "descrip_vi"), max_length=10_000),
            Field("description_en", Kind.TEXT, ("mo_ta_tieng_anh", "descrip_en"), max_length=10_000),
            Field("category", Kind.CHOICE, ("loai", "loai_hinh", "nhom"), required=True,
                  choices=_choices(SiteCategory)),
            Field("opening_hours", Kind.TEXT, ("gio_mo_cua", "opening_ho")),
            _UNIT,
        ),
        key=("name_vi",), geometry_types=frozenset({"Point", *_AREAS}), geometry_required=True,
    ),
})


def schema_for(layer: str) -> Schema:
    """The exchange schema of a registry layer; every registry layer has one."""
    return SCHEMAS[layer]
