"""The dashboard at /analysis/indicators/: who sees it, and that it shows each value beside its target."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse

from layers.models import Role
from tests.analysis.indicators.conftest import Programme, linkage, producer, zone
from tests.layers.zone_fixtures import UserFor

pytestmark = pytest.mark.django_db
URL = "/analysis/indicators/"


def _client(user: AbstractUser | None = None, language: str = "en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def figures(programme: Programme) -> Programme:
    """Cooperation 2 of 4 units (50 %), linkage models 1 of 2 tied to an approved zone (50 %)."""
    producer(programme.new["a"])
    linkage(programme.old["b"], zones=(zone(programme.new["b"]),), started_on=dt.date(2022, 1, 1))
    linkage(programme.new["b"], zones=(zone(programme.new["b"], status="draft"),))
    return programme


def _card(html: str, key: str) -> str:
    match = re.search(rf'<li class="indicator-card indicator-(\w+)" id="indicator-{key}">(.*?)</li>', html, re.S)
    assert match, key
    return f"{match[1]} {match[2]}"


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = _client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", list(Role))
def test_every_signed_in_role_sees_values_beside_targets(figures: Programme, user_for: UserFor, role: Role) -> None:
    user = user_for(role, figures.new["a"]) if role == Role.EXTENSION_STAFF else user_for(role)
    response = _client(user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    cooperation = _card(html, "cooperation")
    assert cooperation.startswith("unmet")
    assert "50 %" in cooperation and "70 %" in cooperation and "2 of 4 units" in cooperation
    assert 'width="50.00"' in cooperation and 'x="70.00"' in cooperation  # the bar and the target mark
    linkage_digital = _card(html, "linkage_digital")
    assert linkage_digital.startswith("met") and "1 of 2 linkage models in force" in linkage_digital
    assert "The plan sets no figure for this" in _card(html, "traceability")
    dossiers = _card(html, "dossiers_city")
    assert dossiers.startswith("unmeasured") and "not measured by the platform" in dossiers and "80 %" in dossiers
    assert "style=" not in html and "<script>" not in html  # the global content security policy holds
    may_run = reverse("analysis-form", kwargs={"name": "programme_indicators"}) in html
    assert may_run is (role in (Role.PLANNER, Role.ADMIN))


def test_the_unit_table_and_the_former_units_are_shown(figures: Programme, user_for: UserFor) -> None:
    html = _client(user_for(Role.PLANNER)).get(URL).content.decode()
    for key in "abcd":
        assert figures.new[key].full_name in html
    assert "Former units on 30/06/2025, for reference" in html
    assert figures.old["b"].full_name in html


def test_the_page_speaks_vietnamese_by_default(figures: Programme, user_for: UserFor) -> None:
    linkage(figures.new["c"])  # 1 of 3 linkage models tied to an approved zone
    html = _client(user_for(Role.APPROVER), language="vi").get(URL).content.decode()
    assert '<html lang="vi">' in html
    assert "33,3 %" in _card(html, "linkage_digital")  # Vietnamese decimal comma, but not in the SVG
    assert 'width="33.33"' in html


def test_without_reference_units_the_page_says_what_to_load(user_for: UserFor) -> None:
    response = _client(user_for(Role.PLANNER)).get(URL)
    assert response.status_code == 200
    assert "load_demo" in response.content.decode()


def test_the_dashboard_is_read_only(figures: Programme, user_for: UserFor) -> None:
    assert _client(user_for(Role.ADMIN)).post(URL).status_code == 405
