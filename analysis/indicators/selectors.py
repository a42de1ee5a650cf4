"""The plan's indicators on a day: values against targets, and the per-unit rows behind them."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from analysis.indicators.catalogue import MEASURED, NOT_MEASURED, Indicator, Measure
from analysis.indicators.queries import counts_on
from analysis.spec import AnalysisRefused
from layers.models import AdminUnit

# The programme is Pleiku's (plan 1362/KH-UBND): its units are the former city's and their successors.
PROGRAMME_DISTRICT_SLUG = "pre2025-pleiku"


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator's figure: `value` is a percentage for shares, a number of units for counts;
    None when there is nothing to count (no units, no linkage models) or the platform cannot measure it."""

    indicator: Indicator
    numerator: int | None = None
    denominator: int | None = None

    @property
    def value(self) -> float | None:
        if self.numerator is None:
            return None
        if self.indicator.measure is Measure.COUNT:
            return float(self.numerator)
        if not self.denominator:
            return None
        return 100.0 * self.numerator / self.denominator

    @property
    def met(self) -> bool | None:
        """Whether the target is reached; None without a target or a value."""
        target, value = self.indicator.target, self.value
        if target is None or value is None:
            return None
        return value >= target

    @property
    def state(self) -> str:
        """For the dashboard: met, unmet, untargeted (the plan sets no figure), empty (nothing to count)
        or unmeasured (the platform's data cannot say)."""
        if not self.indicator.is_measured:
            return "unmeasured"
        if self.indicator.target is None:
            return "untargeted"
        if self.value is None:
            return "empty"
        return "met" if self.met else "unmet"

    @property
    def target_mark(self) -> float | None:
        """Where the target sits on the bar's 0–100 scale; None for counts and indicators without one."""
        return self.indicator.target if self.indicator.measure is Measure.SHARE else None

    @property
    def counts(self) -> str:
        """What the figure counts, e.g. "5 of 7 units"; empty when not measured."""
        if self.numerator is None:
            return ""
        return str(self.indicator.counts) % {"numerator": self.numerator, "denominator": self.denominator}

    @property
    def bar(self) -> float:
        """The value on a 0–100 scale for the dashboard's bar (a count against its target)."""
        value = self.value or 0.0
        if self.indicator.measure is Measure.COUNT:
            value = 100.0 * value / (self.indicator.target or 1.0)
        return min(max(value, 0.0), 100.0)


@dataclass(frozen=True)
class Snapshot:
    """The indicators for the programme's units in force on `day`, and one row per unit."""

    day: dt.date
    values: tuple[IndicatorValue, ...]
    units: list[dict[str, Any]]


@dataclass(frozen=True)
class ProgrammeReport:
    """Today's units, the former units on their last day (None when `current` is already that day or
    earlier), and the plan's targets that the platform does not measure."""

    current: Snapshot
    former: Snapshot | None
    not_measured: tuple[IndicatorValue, ...]


def programme_district_get() -> AdminUnit:
    """The programme's former city, whose units and their successors the indicators count."""
    district = AdminUnit.objects.filter(slug=PROGRAMME_DISTRICT_SLUG).first()
    if district is None:
        raise AnalysisRefused(
            _("The former Pleiku city (%(slug)s) is not in the database, so the programme's units are "
              "unknown. Load the reference administrative units (manage.py load_demo).")
            % {"slug": PROGRAMME_DISTRICT_SLUG}
        )
    return district


def _unit_name(row: dict[str, Any], language: str) -> str:
    return str(row["full_name_en"] if language == "en" and row["full_name_en"] else row["full_name"])


def indicator_snapshot(*, day: dt.date, district: AdminUnit) -> Snapshot:
    """Every measured indicator for the programme's units in force on `day`."""
    counts = counts_on(day=day, district_id=district.pk)
    totals = counts.totals
    values = tuple(
        IndicatorValue(indicator, totals[indicator.numerator],
                       totals[indicator.denominator] if indicator.denominator else None)
        for indicator in MEASURED
    )
    language = get_language() or "vi"
    units = [{**row, "name": _unit_name(row, language)} for row in counts.units]
    return Snapshot(day=day, values=values, units=units)


def indicator_report(*, day: dt.date) -> ProgrammeReport:
    """The plan's indicators on `day`, with the former units' figures on their last day for reference."""
    district = programme_district_get()
    last_day = district.valid_to
    former = (indicator_snapshot(day=last_day, district=district)
              if last_day is not None and day > last_day else None)
    return ProgrammeReport(
        current=indicator_snapshot(day=day, district=district), former=former,
        not_measured=tuple(IndicatorValue(indicator) for indicator in NOT_MEASURED),
    )
