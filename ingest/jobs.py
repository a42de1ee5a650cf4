"""Imports started from the upload page, run by a background thread of the web process.

Why a thread is enough: an import spends its time in GDAL reads and in PostgreSQL (COPY, checks,
apply), which release the GIL, and a user runs one import at a time (`import_job_start` refuses a
second), so a web worker holds a handful of these threads at most. No broker, no worker to deploy.

Its limit: the thread lives and dies with its web worker. A restart (deploy, crash, gunicorn's
max-requests) kills a running import; its transaction rolls back, but its job row stays `running`.
The next look at the job (`import_job_refresh`) marks it failed once no thread of this process
runs it and it has given no sign of life for `STALE_AFTER` (another worker may be running it, so
"not in this process" alone proves nothing).
"""

import datetime as dt
import logging
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ingest.errors import IngestError
from ingest.models import ACTIVE_STATUSES, ImportJob, JobStatus
from ingest.pipeline import ImportNotAllowed, ImportRequest, ingest_file
from ingest.report import Report
from layers.models import Role
from layers.permissions import AnyUser, layer_importable_by, user_role
from layers.registry import LAYERS

logger = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(minutes=15)
PROGRESS_EVERY = 0.5  # seconds between two progress writes
_SUFFIX_MAX = 10

# Threads of this process by job id; only ever read to ask "is it still running here?".
_threads: dict[int, threading.Thread] = {}
_threads_lock = threading.Lock()


class UploadTooLarge(IngestError):
    """The upload passed `settings.INGEST_MAX_FILE_BYTES` while it was being saved."""


class ImportBusy(IngestError):
    """The user already has an import running."""


@dataclass(frozen=True)
class ImportOptions:
    crs: int | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False
    repair: bool = False


def layers_importable_by(user: AnyUser) -> list[str]:
    """The registry layers the user's role may import into, in registry order."""
    return [layer for layer in LAYERS if layer_importable_by(user, layer)]


def import_job_start(*, user: AbstractBaseUser, upload: UploadedFile, layer: str, options: ImportOptions) -> ImportJob:
    """Save the upload in a private folder, create its job and start importing it in the background.

    Raises ImportNotAllowed, ImportBusy or UploadTooLarge; nothing is left on disk when it raises.
    The saved file is deleted when the job ends, however it ends.
    """
    if not layer_importable_by(user, layer):
        raise ImportNotAllowed(_("Your role may not import into layer %s.") % layer)
    if _has_active_job(user):
        raise ImportBusy(_("You already have an import running; wait for its report, then upload the next file."))
    name = upload.name or "upload"
    settings.INGEST_WORK_DIR.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=settings.INGEST_WORK_DIR))
    try:
        path = _save_upload(upload, folder / f"upload{_suffix(name)}", name=name)
        job = ImportJob.objects.create(user_id=user.pk, layer=layer, file_name=name[:255], dry_run=options.dry_run,
                                       repair=options.repair)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    request = ImportRequest(path=path, layer=layer, user=user, name=name, crs=options.crs,
                            overrides=options.overrides, dry_run=options.dry_run, repair=options.repair)
    thread = threading.Thread(target=_run, args=(job.pk, request, folder, translation.get_language()),
                              name=f"import-job-{job.pk}", daemon=True)
    with _threads_lock:
        _threads[job.pk] = thread
    # After the commit, so that the thread's own connection sees the job row.
    transaction.on_commit(thread.start)
    return job


def import_jobs_of(user: AnyUser) -> QuerySet[ImportJob]:
    """The jobs the user may look at: their own; administrators see everyone's."""
    if user_role(user) == Role.ADMIN:
        return ImportJob.objects.all()
    if not user.is_authenticated:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(user_id=user.pk)


def import_job_get(*, user: AnyUser, job_id: int) -> ImportJob:
    """One job the user may look at, refreshed; raises ImportJob.DoesNotExist for anyone else's."""
    return import_job_refresh(import_jobs_of(user).get(pk=job_id))


