"""Reading tourism sites and the OCOP showcase for the public pages, in the active language.

The pages get plain value objects built field by field, never the models, so a private column
(a producer's tax code or representative) cannot be rendered by mistake. Sites and producers are
public layers; only OCOP products whose certificate is in force today are shown as certified.
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from psycopg2 import sql

from layers.models import AdminUnit, OCOPProducer, OCOPProduct, ProductGroup, SitePhoto, TourismSite
from layers.names import in_language
from layers.photo_images import THUMBNAIL_PX

STAR_LEVELS = (5, 4, 3)


def _unit_name(unit: AdminUnit, language: str) -> str:
    return in_language(language, unit.full_name, unit.full_name_en)


@dataclass(frozen=True)
class SiteLink:
    id: int
    name: str


@dataclass(frozen=True)
class ProductCard:
    id: int
    name: str
    stars: int
    group: str
    group_label: str
    producer: str
    producer_unit: str
    expires_on: dt.date
    is_illustrative: bool
    sites: tuple[SiteLink, ...]

    @property
    def star_marks(self) -> str:
        return "★" * self.stars


@dataclass(frozen=True)
class PhotoCard:
    id: int
    caption: str
    credit: str
    width: int
    height: int

    @property
    def thumbnail_width(self) -> int:
        """The thumbnail's width, as `layers.photo_images` shrinks the photo (for `srcset`)."""
        return round(self.width * min(1.0, THUMBNAIL_PX / max(self.width, self.height, 1)))


@dataclass(frozen=True)
class SitePage:
    id: int
    name: str
    other_name: str
    category: str
    category_label: str
    description: str
    opening_hours: str
    unit: str
    is_illustrative: bool
    geojson: dict[str, Any]
    photos: tuple[PhotoCard, ...]
    products: tuple[ProductCard, ...]


def _certified_products() -> QuerySet[OCOPProduct]:
    """Products whose certificate is in force today, best first."""
    return (OCOPProduct.objects.filter(expires_on__gte=timezone.localdate())
            .select_related("producer__unit").order_by("-stars", "name"))


def _product_card(product: OCOPProduct, language: str, sites: bool = True) -> ProductCard:
    return ProductCard(
        id=product.pk, name=product.name, stars=product.stars, group=product.group,
        group_label=str(ProductGroup(product.group).label), producer=product.producer.name,
        producer_unit=_unit_name(product.producer.unit, language), expires_on=product.expires_on,
        is_illustrative=product.is_illustrative,
        sites=tuple(SiteLink(id=site.pk, name=in_language(language, site.name_vi, site.name_en))
                    for site in product.sites.all()) if sites else (),
    )


def _photo_card(photo: SitePhoto, language: str) -> PhotoCard:
    return PhotoCard(id=photo.pk, caption=in_language(language, photo.caption_vi, photo.caption_en),
                     credit=photo.credit, width=photo.width, height=photo.height)


def site_page_get(*, site_id: int, language: str) -> SitePage | None:
    """The public content of the site in `language` (Vietnamese where English is missing); None if none."""
    site = TourismSite.objects.select_related("unit").filter(pk=site_id).first()
    if site is None:
        return None
    name = in_language(language, site.name_vi, site.name_en)
    return SitePage(
        id=site.pk, name=name, other_name=site.name_vi if name != site.name_vi else site.name_en,
        category=site.category, category_label=str(site.get_category_display()),
        description=in_language(language, site.description_vi, site.description_en),
        opening_hours=site.opening_hours, unit=_unit_name(site.unit, language),
        is_illustrative=site.is_illustrative, geojson=json.loads(site.geometry.geojson),
        photos=tuple(_photo_card(photo, language) for photo in site.photos.all()),
        products=tuple(_product_card(product, language, sites=False)
                       for product in _certified_products().filter(sites=site)),
    )


def site_photo_get(*, photo_id: int) -> SitePhoto | None:
    """The stored photo with this id, or None."""
    return SitePhoto.objects.filter(pk=photo_id).first()


def site_list() -> QuerySet[TourismSite]:
    """Every site, by Vietnamese name, with its unit and the number of its photos."""
    return TourismSite.objects.select_related("unit").order_by("name_vi")


@dataclass(frozen=True)
class Showcase:
    products: tuple[ProductCard, ...]
    producers_geojson: dict[str, Any]

    def by_stars(self) -> list[tuple[int, list[ProductCard]]]:
        """The products grouped by stars, best first, leaving out empty levels."""
        groups = [(stars, [card for card in self.products if card.stars == stars]) for stars in STAR_LEVELS]
        return [(stars, cards) for stars, cards in groups if cards]


# One feature per producer that has a shown product: its best stars and its shown products' names.
_PRODUCERS_SQL = sql.SQL("""
SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(json_build_object(
    'type', 'Feature', 'id', p.id, 'geometry', ST_AsGeoJSON(p.{location}, 6)::json,
    'properties', json_build_object('name', p.{name}, 'stars', best.stars, 'products', best.names,
                                    'illustrative', p.{illustrative})
) ORDER BY p.id), '[]'::json))
FROM {producers} p
JOIN (
    SELECT {producer_fk} AS producer_id, max({stars}) AS stars, array_agg({product_name} ORDER BY {stars} DESC,
           {product_name}) AS names
    FROM {products} WHERE id = ANY(%s) GROUP BY {producer_fk}
) best ON best.producer_id = p.id
WHERE p.{location} IS NOT NULL
""")


def _producers_geojson(product_ids: list[int]) -> dict[str, Any]:
    def column(model: Any, name: str) -> sql.Identifier:
        return sql.Identifier(model._meta.get_field(name).column)

    query = _PRODUCERS_SQL.format(
        producers=sql.Identifier(OCOPProducer._meta.db_table), products=sql.Identifier(OCOPProduct._meta.db_table),
        location=column(OCOPProducer, "location"), name=column(OCOPProducer, "name"),
        illustrative=column(OCOPProducer, "is_illustrative"), producer_fk=column(OCOPProduct, "producer"),
        stars=column(OCOPProduct, "stars"), product_name=column(OCOPProduct, "name"),
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [product_ids])  # type: ignore[arg-type]
        document = cursor.fetchone()[0]
    return document if isinstance(document, dict) else json.loads(document)


def ocop_showcase(*, language: str, stars: int | None = None, group: str | None = None) -> Showcase:
    """Certified products (optionally of `stars` and `group`) with their producers and selling sites,
    and their producers as GeoJSON points coloured by their best stars among the shown products."""
    products = _certified_products().prefetch_related(
        Prefetch("sites", queryset=TourismSite.objects.order_by("name_vi")))
    if stars is not None:
        products = products.filter(stars=stars)
    if group is not None:
        products = products.filter(group=group)
    cards = tuple(_product_card(product, language) for product in products)
    return Showcase(products=cards, producers_geojson=_producers_geojson([card.id for card in cards]))
