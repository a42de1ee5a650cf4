"""The public trace page: what it shows, in which language, and what it never shows."""

import datetime as dt
import html
import re
from collections.abc import Callable

import pytest
from django.test import Client

from layers.models import CultivationZone, OCOPProduct, Parcel, ZoneAction, ZoneStatus
from tests.maps.trace.conftest import (
    HOUSEHOLDS,
    PARCEL_NUMBER,
    REPRESENTATIVE,
    SHEET_NUMBER,
    XSS,
    ZoneMaker,
    trace_decide,
)

pytestmark = pytest.mark.django_db


def _page(client: Client, code: str = "VN-GLOR-0138", language: str = "vi") -> str:
    client.cookies["django_language"] = language
    response = client.get(f"/trace/{code}/")
    assert response.status_code == 200, response.status_code
    assert response["Content-Language"] == language
    return response.content.decode()


def test_the_approved_page_in_vietnamese(client: Client, trace_zone: ZoneMaker) -> None:
    trace_zone()
    page = _page(client)
    assert '<html lang="vi">' in page
    for text in ("VN-GLOR-0138", "Mã số vùng trồng", "Chanh leo", "Đài Nông 1", "đã phê duyệt",
                 "Trung Quốc, nội địa", "VietGAP", "Hợp tác xã Nông nghiệp Biển Hồ", "Xã Biển Hồ",
                 "01/03/2024", "01/03/2099", "Diện tích trên bản đồ (ha)"):
        assert text in page, text
    assert 'value="en"' in page  # the switch offers the other language
    assert "trace-banner-stopped" not in page


def test_the_approved_page_in_english(client: Client, trace_zone: ZoneMaker) -> None:
    zone = trace_zone()
    page = _page(client, language="en")
    assert '<html lang="en">' in page
    for text in ("Planting-area code", "Passion fruit", "approved", "China, domestic", "Code holder",
                 "Bien Ho Commune", "Mapped area (ha)"):
        assert text in page, text
    assert f"{zone.area_ha:.2f}" in page
    assert 'value="vi"' in page


def test_the_language_switch_sets_the_cookie_and_comes_back(client: Client, trace_zone: ZoneMaker) -> None:
    trace_zone()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/trace/VN-GLOR-0138/"})
    assert response.status_code == 302 and response["Location"] == "/trace/VN-GLOR-0138/"
    assert "Passion fruit" in client.get("/trace/VN-GLOR-0138/").content.decode()


@pytest.mark.parametrize("typed", ["vn-glor-0138", "VN%20-%20GLOR%20-%200138", "VN%E2%80%93GLOR%E2%80%930138"])
def test_any_spelling_redirects_permanently_to_the_canonical_page(
    client: Client, trace_zone: ZoneMaker, typed: str
) -> None:
    trace_zone()
    response = client.get(f"/trace/{typed}/")
    assert response.status_code == 301
    assert response["Location"] == "/trace/VN-GLOR-0138/"


@pytest.mark.parametrize(("status", "action", "word"), [
    (ZoneStatus.SUSPENDED, ZoneAction.SUSPEND, "tạm dừng"),
    (ZoneStatus.REVOKED, ZoneAction.REVOKE, "thu hồi"),
])
def test_a_stopped_code_says_so_at_the_top_with_the_decision_date(
    client: Client, trace_zone: ZoneMaker, status: str, action: ZoneAction, word: str
) -> None:
    zone = trace_zone(status=status)
    trace_decide(zone, action, dt.datetime(2026, 2, 14, 9, 0, tzinfo=dt.UTC))
    page = _page(client)
    banner = re.search(r'<div class="trace-banner trace-banner-stopped" role="alert">(.*?)</div>', page, re.S)
    assert banner, "no red banner"
    assert word in banner[1] and "14/02/2026" in banner[1]
    assert page.index("trace-banner-stopped") < page.index('<h1 class="trace-code">')


def test_a_stopped_code_without_a_recorded_decision_has_a_banner_without_a_date(
    client: Client, trace_zone: ZoneMaker
) -> None:
    trace_zone(status=ZoneStatus.REVOKED)
    page = _page(client, language="en")
    banner = re.search(r'role="alert">(.*?)</div>', page, re.S)
    assert banner and "revoked" in banner[1]
    assert not re.search(r"\d\d/\d\d/\d{4}", banner[1])


