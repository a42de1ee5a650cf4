"""Fixtures for the published-map tests: public and private rows near Biển Hồ, tourism promoters and a
map maker; conftest.py exposes them (with `administrator` and `user_for` from tests/layers/zone_fixtures.py)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.contrib.gis.geos import LineString, Point
from django.utils import timezone

from layers.models import (
    AdminUnit,
    CultivationZone,
    OCOPProducer,
    OCOPProduct,
    Role,
    TourismRoute,
    TourismRouteStop,
    TourismSite,
    ZoneStatus,
)
from maps.models import PublishedMap
from maps.published.composition import Composition, LayerChoice
from maps.published.services import map_create, map_publish
from tests.factories import box, make_unit
from tests.layers.zone_fixtures import UserFor

XSS = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>'
REPRESENTATIVE = "Nguyễn Văn Riêngtư"
TAX_CODE = "5900123456"
HOUSEHOLDS = 6543


@dataclass(frozen=True)
class PublishedData:
    unit: AdminUnit
    other_unit: AdminUnit
    lake: TourismSite
    xss_site: TourismSite
    far_site: TourismSite
    route: TourismRoute
    producer: OCOPProducer
    approved_zone: CultivationZone
    draft_zone: CultivationZone
    suspended_zone: CultivationZone


def _product(producer: OCOPProducer, name: str, stars: int, *, expired: bool = False) -> OCOPProduct:
    issued = dt.date(2020, 1, 1) if expired else timezone.localdate() - dt.timedelta(days=30)
    return OCOPProduct.objects.create(name=name, group="drinks", stars=stars, score={3: 60, 4: 80, 5: 95}[stars],
                                      issued_on=issued, expires_on=issued + dt.timedelta(days=1095), producer=producer)


def _zone(unit: AdminUnit, code: str | None, status: str, lon: float) -> CultivationZone:
    zone = CultivationZone.objects.create(
        code=code, status=status, name=f"Vùng chè {status}", crop="tea", holder="HTX Chè Biển Hồ",
        representative=REPRESENTATIVE, households=HOUSEHOLDS, geometry=box(lon, 14.06, 0.004))
    zone.units.set([unit])
    return zone


@pytest.fixture
def published_data() -> PublishedData:
    unit = make_unit("Biển Hồ", lon=107.97, lat=14.02, size_deg=0.08, full_name="Xã Biển Hồ")
    other = make_unit("Gào", lon=107.90, lat=13.90, size_deg=0.05, full_name="Xã Gào")
    lake = TourismSite.objects.create(name_vi="Biển Hồ (hồ T'Nưng)", name_en="Bien Ho Lake", category="nature",
                                      description_vi="Hồ trên miệng núi lửa.", geometry=Point(108.0, 14.05), unit=unit)
    xss_site = TourismSite.objects.create(name_vi=XSS, category="viewpoint", description_vi=XSS,
                                          geometry=Point(107.995, 14.045), unit=unit)
    far_site = TourismSite.objects.create(name_vi="Điểm ở Gào", category="nature", geometry=Point(107.92, 13.92),
                                          unit=other)
    route = TourismRoute.objects.create(name_vi="Tuyến quanh hồ", name_en="Around the lake",
                                        geometry=LineString((108.0, 14.05), (107.995, 14.045), srid=4326))
    TourismRouteStop.objects.create(route=route, site=lake, order=1)
    TourismRouteStop.objects.create(route=route, site=xss_site, order=2)
    producer = OCOPProducer.objects.create(name="HTX Chè Biển Hồ", kind="cooperative", tax_code=TAX_CODE,
                                           representative=REPRESENTATIVE, address="Thôn 3, xã Biển Hồ",
                                           location=Point(107.99, 14.06), unit=unit)
    _product(producer, "Chè xanh Biển Hồ", 4)
    _product(producer, "Chè búp", 3)
    _product(producer, "Chè cũ hết hạn", 5, expired=True)
    return PublishedData(
        unit=unit, other_unit=other, lake=lake, xss_site=xss_site, far_site=far_site, route=route,
        producer=producer, approved_zone=_zone(unit, "VN-GLOR-0090", ZoneStatus.APPROVED, 107.98),
        draft_zone=_zone(unit, None, ZoneStatus.DRAFT, 107.985),
        suspended_zone=_zone(unit, "VN-GLOR-0091", ZoneStatus.SUSPENDED, 107.99),
    )


@pytest.fixture
def promoter(user_for: UserFor) -> AbstractUser:
    return user_for(Role.TOURISM_PROMOTER)


@pytest.fixture
def other_promoter(user_for: UserFor) -> AbstractUser:
    return user_for(Role.TOURISM_PROMOTER)


ALL_LAYERS = Composition(layers=(
    LayerChoice(kind="tourism_sites"), LayerChoice(kind="tourism_routes"),
    LayerChoice(kind="ocop_producers"), LayerChoice(kind="zones"),
))
MapMaker = Callable[..., PublishedMap]


@pytest.fixture
def published_map(promoter: AbstractUser) -> MapMaker:
    """Make a map by `author` (default: the promoter) showing every kind, published unless told not to."""

    def make(*, author: AbstractUser | None = None, publish: bool = True, **fields: Any) -> PublishedMap:
        values: dict[str, Any] = {"title_vi": "Du lịch Biển Hồ", "title_en": "Bien Ho tourism",
                                  "description_vi": "Hồ, chè và OCOP.", "composition": ALL_LAYERS.to_json(),
                                  "centre_lat": 14.05, "centre_lon": 107.995, "zoom": 13, "base_map": False}
        values.update(fields)
        made = map_create(user=author or promoter, fields=values)
        return map_publish(user=author or promoter, published_map=made) if publish else made

    return make
