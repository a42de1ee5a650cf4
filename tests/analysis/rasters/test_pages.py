"""The raster pages and tiles: who may see them, the upload form (its errors, its size cap), the
dataset page, and XYZ tiles (a PNG inside, 204 outside, 304 on revisit)."""

import io
from pathlib import Path

import morecantile
import pytest
from django.contrib.auth.models import AbstractUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from analysis.models import RasterDataset
from analysis.rasters.services import raster_dataset_add
from layers.models import Role

pytestmark = pytest.mark.django_db
LIST = "/analysis/rasters/"
WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")


def _client(user: AbstractUser | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def dataset(plane_tiff: Path, commune_a) -> RasterDataset:
    return raster_dataset_add(path=plane_tiff, name="dem-plane", title="Mặt phẳng", user=None)


def _tile_url(dataset: RasterDataset, z: int, style: str = "hillshade", lon: float = 107.99, lat: float = 14.01) -> str:
    tile = WEB_MERCATOR.tile(lon, lat, z)
    return f"{LIST}{dataset.name}/tiles/{z}/{tile.x}/{tile.y}.png?style={style}"


@pytest.mark.parametrize("role", [Role.EXTENSION_STAFF, Role.APPROVER, Role.TOURISM_PROMOTER])
def test_only_planners_and_administrators_see_the_pages(user_for, role: Role, dataset: RasterDataset,
                                                         planner, administrator, commune_a) -> None:
    other = _client(user_for(role, commune_a) if role == Role.EXTENSION_STAFF else user_for(role))
    for url in (LIST, f"{LIST}{dataset.name}/", _tile_url(dataset, 14)):
        assert _client().get(url).status_code == 302  # to the login page
        assert other.get(url).status_code == 403
        assert _client(planner).get(url).status_code == 200
        assert _client(administrator).get(url).status_code == 200
    upload = {"name": "x", "title": "x", "kind": "dem", "file": SimpleUploadedFile("x.tif", b"II*\x00")}
    assert other.post(LIST, upload).status_code == 403
    assert not RasterDataset.objects.filter(name="x").exists()


def test_a_planner_uploads_a_geotiff_and_lands_on_its_page(planner, plane_tiff: Path, commune_a,
                                                           media_root: Path) -> None:
    client = _client(planner)
    with plane_tiff.open("rb") as file:
        response = client.post(LIST, {"name": "dem-upload", "title": "DEM tải lên", "kind": "dem", "file": file})
    assert response.status_code == 302 and response["Location"] == f"{LIST}dem-upload/"
    dataset = RasterDataset.objects.get(name="dem-upload")
    assert dataset.uploaded_by == planner and (media_root / dataset.path).is_file()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'id="raster-map"' in page.content and b"raster-page" in page.content
    assert b"{z}/{x}/{y}.png?style=hillshade" in page.content
    assert b"<script>" not in page.content.replace(b'<script id="raster-page" type="application/json">', b"")


def test_a_refused_upload_shows_the_reason_on_the_form_and_stores_nothing(planner, tmp_path: Path, commune_a,
                                                                          media_root: Path, settings) -> None:
    settings.LANGUAGE_CODE = "en"
    client = _client(planner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    bogus = SimpleUploadedFile("dem.tif", b"not a tiff at all")
    response = client.post(LIST, {"name": "bogus", "title": "x", "kind": "dem", "file": bogus})
    assert response.status_code == 400
    assert "is not a GeoTIFF" in response.content.decode()
    assert not RasterDataset.objects.exists() and not any((media_root / "rasters").glob("*"))


def test_an_upload_over_the_size_limit_is_cut_off_and_refused(planner, plane_tiff: Path, commune_a, settings,
                                                              media_root: Path) -> None:
    # The DEM is ~360 kB, within the declared-length slack: the upload handler stops it past 300 kB.
    settings.RASTER_MAX_BYTES = 300_000
    client = _client(planner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with plane_tiff.open("rb") as file:
        response = client.post(LIST, {"name": "big", "title": "x", "kind": "dem", "file": file})
    assert response.status_code == 413
    assert "larger than the" in response.content.decode()
    assert not RasterDataset.objects.exists()
    # A request that declares a body over the limit is refused before it is read.
    refused = client.post(LIST, b"x", content_type="application/octet-stream",
                          headers={"content-length": str(10**9)})
    assert refused.status_code == 413 and "larger than the" in refused.content.decode()


def test_a_tile_inside_is_a_256_px_png_and_a_revisit_is_not_modified(planner, dataset: RasterDataset) -> None:
    client = _client(planner)
    for style in ("hillshade", "elevation"):
        response = client.get(_tile_url(dataset, 15, style))
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert Image.open(io.BytesIO(response.content)).size == (256, 256)
        assert "private" in response["Cache-Control"]
        again = client.get(_tile_url(dataset, 15, style), headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304


def test_a_tile_outside_the_raster_is_204_and_bad_addresses_404(planner, dataset: RasterDataset) -> None:
    client = _client(planner)
    assert client.get(_tile_url(dataset, 15, lon=108.5, lat=14.5)).status_code == 204
    assert client.get(_tile_url(dataset, 15, style="nope")).status_code == 404
    assert client.get(f"{LIST}{dataset.name}/tiles/2/9/0.png").status_code == 404
    assert client.get(f"{LIST}no-such/tiles/2/0/0.png").status_code == 404
