"""The public site page, its photos and the OCOP showcase: content, languages, escaping, filters, caching."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from layers.models import Role, SiteCategory, SitePhoto, TourismSite
from layers.site_photos import site_photo_add
from tests.layers.site_fixtures import XSS, ProductMaker, photo_bytes, upload
from tests.layers.zone_fixtures import UserFor

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str, language: str = "vi") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _photo(site: TourismSite, user: AbstractUser, caption_vi: str = "Đồi chè buổi sáng") -> SitePhoto:
    return site_photo_add(site=site, upload=upload("tea.jpg", photo_bytes(size=(1200, 800))), caption_vi=caption_vi,
                          caption_en="Tea hills in the morning", credit="Sở VHTTDL", keep_location=False, user=user)


def _settings(page: str) -> dict[str, object]:
    match = re.search(r'<script id="ntm-sitemap-settings" type="application/json">(.*?)</script>', page, re.S)
    assert match, "the page hands its map a JSON blob"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_the_site_page_in_vietnamese_shows_photos_products_and_map(
        client: Client, site: TourismSite, make_product: ProductMaker, administrator: AbstractUser,
        media: Path) -> None:
    tea = make_product("Chè xanh Biển Hồ", stars=4)
    old = make_product("Chè cũ hết hạn", stars=3, expired=True)
    make_product("Cà phê không bán ở đây", producer="Công ty Cà phê")
    site.products.set([tea, old])
    photo = _photo(site, administrator)
    page = _get(client, f"/sites/{site.pk}/")
    with translation.override("vi"):  # the labels as the catalogue has them (English until compiled)
        labels = (str(capfirst(SiteCategory.AGRI_TOURISM.label)), str(capfirst(_("opening hours"))))
    for text in (*labels, "Đồi chè Biển Hồ", "Đồi chè xanh bên hồ.", "6:00–18:00", "Xã Biển Hồ",
                 "Chè xanh Biển Hồ", "★★★★", "HTX Chè Biển Hồ", "Đồi chè buổi sáng", "Sở VHTTDL"):
        assert text in page, text
    assert "Chè cũ hết hạn" not in page, "an expired certificate is not shown as certified"
    assert "Cà phê không bán ở đây" not in page
    assert f'src="/sites/photos/{photo.pk}/thumb"' in page and f"/sites/photos/{photo.pk}/full 800w" in page
    assert f"/sites/photos/{photo.pk}/thumb 267w" in page
    assert "TAX0" not in page and "Nguyễn Văn Đại Diện" not in page, "private producer fields stay private"
    blob = _settings(page)
    assert blob["site"] == {"type": "Point", "coordinates": [108.005, 14.03]}
    assert blob["base"] == "/viewer/base.geojson" and blob["producers"] is None


def test_the_site_page_in_english_falls_back_to_vietnamese(client: Client, site: TourismSite) -> None:
    site.description_en = ""
    site.save()
    page = _get(client, f"/sites/{site.pk}/", language="en")
    assert '<html lang="en">' in page
    for text in ("Bien Ho tea hills", "Đồi chè Biển Hồ", "Agri-tourism", "Bien Ho Commune", "Opening hours",
                 "Đồi chè xanh bên hồ."):
        assert text in page, text


def test_user_text_stays_text(client: Client, site: TourismSite, make_product: ProductMaker,
                              administrator: AbstractUser, media: Path) -> None:
    site.name_vi = site.description_vi = site.opening_hours = XSS
    site.is_illustrative = True
    site.save()
    site.products.set([make_product(XSS, producer=XSS)])
    _photo(site, administrator, caption_vi=XSS)
    page = _get(client, f"/sites/{site.pk}/")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;site&quot;)&lt;/script&gt;" in page
    assert "trace-banner-demo" in page  # the illustrative banner


def test_an_unknown_site_is_404(client: Client, db: None) -> None:
    assert client.get("/sites/999999/").status_code == 404


def test_a_photo_is_streamed_with_its_type_and_cached(client: Client, site: TourismSite,
                                                      administrator: AbstractUser, media: Path) -> None:
    photo = _photo(site, administrator)
    response = client.get(f"/sites/photos/{photo.pk}/full")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=604800"
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body[:3] == b"\xff\xd8\xff" and len(body) == photo.image.size
    again = client.get(f"/sites/photos/{photo.pk}/full", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    thumb = client.get(f"/sites/photos/{photo.pk}/thumb")
    assert thumb.status_code == 200 and thumb["ETag"] != response["ETag"]
    assert client.get(f"/sites/photos/{photo.pk}/original").status_code == 404
    assert client.get(f"/sites/photos/{photo.pk + 1}/full").status_code == 404


def test_the_showcase_groups_by_stars_with_producers_and_sites(client: Client, site: TourismSite,
                                                              make_product: ProductMaker) -> None:
    tea = make_product("Chè xanh Biển Hồ", stars=4, group="drinks")
    make_product("Trà túi lọc", stars=3, group="drinks")
    make_product("Mật ong hoa cà phê", stars=5, group="food", producer="Tổ hợp tác Mật ong", at=(108.02, 14.0))
    make_product("Chanh leo hết hạn", stars=5, group="food", producer="Hộ Chanh leo", at=(108.03, 14.0),
                 expired=True)
    site.products.set([tea])
    page = _get(client, "/ocop/")
    assert page.index("Mật ong hoa cà phê") < page.index("Chè xanh Biển Hồ") < page.index("Trà túi lọc")
    assert "Chanh leo hết hạn" not in page
    assert f'href="/sites/{site.pk}/">Đồi chè Biển Hồ</a>' in page
    features = _settings(page)["producers"]["features"]  # type: ignore[index]
    by_name = {feature["properties"]["name"]: feature for feature in features}
    assert set(by_name) == {"HTX Chè Biển Hồ", "Tổ hợp tác Mật ong"}, "one point per producer with a product"
    assert by_name["HTX Chè Biển Hồ"]["properties"]["stars"] == 4  # its best shown product
    assert by_name["HTX Chè Biển Hồ"]["properties"]["products"] == ["Chè xanh Biển Hồ", "Trà túi lọc"]
    assert by_name["Tổ hợp tác Mật ong"]["geometry"] == {"type": "Point", "coordinates": [108.02, 14.0]}


def test_the_showcase_filters_by_stars_and_group(client: Client, make_product: ProductMaker) -> None:
    make_product("Chè xanh Biển Hồ", stars=4, group="drinks")
    make_product("Trà túi lọc", stars=3, group="drinks")
    make_product("Mật ong hoa cà phê", stars=4, group="food", producer="Tổ hợp tác Mật ong")
    four = _get(client, "/ocop/?stars=4")
    assert "Chè xanh Biển Hồ" in four and "Mật ong hoa cà phê" in four and "Trà túi lọc" not in four
    assert 'class="sites-chip sites-chip-on" data-filter="stars-4"' in four
    food = _get(client, "/ocop/?stars=4&group=food")
    assert "Mật ong hoa cà phê" in food and "Chè xanh Biển Hồ" not in food
    assert [f["properties"]["name"] for f in _settings(food)["producers"]["features"]] == [  # type: ignore[index]
        "Tổ hợp tác Mật ong"]
    assert 'href="?group=food"' in food, "the 'all stars' chip keeps the group"
    nothing = _get(client, "/ocop/?stars=5")
    assert 'class="sites-empty"' in nothing
    assert "Chè xanh Biển Hồ" in _get(client, "/ocop/?stars=9&group=<b>"), "unknown filters are ignored"


def test_the_pages_need_no_inline_script(client: Client, site: TourismSite) -> None:
    for url in (f"/sites/{site.pk}/", "/ocop/"):
        response = client.get(url)
        page = response.content.decode()
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page)
        assert inline == [], url
        assert " style=" not in page and "<style" not in page
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_only_editors_see_the_edit_link(client: Client, site: TourismSite, user_for: UserFor) -> None:
    edit = f'href="/editor/sites/{site.pk}/"'
    assert edit not in _get(client, f"/sites/{site.pk}/")
    client.force_login(user_for(Role.PLANNER))
    assert edit not in _get(client, f"/sites/{site.pk}/")
    client.force_login(user_for(Role.TOURISM_PROMOTER))
    assert edit in _get(client, f"/sites/{site.pk}/")
