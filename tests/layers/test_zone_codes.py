"""Codes issued on approval: the pattern, the next free number, and no duplicate under concurrent approvals."""

import threading
import time
from typing import Any

import pytest
from django.core.checks import run_checks
from django.db import connection, transaction
from pytest_django.fixtures import Settings

from layers.models import CultivationZone, ZoneStatus
from layers.zone_codes import InvalidCodePattern, code_next, code_pattern


def test_the_default_pattern() -> None:
    pattern = code_pattern("VN-GLOR-{sequence:04d}")
    assert (pattern.prefix, pattern.spec, pattern.suffix) == ("VN-GLOR-", "04d", "")
    assert pattern.code(7) == "VN-GLOR-0007"
    assert pattern.code(12345) == "VN-GLOR-12345"


@pytest.mark.parametrize(("code", "sequence"), [("VN-GLOR-0065", "0065"), ("VN-GLOR-0090OT", "0090"),
                                                ("VN-LDOR-0117", None), ("VN-GLOR-PH01", None)])
def test_the_pattern_recognises_its_codes_and_their_letter_suffixes(code: str, sequence: str | None) -> None:
    import re

    match = re.match(code_pattern("VN-GLOR-{sequence:04d}").regex, code)
    assert (match[1] if match else None) == sequence


@pytest.mark.parametrize("pattern", ["VN-GLOR-0001", "VN-{seq:04d}", "VN-{sequence:04d}-{sequence}",
                                     "VN-{sequence:s}", "VN-{sequence"])
def test_bad_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(InvalidCodePattern):
        code_pattern(pattern)


def test_a_bad_pattern_fails_the_system_checks(settings: Settings) -> None:
    settings.ZONE_CODE_PATTERN = "VN-GLOR-{n}"
    assert "ntm.E104" in [message.id for message in run_checks()]
    settings.ZONE_CODE_PATTERN = "VN-GLOR-{sequence:04d}"
    assert "ntm.E104" not in [message.id for message in run_checks()]


@pytest.mark.django_db
def test_the_next_code_counts_suffixed_codes_and_skips_other_patterns() -> None:
    for code in ("VN-GLOR-0065", "VN-GLOR-0090OT", "VN-LDOR-0500", "CD.20.01.01.001"):
        CultivationZone.objects.create(name=code, crop="coffee", status=ZoneStatus.APPROVED, code=code)
    with transaction.atomic():
        assert code_next() == "VN-GLOR-0091"
        assert code_next(pattern="VN-LDOR-{sequence:04d}") == "VN-LDOR-0501"
        assert code_next(pattern="VN-GLPH-{sequence:04d}") == "VN-GLPH-0001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_get_different_codes() -> None:
    """The first transaction holds its new code uncommitted for a while; the second must wait for it."""
    first = CultivationZone.objects.create(name="Một", crop="coffee", status=ZoneStatus.SUBMITTED)
    second = CultivationZone.objects.create(name="Hai", crop="coffee", status=ZoneStatus.SUBMITTED)
    errors: list[Exception] = []

    def approve(zone: CultivationZone, hold: float, started: threading.Event | None) -> None:
        try:
            with transaction.atomic():
                code = code_next()
                if started:
                    started.set()
                time.sleep(hold)
                CultivationZone.objects.filter(pk=zone.pk).update(code=code, status=ZoneStatus.APPROVED)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    started = threading.Event()
    slow = threading.Thread(target=approve, args=(first, 0.5, started))
    slow.start()
    assert started.wait(5)
    fast = threading.Thread(target=approve, args=(second, 0, None))
    fast.start()
    slow.join(10)
    fast.join(10)
    assert errors == []
    codes: dict[str, Any] = dict(CultivationZone.objects.values_list("name", "code"))
    assert codes == {"Một": "VN-GLOR-0001", "Hai": "VN-GLOR-0002"}
