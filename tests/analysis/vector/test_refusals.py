"""Every bad input is refused before any work, with a message that names the parameter."""

import datetime as dt

import pytest
from django.utils import translation

from analysis.spec import AnalysisRefused, analyses_all, analysis_get, values_parse
from layers.models import AdminUnit, AdminUnitSuccession, CultivationZone
from tests.factories import make_unit
from tests.layers.zone_fixtures import Square


def _refusal(name: str, **raw: object) -> str:
    analysis = analysis_get(name)
    with translation.override("en"), pytest.raises(AnalysisRefused) as refused:
        analysis.refuse(values_parse(analysis.params, raw))
    return str(refused.value)


def test_the_three_analyses_are_registered() -> None:
    names = {analysis.name for analysis in analyses_all()}
    assert {"overlay", "unit_statistics", "proximity"} <= names


@pytest.mark.parametrize(("name", "raw", "param"), [
    ("proximity", {"distance_km": "1e-9"}, "distance_km"),   # a buffer of 1e-6 m
    ("proximity", {"distance_km": "1e6"}, "distance_km"),    # a buffer of 1e9 m
    ("proximity", {"distance_km": "-1"}, "distance_km"),
    ("proximity", {"distance_km": "nan"}, "distance_km"),
    ("proximity", {"distance_km": "một"}, "distance_km"),
    ("overlay", {"tolerance_m2": "0"}, "tolerance_m2"),
    ("overlay", {"tolerance_m2": "1e9"}, "tolerance_m2"),
    ("overlay", {"min_share": "1.5"}, "min_share"),
    ("overlay", {"crop": "opium"}, "crop"),
    ("overlay", {"status": "lost"}, "status"),
    ("overlay", {"radius": "3"}, "radius"),
    ("unit_statistics", {"period": "1990"}, "period"),
])
def test_out_of_range_and_malformed_parameters(name: str, raw: dict[str, str], param: str) -> None:
    with translation.override("en"), pytest.raises(AnalysisRefused, match=param):
        values_parse(analysis_get(name).params, raw)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["overlay", "unit_statistics"])
def test_unknown_unit(name: str, square: Square) -> None:
    CultivationZone.objects.create(name="Z", crop="coffee", geometry=square(0, 0, 100))
    message = _refusal(name, unit="00000")
    assert "unit" in message and "00000" in message


@pytest.mark.django_db
def test_overlay_of_a_former_unit_without_boundary_points_to_its_successor(commune_a: AdminUnit) -> None:
    former = make_unit("Tân Sơn", valid_from=None, valid_to=dt.date(2025, 6, 30), geometry=None)
    AdminUnitSuccession.objects.create(predecessor=former, successor=commune_a, effective_on=dt.date(2025, 7, 1),
                                       legal_basis="1664/NQ-UBTVQH15")
    message = _refusal("overlay", unit=former.code)
    assert "unit" in message and commune_a.code in message


@pytest.mark.django_db
def test_overlay_without_a_matching_mapped_zone(square: Square) -> None:
    CultivationZone.objects.create(name="Not mapped", crop="tea")
    CultivationZone.objects.create(name="Z", crop="coffee", geometry=square(0, 0, 100))
    assert "crop" in _refusal("overlay", crop="tea")


@pytest.mark.django_db
def test_proximity_without_located_producers() -> None:
    assert "location" in _refusal("proximity")
