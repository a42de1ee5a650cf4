"""Slope, aspect and hillshade by Horn's method on planes whose answer is known by hand."""

import math
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import Affine

from analysis.rasters.grids import hillshade_write
from analysis.rasters.terrain import (
    ASPECT_CLASSES,
    CLASS_NODATA,
    FLAT,
    METRES_PER_DEGREE_LAT,
    METRES_PER_DEGREE_LON,
    CellSize,
    aspect_classes,
    aspect_degrees,
    hillshade,
    slope_degrees,
)
from tests.analysis.rasters.conftest import write_tiff

CELL = CellSize(10.0, -10.0)


def _plane(rise_x: float, rise_y: float, shape: tuple[int, int] = (20, 30), cell: float = 10.0) -> np.ndarray:
    """z rising `rise_x` m per metre eastwards and `rise_y` m per metre northwards (rows run south)."""
    rows, columns = np.mgrid[0:shape[0], 0:shape[1]]
    return 500.0 + rise_x * cell * columns - rise_y * cell * rows


def test_a_rise_of_one_metre_per_metre_east_is_45_degrees_facing_west() -> None:
    elevation = _plane(1.0, 0.0)
    np.testing.assert_allclose(slope_degrees(elevation, CELL), 45.0, atol=1e-9)  # edges included
    np.testing.assert_allclose(aspect_degrees(elevation, CELL), 270.0, atol=1e-9)
    assert set(np.unique(aspect_classes(aspect_degrees(elevation, CELL)))) == {ASPECT_CLASSES.index("W")}


@pytest.mark.parametrize(("rise_x", "rise_y", "aspect", "name"), [
    (0.0, 1.0, 180.0, "S"),   # rising north: faces south
    (0.0, -1.0, 0.0, "N"),
    (-1.0, 0.0, 90.0, "E"),
    (0.5, 0.5, 225.0, "SW"),
])
def test_aspect_is_the_direction_the_slope_faces(rise_x: float, rise_y: float, aspect: float, name: str) -> None:
    elevation = _plane(rise_x, rise_y)
    found = aspect_degrees(elevation, CELL)
    np.testing.assert_allclose(np.where(found > 359.999, found - 360.0, found), aspect, atol=1e-9)
    assert (aspect_classes(found) == ASPECT_CLASSES.index(name)).all()
    expected_slope = math.degrees(math.atan(math.hypot(rise_x, rise_y)))
    np.testing.assert_allclose(slope_degrees(elevation, CELL), expected_slope, atol=1e-9)


def test_a_flat_surface_has_no_aspect() -> None:
    elevation = np.full((5, 5), 720.0)
    assert (slope_degrees(elevation, CELL) == 0).all()
    assert (aspect_degrees(elevation, CELL) == FLAT).all()
    assert (aspect_classes(aspect_degrees(elevation, CELL)) == 0).all()


def test_nodata_spreads_to_its_neighbours_only() -> None:
    elevation = _plane(0.2, 0.0)
    elevation[10, 10] = np.nan
    slope = slope_degrees(elevation, CELL)
    window = np.zeros_like(slope, dtype=bool)
    window[9:12, 9:12] = True
    assert np.isnan(slope[window]).all()
    np.testing.assert_allclose(slope[~window], math.degrees(math.atan(0.2)), atol=1e-9)
    assert (aspect_classes(aspect_degrees(elevation, CELL))[window] == CLASS_NODATA).all()


def test_geographic_cells_are_measured_in_metres_from_the_latitude() -> None:
    # 1/3600° cells near Pleiku; the surface rises 1 m per metre eastwards, row by row.
    top_lat, step = 14.0, 1.0 / 3600
    rows, columns = 40, 40
    latitudes = top_lat - step * np.arange(rows)
    width_m = step * METRES_PER_DEGREE_LON * np.cos(np.radians(latitudes))
    elevation = 700.0 + width_m[:, np.newaxis] * np.arange(columns)[np.newaxis, :]
    cell = CellSize(step, -step, geographic=True, top_lat=top_lat)
    np.testing.assert_allclose(slope_degrees(elevation, cell)[1:-1], 45.0, atol=1e-6)
    # The cells narrow northwards, so the surface also tilts a little: within 0.01°.
    np.testing.assert_allclose(aspect_degrees(elevation, cell)[1:-1], 270.0, atol=0.01)
    # And southwards: 1 m per metre of latitude, facing north.
    north = 700.0 + step * METRES_PER_DEGREE_LAT * np.arange(rows)[:, np.newaxis] * np.ones((1, columns))
    np.testing.assert_allclose(slope_degrees(north, cell), 45.0, atol=1e-6)
    found = aspect_degrees(north, cell)
    np.testing.assert_allclose(np.where(found > 180, found - 360, found), 0.0, atol=1e-6)


def test_hillshade_is_brightest_on_slopes_facing_the_sun_and_zero_at_nodata() -> None:
    facing_sun = _plane(0.5, -0.5)   # rises to the south-east: faces north-west, where the light comes from
    away = _plane(-0.5, 0.5)          # faces south-east
    assert hillshade(facing_sun, CELL).min() > hillshade(away, CELL).max()
    flat = hillshade(np.full((4, 4), 700.0), CELL)
    assert (flat == round(1 + 254 * math.cos(math.radians(45)))).all()
    holed = np.full((5, 5), 700.0)
    holed[2, 2] = np.nan
    assert hillshade(holed, CELL)[2, 2] == 0


def test_the_hillshade_file_computed_in_strips_equals_the_whole_grid(tmp_path: Path) -> None:
    rows, columns = np.mgrid[0:50, 0:40]
    elevation = (700 + 30 * np.sin(rows / 6.0) * np.cos(columns / 5.0)).astype(np.float32)
    step = 1 / 3600
    source = write_tiff(tmp_path / "wavy.tif", elevation, transform=Affine(step, 0, 108.0, 0, -step, 14.0),
                        crs="EPSG:4326")
    hillshade_write(source, tmp_path / "shade.tif", strip_rows=7)
    with rasterio.open(tmp_path / "shade.tif") as written:
        strips = written.read(1)
    whole = hillshade(elevation, CellSize(step, -step, geographic=True, top_lat=14.0 - step / 2))
    np.testing.assert_array_equal(strips, whole)