@pytest.mark.parametrize("status", [ZoneStatus.DRAFT, ZoneStatus.SUBMITTED])
def test_unregistered_zones_have_no_page(client: Client, trace_zone: ZoneMaker, status: str) -> None:
    trace_zone(status=status)
    assert client.get("/trace/VN-GLOR-0138/").status_code == 404
    assert client.get("/trace/vn-glor-0138/").status_code == 404  # no redirect reveals it either
    assert client.get("/trace/VN-GLOR-0138/qr.png").status_code == 404


@pytest.mark.parametrize("code", ["VN-GLOR-9999", "%20"])
def test_unknown_codes_are_not_found(client: Client, trace_zone: ZoneMaker, code: str) -> None:
    trace_zone()
    assert client.get(f"/trace/{code}/").status_code == 404


def test_private_fields_never_reach_the_page(
    client: Client, trace_zone: ZoneMaker, trace_parcel: Parcel
) -> None:
    zone = trace_zone()
    zone.parcels.add(trace_parcel)
    for language in ("vi", "en"):
        page = _page(client, language=language)
        assert REPRESENTATIVE not in page
        for number in (HOUSEHOLDS, SHEET_NUMBER, PARCEL_NUMBER):
            assert not re.search(rf"(?<![\w.]){number}(?!\w)", page), number
        for label in ("Người đại diện", "Số hộ", "Representative", "households", "Parcel", "Thửa"):
            assert label.lower() not in page.lower(), label


def test_the_holder_is_escaped(client: Client, trace_zone: ZoneMaker) -> None:
    trace_zone(holder=XSS)
    page = _page(client)
    assert XSS not in page
    assert html.escape(XSS) in page
    assert "<script" not in page


def test_the_page_has_no_inline_script_or_style(client: Client, trace_zone: ZoneMaker) -> None:
    trace_zone()
    page = _page(client)
    assert "<script" not in page and "<style" not in page and "style=" not in page
    assert 'href="/static/maps/trace/trace.css"' in page
    assert client.get("/static/maps/trace/trace.css").status_code == 200


def test_the_map_is_an_inline_svg_of_the_zone_over_its_unit(client: Client, trace_zone: ZoneMaker) -> None:
    trace_zone()
    page = _page(client)
    svg = re.search(r'<svg [^>]*viewBox="0 0 ([\d.]+) ([\d.]+)"[^>]*>(.*?)</svg>', page, re.S)
    assert svg, "no inline SVG map"
    width, height = float(svg[1]), float(svg[2])
    assert max(width, height) == pytest.approx(1000, abs=0.1)
    zone_path = re.search(r'<path class="trace-map-zone" d="(M[^"]+)"', svg[3])
    unit_path = re.search(r'<path class="trace-map-unit" d="(M[^"]+)"', svg[3])
    assert zone_path and unit_path
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", zone_path[1])]
    assert numbers and all(-0.1 <= n <= max(width, height) + 0.1 for n in numbers)  # inside the frame
    assert all(len(n.partition(".")[2]) <= 1 for n in re.findall(r"[\d.]+", zone_path[1]))  # reduced precision


def test_an_unmapped_zone_has_a_page_without_a_map(client: Client, trace_zone: ZoneMaker) -> None:
    trace_zone(geometry=None)
    page = _page(client)
    assert "VN-GLOR-0138" in page and "<svg" not in page


def test_ocop_products_in_force_are_listed(
    client: Client, trace_zone: ZoneMaker, trace_product: Callable[..., OCOPProduct]
) -> None:
    zone: CultivationZone = trace_zone()
    trace_product(zone, "Trà xanh Biển Hồ", stars=4)
    trace_product(zone, "Chanh leo sấy dẻo", stars=3)
    trace_product(zone, "Sản phẩm hết hạn", stars=5, expired=True)
    page = _page(client)
    assert "Sản phẩm OCOP" in page
    assert page.index("Trà xanh Biển Hồ") < page.index("Chanh leo sấy dẻo")  # more stars first
    assert "★★★★<" in page and "đồ uống" in page and "Công ty TNHH Trà Biển Hồ" in page
    assert "Sản phẩm hết hạn" not in page