def import_job_refresh(job: ImportJob) -> ImportJob:
    """The job as it stands; a job lost with its worker (see the module's docstring) is marked failed."""
    cutoff = timezone.now() - STALE_AFTER
    if not job.is_active or _running_here(job.pk) or job.updated_at >= cutoff:
        return job
    report = _failure_report(job.file_name, job.layer, _(
        "The import was interrupted before it could report (the server was probably restarted). Check the "
        "layer, then upload the file again."))
    ImportJob.objects.filter(pk=job.pk, status__in=ACTIVE_STATUSES, updated_at__lt=cutoff).update(
        status=JobStatus.FAILED, report=report.as_dict(), finished_at=timezone.now(), updated_at=timezone.now())
    job.refresh_from_db()
    return job


def upload_limit_mb() -> str:
    """`settings.INGEST_MAX_FILE_BYTES` in MiB, as a person reads it (1024, 0.5)."""
    return f"{settings.INGEST_MAX_FILE_BYTES / (1024 * 1024):g}"


def too_large_message(name: str) -> str:
    """What a user is told when their upload passes `settings.INGEST_MAX_FILE_BYTES`."""
    return _("%(file)s is larger than %(limit)s MiB, the most an upload may be.") % {
        "file": name, "limit": upload_limit_mb()}


def _has_active_job(user: AbstractBaseUser) -> bool:
    active = ImportJob.objects.filter(user_id=user.pk, status__in=ACTIVE_STATUSES)
    return any(import_job_refresh(job).is_active for job in active)


def _suffix(name: str) -> str:
    """The upload's extension, kept because the safety gate tells formats by it; odd ones are dropped."""
    suffix = Path(name).suffix.lower()
    return suffix if 1 < len(suffix) <= _SUFFIX_MAX and suffix[1:].isalnum() and suffix.isascii() else ""


def _save_upload(upload: UploadedFile, path: Path, *, name: str) -> Path:
    """Write the upload chunk by chunk, counting what arrives: a Content-Length can lie."""
    limit = settings.INGEST_MAX_FILE_BYTES
    written = 0
    with path.open("xb") as out:
        for chunk in upload.chunks():
            written += len(chunk)
            if written > limit:
                raise UploadTooLarge(too_large_message(name))
            out.write(chunk)
    return path


def _running_here(job_id: int) -> bool:
    with _threads_lock:
        thread = _threads.get(job_id)
    return thread is not None and (thread.is_alive() or thread.ident is None)  # None: not started yet


def _run(job_id: int, request: ImportRequest, folder: Path, language: str) -> None:
    """The job's thread: import, store the report, and always clean up the upload and the connections."""
    progress = ProgressWriter(job_id)
    try:
        with translation.override(language):
            ImportJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, updated_at=timezone.now())
            try:
                report = ingest_file(request, progress=progress)
            except Exception:
                # A job must end with a status whatever broke; the traceback goes to the log.
                logger.exception("Import job %s stopped on an unexpected error", job_id)
                _finish(job_id, JobStatus.FAILED, _failure_report(request.name, request.layer, _(
                    "The import stopped on an unexpected error; nothing was written. Try again, or tell an "
                    "administrator.")))
            else:
                _finish(job_id, JobStatus.DONE, report)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        progress.close()
        with _threads_lock:
            _threads.pop(job_id, None)
        connection.close()


def _finish(job_id: int, status: JobStatus, report: Report) -> None:
    now = timezone.now()
    ImportJob.objects.filter(pk=job_id).update(status=status, read=report.read, report=report.as_dict(),
                                               finished_at=now, updated_at=now)


def _failure_report(file: str, layer: str, reason: str) -> Report:
    report = Report(file=file, layer=layer)
    report.reject(None, "", reason)
    return report


class ProgressWriter:
    """The pipeline's progress callback: writes read/total at most every PROGRESS_EVERY seconds.

    It writes through a connection of its own, in autocommit: the thread's own connection is inside
    the import's transaction, where a write would stay invisible to the page until the very end.
    """

    _UPDATE = 'UPDATE ingest_importjob SET "read" = %s, total = %s, updated_at = now() WHERE id = %s'

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._last = float("-inf")
        self._db: BaseDatabaseWrapper | None = None

    def __call__(self, read: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY:
            return
        self._last = now
        if self._db is None:
            self._db = connections.create_connection(DEFAULT_DB_ALIAS)
        with self._db.cursor() as cursor:
            cursor.execute(self._UPDATE, [read, total, self.job_id])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
