"""A small programme whose indicators are counted by hand: the former city with four former units, each
succeeded by one new unit, and a neighbour formed from another district's commune (not in the programme).

    former Pleiku city  ─┬─ old_a (commune) ──► new_a (commune)
                         ├─ old_b (ward)    ──► new_b (ward)  ◄── old_x (other district)
                         ├─ old_c (commune) ──► new_c (ward)
                         └─ old_d (ward)    ──► new_d (ward)
    other district      ─── old_y (commune) ──► neighbour (commune, not in the programme)
"""

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.gis.geos import Point

from analysis.indicators.selectors import PROGRAMME_DISTRICT_SLUG
from layers.models import (
    AdminUnit,
    AdminUnitSuccession,
    CultivationZone,
    LinkageModel,
    OCOPProducer,
    OCOPProduct,
    TourismSite,
    UnitLevel,
)
from tests.factories import make_unit
from tests.layers.zone_fixtures import user_for  # noqa: F401  (fixture)

DAY = dt.date(2026, 1, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)
REFORM = dt.date(2025, 7, 1)
_numbers = itertools.count(1)


@dataclass
class Programme:
    district: AdminUnit
    old: dict[str, AdminUnit]
    new: dict[str, AdminUnit]
    neighbour: AdminUnit


def _former(name: str, parent: AdminUnit, level: str = UnitLevel.COMMUNE) -> AdminUnit:
    return make_unit(name, level=level, parent=parent, valid_from=None, valid_to=LAST_OLD_DAY, geometry=None,
                     code="", slug=f"old-{name.lower()}-{next(_numbers)}")


def _succeed(predecessor: AdminUnit, successor: AdminUnit) -> None:
    AdminUnitSuccession.objects.create(predecessor=predecessor, successor=successor, effective_on=REFORM,
                                       legal_basis="1664/NQ-UBTVQH15")


@pytest.fixture
def programme() -> Programme:
    district = make_unit("Pleiku", level=UnitLevel.DISTRICT, slug=PROGRAMME_DISTRICT_SLUG, code="",
                         valid_from=None, valid_to=LAST_OLD_DAY, geometry=None)
    other = make_unit("Chư Păh", level=UnitLevel.DISTRICT, code="", valid_from=None, valid_to=LAST_OLD_DAY,
                      geometry=None)
    old = {key: _former(f"Old{key.upper()}", district, level) for key, level in
           (("a", UnitLevel.COMMUNE), ("b", UnitLevel.WARD), ("c", UnitLevel.COMMUNE), ("d", UnitLevel.WARD))}
    old["x"] = _former("OldX", other)
    old["y"] = _former("OldY", other)
    new = {key: make_unit(f"New{key.upper()}", level=level, lon=107.9 + 0.06 * index) for index, (key, level) in
           enumerate((("a", UnitLevel.COMMUNE), ("b", UnitLevel.WARD), ("c", UnitLevel.WARD), ("d", UnitLevel.WARD)))}
    neighbour = make_unit("Neighbour", lon=108.2)
    for key in "abcd":
        _succeed(old[key], new[key])
    _succeed(old["x"], new["b"])
    _succeed(old["y"], neighbour)
    return Programme(district=district, old=old, new=new, neighbour=neighbour)


def producer(unit: AdminUnit, kind: str = "cooperative", name: str = "") -> OCOPProducer:
    return OCOPProducer.objects.create(name=name or f"Producer {next(_numbers)}", kind=kind, unit=unit)


def zone(unit: AdminUnit, status: str = "approved", **fields: Any) -> CultivationZone:
    number = next(_numbers)
    code = f"VN-GLOR-{9000 + number}" if status != "draft" else None
    made = CultivationZone.objects.create(code=code, name=f"Zone {number}", crop="coffee", status=status, **fields)
    made.units.set([unit])
    return made


def linkage(*units: AdminUnit, zones: tuple[CultivationZone, ...] = (), started_on: dt.date = dt.date(2023, 1, 1),
            ended_on: dt.date | None = None) -> LinkageModel:
    model = LinkageModel.objects.create(name=f"Linkage {next(_numbers)}", product="coffee", lead_name="Buyer",
                                        started_on=started_on, ended_on=ended_on)
    model.units.set(units)
    model.zones.set(zones)
    return model


def product(maker: OCOPProducer, *zones: CultivationZone, issued_on: dt.date = dt.date(2024, 6, 1),
            expires_on: dt.date = dt.date(2027, 6, 1)) -> OCOPProduct:
    made = OCOPProduct.objects.create(name=f"Product {next(_numbers)}", group="food", stars=3, score="60.00",
                                      issued_on=issued_on, expires_on=expires_on, producer=maker)
    made.source_zones.set(zones)
    return made


def site(unit: AdminUnit) -> TourismSite:
    return TourismSite.objects.create(name_vi=f"Điểm {next(_numbers)}", category="nature", unit=unit,
                                      geometry=Point(108.0, 14.0, srid=4326))
