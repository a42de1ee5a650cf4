"""The `programme_indicators` analysis: the plan's indicators on a reference date, as tables and a chart, so they
run, are stored and downloaded through the jobs like every other analysis."""

import datetime as dt
from typing import Any

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analysis.indicators.catalogue import Measure
from analysis.indicators.selectors import IndicatorValue, Snapshot, indicator_report
from analysis.spec import (
    Analysis,
    AnalysisRefused,
    Chart,
    Param,
    ParamKind,
    Result,
    RunContext,
    Values,
    register,
)

UNIT_COLUMNS = ("code", "name", "level", "cooperatives", "linkages", "linkages_digital", "approved_zones",
                "products", "products_traceable", "sites", "is_cooperating", "is_traceable", "is_pilot_ready")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# Whole counts, missing for the targets the platform does not measure, stay integers in CSV and XLSX.
_COUNT_TYPES = {"numerator": "Int64", "denominator": "Int64"}


def reference_date_parse(text: str) -> dt.date:
    """The reference date typed as 2025-12-31 or 31/12/2025; today when empty. Future dates are refused."""
    if not text:
        return timezone.localdate()
    for form in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
        if day > timezone.localdate():
            raise AnalysisRefused(_("The reference date %(day)s is in the future.") % {"day": text})
        return day
    raise AnalysisRefused(_("The reference date %(day)s is not a date such as 2025-12-31.") % {"day": text})


def _indicator_row(item: IndicatorValue) -> dict[str, Any]:
    indicator = item.indicator
    return {
        "key": indicator.key, "indicator": str(indicator.label), "value": _rounded(item.value),
        "measure": indicator.measure.value, "numerator": item.numerator, "denominator": item.denominator,
        "target": indicator.target, "met": item.met, "measured": indicator.is_measured,
        "source": indicator.source, "method": str(indicator.method),
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _indicators_table(values: tuple[IndicatorValue, ...]) -> pd.DataFrame:
    return pd.DataFrame([_indicator_row(item) for item in values]).astype(_COUNT_TYPES)


def _units_table(snapshot: Snapshot) -> pd.DataFrame:
    return pd.DataFrame(snapshot.units, columns=list(UNIT_COLUMNS))


def _progress_table(values: tuple[IndicatorValue, ...]) -> pd.DataFrame:
    """The shares that have a target, for the chart of value against target."""
    rows = [{"indicator": str(item.indicator.label), _("value (%)"): _rounded(item.value),
             _("target (%)"): item.indicator.target}
            for item in values if item.indicator.measure is Measure.SHARE and item.indicator.target is not None]
    return pd.DataFrame(rows)


@register
class ProgrammeIndicators(Analysis):
    # Not "indicators": /analysis/indicators/ is the dashboard, so a form there could not be reached.
    name = "programme_indicators"
    title = gettext_lazy("Smart new-rural programme indicators")
    description = gettext_lazy(
        "Pleiku's plan 1362/KH-UBND: the figures the platform's data can measure, against the plan's "
        "targets, with the units behind each figure; the former (pre-2025) units on their last day."
    )
    params = (
        Param("date", ParamKind.TEXT, gettext_lazy("reference date"), default="",
              help=gettext_lazy("YYYY-MM-DD or DD/MM/YYYY; empty for today.")),
    )

    def refuse(self, values: Values) -> None:
        reference_date_parse(values["date"])

    def run(self, values: Values, context: RunContext) -> Result:
        day = reference_date_parse(values["date"])
        context.progress(0.1, _("Counting units, linkage models, zones and products"))
        report = indicator_report(day=day)
        measured = report.current.values
        tables = {
            "indicators": _indicators_table(measured + report.not_measured),
            "units": _units_table(report.current),
            "progress": _progress_table(measured),
        }
        if report.former is not None:
            tables["units_before_reform"] = _units_table(report.former)
            tables["indicators_before_reform"] = _indicators_table(report.former.values)
        context.progress(1.0, _("Done"))
        chart = Chart(table="progress", x="indicator", y=tuple(tables["progress"].columns[1:]),
                      title=gettext_lazy("Value and target (%)"))
        summary: dict[str, Any] = {"reference_date": day.isoformat()}
        summary |= {item.indicator.key: _rounded(item.value) for item in measured}
        return Result(tables=tables, charts=(chart,), summary=summary)
