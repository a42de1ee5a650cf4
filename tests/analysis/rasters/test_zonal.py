"""Zonal statistics of a known plane over known polygons: the answers are computed by hand.

The test DEM rises 0.1 m per metre eastwards from 700 m at its west edge, 500 m west of commune A;
10 m cells. A square from 600 m to 800 m east of that edge has cell centres 605 … 795 m: mean 770 m,
minimum 760.5 m, maximum 779.5 m, slope atan(0.1) = 5.711°, facing west.
"""

import math
from pathlib import Path

import pytest

from analysis.rasters.features import features_bounds, features_read, unit_for_analysis
from analysis.rasters.terrain import ASPECT_CLASSES
from analysis.rasters.validate import RasterRefused
from analysis.rasters.zonal import dem_window, terrain_read, zonal_statistics

# Refusals are asserted in English; the platform speaks Vietnamese by default.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
SLOPE = math.degrees(math.atan(0.1))


def _stats(path: Path, target: str) -> dict[int, dict[str, float]]:
    features = features_read(target=target, unit=None)
    grids = terrain_read(path, dem_window(path, features_bounds(features)))
    table = zonal_statistics(grids, features)
    return {int(row["feature_id"]): row for row in table.to_dict("records")}


def test_statistics_of_a_zone_over_a_known_plane(plane_tiff: Path, zone_at) -> None:
    # A millimetre inside the cell edges: the square's trip through EPSG:4326 must not touch the next cells.
    zone = zone_at(100.001, 100.001, 199.998)
    row = _stats(plane_tiff, "zones")[zone.pk]
    assert row["elevation_mean"] == pytest.approx(770.0, abs=0.01)
    assert row["elevation_min"] == pytest.approx(760.5, abs=0.01)
    assert row["elevation_max"] == pytest.approx(779.5, abs=0.01)
    assert row["slope_mean"] == pytest.approx(SLOPE, abs=1e-3)
    assert row["slope_max"] == pytest.approx(SLOPE, abs=1e-3)
    assert ASPECT_CLASSES[int(row["aspect_majority"])] == "W"
    assert row["coverage"] == pytest.approx(1.0, abs=1e-3)


def test_a_parcel_partly_off_the_raster_has_its_coverage_and_the_statistics_of_its_covered_part(
    plane_tiff: Path, parcel_at,
) -> None:
    # 2,400–2,700 m east of commune A's corner; the DEM ends at 2,500 m: a third is covered,
    # whose cells (2,905 … 2,995 m from the DEM's west edge) average 700 + 0.1 × 2,950 = 995 m.
    inside, partly = parcel_at(100, 100, 200), parcel_at(2400, 100, 300)
    rows = _stats(plane_tiff, "parcels")
    assert rows[inside.pk]["coverage"] == pytest.approx(1.0, abs=1e-3)
    assert rows[partly.pk]["coverage"] == pytest.approx(1 / 3, abs=1e-3)
    assert rows[partly.pk]["elevation_mean"] == pytest.approx(995.0, abs=0.01)
    assert rows[partly.pk]["slope_mean"] == pytest.approx(SLOPE, abs=1e-3)  # the edge keeps its slope


def test_the_window_is_refused_when_it_exceeds_the_cell_limit(settings, plane_tiff: Path, zone_at) -> None:
    zone_at(0, 0, 2000)
    bounds = features_bounds(features_read(target="zones", unit=None))
    settings.RASTER_MAX_CELLS = 1000
    with pytest.raises(RasterRefused, match="at most 1,000 fit in one run"):
        dem_window(plane_tiff, bounds)
    # The run's memory limit caps the window too: 1 MiB holds 10,922 cells of 96 bytes.
    settings.RASTER_MAX_CELLS, settings.ANALYSIS_MEMORY_LIMIT_MB = 10**8, 1
    with pytest.raises(RasterRefused, match="at most 10,922 fit in one run"):
        dem_window(plane_tiff, bounds)


def test_features_off_the_raster_and_no_features_are_refused(plane_tiff: Path, zone_at, commune_b) -> None:
    zone_at(5000, 5000, 100)
    with pytest.raises(RasterRefused, match="does not cover the chosen features"):
        dem_window(plane_tiff, features_bounds(features_read(target="zones", unit=None)))
    with pytest.raises(RasterRefused, match="No features to analyse"):
        features_bounds(features_read(target="zones", unit=unit_for_analysis(key=commune_b.slug)))
    with pytest.raises(RasterRefused, match="No administrative unit"):
        unit_for_analysis(key="no-such-unit")
