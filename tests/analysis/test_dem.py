"""The synthetic DEM: determinism, Pleiku's relief, the COG it is written to, and the command."""

from pathlib import Path

import numpy as np
import pytest
import rasterio
from django.core.management import CommandError, call_command
from numpy.typing import NDArray
from rasterio.warp import transform, transform_bounds

from analysis import dem
from analysis.cog import cog_write, synthetic_tags
from analysis.dem import BIEN_HO_LON_LAT, synthetic_dem
from analysis.errors import DemError

# A box around Biển Hồ and the north of the city: crater, plateau and at least one valley.
AREA = (107.95, 13.98, 108.08, 14.10)
RESOLUTION = 20.0


@pytest.fixture(scope="module")
def relief() -> tuple[NDArray[np.float32], rasterio.Affine, rasterio.crs.CRS]:
    return synthetic_dem(bounds=AREA, resolution_m=RESOLUTION, seed=1)


def _distance_to_lake(affine: rasterio.Affine, shape: tuple[int, ...]) -> NDArray[np.float64]:
    (cx,), (cy,) = transform("EPSG:4326", "EPSG:9218", [BIEN_HO_LON_LAT[0]], [BIEN_HO_LON_LAT[1]])
    xs = affine.c + RESOLUTION * (np.arange(shape[1]) + 0.5)
    ys = affine.f - RESOLUTION * (np.arange(shape[0]) + 0.5)
    return np.hypot(xs[np.newaxis, :] - cx, ys[:, np.newaxis] - cy)


def _slope_degrees(elevation: NDArray[np.float32]) -> NDArray[np.float64]:
    dz_dy, dz_dx = np.gradient(elevation.astype(np.float64), RESOLUTION)
    return np.degrees(np.arctan(np.hypot(dz_dx, dz_dy)))


# --- determinism -----------------------------------------------------------------------------

def test_same_seed_same_array_different_seed_different_relief(relief) -> None:
    again, affine, _ = synthetic_dem(bounds=AREA, resolution_m=RESOLUTION, seed=1)
    other, other_affine, _ = synthetic_dem(bounds=AREA, resolution_m=RESOLUTION, seed=2)
    assert again.tobytes() == relief[0].tobytes() and affine == relief[1]
    assert other.shape == again.shape and other_affine == affine
    assert np.abs(other - again).max() > 10.0


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    def written(name: str, seed: int) -> bytes:
        elevation, affine, crs = synthetic_dem(bounds=AREA, resolution_m=60.0, seed=seed)
        cog_write(tmp_path / name, elevation, transform=affine, crs=crs, tags=synthetic_tags(seed=seed))
        return (tmp_path / name).read_bytes()

    assert written("a.tif", 5) == written("b.tif", 5)
    assert written("c.tif", 6) != written("a.tif", 5)


def test_a_cell_does_not_depend_on_the_box_asked_for(relief) -> None:
    # The smaller box shares the grid's origin multiples, so its cells are the larger grid's cells.
    small, affine, _ = synthetic_dem(bounds=(108.0, 14.0, 108.03, 14.03), resolution_m=RESOLUTION, seed=1)
    row = round((relief[1].f - affine.f) / RESOLUTION)
    column = round((affine.c - relief[1].c) / RESOLUTION)
    np.testing.assert_allclose(small, relief[0][row:row + small.shape[0], column:column + small.shape[1]], atol=1e-3)


# --- the relief ------------------------------------------------------------------------------

def test_elevations_are_a_plateau_of_700_to_800_m(relief) -> None:
    elevation = relief[0]
    assert np.isfinite(elevation).all()
    assert elevation.min() >= 650.0 and elevation.max() <= 850.0
    plateau = elevation[_distance_to_lake(relief[1], elevation.shape) > 2_500]
    assert 700.0 <= float(np.median(plateau)) <= 800.0


def test_valleys_cut_30_to_80_m_below_their_surroundings(relief) -> None:
    elevation = relief[0]
    plateau = elevation[_distance_to_lake(relief[1], elevation.shape) > 2_500]
    depth = float(np.median(plateau) - plateau.min())
    assert 25.0 <= depth <= 90.0


def test_the_lake_is_flat_at_720_m_and_below_its_rim(relief) -> None:
    elevation, affine, _ = relief
    distance = _distance_to_lake(affine, elevation.shape)
    lake = elevation[distance <= 600]
    assert lake.size > 2_000
    assert np.abs(lake - 720.0).max() <= 0.5
    rim = elevation[(distance >= 800) & (distance <= 900)]
    assert float(np.median(rim)) >= 745.0
    assert float(rim.max()) - float(np.median(elevation[distance > 2_500])) >= 15.0


