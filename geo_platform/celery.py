"""The Celery application that runs analyses in the background (docs/analysis.md#jobs).

Configuration comes from Django settings under the CELERY_ namespace (CELERY_BROKER_URL). There is no
result backend: the AnalysisRun row is the result. Workers start with
`celery -A geo_platform worker --concurrency 1`; more workers on more machines scale runs out.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_platform.settings")

app = Celery("geo_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    # A run is acknowledged only once it has ended, and a worker takes one run at a time, so a worker
    # that dies mid-run does not sit on queued runs others could take.
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
)
# The run task sets its own time limits from settings (analysis/jobs/tasks.py): reading settings here
# would load them whenever the geo_platform package is imported.
app.autodiscover_tasks(lambda: ["analysis.jobs"])
