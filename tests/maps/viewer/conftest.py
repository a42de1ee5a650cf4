"""Fixtures of the viewer tests: a small Pleiku (two communes, a zone, a parcel, a site, a producer)."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.gis.geos import Point

from layers.models import AdminUnit, CultivationZone, OCOPProducer, Parcel, TourismSite, UnitLevel, ZoneStatus
from tests.factories import box, make_unit


@dataclass(frozen=True)
class Place:
    biển_hồ: AdminUnit
    đak_đoa: AdminUnit
    former_biển_hồ: AdminUnit
    zone: CultivationZone
    draft: CultivationZone
    parcel: Parcel
    lake: TourismSite
    producer: OCOPProducer


def make_place() -> Place:
    """Near the viewer's start (13.98 N, 108.0 E): Biển Hồ west of the centre, Đak Đoa east of it."""
    biển_hồ = make_unit("Biển Hồ", lon=107.96, lat=13.96, size_deg=0.04)
    đak_đoa = make_unit("Đak Đoa", lon=108.0, lat=13.96, size_deg=0.04)
    former = make_unit("Biển Hồ", lon=107.96, lat=13.96, size_deg=0.03, level=UnitLevel.COMMUNE,
                       valid_from=None, valid_to=dt.date(2025, 6, 30), full_name="Xã Biển Hồ (cũ)")
    zone = CultivationZone.objects.create(
        name="Vùng cà phê Robusta Biển Hồ", crop="coffee", status=ZoneStatus.APPROVED, code="VN-GLOR-0138",
        declared_area_ha=1234.5, geometry=box(107.97, 13.97, 0.01), markets=["china", "eu"])
    zone.units.set([biển_hồ])
    draft = CultivationZone.objects.create(name="Vùng chè nháp Biển Hồ", crop="tea", status=ZoneStatus.DRAFT,
                                           geometry=box(107.985, 13.985, 0.004))
    draft.units.set([biển_hồ])
    parcel = Parcel.objects.create(unit=biển_hồ, sheet_number=12, parcel_number=345, land_use="CLN",
                                   geometry=box(107.975, 13.965, 0.001))
    lake = TourismSite.objects.create(name_vi="Biển Hồ (hồ T'Nưng)", name_en="T'Nung Lake", category="nature",
                                      geometry=Point(107.985, 13.99, srid=4326), unit=biển_hồ)
    producer = OCOPProducer.objects.create(name="HTX Chè Biển Hồ", kind="cooperative", unit=biển_hồ,
                                           location=Point(107.99, 13.965, srid=4326))
    return Place(biển_hồ, đak_đoa, former, zone, draft, parcel, lake, producer)


@pytest.fixture
def place(db: None) -> Place:
    return make_place()
