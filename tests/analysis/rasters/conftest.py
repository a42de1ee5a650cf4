"""Fixtures of the raster tests: GeoTIFFs written on the spot over the test communes, a private
MEDIA_ROOT, and planners. The rasters are planes whose slope, aspect and mean elevation are known."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
from django.contrib.auth.models import AbstractUser
from numpy.typing import NDArray
from rasterio.transform import Affine

from layers.models import Role
from tests.layers.zone_fixtures import (  # noqa: F401  (fixtures)
    administrator,
    commune_a,
    commune_b,
    origin,
    square,
    user_for,
)

CELL_M = 10.0
# The test DEM covers commune A (2 km square) and 500 m around it.
MARGIN_M = 500.0
SIDE_CELLS = int((2000 + 2 * MARGIN_M) / CELL_M)
BASE_M = 700.0
RISE_PER_M = 0.1  # the plane rises 0.1 m per metre towards the east: slope atan(0.1) ≈ 5.71°, facing west

WriteTiff = Callable[..., Path]


def write_tiff(path: Path, array: NDArray[Any], *, transform: Affine | None, crs: Any, **tags: str) -> Path:
    """A plain (striped, not COG) GeoTIFF of `array`'s bands, as a user would upload."""
    bands = array if array.ndim == 3 else array[np.newaxis]
    profile: dict[str, Any] = {"driver": "GTiff", "width": bands.shape[2], "height": bands.shape[1],
                               "count": bands.shape[0], "dtype": bands.dtype.name}
    if transform is not None:
        profile["transform"] = transform
    if crs is not None:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as target:
        target.write(bands)
        if tags:
            target.update_tags(**tags)
    return path


def plane(side: int = SIDE_CELLS) -> NDArray[np.float32]:
    """Cell-centre elevations BASE_M + RISE_PER_M × (metres east of the grid's west edge)."""
    xs = CELL_M * (np.arange(side) + 0.5)
    return np.tile(BASE_M + RISE_PER_M * xs, (side, 1)).astype(np.float32)


@pytest.fixture
def grid_origin(origin: tuple[float, float]) -> tuple[float, float]:  # noqa: F811  (pytest passes the imported fixture)
    """The west and north edges (EPSG:9218) of the test DEM."""
    return origin[0] - MARGIN_M, origin[1] + 2000 + MARGIN_M


@pytest.fixture
def plane_tiff(tmp_path: Path, grid_origin: tuple[float, float]) -> Path:
    west, north = grid_origin
    return write_tiff(tmp_path / "plane.tif", plane(), transform=Affine(CELL_M, 0, west, 0, -CELL_M, north),
                      crs="EPSG:9218")


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def planner(user_for: Callable[..., AbstractUser]) -> AbstractUser:  # noqa: F811  (pytest passes the imported fixture)
    return user_for(Role.PLANNER)


@pytest.fixture
def zone_at(square: Callable[..., Any], commune_a: Any) -> Callable[..., Any]:  # noqa: F811  (pytest passes the imported fixture)
    """A draft coffee zone on a square `side` m wide at (`dx`, `dy`) m from commune A's south-west corner."""
    from layers.models import CultivationZone

    def make(dx: float, dy: float, side: float, name: str = "Vùng thử") -> CultivationZone:
        zone = CultivationZone.objects.create(name=name, crop="coffee", geometry=square(dx, dy, side))
        zone.units.add(commune_a)
        return zone

    return make


@pytest.fixture
def parcel_at(square: Callable[..., Any], commune_a: Any) -> Callable[..., Any]:  # noqa: F811  (pytest passes the imported fixture)
    from layers.models import Parcel

    numbers = iter(range(1, 1000))

    def make(dx: float, dy: float, side: float) -> Parcel:
        return Parcel.objects.create(unit=commune_a, sheet_number=1, parcel_number=next(numbers), land_use="CLN",
                                     geometry=square(dx, dy, side))

    return make
