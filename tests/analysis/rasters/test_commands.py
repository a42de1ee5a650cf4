"""`generate_dem --register` and `load_raster`: the synthetic DEM lands as a flagged dataset with its
hillshade; a refused file is a CommandError with the reason, and nothing is stored."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from analysis.models import RasterDataset

# Refusals are asserted in English; the platform speaks Vietnamese by default.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
SMALL = ["--bounds", "107.98,14.00,108.01,14.03", "--resolution", "60"]


def test_generate_dem_registers_a_synthetic_dataset(tmp_path: Path, media_root: Path) -> None:
    call_command("generate_dem", str(tmp_path / "dem.tif"), *SMALL, "--register", "dem-synthetic", verbosity=0)
    dataset = RasterDataset.objects.get(name="dem-synthetic")
    assert dataset.is_synthetic and dataset.crs == "EPSG:9218" and dataset.resolution_m == pytest.approx(60)
    assert (media_root / dataset.path).is_file() and (media_root / dataset.hillshade_path).is_file()
    # Repeating it (as `make demo` does) changes nothing.
    (tmp_path / "dem.tif").unlink()
    call_command("generate_dem", str(tmp_path / "dem.tif"), *SMALL, "--register", "dem-synthetic", verbosity=0)
    assert not (tmp_path / "dem.tif").exists()
    assert list(RasterDataset.objects.values_list("pk", flat=True)) == [dataset.pk]


def test_load_raster_stores_a_file_and_refuses_a_bad_one(tmp_path: Path, plane_tiff: Path, commune_a,
                                                         media_root: Path) -> None:
    call_command("load_raster", str(plane_tiff), "--name", "dem-plane", verbosity=0)
    assert RasterDataset.objects.get(name="dem-plane").title == "dem-plane"
    text = tmp_path / "notes.tif"
    text.write_text("hello")
    with pytest.raises(CommandError, match="is not a GeoTIFF"):
        call_command("load_raster", str(text), "--name", "dem-text", verbosity=0)
    assert not RasterDataset.objects.filter(name="dem-text").exists()
    stored = RasterDataset.objects.get(name="dem-plane")
    assert sorted((media_root / "rasters").iterdir()) == sorted(
        [media_root / stored.path, media_root / stored.hillshade_path])
