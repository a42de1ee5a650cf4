"""Fixtures for the trace tests (prefixed `trace_`): a registered zone with units, parcels and OCOP products."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from layers.models import (
    AdminUnit,
    CultivationZone,
    OCOPProducer,
    OCOPProduct,
    Parcel,
    ZoneAction,
    ZoneRevision,
    ZoneStatus,
)
from tests.factories import box, make_unit

XSS = '<script>alert("holder")</script>'
REPRESENTATIVE = "Nguyễn Văn Riêngtư"
HOUSEHOLDS = 6543
SHEET_NUMBER, PARCEL_NUMBER = 4321, 8765


@pytest.fixture
def trace_unit() -> AdminUnit:
    return make_unit("Biển Hồ", lon=107.98, lat=14.00, size_deg=0.05, full_name="Xã Biển Hồ",
                     full_name_en="Bien Ho Commune")


ZoneMaker = Callable[..., CultivationZone]


@pytest.fixture
def trace_zone(trace_unit: AdminUnit) -> ZoneMaker:
    """Make a zone in `trace_unit`: a box of 0.005° (about 30 ha) with any fields overridden."""

    def make(code: str = "VN-GLOR-0138", status: str = ZoneStatus.APPROVED, **fields: Any) -> CultivationZone:
        values: dict[str, Any] = {
            "name": "Vùng chanh dây Biển Hồ", "crop": "passion_fruit", "variety": "Đài Nông 1",
            "holder": "Hợp tác xã Nông nghiệp Biển Hồ", "representative": REPRESENTATIVE,
            "households": HOUSEHOLDS, "markets": ["china", "domestic"], "standards": ["vietgap"],
            "valid_from": dt.date(2024, 3, 1), "valid_until": dt.date(2099, 3, 1),
            "geometry": box(108.00, 14.02, 0.005),
        }
        values.update(fields)
        zone = CultivationZone.objects.create(code=code, status=status, **values)
        zone.units.set([trace_unit])
        return zone

    return make


@pytest.fixture
def trace_parcel(trace_unit: AdminUnit) -> Parcel:
    return Parcel.objects.create(unit=trace_unit, sheet_number=SHEET_NUMBER, parcel_number=PARCEL_NUMBER,
                                 land_use="CLN", geometry=box(108.001, 14.021, 0.001))


@pytest.fixture
def trace_product(trace_unit: AdminUnit) -> Callable[..., OCOPProduct]:
    producer = OCOPProducer.objects.create(name="Công ty TNHH Trà Biển Hồ", kind="company", unit=trace_unit)

    def make(zone: CultivationZone, name: str, *, stars: int = 4, expired: bool = False) -> OCOPProduct:
        issued = dt.date(2020, 1, 1) if expired else timezone.localdate() - dt.timedelta(days=30)
        product = OCOPProduct.objects.create(
            name=name, group="drinks", stars=stars, score={3: 60, 4: 80, 5: 95}[stars], issued_on=issued,
            expires_on=issued + dt.timedelta(days=1095), producer=producer)
        product.source_zones.add(zone)
        return product

    return make


def trace_decide(zone: CultivationZone, action: ZoneAction, on: dt.datetime) -> None:
    """Record a decision on `zone` as layers.zone_services would, dated `on`."""
    zone.version += 1
    zone.save()
    revision = ZoneRevision.objects.create(zone=zone, version=zone.version, action=action, reason="kiểm tra")
    ZoneRevision.objects.filter(pk=revision.pk).update(recorded_at=on)  # auto_now_add ignores a given date
