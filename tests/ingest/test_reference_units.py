"""Both generations of administrative units load, and pre-2025 names resolve to 2025 units."""

import datetime as dt

import pytest

from ingest.reference_units import units_load_reference
from layers.errors import UnknownUnit
from layers.models import AdminUnit, AdminUnitSuccession, UnitLevel
from layers.selectors import unit_current_communes, unit_find_by_name, unit_resolve_current
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

PLEIKU_2025 = {"23575", "23584", "23563", "23586", "23602", "23590", "23611"}


@pytest.fixture
def reference_units() -> None:
    units_load_reference()


def test_the_2025_units_carry_real_boundaries(reference_units: None) -> None:
    current = unit_current_communes()
    assert set(current.values_list("code", flat=True)) >= PLEIKU_2025
    assert current.count() == 15
    bien_ho = current.get(code="23590")
    assert bien_ho.level == UnitLevel.COMMUNE
    assert bien_ho.parent is not None and bien_ho.parent.code == "52"
    assert bien_ho.area_m2 / 1e6 == pytest.approx(169.47, rel=0.01)  # geodesic area from SOURCE.md
    assert bien_ho.geometry.contains(AdminUnit.objects.get(code="23575").geometry.centroid) is False


def test_former_units_end_on_30_june_2025(reference_units: None) -> None:
    ia_kenh = unit_find_by_name(name="Ia Kênh", among=AdminUnit.objects.filter(valid_to__isnull=False))
    assert ia_kenh.valid_to == dt.date(2025, 6, 30)
    assert ia_kenh.geometry is None
    assert ia_kenh.parent is not None and ia_kenh.parent.full_name == "Thành phố Pleiku"


@pytest.mark.parametrize(
    ("old_name", "code"),
    [("Ia Kênh", "23611"), ("Xã Diên Phú", "23563"), ("Chư Á", "23602"), ("Trà Đa", "23575"),
     ("Tân Sơn", "23590"), ("Chư Đăng Ya", "23590"), ("Hà Bầu", "23590"), ("Ia Pếch", "23611"),
     ("Phường Yên Thế", "23584"), ("Chi Lăng", "23586"), ("Ia Kring", "23563")],
)
def test_old_names_resolve_to_their_2025_unit(reference_units: None, old_name: str, code: str) -> None:
    assert [unit.code for unit in unit_resolve_current(name=old_name)] == [code]


def test_tan_son_reaches_bien_ho_through_two_mergers(reference_units: None) -> None:
    tan_son = AdminUnit.objects.get(slug="pre2025-pleiku-tan-son")
    first = AdminUnitSuccession.objects.get(predecessor=tan_son)
    assert (first.successor.slug, first.effective_on) == ("pre2025-pleiku-bien-ho", dt.date(2024, 11, 1))
    assert first.successor.successions.get().successor.code == "23590"


def test_current_names_resolve_to_themselves_in_any_spelling(reference_units: None) -> None:
    assert [u.code for u in unit_resolve_current(name="bien ho")] == ["23590"]
    assert [u.code for u in unit_resolve_current(name="ÐakÐoa")] == ["23677"]
    assert [u.code for u in unit_resolve_current(name="An Phú")] == ["23602"]


def test_every_former_pleiku_unit_has_a_successor(reference_units: None) -> None:
    orphans = AdminUnit.objects.filter(
        valid_to__isnull=False, level__in=[UnitLevel.WARD, UnitLevel.COMMUNE], successions__isnull=True
    )
    assert list(orphans) == []


def test_an_ambiguous_name_lists_the_candidates() -> None:
    district_a = make_unit("Chư Păh", level=UnitLevel.DISTRICT, geometry=None)
    district_b = make_unit("Ia Grai", level=UnitLevel.DISTRICT, geometry=None)
    make_unit("Ia Ka", parent=district_a)
    make_unit("Ia Ka", parent=district_b)
    with pytest.raises(UnknownUnit, match="several units"):
        unit_find_by_name(name="Ia Ka")
    assert unit_find_by_name(name="Ia Ka", parent="Ia Grai").parent == district_b


def test_an_unknown_name_says_so() -> None:
    with pytest.raises(UnknownUnit, match="Atlantis"):
        unit_resolve_current(name="Atlantis")


def test_loading_twice_changes_nothing(reference_units: None) -> None:
    before = (AdminUnit.objects.count(), AdminUnitSuccession.objects.count())
    units_load_reference()
    assert (AdminUnit.objects.count(), AdminUnitSuccession.objects.count()) == before == (47, 27)
