"""A finished run's result written to a file the user names, in the format its extension says."""

import shutil
from pathlib import Path

from django.utils.translation import gettext as _

from analysis.errors import AnalysisError
from analysis.jobs.selectors import run_file_path
from analysis.jobs.storage import FEATURES_GEOJSON, FEATURES_GPKG, WORKBOOK
from analysis.models import AnalysisRun

EXTENSIONS = (".gpkg", ".geojson", ".csv", ".xlsx", ".tif", ".tiff")


def out_extension_check(out: Path) -> None:
    """Refuse, before any work, a file name whose extension no result can be written as."""
    if out.suffix.lower() not in EXTENSIONS:
        raise AnalysisError(_("Cannot write %(name)s: the output must end in one of %(known)s.")
                            % {"name": out.name, "known": ", ".join(EXTENSIONS)})
    if not out.parent.is_dir():
        raise AnalysisError(_("Folder %(folder)s does not exist.") % {"folder": out.parent})


def run_output_write(*, run: AnalysisRun, out: Path, table: str | None = None) -> None:
    """Copy the stored result file that matches `out`'s extension: .gpkg/.geojson the features, .xlsx
    every table, .csv one table (`table`, or the first), .tif/.tiff the raster. A result without that
    part is refused with a message saying what it does have."""
    source = _source_name(run, out.suffix.lower(), table)
    shutil.copyfile(run_file_path(run=run, name=source), out)


def _source_name(run: AnalysisRun, extension: str, table: str | None) -> str:
    result = run.result
    tables = {entry["name"]: entry["csv"] for entry in result.get("tables", [])}
    if extension in (".gpkg", ".geojson") and "features" in result:
        return FEATURES_GPKG if extension == ".gpkg" else FEATURES_GEOJSON
    if extension == ".xlsx" and tables:
        return WORKBOOK
    if extension == ".csv" and tables:
        if table is None:
            return next(iter(tables.values()))
        if table in tables:
            return tables[table]
        raise AnalysisError(_("The result has no table %(table)s; it has %(tables)s.")
                            % {"table": table, "tables": ", ".join(tables)})
    if extension in (".tif", ".tiff") and "raster" in result:
        return str(result["raster"]["file"])
    raise AnalysisError(_("This result cannot be written as %(ext)s: it has %(parts)s.")
                        % {"ext": extension, "parts": ", ".join(_parts(result)) or _("nothing to write")})


def _parts(result: dict[str, object]) -> list[str]:
    parts = []
    if result.get("tables"):
        parts.append(_("tables (.csv, .xlsx)"))
    if "features" in result:
        parts.append(_("features (.gpkg, .geojson)"))
    if "raster" in result:
        parts.append(_("a raster (.tif)"))
    return parts
