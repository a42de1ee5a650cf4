"""The Celery task a worker runs for each queued analysis run."""

from celery import shared_task
from django.conf import settings

from analysis.jobs.services import run_execute


@shared_task(name="analysis.run", soft_time_limit=settings.ANALYSIS_SOFT_TIME_LIMIT_S,
             time_limit=settings.ANALYSIS_TIME_LIMIT_S)
def analysis_run_task(run_id: str) -> None:
    """Execute one run; its outcome (result or error) is written to its AnalysisRun row."""
    run_execute(run_id=run_id)
