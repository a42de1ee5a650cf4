"""Real rows for the OGC API tests: a commune before and after the reform, a 5 × 5 grid of parcels,
approved and draft zones, one OCOP producer and one tourism site, all near Pleiku."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import MultiPolygon, Point

from layers.models import (
    AdminUnit,
    CultivationZone,
    OCOPProducer,
    Parcel,
    Role,
    TourismSite,
    UnitLevel,
    ZoneStatus,
)
from layers.services import user_provision
from tests.factories import box, make_unit, square_in_vn2000

GRID = 5
CELL_DEG = 0.001
STEP_DEG = 0.002
GRID_LON, GRID_LAT = 108.000, 14.040
# A CRS84 box whose edges run through the gaps of the grid: it holds the parcels of columns 1–2 and
# rows 1–3 (six parcels), whichever CRS it is written in.
GRID_BBOX = (108.0015, 14.0415, 108.0055, 14.0475)
GRID_BBOX_PARCELS = 6


@dataclass(frozen=True)
class OgcData:
    commune: AdminUnit
    old_district: AdminUnit
    parcels: list[Parcel]
    coffee: CultivationZone
    pepper: CultivationZone
    draft: CultivationZone
    producer: OCOPProducer
    site: TourismSite


def _parcel_grid(unit: AdminUnit) -> list[Parcel]:
    parcels = []
    for column in range(GRID):
        for row in range(GRID):
            geometry = box(GRID_LON + column * STEP_DEG, GRID_LAT + row * STEP_DEG, CELL_DEG)
            parcels.append(Parcel.objects.create(unit=unit, sheet_number=column + 1, parcel_number=row + 1,
                                                 land_use="CLN", geometry=geometry))
    return parcels


def _zone(name: str, status: str, geometry: MultiPolygon, **fields: object) -> CultivationZone:
    code = f"VN-GLOR-{CultivationZone.objects.count() + 1:04d}" if status != ZoneStatus.DRAFT else None
    return CultivationZone.objects.create(name=name, status=status, code=code, geometry=geometry, **fields)


@pytest.fixture
def ogc_data(db: None) -> OgcData:
    commune = make_unit("Biển Hồ", lon=107.99, lat=14.03, size_deg=0.08)
    old_district = make_unit("Huyện cũ", level=UnitLevel.DISTRICT, lon=107.95, lat=13.95, size_deg=0.2,
                             valid_from=dt.date(2000, 1, 1), valid_to=dt.date(2025, 6, 30))
    coffee = _zone("Cà phê Biển Hồ", ZoneStatus.APPROVED,
                   square_in_vn2000(easting=447_000, northing=1_551_000, side_m=200),
                   crop="coffee", markets=["eu", "china"], representative="Nguyễn Văn A", households=12)
    pepper = _zone("Hồ tiêu Chư Á", ZoneStatus.APPROVED, box(108.02, 14.06, 0.004), crop="pepper",
                   markets=["domestic"])
    # Far from the others, so that it would widen the extent if it leaked.
    draft = _zone("Chè nháp", ZoneStatus.DRAFT, box(108.30, 14.30, 0.004), crop="tea")
    producer = OCOPProducer.objects.create(name="HTX Cà phê", kind="cooperative", unit=commune,
                                           location=Point(108.01, 14.05, srid=4326), tax_code="5900000001")
    site = TourismSite.objects.create(name_vi="Biển Hồ", name_en="T'Nung Lake", category="nature", unit=commune,
                                      geometry=Point(108.005, 14.045, srid=4326))
    return OgcData(commune, old_district, _parcel_grid(commune), coffee, pepper, draft, producer, site)


@pytest.fixture
def approver(db: None) -> User:
    user, _password = user_provision(username="approver-ogc", role=Role.APPROVER, password="pw-long-enough")
    assert isinstance(user, User)
    return user
