"""Time the zonal statistics of a DEM over every parcel: the `terrain_suitability` analysis (ours)
against one direct exactextract call on the same data (the peer), alternately in one process; print one
JSON line per run and a summary.

Ours: parse and refuse the parameters, then run the analysis over all parcels to its Result: the
parcels read from PostGIS, the DEM window read, slope and aspect derived, the classes raster written
as a COG, the statistics and classes per parcel. Peer: exact_extract over the same DEM file and the
same slope and aspect-class grids (prepared beforehand, untimed, as GeoTIFFs) and the parcels from a
GeoPackage already in the DEM's CRS (exported beforehand, untimed; read in the timed part), with the same
seven statistics. Tuned peer: the same call given what exactextract reads fastest — the three grids read
whole into NumPy arrays and the parcels as WKB (both timed) — which is how the analysis itself calls it.
All must report one row per parcel.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_platform.settings")
django.setup()

import geopandas  # noqa: E402  (after django.setup)
import rasterio  # noqa: E402
from exactextract import Operation, exact_extract  # noqa: E402
from exactextract.raster import NumPyRasterSource, RasterioRasterSource  # noqa: E402
from shapely import to_wkb  # noqa: E402

from analysis.models import RasterDataset  # noqa: E402
from analysis.rasters.features import features_bounds, features_read  # noqa: E402
from analysis.rasters.selectors import raster_file  # noqa: E402
from analysis.rasters.terrain import CLASS_NODATA  # noqa: E402
from analysis.rasters.zonal import WkbFeatureSource, dem_window, terrain_read  # noqa: E402
from analysis.spec import RunContext, analysis_get, values_parse  # noqa: E402

# The seven statistics the analysis computes: (output column, statistic, raster).
PEER_OPS = (("elevation_mean", "mean", "dem"), ("elevation_min", "min", "dem"), ("elevation_max", "max", "dem"),
            ("slope_mean", "mean", "slope"), ("slope_max", "max", "slope"),
            ("aspect_majority", "majority", "aspect"), ("cells", "count", "dem"))


def ours(work_dir: Path, dem: str) -> tuple[float, int]:
    start = time.perf_counter()
    analysis = analysis_get("terrain_suitability")
    values = values_parse(analysis.params, {"raster": dem, "crop": "coffee", "target": "parcels"})
    analysis.refuse(values)
    result = analysis.run(values, RunContext(work_dir, lambda _fraction, _note: None))
    elapsed = time.perf_counter() - start
    assert result.features is not None
    return elapsed, len(result.features)


def peer_inputs(work_dir: Path, dem_path: Path) -> tuple[Path, Path, Path]:
    """Untimed: slope and aspect-class GeoTIFFs of the DEM window, and the parcels in the DEM's CRS."""
    features = features_read(target="parcels", unit=None)
    grids = terrain_read(dem_path, dem_window(dem_path, features_bounds(features)))
    profile = {"driver": "GTiff", "width": grids.elevation.shape[1], "height": grids.elevation.shape[0],
               "count": 1, "crs": grids.crs.to_wkt(), "transform": grids.transform, "tiled": True,
               "compress": "deflate"}
    slope, aspect = work_dir / "slope.tif", work_dir / "aspect.tif"
    with rasterio.open(slope, "w", dtype="float64", nodata=float("nan"), **profile) as target:
        target.write(grids.slope, 1)
    with rasterio.open(aspect, "w", dtype="uint8", nodata=CLASS_NODATA, **profile) as target:
        target.write(grids.aspect_class, 1)
    parcels = work_dir / "parcels.gpkg"
    features[["feature_id", "geometry"]].to_crs(grids.crs).to_file(parcels, layer="parcels", engine="pyogrio")
    return slope, aspect, parcels


def peer(dem_path: Path, slope: Path, aspect: Path, parcels: Path) -> tuple[float, int]:
    start = time.perf_counter()
    with rasterio.open(dem_path) as dem, rasterio.open(slope) as slopes, rasterio.open(aspect) as aspects:
        sources = {name: RasterioRasterSource(dataset, 1, name=name)
                   for name, dataset in (("dem", dem), ("slope", slopes), ("aspect", aspects))}
        ops = [Operation(stat, column, sources[raster]) for column, stat, raster in PEER_OPS]
        # exactextract opens vector files only through GDAL's or fiona's bindings, which are not installed:
        # the peer reads the GeoPackage with pyogrio (timed) and hands exactextract the GeoDataFrame.
        features = geopandas.read_file(parcels, layer="parcels", engine="pyogrio")
        table = exact_extract(list(sources.values()), features, ops, include_cols=["feature_id"], output="pandas")
    return time.perf_counter() - start, len(table)


def _numpy_source(path: Path, name: str) -> NumPyRasterSource:
    """The whole band in memory: float bands with nodata as NaN, class bands with their integer nodata,
    as exactextract's NumPy source takes them."""
    with rasterio.open(path) as dataset:
        left, bottom, right, top = dataset.bounds
        box = {"xmin": left, "ymin": bottom, "xmax": right, "ymax": top, "srs_wkt": dataset.crs.to_wkt()}
        if dataset.dtypes[0].startswith("float"):
            return NumPyRasterSource(dataset.read(1, masked=True).filled(float("nan")), name=name, **box)
        return NumPyRasterSource(dataset.read(1), name=name, nodata=int(dataset.nodata), **box)


def peer_tuned(dem_path: Path, slope: Path, aspect: Path, parcels: Path) -> tuple[float, int]:
    start = time.perf_counter()
    sources = {name: _numpy_source(path, name) for name, path in (("dem", dem_path), ("slope", slope),
                                                                   ("aspect", aspect))}
    ops = [Operation(stat, column, sources[raster]) for column, stat, raster in PEER_OPS]
    frame = geopandas.read_file(parcels, layer="parcels", engine="pyogrio")
    features = WkbFeatureSource(frame["feature_id"].tolist(), list(to_wkb(frame.geometry.values)),
                                srs_wkt=frame.crs.to_wkt())
    table = exact_extract(list(sources.values()), features, ops, include_cols=["feature_id"], output="pandas")
    return time.perf_counter() - start, len(table)


SIDES = {"peer": peer, "peer_tuned": peer_tuned}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dem", default="bench-dem")
    parser.add_argument("--peers", default="peer,peer_tuned", help="which peers to run, comma-separated")
    args = parser.parse_args()
    dem_path = raster_file(relative=RasterDataset.objects.get(name=args.dem).path)
    times: dict[str, list[float]] = {side: [] for side in args.peers.split(",") if side in SIDES}
    times["ours"] = []
    with tempfile.TemporaryDirectory() as scratch:
        work_dir = Path(scratch)
        inputs = peer_inputs(work_dir, dem_path)
        peer_tuned(dem_path, *inputs), ours(work_dir, args.dem)  # warm the caches
        for run in range(1, args.runs + 1):
            for side in times:
                seconds, rows = SIDES[side](dem_path, *inputs) if side in SIDES else ours(work_dir, args.dem)
                times[side].append(seconds)
                print(json.dumps({"run": run, "side": side, "seconds": round(seconds, 3), "rows": rows}), flush=True)
    medians = {side: statistics.median(values) for side, values in times.items()}
    ratios = ", ".join(f"{medians['ours'] / medians[side]:.2f}x against {side} ({medians[side]:.2f} s)"
                       for side in times if side != "ours")
    print(f"{rows:,} parcels, median of {args.runs}: ours {medians['ours']:.2f} s; {ratios}")


if __name__ == "__main__":
    main()
