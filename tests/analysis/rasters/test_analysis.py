"""The terrain_suitability analysis end to end on a known plane, its refusals, and the tile styles of its
result. Pepper's rules (S1 400–800 m, S3 up to 1,000 m; S1 slopes up to 8°) classify the two zones."""

import io
from pathlib import Path
from typing import Any

import morecantile
import numpy as np
import pytest
import rasterio
from PIL import Image

from analysis.models import RasterDataset
from analysis.rasters.analyses import CLASSES_FILE
from analysis.rasters.services import raster_dataset_add
from analysis.rasters.suitability import CLASS_COLOURS
from analysis.rasters.tiles import raster_tile_png
from analysis.spec import AnalysisRefused, RunContext, analysis_get, values_parse
from tests.analysis.rasters.conftest import CELL_M, plane, write_tiff

# Refusals are asserted in English; the platform speaks Vietnamese by default.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def dem(plane_tiff: Path, commune_a) -> RasterDataset:
    return raster_dataset_add(path=plane_tiff, name="dem-plane", title="Mặt phẳng", user=None)


def _values(**raw: Any) -> dict[str, Any]:
    analysis = analysis_get("terrain_suitability")
    return values_parse(analysis.params, {"raster": "dem-plane", "crop": "pepper", **raw})


def _run(tmp_path: Path, **raw: Any) -> Any:
    analysis = analysis_get("terrain_suitability")
    values = _values(**raw)
    analysis.refuse(values)
    notes: list[float] = []
    context = RunContext(work_dir=tmp_path, progress=lambda fraction, _note: notes.append(fraction))
    result = analysis.run(values, context)
    assert notes == sorted(notes) and notes
    return result


def test_zones_are_classified_from_their_terrain(tmp_path: Path, dem: RasterDataset, zone_at) -> None:
    # 770 m mean, 5.7° → S1; 2,300–2,500 m east of the DEM's edge: 940 m mean → S3 (above S2's 900 m).
    low, high = zone_at(100, 100, 200, name="thấp"), zone_at(1800, 100, 200, name="cao")
    result = _run(tmp_path)
    classes = dict(zip(result.features["feature_id"], result.features["class"], strict=True))
    assert classes == {low.pk: "S1", high.pk: "S3"}
    assert result.features.crs.to_epsg() == 4326
    table = result.tables["classes"].set_index("class")["features"].to_dict()
    assert table == {"S1": 1, "S2": 0, "S3": 1, "N": 0}
    assert result.summary["suitable_share"] == 0.5 and result.summary["features"] == 2
    assert result.charts[0].table == "classes"
    assert result.raster == tmp_path / CLASSES_FILE
    with rasterio.open(result.raster) as raster:
        assert raster.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG" and raster.tags()["CROP"] == "pepper"
        cells = raster.read(1)
        # The plane's cells go from S1 (≤ 800 m) to S2 (≤ 900 m) to S3 (≤ 1,000 m) eastwards.
        assert set(np.unique(cells)) <= {1, 2, 3}
        assert cells[:, 0].tolist() == [1] * raster.height and cells[:, -1].max() == 3


def test_parcels_of_one_unit_only(tmp_path: Path, dem: RasterDataset, parcel_at, commune_a) -> None:
    parcel_at(100, 100, 50)
    result = _run(tmp_path, target="parcels", unit=commune_a.code)
    assert len(result.features) == 1 and result.features["class"].tolist() == ["S1"]
    assert result.summary["unit"] == commune_a.full_name


def test_refusals_before_any_work(tmp_path: Path, dem: RasterDataset, zone_at, commune_b, settings,
                                  grid_origin) -> None:
    analysis = analysis_get("terrain_suitability")
    with pytest.raises(AnalysisRefused, match="is not one of"):
        _values(raster="no-such-dem")
    with pytest.raises(AnalysisRefused, match="No features to analyse"):
        analysis.refuse(_values())  # no zone yet
    zone_at(100, 100, 200)
    with pytest.raises(AnalysisRefused, match="No features to analyse"):
        analysis.refuse(_values(unit=commune_b.slug))
    settings.RASTER_MAX_CELLS = 100
    with pytest.raises(AnalysisRefused, match="at most 100 fit in one run"):
        analysis.refuse(_values())
    settings.RASTER_MAX_CELLS = 10**8
    # A DEM over commune B only (east of A) does not cover the zone in A.
    west, north = grid_origin
    path = write_tiff(tmp_path / "east.tif", plane(100), transform=rasterio.Affine(
        CELL_M, 0, west + 3000, 0, -CELL_M, north), crs="EPSG:9218")
    raster_dataset_add(path=path, name="dem-east", title="Phía đông", user=None)
    with pytest.raises(AnalysisRefused, match="does not cover the chosen features"):
        analysis.refuse(_values(raster="dem-east"))
    Path(settings.MEDIA_ROOT, dem.path).unlink()
    with pytest.raises(AnalysisRefused, match="No elevation model named dem-plane"):
        analysis.refuse(_values())


def test_the_result_raster_is_drawn_in_class_colours(tmp_path: Path, dem: RasterDataset, zone_at) -> None:
    zone_at(100, 100, 200)
    result = _run(tmp_path)
    tile = morecantile.tms.get("WebMercatorQuad").tile(107.982, 14.002, 16)
    png = raster_tile_png(result.raster, tile.z, tile.x, tile.y, style="result")
    assert png is not None
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    assert image.size == (256, 256)
    assert CLASS_COLOURS[1] in {colour for _count, colour in image.getcolors(65536)}
    assert raster_tile_png(result.raster, 16, 0, 0, style="classes") is None
    with pytest.raises(ValueError, match="unknown tile style"):
        raster_tile_png(result.raster, tile.z, tile.x, tile.y, style="rainbow")
