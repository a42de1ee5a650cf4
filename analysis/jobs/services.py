"""Analysis runs: created from raw parameters (validated and refused before anything is queued),
executed by a worker or the `analyse` command, their results stored under MEDIA_ROOT/analysis_runs/<id>/.
"""

import logging
import shutil
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from analysis.errors import AnalysisError
from analysis.jobs.limits import memory_limited
from analysis.jobs.storage import result_store
from analysis.models import AnalysisRun, RunStatus
from analysis.spec import RunContext, analysis_get, values_parse

logger = logging.getLogger(__name__)

RUNS_FOLDER = "analysis_runs"
# Progress is written at most this often, so a chatty analysis does not hammer the database.
PROGRESS_INTERVAL_S = 0.5
# A run still "running" this long after its hard time limit has lost its worker.
STALE_GRACE_S = 60


def run_create(*, name: str, raw_params: dict[str, Any], user: User | None,
               enqueue: bool = True) -> AnalysisRun:
    """A queued run of analysis `name`. The parameters are parsed and the analysis's `refuse` step runs
    first: AnalysisRefused reaches the caller and nothing is stored or queued. With `enqueue` the run is
    sent to the workers once the transaction commits; without it the caller runs `run_execute` itself."""
    analysis = analysis_get(name)
    values = values_parse(analysis.params, raw_params)
    analysis.refuse(values)
    run = AnalysisRun.objects.create(analysis=name, params=values, created_by=user)
    if enqueue:
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: UUID) -> None:
    from analysis.jobs.tasks import analysis_run_task  # the task module imports this one

    try:
        # The limits travel in the message (a worker obeys those over its own defaults), read now so
        # that the queuing process's settings decide.
        result = analysis_run_task.apply_async(args=[str(run_id)],
                                               soft_time_limit=settings.ANALYSIS_SOFT_TIME_LIMIT_S,
                                               time_limit=settings.ANALYSIS_TIME_LIMIT_S)
    except (BrokerError, OSError):
        logger.exception("analysis run %s could not be queued", run_id)
        _finish(run_id, status=RunStatus.FAILED,
                error=_("The run could not be queued: the job broker is not reachable (run %(id)s).")
                % {"id": run_id})
        return
    AnalysisRun.objects.filter(pk=run_id).update(task_id=result.id or "")


def run_execute(*, run_id: UUID | str) -> AnalysisRun:
    """Run a queued run now, in this process, within the memory limit; store its result or its error.
    A run that is not queued (already taken by another worker) is left alone."""
    taken = AnalysisRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=0.0, note="")
    run = AnalysisRun.objects.get(pk=run_id)
    if not taken:
        return run
    work_dir = Path(settings.MEDIA_ROOT) / RUNS_FOLDER / str(run.pk)
    shutil.rmtree(work_dir, ignore_errors=True)
    work_dir.mkdir(parents=True)
    AnalysisRun.objects.filter(pk=run.pk).update(result_dir=f"{RUNS_FOLDER}/{run.pk}")
    try:
        with memory_limited(settings.ANALYSIS_MEMORY_LIMIT_MB):
            description = _compute(run, work_dir)
    except Exception as error:  # every failure must end the run; _failure_message words it
        _finish(run.pk, status=RunStatus.FAILED, error=_failure_message(error, run.pk))
    else:
        _finish(run.pk, status=RunStatus.SUCCEEDED, result=description, progress=1.0)
    run.refresh_from_db()
    return run


def _compute(run: AnalysisRun, work_dir: Path) -> dict[str, Any]:
    analysis = analysis_get(run.analysis)
    values = values_parse(analysis.params, run.params)
    analysis.refuse(values)
    result = analysis.run(values, RunContext(work_dir=work_dir, progress=_progress_writer(run.pk)))
    return result_store(result=result, work_dir=work_dir)


def _progress_writer(run_id: UUID) -> Any:
    last = 0.0

    def progress(fraction: float, note: str) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < PROGRESS_INTERVAL_S and fraction < 1.0:
            return
        last = now
        AnalysisRun.objects.filter(pk=run_id).update(progress=min(max(float(fraction), 0.0), 1.0),
                                                     note=str(note)[:300])

    return progress


def _failure_message(error: BaseException, run_id: UUID) -> str:
    """What the planner reads: an analysis's own message as it is; limits said plainly; anything else
    logged with its traceback and named by the run id, so an administrator can find it."""
    if isinstance(error, AnalysisError):
        return str(error)
    if isinstance(error, SoftTimeLimitExceeded):
        return _("The run took longer than the limit of %(seconds)s s and was stopped.") % {
            "seconds": settings.ANALYSIS_SOFT_TIME_LIMIT_S}
    if isinstance(error, MemoryError):
        return _("The run needed more memory than the limit of %(mb)s MiB and was stopped.") % {
            "mb": settings.ANALYSIS_MEMORY_LIMIT_MB}
    logger.exception("analysis run %s failed", run_id, exc_info=error)
    return _("The analysis failed with an unexpected error (run %(id)s); the log has the details.") % {
        "id": run_id}


def _finish(run_id: UUID, *, status: RunStatus, error: str = "", result: dict[str, Any] | None = None,
            progress: float | None = None) -> None:
    fields: dict[str, Any] = {"status": status, "error": error, "finished_at": timezone.now()}
    if result is not None:
        fields["result"] = result
    if progress is not None:
        fields["progress"] = progress
    AnalysisRun.objects.filter(pk=run_id).update(**fields)


def runs_fail_stale() -> int:
    """Mark as failed the runs still "running" well past the hard time limit: their worker was killed
    or died, and nothing else would ever end them. Returns how many were marked."""
    limit = timezone.now() - timedelta(seconds=settings.ANALYSIS_TIME_LIMIT_S + STALE_GRACE_S)
    return AnalysisRun.objects.filter(status=RunStatus.RUNNING, started_at__lt=limit).update(
        status=RunStatus.FAILED, finished_at=timezone.now(),
        error=_("The run stopped without finishing: its worker was stopped or exceeded the time limit."))
