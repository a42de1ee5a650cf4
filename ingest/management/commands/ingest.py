"""`ingest`: import a file into a layer, all or nothing, with a report."""

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ingest.mapping import MappingError, parse_overrides
from ingest.pipeline import ImportRequest, ingest_file
from ingest.report import Report
from layers.crs import SUPPORTED_SRIDS
from layers.permissions import AnyUser
from layers.registry import LAYERS


def _epsg(text: str) -> int:
    code = text.upper().removeprefix("EPSG:")
    if not code.isdigit() or int(code) not in SUPPORTED_SRIDS:
        known = ", ".join(f"EPSG:{srid}" for srid in sorted(SUPPORTED_SRIDS))
        raise CommandError(f"--crs {text}: give one of {known}.")
    return int(code)


class Command(BaseCommand):
    help = ("Import PATH (Shapefile .zip/.shp, GeoPackage, GeoJSON, KML/KMZ, GPX, CSV, XLSX, DXF, DGN) into "
            "LAYER. Everything is checked first; any problem rejects the whole file and nothing is written. "
            "Re-importing a file updates the features it created.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--layer", required=True, choices=sorted(LAYERS))
        parser.add_argument("--crs", help="EPSG:N, for a file that does not say its coordinate system.")
        parser.add_argument("--map", action="append", default=[], metavar="TARGET=SOURCE",
                            help="Fill field TARGET from the file's column SOURCE (repeatable).")
        parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                            help="Give every feature this value (for example crop=coffee for a KML traced "
                                 "in Google Earth); repeatable.")
        parser.add_argument("--source-layer", help="The layer of a file that holds several.")
        parser.add_argument("--dry-run", action="store_true", help="Check everything, write nothing.")
        parser.add_argument("--repair", action="store_true",
                            help="Repair invalid geometries (ST_MakeValid) instead of rejecting them.")
        parser.add_argument("--report", type=Path, metavar="FILE.json", help="Also write the report as JSON.")
        parser.add_argument("--user", help="Import as this user, with their role and units "
                                           "(default: as an administrator).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            overrides = parse_overrides(options["map"])
            constants = parse_overrides(options["set"])
        except MappingError as error:
            raise CommandError(str(error)) from error
        request = ImportRequest(
            path=options["path"], layer=options["layer"], user=self._user(options["user"]),
            crs=_epsg(options["crs"]) if options["crs"] else None, overrides=overrides, constants=constants,
            source_layer=options["source_layer"], dry_run=options["dry_run"], repair=options["repair"],
        )
        report = self._run(request, show_bar=options["verbosity"] > 0 and sys.stderr.isatty())
        if options["report"]:
            report.write_json(options["report"])
        for line in report.lines():
            (self.stdout if report.ok else self.stderr).write(line)
        if not report.ok:
            raise CommandError(f"{report.file}: rejected; nothing was written.")

    def _run(self, request: ImportRequest, *, show_bar: bool) -> Report:
        if not show_bar:
            return ingest_file(request)
        with tqdm(unit=" features", desc=request.path.name, file=sys.stderr) as bar:
            def progress(read: int, total: int | None) -> None:
                bar.total = total
                bar.update(read - bar.n)
            return ingest_file(request, progress=progress)

    def _user(self, username: str | None) -> AnyUser:
        model = get_user_model()
        if username is None:
            # Whoever runs manage.py already holds the database; they import as an administrator.
            return model(username="manage.py", is_superuser=True, is_active=True)
        try:
            return model.objects.get(username=username)
        except model.DoesNotExist:
            raise CommandError(f"--user {username}: no such user.") from None
