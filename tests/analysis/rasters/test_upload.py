"""Accepting a raster: a valid GeoTIFF becomes a COG with a hillshade; every bad file is refused with a
clear message before any conversion, and nothing is stored."""

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
from rasterio.transform import Affine

from analysis.models import RasterDataset
from analysis.rasters.services import raster_dataset_add
from analysis.rasters.validate import RasterRefused
from tests.analysis.rasters.conftest import CELL_M, plane, write_tiff

# Refusals are asserted in English; the platform speaks Vietnamese by default.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LOCAL_CRS = ('LOCAL_CS["site grid",LOCAL_DATUM["site",0],UNIT["metre",1],AXIS["Easting",EAST],'
             'AXIS["Northing",NORTH]]')


def _add(path: Path, name: str = "dem-test", **options: Any) -> RasterDataset:
    return raster_dataset_add(path=path, name=name, title="DEM thử", user=None, **options)


def _nothing_stored(media_root: Path) -> bool:
    folder = media_root / "rasters"
    return not RasterDataset.objects.exists() and (not folder.exists() or not any(folder.iterdir()))


def test_a_valid_geotiff_becomes_a_tiled_cog_with_overviews_and_a_hillshade(
    plane_tiff: Path, commune_a, media_root: Path,
) -> None:
    dataset = _add(plane_tiff)
    assert (dataset.width, dataset.height, dataset.crs) == (300, 300, "EPSG:9218")
    assert dataset.resolution_m == pytest.approx(CELL_M)
    assert not dataset.is_synthetic
    assert dataset.footprint.contains(commune_a.geometry.centroid)
    with rasterio.open(media_root / dataset.path) as cog:
        assert cog.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG"
        assert cog.profile["tiled"] and cog.block_shapes[0] == (512, 512)
        assert cog.overviews(1), "a COG carries overviews"
        np.testing.assert_allclose(cog.read(1), plane())
    with rasterio.open(media_root / dataset.hillshade_path) as shade:
        assert shade.dtypes[0] == "uint8" and shade.nodata == 0
        assert shade.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG"
        assert len(np.unique(shade.read(1))) == 1  # a plane is evenly lit


def test_the_synthetic_tag_is_read_from_the_file(tmp_path: Path, grid_origin, commune_a) -> None:
    west, north = grid_origin
    path = write_tiff(tmp_path / "s.tif", plane(), transform=Affine(CELL_M, 0, west, 0, -CELL_M, north),
                      crs="EPSG:9218", SYNTHETIC="YES")
    assert _add(path).is_synthetic


def test_a_geographic_raster_is_accepted_with_its_cell_size_in_metres(tmp_path: Path, commune_a) -> None:
    step = 1 / 3600
    path = write_tiff(tmp_path / "geo.tif", np.full((200, 200), 750, dtype=np.float32),
                      transform=Affine(step, 0, 107.97, 0, -step, 14.03), crs="EPSG:4326")
    dataset = _add(path)
    assert dataset.crs == "EPSG:4326"
    assert dataset.resolution_m == pytest.approx(30.7, abs=0.1)


def _refused(path: Path, message: str, media_root: Path, **options: Any) -> None:
    with pytest.raises(RasterRefused, match=message):
        _add(path, **options)
    assert _nothing_stored(media_root)


def test_a_text_file_named_tif_is_refused(tmp_path: Path, media_root: Path, commune_a) -> None:
    path = tmp_path / "dem.tif"
    path.write_text("elevation,750\n")
    _refused(path, "is not a GeoTIFF", media_root)


def test_a_tiff_without_a_crs_is_refused(tmp_path: Path, media_root: Path, grid_origin, commune_a) -> None:
    path = write_tiff(tmp_path / "nocrs.tif", plane(), transform=Affine(CELL_M, 0, *grid_origin[:1], 0, -CELL_M,
                                                                          grid_origin[1]), crs=None)
    _refused(path, "has no coordinate reference system", media_root)


def test_a_tiff_in_a_local_engineering_crs_is_refused(tmp_path: Path, media_root: Path, commune_a) -> None:
    path = write_tiff(tmp_path / "local.tif", plane(), transform=Affine(CELL_M, 0, 0, 0, -CELL_M, 3000),
                      crs=rasterio.crs.CRS.from_wkt(LOCAL_CRS))
    _refused(path, "has no transformation to longitude/latitude", media_root)


def test_a_raster_outside_pleiku_is_refused(tmp_path: Path, media_root: Path, commune_a) -> None:
    # Over Hà Nội.
    path = write_tiff(tmp_path / "hanoi.tif", np.full((50, 50), 10, dtype=np.float32),
                      transform=Affine(0.001, 0, 105.8, 0, -0.001, 21.05), crs="EPSG:4326")
    _refused(path, "does not cover the area of interest", media_root)


def test_a_raster_over_the_cell_or_byte_limit_is_refused(settings, plane_tiff: Path, media_root: Path,
                                                         commune_a) -> None:
    settings.RASTER_MAX_CELLS = 300 * 300 - 1
    _refused(plane_tiff, r"90,000 cells \(300 × 300\); at most 89,999", media_root)
    settings.RASTER_MAX_CELLS = 10**8
    settings.RASTER_MAX_BYTES = 1024
    _refused(plane_tiff, "rasters of at most 0 MiB", media_root)


def test_a_multiband_dem_a_bad_name_and_a_taken_name_are_refused(
    tmp_path: Path, plane_tiff: Path, grid_origin, media_root: Path, commune_a,
) -> None:
    west, north = grid_origin
    path = write_tiff(tmp_path / "rgb.tif", np.stack([plane()] * 3),
                      transform=Affine(CELL_M, 0, west, 0, -CELL_M, north), crs="EPSG:9218")
    _refused(path, "has one band; this file has 3", media_root)
    _refused(plane_tiff, "may hold only letters", media_root, name="../escape")
    _add(plane_tiff)
    with pytest.raises(RasterRefused, match="exists already"):
        _add(plane_tiff)


def test_virtual_paths_and_urls_are_never_opened(media_root: Path) -> None:
    for text in ("/vsicurl/https://example.com/dem.tif", "https://example.com/dem.tif", "/vsizip//tmp/a.zip/x.tif"):
        _refused(Path(text), "is not a local file", media_root)
