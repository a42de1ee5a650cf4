"""`load_demo` builds the Pleiku demo and gives the same database when run twice."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from layers.models import (
    AdminUnit,
    CultivationZone,
    OCOPProducer,
    OCOPProduct,
    Parcel,
    Role,
    TourismRoute,
    TourismSite,
    UserScope,
)

pytestmark = pytest.mark.django_db

DEMO_PARCELS = 600
COUNTED = (AdminUnit, Parcel, CultivationZone, OCOPProducer, OCOPProduct, TourismSite, TourismRoute, UserScope)


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in COUNTED}
    counts["zone parcels"] = CultivationZone.parcels.through.objects.count()
    counts["product zones"] = OCOPProduct.source_zones.through.objects.count()
    return counts


@pytest.fixture
def demo() -> dict[str, int]:
    call_command("load_demo", "--parcels", str(DEMO_PARCELS), "--seed", "7")
    return _counts()


def test_loading_twice_gives_the_same_counts(demo: dict[str, int]) -> None:
    call_command("load_demo", "--parcels", str(DEMO_PARCELS), "--seed", "7")
    assert _counts() == demo
    assert demo["Parcel"] == DEMO_PARCELS
    assert demo["CultivationZone"] == 9
    assert demo["UserScope"] == len(Role)


def test_everything_but_the_real_boundaries_is_flagged_illustrative(demo: dict[str, int]) -> None:
    for model in (Parcel, CultivationZone, OCOPProducer, OCOPProduct, TourismSite, TourismRoute):
        assert not model.objects.filter(is_illustrative=False).exists(), model.__name__


def test_demo_codes_are_stored_normalised(demo: dict[str, int]) -> None:
    codes = set(CultivationZone.objects.exclude(code=None).values_list("code", flat=True))
    assert {"VN-GLOR-0138", "VN-GLOR-0090OT", "VN-GLOR-0065", "CD.20.01.01.001"} <= codes


def test_a_zone_spans_several_units_and_its_area_is_close_to_the_declared_one(demo: dict[str, int]) -> None:
    zone = CultivationZone.objects.get(code="VN-GLOR-0065")
    assert sorted(zone.units.values_list("code", flat=True)) == ["23563", "23602", "23611"]
    assert zone.area_ha == pytest.approx(float(zone.declared_area_ha), rel=0.02)


def test_an_unmapped_zone_is_kept_without_geometry(demo: dict[str, int]) -> None:
    zone = CultivationZone.objects.get(code="CD.20.01.01.001")
    assert zone.geometry is None
    assert list(zone.units.values_list("code", flat=True)) == ["23611"]


def test_ocop_products_link_to_their_raw_material_zones(demo: dict[str, int]) -> None:
    tea = OCOPProduct.objects.get(name="Chè xanh Biển Hồ")
    assert [z.code for z in tea.source_zones.all()] == ["VN-GLOR-0090OT"]
    assert tea.expires_on.year - tea.issued_on.year == 3


def test_the_lake_is_near_108e_14n_and_inside_bien_ho(demo: dict[str, int]) -> None:
    lake = TourismSite.objects.get(name_vi="Biển Hồ (hồ T'Nưng)")
    centre = lake.geometry.centroid
    assert centre.x == pytest.approx(108.0, abs=0.01)
    assert centre.y == pytest.approx(14.05, abs=0.01)
    assert lake.unit.code == "23590"
    assert AdminUnit.objects.get(code="23590", valid_to=None).geometry.contains(lake.geometry)


def test_one_demo_user_per_role(demo: dict[str, int]) -> None:
    roles = set(UserScope.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    staff = get_user_model().objects.get(username="canbo_bienho")
    assert list(staff.scope.units.values_list("code", flat=True)) == ["23590"]


def test_demo_zones_do_not_overlap_and_sites_lie_in_their_unit(demo: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM layers_cultivationzone a JOIN layers_cultivationzone b "
            "ON a.id < b.id AND ST_Intersects(a.geometry, b.geometry)"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM layers_tourismsite s JOIN layers_adminunit u ON u.id = s.unit_id "
            "WHERE NOT ST_Covers(u.geometry, s.geometry)"
        )
        assert cursor.fetchone()[0] == 0


def test_a_refused_demo_leaves_the_database_untouched() -> None:
    with pytest.raises(CommandError, match="0"):
        call_command("load_demo", "--parcels", "0")
    assert AdminUnit.objects.count() == 0
