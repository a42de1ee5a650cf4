"""`analyse NAME [--param k=v ...] [--out FILE]`: run one analysis now, in this process (no broker)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from analysis.errors import AnalysisError
from analysis.jobs.export import out_extension_check, run_output_write
from analysis.jobs.services import run_create, run_execute
from analysis.models import AnalysisRun, RunStatus
from analysis.spec import Param, analyses_all

PRINTED_ROWS = 20  # the rest is in the stored files and --out
CELL_WIDTH = 40


class Command(BaseCommand):
    help = (
        "Run the analysis NAME synchronously with the given parameters, store the run like a web run, "
        "print its summary and tables, and optionally write its result to FILE (.gpkg, .geojson, .csv, "
        ".xlsx, .tif). `analyse --list` lists the analyses and their parameters."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", nargs="?", help="The analysis to run (see --list).")
        parser.add_argument("--param", action="append", default=[], metavar="K=V",
                            help="A parameter value; repeat for several.")
        parser.add_argument("--out", type=Path, help="Write the result here; the extension picks the part.")
        parser.add_argument("--table", help="With --out FILE.csv: which table (default: the first).")
        parser.add_argument("--list", action="store_true", help="List the analyses and their parameters.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
            return
        if not options["name"]:
            raise CommandError("Name an analysis to run, or use --list.")
        out: Path | None = options["out"]
        try:
            if out is not None:
                out_extension_check(out)
            run = run_create(name=options["name"], raw_params=_params(options["param"]), user=None,
                             enqueue=False)
            run = run_execute(run_id=run.pk)
            if run.status != RunStatus.SUCCEEDED:
                raise CommandError(f"Run {run.pk} failed: {run.error}")
            self._print(run)
            if out is not None:
                run_output_write(run=run, out=out, table=options["table"])
                self.stdout.write(f"Written to {out}.")
        except AnalysisError as error:
            raise CommandError(str(error)) from error

    def _list(self) -> None:
        for analysis in analyses_all():
            self.stdout.write(f"{analysis.name} – {analysis.title}")
            for param in analysis.params:
                self.stdout.write(f"    {_describe(param)}")

    def _print(self, run: AnalysisRun) -> None:
        self.stdout.write(f"Run {run.pk} succeeded.")
        for key, value in run.result.get("summary", {}).items():
            self.stdout.write(f"  {key}: {value}")
        for table in run.result.get("tables", []):
            self.stdout.write(f"\n{table['name']} ({table['row_count']} rows)")
            rows = [[_cell(value) for value in row] for row in [table["columns"], *table["rows"][:PRINTED_ROWS]]]
            widths = [max(len(row[i]) for row in rows) for i in range(len(table["columns"]))]
            for row in rows:
                self.stdout.write("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)))
        for name in run.result.get("files", []):
            self.stdout.write(f"  file: {run.result_dir}/{name}")


def _cell(value: object) -> str:
    text = "—" if value is None else str(value)
    return text if len(text) <= CELL_WIDTH else text[:CELL_WIDTH - 1] + "…"


def _params(pairs: list[str]) -> dict[str, str]:
    raw = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"--param {pair!r} is not of the form name=value.")
        raw[key.strip()] = value
    return raw


def _describe(param: Param) -> str:
    parts = [f"{param.name} ({param.kind.value})", str(param.label)]
    if param.minimum is not None or param.maximum is not None:
        parts.append(f"[{param.minimum if param.minimum is not None else '…'} – "
                     f"{param.maximum if param.maximum is not None else '…'}] {param.unit}".rstrip())
    if param.choices:
        parts.append("one of " + ", ".join(key for key, _label in param.choices))
    parts.append("required" if param.default is None else f"default {param.default}")
    return " · ".join(parts)
