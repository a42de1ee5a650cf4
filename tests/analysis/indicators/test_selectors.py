"""Each indicator against a hand count on the small programme of conftest.py."""

import datetime as dt

import pytest
from django.utils import translation

from analysis.indicators.selectors import IndicatorValue, Snapshot, indicator_report, indicator_snapshot
from analysis.spec import AnalysisRefused
from layers.models import AdminUnit
from tests.analysis.indicators.conftest import (
    DAY,
    LAST_OLD_DAY,
    Programme,
    linkage,
    producer,
    product,
    site,
    zone,
)

pytestmark = pytest.mark.django_db


def _snapshot(programme: Programme, day: dt.date = DAY) -> Snapshot:
    return indicator_snapshot(day=day, district=programme.district)


def _value(snapshot: Snapshot, key: str) -> IndicatorValue:
    return next(item for item in snapshot.values if item.indicator.key == key)


def _unit(snapshot: Snapshot, unit: AdminUnit) -> dict[str, object]:
    return next(row for row in snapshot.units if row["id"] == unit.pk)


def test_the_programme_units_are_the_former_citys_successors_in_force(programme: Programme) -> None:
    current = _snapshot(programme)
    assert {row["id"] for row in current.units} == {unit.pk for unit in programme.new.values()}
    former = _snapshot(programme, LAST_OLD_DAY)
    assert {row["id"] for row in former.units} == {programme.old[key].pk for key in "abcd"}


def test_cooperation_counts_units_with_a_cooperative(programme: Programme) -> None:
    producer(programme.new["a"])
    producer(programme.new["c"])
    producer(programme.new["b"], kind="company")
    producer(programme.new["d"], kind="coop_group")
    producer(programme.neighbour)
    cooperation = _value(_snapshot(programme), "cooperation")
    assert (cooperation.numerator, cooperation.denominator) == (2, 4)
    assert cooperation.value == 50.0
    assert cooperation.indicator.target == 70.0
    assert cooperation.met is False
    assert cooperation.state == "unmet"


def test_only_linkage_models_in_force_count_and_a_former_unit_counts_for_its_successor(
        programme: Programme) -> None:
    linkage(programme.old["b"])  # cited by the former unit: counts for new_b
    linkage(programme.new["c"], ended_on=dt.date(2025, 12, 31))
    linkage(programme.new["d"], started_on=dt.date(2026, 2, 1))
    linkage(programme.neighbour)
    snapshot = _snapshot(programme)
    cooperation = _value(snapshot, "cooperation")
    assert (cooperation.numerator, cooperation.denominator) == (1, 4)
    assert _unit(snapshot, programme.new["b"])["linkages"] == 1
    assert _unit(snapshot, programme.new["c"])["linkages"] == 0
    assert _value(snapshot, "linkage_digital").denominator == 1


def test_linkage_models_tied_to_an_approved_zone_in_force(programme: Programme) -> None:
    approved = zone(programme.new["a"])
    linkage(programme.new["a"], zones=(approved,))
    linkage(programme.new["b"], programme.new["c"], zones=(approved,))  # two units, one model
    linkage(programme.new["b"], zones=(zone(programme.new["b"], status="draft"),))
    linkage(programme.new["c"], zones=(zone(programme.new["c"], valid_until=dt.date(2025, 12, 1)),))
    linkage(programme.new["d"])
    snapshot = _snapshot(programme)
    digital = _value(snapshot, "linkage_digital")
    assert (digital.numerator, digital.denominator) == (2, 5)
    assert digital.value == pytest.approx(40.0)
    assert digital.met is False
    assert _unit(snapshot, programme.new["b"])["linkages"] == 2
    assert _unit(snapshot, programme.new["b"])["linkages_digital"] == 1


def test_no_linkage_model_gives_no_share_rather_than_zero(programme: Programme) -> None:
    digital = _value(_snapshot(programme), "linkage_digital")
    assert digital.value is None
    assert digital.state == "empty"
    with translation.override("en"):
        assert digital.counts == "0 of 0 linkage models in force"


def test_traceability_counts_units_with_an_approved_code(programme: Programme) -> None:
    zone(programme.new["a"])
    zone(programme.new["b"], status="submitted")
    zone(programme.new["c"], status="suspended")
    zone(programme.old["d"])  # a code cited by the former unit
    traceability = _value(_snapshot(programme), "traceability")
    assert (traceability.numerator, traceability.denominator) == (2, 4)
    assert traceability.indicator.target is None
    assert traceability.met is None
    assert traceability.state == "untargeted"


def test_ocop_products_in_force_with_an_approved_source_zone(programme: Programme) -> None:
    approved = zone(programme.new["a"])
    maker = producer(programme.new["a"])
    product(maker, approved)
    product(maker, zone(programme.new["a"], status="draft"))
    product(maker, approved, issued_on=dt.date(2022, 1, 1), expires_on=dt.date(2025, 1, 1))
    product(producer(programme.neighbour), approved)
    traceable = _value(_snapshot(programme), "ocop_traceable")
    assert (traceable.numerator, traceable.denominator) == (1, 2)
    assert traceable.value == 50.0


def test_pilot_parts_need_a_code_a_product_and_a_site(programme: Programme) -> None:
    for key in "ab":
        unit = programme.new[key]
        product(producer(unit), zone(unit))
    site(programme.new["a"])
    site(programme.new["c"])
    snapshot = _snapshot(programme)
    pilot = _value(snapshot, "pilot_ready")
    assert pilot.value == 1.0
    assert pilot.met is True
    assert pilot.bar == 100.0
    assert [row["is_pilot_ready"] for row in snapshot.units if row["id"] == programme.new["a"].pk] == [True]


def test_the_report_adds_the_former_units_on_their_last_day(programme: Programme) -> None:
    linkage(programme.old["a"], started_on=dt.date(2022, 1, 1))
    linkage(programme.new["c"], started_on=dt.date(2022, 1, 1))  # cites a new unit: not placeable in the old
    report = indicator_report(day=DAY)
    assert report.former is not None and report.former.day == LAST_OLD_DAY
    former = _value(report.former, "cooperation")
    assert (former.numerator, former.denominator) == (1, 4)
    current = _value(report.current, "cooperation")
    assert (current.numerator, current.denominator) == (2, 4)
    assert [item.indicator.key for item in report.not_measured][:2] == ["dossiers_city", "dossiers_commune"]
    assert all(item.value is None and item.state == "unmeasured" for item in report.not_measured)


def test_a_report_on_a_day_before_the_reform_has_no_separate_former_figures(programme: Programme) -> None:
    report = indicator_report(day=dt.date(2025, 1, 1))
    assert report.former is None
    assert len(report.current.units) == 4


def test_without_the_former_city_the_report_is_refused() -> None:
    with pytest.raises(AnalysisRefused, match="pre2025-pleiku"):
        indicator_report(day=DAY)
