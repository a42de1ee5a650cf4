"""Statistics per unit against a hand count, with a former unit merged into a current one.

    N (current, commune A's 2 km square)       B (current, east of N)
    O (before 2025, no boundary) merged into N on 1 July 2025
    Z1 coffee approved, 4 ha inside N, 10 households    Z2 tea draft, 1 ha inside N, 4 households
    Z4 coffee draft, 4 ha across N's eastern edge: 2 ha and 4 households on each side
    Z3 coffee draft, not mapped, 2.5 ha declared, 3 households, its record names O
    producer PA located in N: 3★ food, 4★ drinks      producer PB registered under O, no location: 3★ food
"""

import datetime as dt

import pytest

from layers.models import AdminUnit, AdminUnitSuccession, CultivationZone, OCOPProducer, OCOPProduct
from tests.analysis.vector.conftest import PointAt, Run
from tests.factories import make_unit
from tests.layers.zone_fixtures import Square


def _product(producer: OCOPProducer, *, group: str, stars: int) -> None:
    OCOPProduct.objects.create(name=f"{group} {stars}", group=group, stars=stars, score=20 * stars,
                               issued_on=dt.date(2024, 1, 1), expires_on=dt.date(2027, 1, 1), producer=producer)


@pytest.fixture
def former(commune_a: AdminUnit) -> AdminUnit:
    unit = make_unit("Tân Sơn", valid_from=None, valid_to=dt.date(2025, 6, 30), geometry=None)
    AdminUnitSuccession.objects.create(predecessor=unit, successor=commune_a, effective_on=dt.date(2025, 7, 1),
                                       legal_basis="1664/NQ-UBTVQH15")
    return unit


@pytest.fixture
def records(commune_a: AdminUnit, commune_b: AdminUnit, former: AdminUnit, square: Square, point: PointAt) -> None:
    zones = [
        CultivationZone(name="Z1", crop="coffee", status="approved", code="VN-GLOR-0065", households=10,
                        geometry=square(0, 0, 200)),
        CultivationZone(name="Z2", crop="tea", households=4, geometry=square(400, 400, 100)),
        CultivationZone(name="Z4", crop="coffee", households=8, geometry=square(1900, 0, 200)),
        CultivationZone(name="Z3", crop="coffee", households=3, declared_area_ha=2.5),
    ]
    for zone in zones:
        zone.save()
    zones[3].units.set([former])
    located = OCOPProducer.objects.create(name="PA", kind="cooperative", unit=commune_a, location=point(50, 50))
    _product(located, group="food", stars=3)
    _product(located, group="drinks", stars=4)
    registered = OCOPProducer.objects.create(name="PB", kind="household", unit=former)
    _product(registered, group="food", stars=3)


@pytest.mark.django_db
@pytest.mark.usefixtures("records")
def test_figures_per_unit(run: Run, commune_a: AdminUnit, commune_b: AdminUnit, former: AdminUnit) -> None:
    units = run("unit_statistics").tables["units"].set_index("unit_code")
    new, east, old = units.loc[commune_a.code], units.loc[commune_b.code], units.loc[former.code]
    assert (new["zones"], new["zone_area_ha"], new["households"]) == (3, pytest.approx(7.0, rel=1e-4),
                                                                      pytest.approx(18.0, rel=1e-4))
    assert (new["ocop_products"], new["stars_3"], new["stars_4"], new["stars_5"]) == (2, 1, 1, 0)
    assert (east["zones"], east["zone_area_ha"], east["households"]) == (1, pytest.approx(2.0, rel=1e-4),
                                                                         pytest.approx(4.0, rel=1e-4))
    assert (old["zones"], old["zone_area_ha"], old["households"], old["ocop_products"]) == (1, 2.5, 3.0, 1)
    assert (new["method"], old["method"], old["period"]) == ("geometry", "declared", "former")
    assert old["successors"] == commune_a.code and new["predecessors"] == former.code


@pytest.mark.django_db
@pytest.mark.usefixtures("records")
def test_former_and_current_side_by_side(run: Run, commune_a: AdminUnit, former: AdminUnit) -> None:
    result = run("unit_statistics", unit=commune_a.code)
    assert set(result.tables["units"]["unit_code"]) == {commune_a.code, former.code}
    (row,) = result.tables["former_and_current"].to_dict("records")
    assert (row["former_unit_code"], row["former_zones"], row["former_zone_area_ha"]) == (former.code, 1, 2.5)
    assert (row["current_unit_code"], row["current_zones"]) == (commune_a.code, 3)
    assert row["current_zone_area_ha"] == pytest.approx(7.0, rel=1e-4)
    features = result.features
    assert features is not None and features["unit_code"].tolist() == [commune_a.code]


@pytest.mark.django_db
@pytest.mark.usefixtures("records")
def test_breakdowns_by_crop_status_and_stars(run: Run, commune_a: AdminUnit) -> None:
    result = run("unit_statistics", unit=commune_a.code, period="current")
    zones = result.tables["zones_by_crop_status"].set_index(["crop", "status"])
    assert zones.loc[("coffee", "approved"), "zones"] == 1
    assert zones.loc[("coffee", "approved"), "area_ha"] == pytest.approx(4.0, rel=1e-4)
    assert zones.loc[("coffee", "draft"), "area_ha"] == pytest.approx(2.0, rel=1e-4)
    assert zones.loc[("tea", "draft"), "zones"] == 1
    ocop = result.tables["ocop_by_group_stars"]
    assert sorted(zip(ocop["product_group"], ocop["stars"], ocop["products"], strict=True)) == [
        ("drinks", 4, 1), ("food", 3, 1)]
    assert result.summary["units_former"] == 0


@pytest.mark.django_db
def test_units_without_any_record_count_zero(run: Run, commune_a: AdminUnit, former: AdminUnit) -> None:
    result = run("unit_statistics", unit=commune_a.code)
    units = result.tables["units"].set_index("unit_code")
    assert units.loc[[commune_a.code, former.code], ["zones", "ocop_products", "stars_5"]].to_numpy().sum() == 0
    assert result.tables["zones_by_crop_status"].empty and result.tables["ocop_by_group_stars"].empty
    assert len(result.tables["former_and_current"]) == 1
    assert run("unit_statistics", unit=commune_a.code, period="former").features is None
