"""/m/<slug>/ and its embed, data and QR codes: who sees a map, what it shows, how it is shared."""

import html
import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.http import Http404
from django.test import Client

from layers.models import Role
from maps.published.selectors import map_document, map_visible_get
from tests.layers.zone_fixtures import UserFor
from tests.maps.published.published_fixtures import (
    HOUSEHOLDS,
    REPRESENTATIVE,
    TAX_CODE,
    XSS,
    MapMaker,
    PublishedData,
)
from tests.maps.trace.test_qr import _decode, _png_pixels, _svg_pixels

pytestmark = [pytest.mark.django_db,
              pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")]

HOST = "ban-do.example.vn"
SUFFIXES = ["", "embed/", "data.json", "qr.png", "qr.svg"]


@pytest.fixture
def host(settings: Any) -> str:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    return HOST


def _client(user: AbstractUser | None = None, language: str = "vi") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def _meta(page: str, name: str) -> list[str]:
    """The (unescaped) content of every <meta property|name=`name`>."""
    pattern = rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">'
    return [html.unescape(value) for value in re.findall(pattern, page)]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_published_map_is_public(published_map: MapMaker, published_data: PublishedData, suffix: str) -> None:
    made = published_map()
    assert _client().get(f"/m/{made.slug}/{suffix}").status_code == 200


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_an_unpublished_map_is_404_for_everyone_but_its_author_and_admins(
    published_map: MapMaker, other_promoter: AbstractUser, administrator: AbstractUser,
    promoter: AbstractUser, user_for: UserFor, suffix: str,
) -> None:
    draft = published_map(publish=False)
    path = f"/m/{draft.slug}/{suffix}"
    for stranger in (None, other_promoter, user_for(Role.PLANNER), user_for(Role.APPROVER)):
        assert _client(stranger).get(path).status_code == 404
    for allowed in (promoter, administrator):
        response = _client(allowed).get(path)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert _client().get(f"/m/no-such-map/{suffix}").status_code == 404


def test_map_visible_get_follows_the_same_rule(published_map: MapMaker, other_promoter: AbstractUser,
                                               promoter: AbstractUser) -> None:
    draft = published_map(publish=False)
    assert map_visible_get(slug=draft.slug, user=promoter) == draft
    with pytest.raises(Http404):
        map_visible_get(slug=draft.slug, user=other_promoter)


def _data(client: Client, slug: str) -> dict[str, Any]:
    response = client.get(f"/m/{slug}/data.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()  # type: ignore[no-any-return]


def _titles(data: dict[str, Any], kind: str) -> set[str]:
    layer = next(layer for layer in data["layers"] if layer["id"].startswith(kind))
    return {feature["properties"]["title"] for feature in layer["features"]["features"]}


def test_the_document_holds_public_data_only(published_map: MapMaker, published_data: PublishedData) -> None:
    made = published_map()
    response = _client().get(f"/m/{made.slug}/data.json")
    body = response.content.decode()
    data = json.loads(body)
    assert _titles(data, "zones") == {"VN-GLOR-0090 – Vùng chè approved"}  # not the draft, not the suspended
    for secret in (REPRESENTATIVE, TAX_CODE, str(HOUSEHOLDS), "VN-GLOR-0091", "Vùng chè draft", "hết hạn"):
        assert secret not in body, secret
    producer = next(layer for layer in data["layers"] if layer["id"].startswith("ocop_producers"))
    (feature,) = producer["features"]["features"]
    assert feature["properties"]["symbol"] == "4"  # the expired five-star product does not count
    assert [row[0] for row in feature["properties"]["rows"][2:]] == ["Chè xanh Biển Hồ ★★★★", "Chè búp ★★★"]


def test_filters_narrow_each_layer(published_map: MapMaker, published_data: PublishedData) -> None:
    composition = {"layers": [
        {"kind": "tourism_sites", "units": [published_data.unit.slug], "categories": ["nature"]},
        {"kind": "ocop_producers", "min_stars": 5},
        {"kind": "zones", "categories": ["coffee"]},
    ]}
    data = _data(_client(), published_map(composition=composition).slug)
    assert _titles(data, "tourism_sites") == {"Biển Hồ (hồ T'Nưng)"}  # not Gào's, not the viewpoint
    assert _titles(data, "ocop_producers") == set() and _titles(data, "zones") == set()


def test_the_document_in_english_falls_back_to_vietnamese(published_map: MapMaker,
                                                          published_data: PublishedData) -> None:
    made = published_map(title_en="", description_en="")
    document = map_document(published_map=made, language="en", base_url="https://x.vn")
    assert (document.title, document.description) == ("Du lịch Biển Hồ", "Hồ, chè và OCOP.")
    assert document.url == f"https://x.vn/m/{made.slug}/" and document.language == "en"
    sites = next(layer for layer in document.layers if layer.id.startswith("tourism_sites"))
    names = {feature["properties"]["title"] for feature in sites.features["features"]}
    assert "Bien Ho Lake" in names and "Điểm ở Gào" in names  # English where given, Vietnamese otherwise
    assert sites.symbol("nature").label == "Nature"
    west, south, east, north = document.bounds or (0, 0, 0, 0)
    assert west <= 107.92 < 108.0 <= east and south <= 13.92 < 14.05 <= north


def test_the_page_has_open_graph_tags(published_map: MapMaker, published_data: PublishedData, host: str) -> None:
    made = published_map()
    page = _client().get(f"/m/{made.slug}/", HTTP_HOST=host).content.decode()
    url = f"http://{host}/m/{made.slug}/"
    assert _meta(page, "og:title") == ["Du lịch Biển Hồ"] and _meta(page, "og:url") == [url]
    assert _meta(page, "og:image") == [url + "preview.png"] and _meta(page, "og:type") == ["website"]
    assert _meta(page, "og:image:width") == ["1200"] and _meta(page, "og:image:height") == ["630"]
    assert _meta(page, "og:locale") == ["vi_VN"] and _meta(page, "og:locale:alternate") == ["en_US"]
    assert _meta(page, "twitter:card") == ["summary_large_image"]
    english = _client(language="en").get(f"/m/{made.slug}/", HTTP_HOST=host).content.decode()
    assert _meta(english, "og:title") == ["Bien Ho tourism"] and _meta(english, "og:locale") == ["en_US"]
    assert '<html lang="en">' in english and 'value="vi"' in english  # the switch offers Vietnamese


def test_user_text_stays_text_on_the_page_and_in_open_graph(published_map: MapMaker,
                                                            published_data: PublishedData) -> None:
    made = published_map(title_vi=XSS, description_vi=XSS)
    page = _client().get(f"/m/{made.slug}/").content.decode()
    assert XSS not in page and "<img src=x" not in page
    assert _meta(page, "og:title") == [XSS] and _meta(page, "og:description") == [XSS]
    assert f"<h1 class=\"ntm-published-title\">{html.escape(XSS)}</h1>" in page
    # The document (with the site named XSS) travels in json_script, where < is \u003C.
    assert "<script>document" not in page and "\\u003Cscript\\u003Edocument" in page
    snippet = re.search(r'<textarea id="ntm-published-embed"[^>]*>(.*?)</textarea>', page, re.S)
    assert snippet and "<" not in snippet[1] and "title=&quot;&amp;lt;img" in snippet[1]


def test_the_sharing_panel_links_embed_qr_and_exports(published_map: MapMaker,
                                                      published_data: PublishedData) -> None:
    made = published_map()
    page = _client().get(f"/m/{made.slug}/").content.decode()
    assert html.escape(f'<iframe src="http://testserver/m/{made.slug}/embed/"') in page
    for href in ("qr.png", "qr.svg", "export.html", "print.png", "print.pdf"):
        assert f'href="/m/{made.slug}/{href}"' in page, href
    assert "<script>" not in page and " style=" not in page


def test_the_embed_may_be_framed_anywhere_and_the_page_may_not(published_map: MapMaker,
                                                               published_data: PublishedData) -> None:
    made = published_map()
    embed = _client().get(f"/m/{made.slug}/embed/")
    assert "X-Frame-Options" not in embed
    policy = dict(part.strip().split(" ", 1) for part in embed["Content-Security-Policy"].split(";"))
    assert policy["frame-ancestors"] == "*" and policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    page = _client().get(f"/m/{made.slug}/")
    assert page["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    assert "frame-ancestors 'self'" in page["Content-Security-Policy"]


@pytest.mark.parametrize(("suffix", "pixels"), [("qr.png", _png_pixels), ("qr.svg", None)])
def test_the_qr_codes_decode_to_the_absolute_address(published_map: MapMaker, published_data: PublishedData,
                                                     host: str, suffix: str, pixels: Any) -> None:
    made = published_map()
    response = _client().get(f"/m/{made.slug}/{suffix}", HTTP_HOST=host)
    assert response.status_code == 200
    image = pixels(response.content) if pixels else _svg_pixels(response.content.decode())
    assert _decode(image) == [f"http://{host}/m/{made.slug}/"]
    assert "public" in response["Cache-Control"]
    again = _client().get(f"/m/{made.slug}/{suffix}", HTTP_HOST=host, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
