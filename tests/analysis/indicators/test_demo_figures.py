"""The demo's linkage models give the dashboard real-looking figures, counted by hand from
ingest/data/demo-pleiku.json."""

import datetime as dt

import pytest
from django.core.management import call_command

from analysis.indicators.selectors import Snapshot, indicator_report
from layers.models import LinkageModel

pytestmark = pytest.mark.django_db


def _counts(snapshot: Snapshot) -> dict[str, tuple[int | None, int | None]]:
    return {item.indicator.key: (item.numerator, item.denominator) for item in snapshot.values}


def test_the_demo_figures() -> None:
    call_command("load_demo", "--parcels", "50", "--seed", "7")
    assert LinkageModel.objects.count() == 6
    assert not LinkageModel.objects.filter(is_illustrative=False).exists()
    report = indicator_report(day=dt.date(2026, 1, 15))
    # Biển Hồ (cooperative, two models), An Phú (cooperative; model cited by the former An Phú), Gào (coffee
    # model; passion-fruit model cited by the former Ia Kênh), Diên Hồng (the same model, former Diên Phú);
    # the Trà Đa pepper model ended in 2024. Five models in force; tea, coffee Biển Hồ and passion fruit buy
    # from approved zones (Gào's zone is suspended, An Phú's vegetables have none).
    assert _counts(report.current) == {
        "cooperation": (4, 7), "linkage_digital": (3, 5), "traceability": (4, 7), "ocop_traceable": (4, 7),
        "pilot_ready": (1, 7),
    }
    assert report.former is not None
    # On 30/06/2025 only the models citing former units count: An Phú, Diên Phú, Ia Kênh (Trà Đa had ended).
    assert _counts(report.former)["cooperation"] == (3, 21)
