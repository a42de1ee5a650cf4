"""`manage.py export`: a layer to a file, as the public sees it or as a named user may."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ingest.errors import IngestError
from ingest.export import FORMATS, WGS84, layer_export, parse_crs
from layers.errors import LayersError
from layers.permissions import AnyUser
from layers.registry import LAYERS


class Command(BaseCommand):
    help = ("Export a layer (the rows and columns the public may see, or --user's) to GeoJSON, GeoPackage, "
            "a zipped shapefile, KML, CSV or XLSX.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--layer", required=True, help=f"One of {', '.join(LAYERS)}.")
        parser.add_argument("--format", required=True, choices=list(FORMATS), dest="fmt")
        parser.add_argument("--crs", default=f"EPSG:{WGS84}", help="EPSG:N of the output (default EPSG:4326).")
        parser.add_argument("--where-unit", dest="unit", metavar="GSO_CODE",
                            help="Only the features in the current unit with this GSO code.")
        parser.add_argument("--user", metavar="USERNAME", help="Export with this user's permissions.")
        parser.add_argument("out", type=Path, metavar="OUT", help="The file to write (a shapefile: NAME.zip).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = layer_export(layer=options["layer"], fmt=options["fmt"], out=options["out"],
                                 user=_user(options["user"]), srid=parse_crs(options["crs"]),
                                 unit_code=options["unit"])
        except (IngestError, LayersError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(_("%(count)s features written to %(out)s")
                                             % {"count": count, "out": options["out"]}))


def _user(username: str | None) -> AnyUser:
    if username is None:
        return AnonymousUser()
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(_("No user is called %(name)r; leave out --user to export what the public may see.")
                           % {"name": username}) from None
