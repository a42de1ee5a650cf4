"""What the trace page may show of a registered zone: public fields only, gathered into a `TraceSheet`.

The sheet is built field by field so that the template never holds the zone itself: the
representative, the households and the parcels cannot be rendered by mistake.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language

from layers.codes import EmptyCode, normalise_code
from layers.models import (
    AdminUnit,
    CultivationZone,
    Market,
    OCOPProduct,
    ProductGroup,
    Standard,
    ZoneAction,
    ZoneStatus,
)
from layers.names import in_language
from maps.trace.map_sql import ZoneMap, zone_map

# Only a registered code has a public page; drafts and submissions are nobody's business yet.
TRACEABLE_STATUSES = (ZoneStatus.APPROVED, ZoneStatus.SUSPENDED, ZoneStatus.REVOKED)
_DECISIONS = {ZoneStatus.SUSPENDED: ZoneAction.SUSPEND, ZoneStatus.REVOKED: ZoneAction.REVOKE}


@dataclass(frozen=True)
class TraceProduct:
    name: str
    stars: int
    group: str
    producer: str

    @property
    def star_marks(self) -> str:
        return "★" * self.stars


@dataclass(frozen=True)
class TraceSheet:
    code: str
    name: str
    crop: str
    variety: str
    status: str
    status_label: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    decided_on: dt.date | None  # when the code was suspended or revoked, if the history records it
    markets: tuple[str, ...]
    standards: tuple[str, ...]
    holder: str
    units: tuple[str, ...]
    area_ha: float | None
    is_illustrative: bool
    products: tuple[TraceProduct, ...]
    map: ZoneMap | None

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()


# The page's labels are the models' own field names, so they are translated once, with the models.
_ZONE_LABELS = ("code", "crop", "variety", "status", "valid_from", "valid_until", "markets", "standards",
                "holder", "units", "area_ha")
_PRODUCT_LABELS = ("stars", "group", "producer")


def _label(model: type[Model], name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]


def trace_labels() -> dict[str, str]:
    """Field name -> label in the active language, for the zone's and the OCOP product's shown fields."""
    labels = {name: _label(CultivationZone, name) for name in _ZONE_LABELS}
    labels |= {f"product_{name}": _label(OCOPProduct, name) for name in _PRODUCT_LABELS}
    labels["products"] = str(capfirst(OCOPProduct._meta.verbose_name_plural))
    return labels


def trace_code_normalise(*, text: str) -> str | None:
    """The stored form of a code as typed or printed; None when there is no code in `text`."""
    try:
        return normalise_code(text)
    except EmptyCode:
        return None


def trace_zone_get(*, code: str) -> CultivationZone | None:
    """The registered zone with this (normalised) code, or None when there is none to show."""
    return CultivationZone.objects.filter(code=code, status__in=TRACEABLE_STATUSES).first()


def _unit_name(unit: AdminUnit, language: str) -> str:
    return in_language(language, unit.full_name, unit.full_name_en)


def _decided_on(zone: CultivationZone) -> dt.date | None:
    action = _DECISIONS.get(ZoneStatus(zone.status))
    if action is None:
        return None
    decision = zone.revisions.filter(action=action).order_by("-version").first()
    return timezone.localdate(decision.recorded_at) if decision else None


def _products(zone: CultivationZone) -> tuple[TraceProduct, ...]:
    """OCOP products made from this zone whose certificate is in force today."""
    products = OCOPProduct.objects.filter(source_zones=zone, expires_on__gte=timezone.localdate())
    return tuple(
        TraceProduct(name=product.name, stars=product.stars, group=str(ProductGroup(product.group).label),
                     producer=product.producer.name)
        for product in products.select_related("producer").order_by("-stars", "name")
    )


def trace_sheet(*, zone: CultivationZone) -> TraceSheet:
    """The public facts of a registered zone, with labels in the active language."""
    language = get_language() or "vi"
    return TraceSheet(
        code=zone.code or "", name=zone.name, crop=zone.get_crop_display(), variety=zone.variety,
        status=zone.status, status_label=str(zone.get_status_display()),
        valid_from=zone.valid_from, valid_until=zone.valid_until,
        decided_on=_decided_on(zone),
        markets=tuple(str(Market(value).label) for value in zone.markets),
        standards=tuple(str(Standard(value).label) for value in zone.standards),
        holder=zone.holder,
        units=tuple(_unit_name(unit, language) for unit in zone.units.order_by("name")),
        area_ha=zone.area_ha, is_illustrative=zone.is_illustrative,
        products=_products(zone), map=zone_map(zone_id=zone.pk),
    )
