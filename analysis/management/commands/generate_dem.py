"""`generate_dem`: write a seeded synthetic DEM of Pleiku's relief as a COG flagged SYNTHETIC=YES,
and with `--register NAME` store it as a raster dataset (COG + hillshade) too."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from analysis.cog import cog_write, synthetic_tags
from analysis.dem import Bounds, synthetic_dem
from analysis.errors import AnalysisError
from analysis.management.commands.load_raster import raster_register
from analysis.models import RasterDataset
from analysis.rasters.validate import area_of_interest


class Command(BaseCommand):
    help = (
        "Write a synthetic (illustrative, not surveyed) DEM of Pleiku's plateau, valleys and the Biển Hồ "
        "crater lake to OUT as a Cloud-Optimised GeoTIFF in EPSG:9218. The same seed gives the same file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="The GeoTIFF to write (replaced if it exists).")
        parser.add_argument("--seed", type=int, default=1, help="Any integer; another seed, another relief.")
        parser.add_argument("--resolution", type=float, default=30.0, help="Cell size in metres (default 30).")
        parser.add_argument(
            "--bounds", default=None, metavar="MINLON,MINLAT,MAXLON,MAXLAT",
            help="Area in EPSG:4326; default: the current wards and communes, or the Pleiku box if none are loaded.",
        )
        parser.add_argument("--register", default=None, metavar="NAME",
                            help="Also store the DEM as raster dataset NAME (COG + hillshade, flagged synthetic); "
                                 "if NAME is already stored, do nothing (so a demo setup can repeat it).")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if options["register"] and RasterDataset.objects.filter(name=options["register"]).exists():
            if options["verbosity"] > 0:
                self.stdout.write(f"Raster dataset {options['register']} is already stored; nothing done.")
            return
        if not out.parent.is_dir():
            raise CommandError(f"Folder {out.parent} does not exist; create it or choose another OUT.")
        bounds = _parse_bounds(options["bounds"]) if options["bounds"] else area_of_interest()
        try:
            elevation, transform, crs = synthetic_dem(
                bounds=bounds, resolution_m=options["resolution"], seed=options["seed"]
            )
            cog_write(out, elevation, transform=transform, crs=crs, tags=synthetic_tags(seed=options["seed"]))
        except AnalysisError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] > 0:
            height, width = elevation.shape
            self.stdout.write(f"Synthetic DEM {width:,} × {height:,} cells (seed {options['seed']}) written to {out}.")
        if options["register"]:
            title = f"Synthetic DEM of Pleiku (seed {options['seed']}, {options['resolution']:g} m)"
            raster_register(out, name=options["register"], title=title)
            if options["verbosity"] > 0:
                self.stdout.write(f"Registered as raster dataset {options['register']}.")


def _parse_bounds(text: str) -> Bounds:
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4:
        raise CommandError(f"--bounds {text!r} must be four numbers: minlon,minlat,maxlon,maxlat.")
    return values[0], values[1], values[2], values[3]

