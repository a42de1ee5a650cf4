"""The `programme_indicators` analysis runs through the spec like every other: parameters, refusal, tables, chart."""

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from analysis.spec import AnalysisRefused, RunContext, analysis_get, values_parse
from tests.analysis.indicators.conftest import Programme, linkage, producer, zone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are matched in English; the platform speaks Vietnamese by default."""
    with translation.override("en"):
        yield


def _context(tmp_path: Path, notes: list[tuple[float, str]]) -> RunContext:
    return RunContext(work_dir=tmp_path, progress=lambda fraction, note: notes.append((fraction, note)))


def test_the_analysis_gives_the_indicator_table_the_units_and_a_chart(programme: Programme, tmp_path: Path) -> None:
    producer(programme.new["a"])
    linkage(programme.old["b"], zones=(zone(programme.new["b"]),), started_on=dt.date(2022, 1, 1))
    analysis = analysis_get("programme_indicators")
    values = values_parse(analysis.params, {"date": "01/01/2026"})
    analysis.refuse(values)
    notes: list[tuple[float, str]] = []
    result = analysis.run(values, _context(tmp_path, notes))

    indicators = result.tables["indicators"].set_index("key")
    assert indicators.loc["cooperation", "value"] == 50.0
    assert indicators.loc["cooperation", "target"] == 70.0
    assert indicators.loc["cooperation", "numerator"] == 2
    assert indicators.loc["linkage_digital", "value"] == 100.0
    assert bool(indicators.loc["linkage_digital", "met"]) is True
    assert indicators.loc["dossiers_city", "target"] == 80.0
    assert not indicators.loc["dossiers_city", "measured"]
    assert indicators.loc["cooperation", "source"] == "KH 1362/KH-UBND"
    assert len(result.tables["units"]) == 4
    assert result.tables["units"]["is_cooperating"].sum() == 2
    # The model cites the former unit b, which was in force on 30/06/2025.
    assert result.tables["units_before_reform"]["is_cooperating"].sum() == 1
    chart = result.charts[0]
    assert chart.table == "progress" and len(chart.y) == 2
    assert len(result.tables["progress"]) == 2  # the two measured shares with a target
    assert result.summary["reference_date"] == "2026-01-01"
    assert result.summary["cooperation"] == 50.0
    assert notes[-1][0] == 1.0


def test_an_empty_date_means_today(programme: Programme, tmp_path: Path) -> None:
    analysis = analysis_get("programme_indicators")
    values = values_parse(analysis.params, {})
    result = analysis.run(values, _context(tmp_path, []))
    assert result.summary["reference_date"] == timezone.localdate().isoformat()


@pytest.mark.parametrize("text", ["31/02/2026", "yesterday", "2026-13-01"])
def test_a_malformed_date_is_refused_before_any_work(text: str) -> None:
    analysis = analysis_get("programme_indicators")
    with pytest.raises(AnalysisRefused, match="not a date"):
        analysis.refuse(values_parse(analysis.params, {"date": text}))


def test_a_future_date_is_refused() -> None:
    analysis = analysis_get("programme_indicators")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(AnalysisRefused, match="future"):
        analysis.refuse(values_parse(analysis.params, {"date": tomorrow}))


def test_an_unknown_parameter_is_refused() -> None:
    analysis = analysis_get("programme_indicators")
    with pytest.raises(AnalysisRefused, match="Unknown parameter"):
        values_parse(analysis.params, {"day": "2026-01-01"})


def test_the_command_runs_it_and_writes_the_workbook(programme: Programme, tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    producer(programme.new["a"])
    out = tmp_path / "indicators.xlsx"
    text = StringIO()
    call_command("analyse", "programme_indicators", "--param", "date=2026-01-01", "--out", str(out), stdout=text)
    assert "cooperation: 25.0" in text.getvalue()
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"indicators", "units", "progress", "units_before_reform"} <= set(sheets)
    cooperation = sheets["indicators"].set_index("key").loc["cooperation"]
    assert (cooperation["value"], cooperation["numerator"], cooperation["denominator"]) == (25.0, 1, 4)
