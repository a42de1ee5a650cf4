"""The rasters analyses, registered with analysis.spec.register: terrain suitability of zones or parcels."""

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analysis.cog import cog_write
from analysis.models import RasterDataset, RasterKind
from analysis.rasters.features import features_bounds, features_extent, features_read, unit_for_analysis
from analysis.rasters.selectors import raster_file
from analysis.rasters.suitability import CLASS_NAMES, NODATA_CLASS, CropRule, rule_get, rules_crops
from analysis.rasters.validate import RasterRefused
from analysis.rasters.zonal import TerrainGrids, dem_window, terrain_read, zonal_statistics
from analysis.spec import Analysis, AnalysisRefused, Chart, Param, ParamKind, Result, RunContext, Values, register
from layers.models import AdminUnit, Crop

CLASSES_FILE = "suitability.tif"


@register
class TerrainSuitability(Analysis):
    name = "terrain_suitability"
    title = gettext_lazy("Terrain suitability for a crop")
    description = gettext_lazy(
        "Slope, aspect and elevation from an elevation model, their statistics per zone or parcel, and "
        "suitability classes S1 (highly suitable) to N (unsuitable) by the crop's configured rules."
    )

    @property
    def params(self) -> tuple[Param, ...]:  # type: ignore[override]
        """Built on each use: the datasets and the crops with rules change without a restart."""
        datasets = tuple((dem.name, dem.title) for dem in RasterDataset.objects.filter(kind=RasterKind.DEM))
        crops = tuple((crop, Crop(crop).label if crop in Crop.values else crop) for crop in rules_crops())
        return (
            Param("raster", ParamKind.CHOICE, gettext_lazy("Elevation model"), choices=datasets,
                  default=datasets[0][0] if datasets else None),
            Param("crop", ParamKind.CHOICE, gettext_lazy("Crop"), choices=crops, default=Crop.COFFEE.value),
            Param("target", ParamKind.CHOICE, gettext_lazy("Features"), default="zones",
                  choices=(("zones", gettext_lazy("cultivation zones")), ("parcels", gettext_lazy("parcels")))),
            Param("unit", ParamKind.TEXT, gettext_lazy("Administrative unit (key or code; empty: all)"), default=""),
        )

    def refuse(self, values: Values) -> None:
        try:
            dem = _dem(values["raster"])
            unit = unit_for_analysis(key=values["unit"]) if values["unit"] else None
            dem_window(raster_file(relative=dem.path), features_extent(target=values["target"], unit=unit))
        except RasterRefused as error:
            raise AnalysisRefused(str(error)) from None

    def run(self, values: Values, context: RunContext) -> Result:
        dem = _dem(values["raster"])
        rule = rule_get(values["crop"])
        unit = unit_for_analysis(key=values["unit"]) if values["unit"] else None
        context.progress(0.05, _("Reading the features"))
        features = features_read(target=values["target"], unit=unit)
        path = raster_file(relative=dem.path)
        context.progress(0.15, _("Computing slope and aspect"))
        grids = terrain_read(path, dem_window(path, features_bounds(features)))
        classes = rule.classes(grids.elevation, grids.slope, grids.aspect_class)
        raster = context.work_dir / CLASSES_FILE
        _classes_write(raster, classes, grids, dem=dem, crop=rule.crop)
        context.progress(0.5, _("Zonal statistics"))
        classified = _classified(features, zonal_statistics(grids, features), rule)
        context.progress(0.9, _("Summarising"))
        return Result(
            tables={"classes": _class_table(classified, classes, grids)}, features=classified, raster=raster,
            charts=(Chart(table="classes", x="class", y=("features",), title=_("Features per suitability class")),),
            summary=_summary(classified, dem=dem, unit=unit, crop=rule.crop),
        )


def _dem(name: str) -> RasterDataset:
    dataset = RasterDataset.objects.filter(name=name, kind=RasterKind.DEM).first()
    if dataset is None or not raster_file(relative=dataset.path).is_file():
        raise RasterRefused(_("No elevation model named %(name)s is stored.") % {"name": name})
    return dataset


def _classes_write(path: Path, classes: np.ndarray, grids: TerrainGrids, *, dem: RasterDataset, crop: str) -> None:
    tags = {"CROP": crop, "SOURCE_DEM": dem.name, "SYNTHETIC": "YES" if dem.is_synthetic else "NO",
            "CLASSES": "1=S1,2=S2,3=S3,4=N"}
    cog_write(path, classes, transform=grids.transform, crs=grids.crs, tags=tags, nodata=NODATA_CLASS,
              description=f"suitability classes for {crop}", resampling="MODE")


def _classified(features: gpd.GeoDataFrame, stats: pd.DataFrame, rule: CropRule) -> gpd.GeoDataFrame:
    joined = features.merge(stats, on="feature_id", how="left")
    aspect = joined["aspect_majority"].fillna(255).to_numpy().astype(np.uint8)
    codes = rule.classes(joined["elevation_mean"].to_numpy(dtype=float), joined["slope_mean"].to_numpy(dtype=float),
                         aspect)
    joined["class"] = [CLASS_NAMES.get(int(code), "") for code in codes]
    return gpd.GeoDataFrame(joined, geometry="geometry", crs="EPSG:4326")


def _class_table(features: gpd.GeoDataFrame, classes: np.ndarray, grids: TerrainGrids) -> pd.DataFrame:
    """Per class: how many features, and the area of the window's cells (ha) in it."""
    counts = features["class"].value_counts()
    cell_ha = grids.cell_area_m2 / 10_000
    rows = [{"class": name, "features": int(counts.get(name, 0)),
             "cell_area_ha": round(float((classes == code).sum()) * cell_ha, 2)}
            for code, name in CLASS_NAMES.items()]
    return pd.DataFrame(rows)


def _summary(features: gpd.GeoDataFrame, *, dem: RasterDataset, unit: AdminUnit | None, crop: str) -> dict[str, object]:
    suitable = int(features["class"].isin(["S1", "S2"]).sum())
    return {
        "crop": crop, "elevation_model": dem.name, "synthetic_elevation": dem.is_synthetic,
        "unit": unit.full_name if unit else "", "features": len(features),
        "features_without_terrain": int((features["class"] == "").sum()),
        "suitable_share": round(suitable / len(features), 4) if len(features) else 0.0,
    }

