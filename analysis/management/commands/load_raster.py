"""`load_raster`: validate a GeoTIFF, store it as a COG (with a hillshade for a DEM) and register it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from analysis.errors import AnalysisError
from analysis.models import RasterDataset, RasterKind
from analysis.rasters.services import raster_dataset_add


class Command(BaseCommand):
    help = (
        "Check FILE (a GeoTIFF: CRS, coverage of Pleiku, size), convert it to a Cloud-Optimised GeoTIFF "
        "under MEDIA_ROOT/rasters/, build its hillshade and register it as dataset NAME."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A local GeoTIFF.")
        parser.add_argument("--name", required=True, help="The dataset's key: letters, digits, - and _.")
        parser.add_argument("--title", default="", help="Shown on the pages (default: the name).")
        parser.add_argument("--kind", choices=RasterKind.values, default=RasterKind.DEM)

    def handle(self, *args: Any, **options: Any) -> None:
        dataset = raster_register(options["file"], name=options["name"], title=options["title"], kind=options["kind"])
        if options["verbosity"] > 0:
            flag = " (synthetic)" if dataset.is_synthetic else ""
            self.stdout.write(f"Raster {dataset.name}{flag}: {dataset.width:,} × {dataset.height:,} cells, "
                              f"{dataset.resolution_m:g} m, {dataset.crs}, stored as {dataset.path}.")


def raster_register(path: Path, *, name: str, title: str, kind: str = RasterKind.DEM) -> RasterDataset:
    """raster_dataset_add for a command: refusals become CommandError (exit code 1, the message)."""
    try:
        return raster_dataset_add(path=path, name=name, title=title or name, kind=kind, user=None)
    except AnalysisError as error:
        raise CommandError(str(error)) from error
