"""`generate_dem`: write a seeded synthetic DEM of Pleiku's relief as a COG flagged SYNTHETIC=YES."""

from pathlib import Path
from typing import Any

from django.contrib.gis.db.models import Extent
from django.core.management.base import BaseCommand, CommandError, CommandParser

from analysis.cog import cog_write, synthetic_tags
from analysis.dem import PLEIKU_BOUNDS, Bounds, synthetic_dem
from analysis.errors import AnalysisError
from layers.selectors import unit_current_communes


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

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if not out.parent.is_dir():
            raise CommandError(f"Folder {out.parent} does not exist; create it or choose another OUT.")
        bounds = _parse_bounds(options["bounds"]) if options["bounds"] else _default_bounds()
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


def _parse_bounds(text: str) -> Bounds:
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4:
        raise CommandError(f"--bounds {text!r} must be four numbers: minlon,minlat,maxlon,maxlat.")
    return values[0], values[1], values[2], values[3]


def _default_bounds() -> Bounds:
    """The current wards' and communes' extent, or the fixed Pleiku box before any are loaded."""
    extent = unit_current_communes().aggregate(extent=Extent("geometry"))["extent"]
    if extent is None:
        return PLEIKU_BOUNDS
    return extent[0], extent[1], extent[2], extent[3]
