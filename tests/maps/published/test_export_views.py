"""/m/<slug>/export.html, print.png, print.pdf and preview.png: access, parameters, headers, caching,
and what the real renders of a real map contain."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image

from tests.maps.published.published_fixtures import XSS, MapMaker, PublishedData
from tests.maps.published.test_print_render import pdf_text

pytestmark = [pytest.mark.django_db]

EXPORTS = ["published-map-export-html", "published-map-print-png", "published-map-print-pdf",
           "published-map-preview"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()  # renders are cached by ETag; each test renders its own


def _url(name: str, slug: str, query: str = "") -> str:
    return reverse(name, kwargs={"slug": slug}) + query


def _client_of(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_export_html_is_an_attachment_with_its_own_policy_and_escaped_text(
        published_data: PublishedData, published_map: MapMaker) -> None:
    made = published_map(title_vi=XSS)
    response = Client().get(_url("published-map-export-html", made.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{made.slug}.html"'
    assert response["Content-Security-Policy"].startswith("default-src 'none'; script-src 'unsafe-inline'")
    assert response["Cache-Control"] == "public, max-age=600"
    body = response.content.decode()
    assert XSS not in body and "&lt;img src=x" in body
    # The map's public features are in the file; the suspended zone's code is not.
    assert published_data.approved_zone.code in body
    assert published_data.suspended_zone.code not in body


def test_without_a_base_map_the_export_outlines_todays_units_and_the_page_data_does_not(
        published_data: PublishedData, published_map: MapMaker) -> None:
    made = published_map()
    exported = Client().get(_url("published-map-export-html", made.slug)).content.decode()
    codes = (published_data.unit.code, published_data.other_unit.code)
    assert all(code and code in exported for code in codes)
    # The page draws the units from the viewer's base map: its data leaves them out.
    data = Client().get(_url("published-data", made.slug)).json()
    assert "units" not in data
    assert not any(code in json.dumps(data) for code in codes)


@pytest.mark.parametrize("query", ["?paper=a5", "?orientation=sideways", "?paper=a4&orientation=", "?paper="])
@pytest.mark.parametrize("name", ["published-map-print-png", "published-map-print-pdf"])
def test_bad_paper_or_orientation_is_400(published_map: MapMaker, name: str, query: str) -> None:
    response = Client().get(_url(name, published_map().slug, query))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("name", EXPORTS)
def test_unpublished_map_is_404_to_visitors_and_other_promoters(
        published_map: MapMaker, other_promoter: AbstractUser, name: str) -> None:
    draft = published_map(publish=False)
    assert Client().get(_url(name, draft.slug)).status_code == 404
    assert _client_of(other_promoter).get(_url(name, draft.slug)).status_code == 404
    assert Client().get(_url(name, "no-such-map")).status_code == 404


def test_author_exports_an_unpublished_map_privately(published_map: MapMaker, promoter: AbstractUser) -> None:
    draft = published_map(publish=False)
    response = _client_of(promoter).get(_url("published-map-export-html", draft.slug))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_etag_answers_304_without_rendering_again(published_map: MapMaker) -> None:
    made = published_map()
    client = Client()
    first = client.get(_url("published-map-export-html", made.slug))
    again = client.get(_url("published-map-export-html", made.slug), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    english = client.get(_url("published-map-export-html", made.slug), HTTP_ACCEPT_LANGUAGE="en",
                         HTTP_IF_NONE_MATCH=first["ETag"],
                         HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en")
    assert english.status_code == 200 and english["ETag"] != first["ETag"]  # another language, another tag
    assert "Bien Ho tourism" in english.content.decode()


def test_print_png_and_pdf_of_a_real_map(published_data: PublishedData, published_map: MapMaker,
                                         tmp_path: Path) -> None:
    made = published_map()
    png = Client().get(_url("published-map-print-png", made.slug, "?paper=a4&orientation=landscape"))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert abs(image.width - 1754) <= 1 and abs(image.height - 1240) <= 1
    pdf = Client().get(_url("published-map-print-pdf", made.slug, "?paper=a3"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    info, text = pdf_text(pdf.content, tmp_path)
    assert "Pages:           1" in info and "(A3)" in info
    flat = " ".join(text.split())
    assert "Du lịch Biển Hồ" in flat and "Hồ, chè và OCOP." in flat
    assert f"/m/{made.slug}/" in flat


def test_preview_png_is_the_open_graph_size(published_data: PublishedData, published_map: MapMaker) -> None:
    response = Client().get(_url("published-map-preview", published_map().slug))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def test_a_print_that_cannot_render_is_503_with_a_reason(published_map: MapMaker, tmp_path: Path) -> None:
    made = published_map()
    with override_settings(MAPS_CHROMIUM_PATH=str(tmp_path / "no-chromium")):
        response = Client().get(_url("published-map-print-pdf", made.slug))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]
