"""The features of one layer of a published map: public rows only, geometry as GeoJSON from PostGIS.

Each kind reads its model through a queryset that can only widen to public data: approved zones
(never drafts, submissions, suspended or revoked codes), OCOP producers with a certificate in force,
and none of the private columns (representatives, tax codes, households, parcels and their owners).
The popup rows are [label, value] pairs in the requested language; the active translation must
already be that language (see `selectors.map_document`).
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.db.models import Extent
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from layers.models import (
    Crop,
    CultivationZone,
    OCOPProducer,
    OCOPProduct,
    ProducerKind,
    ProductGroup,
    SiteCategory,
    TourismRoute,
    TourismSite,
    ZoneStatus,
)
from layers.names import in_language
from maps.published.composition import LayerChoice

# Six decimals: about 10 cm, finer than any of these layers was surveyed.
PRECISION = 6
Bounds = tuple[float, float, float, float]
Feature = dict[str, Any]


@dataclass(frozen=True)
class LayerFeatures:
    features: list[Feature]
    bounds: Bounds | None


def _feature(row: Any, *, symbol: str, title: str, rows: Iterable[tuple[str, str]]) -> Feature:
    return {
        "type": "Feature",
        "id": row.pk,
        "geometry": json.loads(row.geojson),
        "properties": {"symbol": symbol, "title": title, "rows": [[label, value] for label, value in rows if value]},
    }


def _bounds(queryset: QuerySet[Any], geometry_field: str) -> Bounds | None:
    extent = queryset.aggregate(extent=Extent(geometry_field))["extent"]
    return tuple(float(v) for v in extent) if extent else None  # type: ignore[return-value]


def _localised(row: Any, name: str, language: str) -> str:
    return in_language(language, getattr(row, f"{name}_vi"), getattr(row, f"{name}_en", ""))


def _label(model: type[Model], name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]


def _sites(choice: LayerChoice, language: str) -> tuple[QuerySet[Any], Callable[[Any], Feature]]:
    sites = TourismSite.objects.select_related("unit")
    if choice.categories:
        sites = sites.filter(category__in=choice.categories)
    if choice.units:
        sites = sites.filter(unit__slug__in=choice.units)
    category, hours = _label(TourismSite, "category"), _label(TourismSite, "opening_hours")

    def build(site: Any) -> Feature:
        return _feature(site, symbol=site.category, title=_localised(site, "name", language), rows=[
            (category, str(capfirst(SiteCategory(site.category).label))),
            ("", _localised(site, "description", language)),
            (hours, site.opening_hours),
            (_label(TourismSite, "unit"), in_language(language, site.unit.full_name, site.unit.full_name_en)),
        ])

    return sites.order_by("name_vi", "pk"), build


def _routes(choice: LayerChoice, language: str) -> tuple[QuerySet[Any], Callable[[Any], Feature]]:
    routes = TourismRoute.objects.prefetch_related("stops__site")
    if choice.routes:
        routes = routes.filter(pk__in=choice.routes)

    def build(route: Any) -> Feature:
        stops = " → ".join(_localised(stop.site, "name", language) for stop in route.stops.all())
        return _feature(route, symbol="route", title=_localised(route, "name", language), rows=[
            ("", _localised(route, "description", language)),
            (_("Length"), f"{route.length_m / 1000:.1f} km" if route.length_m else ""),
            (_("Stops"), stops),
        ])

    return routes.order_by("name_vi", "pk"), build


def _shown_products(choice: LayerChoice) -> QuerySet[OCOPProduct]:
    """The products a producer layer shows: in force today, with enough stars, in the chosen groups."""
    products = OCOPProduct.objects.filter(expires_on__gte=timezone.localdate(), stars__gte=choice.min_stars)
    if choice.categories:
        products = products.filter(group__in=choice.categories)
    return products.order_by("-stars", "name")


def _producers(choice: LayerChoice, language: str) -> tuple[QuerySet[Any], Callable[[Any], Feature]]:
    shown = _shown_products(choice)
    producers = (OCOPProducer.objects.filter(location__isnull=False, products__in=shown).distinct()
                 .prefetch_related(Prefetch("products", queryset=shown, to_attr="shown_products")))
    if choice.units:
        producers = producers.filter(unit__slug__in=choice.units)

    def build(producer: Any) -> Feature:
        products = producer.shown_products
        rows = [(_label(OCOPProducer, "kind"), str(capfirst(ProducerKind(producer.kind).label))),
                (_label(OCOPProducer, "address"), producer.address)]
        rows += [(f"{product.name} {'★' * product.stars}", str(capfirst(ProductGroup(product.group).label)))
                 for product in products]
        return _feature(producer, symbol=str(products[0].stars), title=producer.name, rows=rows)

    return producers.order_by("name", "pk"), build


def _zones(choice: LayerChoice, language: str) -> tuple[QuerySet[Any], Callable[[Any], Feature]]:
    zones = CultivationZone.objects.filter(status=ZoneStatus.APPROVED, geometry__isnull=False)
    if choice.categories:
        zones = zones.filter(crop__in=choice.categories)
    if choice.units:
        zones = zones.filter(pk__in=CultivationZone.units.through.objects.filter(
            adminunit__slug__in=choice.units).values("cultivationzone_id"))

    def build(zone: Any) -> Feature:
        return _feature(zone, symbol=zone.crop, title=f"{zone.code} – {zone.name}", rows=[
            (_label(CultivationZone, "crop"), str(capfirst(Crop(zone.crop).label))),
            (_label(CultivationZone, "variety"), zone.variety),
            (_label(CultivationZone, "holder"), zone.holder),
            (_label(CultivationZone, "area_ha"), f"{zone.area_ha:.2f}" if zone.area_ha else ""),
        ])

    return zones.order_by("code", "pk"), build


_READERS = {"tourism_sites": (_sites, "geometry"), "tourism_routes": (_routes, "geometry"),
            "ocop_producers": (_producers, "location"), "zones": (_zones, "geometry")}


def layer_features(*, choice: LayerChoice, language: str) -> LayerFeatures:
    """The public features of one layer of a map, with their bounds (west, south, east, north)."""
    reader, geometry_field = _READERS[choice.kind]
    queryset, build = reader(choice, language)
    rows = queryset.annotate(geojson=AsGeoJSON(geometry_field, precision=PRECISION))
    return LayerFeatures(features=[build(row) for row in rows], bounds=_bounds(queryset, geometry_field))
