"""Reads for the analysis pages: recent runs, a run's status, its parameters as labelled rows."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from analysis.jobs.services import runs_fail_stale
from analysis.models import AnalysisRun, RunStatus
from analysis.spec import AnalysisRefused, Param, analysis_get

RECENT_RUNS = 30


def run_list_recent(*, limit: int = RECENT_RUNS) -> QuerySet[AnalysisRun]:
    """The latest runs of every analysis, newest first (runs whose worker died shown as failed)."""
    runs_fail_stale()
    return AnalysisRun.objects.select_related("created_by")[:limit]


def run_status(*, run: AnalysisRun) -> dict[str, Any]:
    """What the progress poller needs: status, progress 0–1, the note and, once failed, the error."""
    if run.status == RunStatus.RUNNING and runs_fail_stale():
        run.refresh_from_db()
    return {"status": run.status, "statusLabel": str(run.get_status_display()), "progress": run.progress,
            "note": run.note, "error": run.error,
            "finished": run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)}


def run_param_rows(*, run: AnalysisRun) -> list[tuple[str, Any, str]]:
    """(label, value, unit) of each stored parameter, labelled by the analysis if it is still known."""
    try:
        params = {param.name: param for param in analysis_get(run.analysis).params}
    except AnalysisRefused:
        params = {}
    rows = []
    for name, value in run.params.items():
        param: Param | None = params.get(name)
        rows.append((str(param.label) if param else name, value, param.unit if param else ""))
    return rows


def run_file_path(*, run: AnalysisRun, name: str) -> Path:
    """The absolute path of one of the run's downloadable files; Http404 for any other name, so no
    path from a URL ever reaches the file system unless the run itself listed it."""
    if run.status != RunStatus.SUCCEEDED or name not in run.result.get("files", []):
        raise Http404
    path = Path(settings.MEDIA_ROOT) / run.result_dir / name
    if not path.is_file():
        raise Http404
    return path