def test_slopes_are_gentle_but_valley_and_crater_sides_steeper(relief) -> None:
    slope = _slope_degrees(relief[0])
    assert np.percentile(slope, 90) < 15.0
    assert slope.max() > 15.0


# --- the COG ---------------------------------------------------------------------------------

def test_cog_is_tiled_overviewed_georeferenced_and_flagged_synthetic(tmp_path: Path, relief) -> None:
    path = tmp_path / "dem.tif"
    cog_write(path, relief[0], transform=relief[1], crs=relief[2], tags=synthetic_tags(seed=1))
    with rasterio.open(path) as raster:
        assert raster.crs.to_epsg() == 9218
        assert raster.block_shapes == [(512, 512)] and raster.profile["tiled"]
        assert raster.overviews(1)
        assert raster.compression.value == "DEFLATE" and raster.nodata == -9999.0
        assert raster.tags()["SYNTHETIC"] == "YES" and raster.tags()["SEED"] == "1"
        assert raster.tags()["GENERATOR"] == "ntm-geoplatform synthetic_dem"
        west, south, east, north = transform_bounds(raster.crs, "EPSG:4326", *raster.bounds, densify_pts=21)
        np.testing.assert_array_equal(raster.read(1), relief[0])
    assert west <= AREA[0] and south <= AREA[1] and east >= AREA[2] and north >= AREA[3]
    assert not list(tmp_path.glob(".*partial"))


# --- checks and the command ------------------------------------------------------------------

@pytest.mark.parametrize(("bounds", "resolution", "message"), [
    (AREA, 0.0, "not a positive number"),
    (AREA, float("nan"), "not a positive number"),
    ((108.1, 14.0, 108.0, 14.1), 30.0, "empty"),
    ((108.0, 14.1, 108.1, 14.0), 30.0, "empty"),
    ((100.0, 14.0, 100.1, 14.1), 30.0, "area of use"),
    ((107.85, 13.85, 108.20, 14.15), 1.0, "exceeds the limit"),
])
def test_bad_requests_are_refused(bounds, resolution, message) -> None:
    with pytest.raises(DemError, match=message):
        synthetic_dem(bounds=bounds, resolution_m=resolution, seed=1)


@pytest.mark.django_db
def test_command_writes_a_synthetic_cog(tmp_path: Path) -> None:
    out = tmp_path / "dem.tif"
    call_command("generate_dem", str(out), "--seed", "3", "--resolution", "60",
                 "--bounds", ",".join(map(str, AREA)), verbosity=0)
    with rasterio.open(out) as raster:
        assert raster.tags()["SYNTHETIC"] == "YES" and raster.tags()["SEED"] == "3"
        assert raster.res == (60.0, 60.0)


@pytest.mark.django_db
def test_command_defaults_to_the_current_units_extent(tmp_path: Path) -> None:
    from tests.factories import make_unit

    make_unit(lon=107.99, lat=14.03, size_deg=0.02)
    out = tmp_path / "dem.tif"
    call_command("generate_dem", str(out), "--resolution", "50", verbosity=0)
    with rasterio.open(out) as raster:
        west, south, east, north = transform_bounds(raster.crs, "EPSG:4326", *raster.bounds)
    # The unit's box, snapped outward by under a cell: far smaller than the fixed Pleiku box.
    assert 107.98 < west <= 107.99 and 14.02 < south <= 14.03 and 14.05 <= north < 14.06
    assert east - west < 0.03


@pytest.mark.django_db
@pytest.mark.parametrize(("extra", "message"), [
    (["--resolution", "0"], "not a positive number"),
    (["--bounds", "108.2,13.85,107.85,14.15"], "empty"),
    (["--bounds", "107.85,13.85,108.2"], "four numbers"),
    (["--bounds", "a,b,c,d"], "four numbers"),
    (["--resolution", "1"], "exceeds the limit"),
])
def test_command_refuses_bad_arguments_and_writes_nothing(tmp_path: Path, extra, message) -> None:
    out = tmp_path / "dem.tif"
    with pytest.raises(CommandError, match=message):
        call_command("generate_dem", str(out), "--bounds", "107.85,13.85,108.2,14.15", *extra, verbosity=0)
    assert list(tmp_path.iterdir()) == []


def test_the_size_limit_is_checked_before_any_array_is_built() -> None:
    # 20,000 × 20,000 cells must be refused from the grid's arithmetic alone.
    with pytest.raises(DemError, match="exceeds the limit"):
        dem.dem_grid(bounds=(107.85, 13.85, 108.20, 14.15), resolution_m=1.5)
