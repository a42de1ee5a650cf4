"""The upload page: `/ingest/` takes a file, `/ingest/jobs/<id>/` follows its import and shows the report.

The import itself runs in `ingest.jobs`; these views parse, call one service or selector, and render.
"""

import json

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from ingest.errors import IngestError
from ingest.forms import UploadCap, UploadForm
from ingest.jobs import import_job_get, import_job_start, import_jobs_of, layers_importable_by
from ingest.models import ImportJob
from layers.permissions import AnyUser

_LOGIN = "admin:login"
RECENT_JOBS = 10


class LoggedInRequest(HttpRequest):
    """A request that login_required let through: its user is a real account."""

    user: User


# The size cap must be in place before anything reads the body, and the CSRF check reads it:
# so the check is switched off here and done by csrf_protect on the inner view.
@csrf_exempt
@login_required(login_url=_LOGIN)
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: LoggedInRequest) -> HttpResponse:
    cap = UploadCap(request, settings.INGEST_MAX_FILE_BYTES)
    request.upload_handlers = [cap, *request.upload_handlers]
    return _upload(request, cap)


@csrf_protect
def _upload(request: LoggedInRequest, cap: UploadCap) -> HttpResponse:
    """GET: the form. POST: start the import and follow it on its job page."""
    if not layers_importable_by(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _render_form(request, UploadForm(request.user))
    form = UploadForm(request.user, request.POST, request.FILES, refused=cap.refused)
    if form.is_valid():
        try:
            job = import_job_start(user=request.user, upload=form.cleaned_data["file"],
                                   layer=form.cleaned_data["layer"], options=form.options())
        except IngestError as error:
            form.add_error(None, str(error))
        else:
            return redirect("ingest:job", job_id=job.pk)
    return _render_form(request, form)


def _render_form(request: HttpRequest, form: UploadForm) -> HttpResponse:
    jobs = import_jobs_of(request.user).select_related("user")[:RECENT_JOBS]
    return render(request, "ingest/upload.html", _page(request, form=form, jobs=jobs))


@login_required(login_url=_LOGIN)
@require_safe
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job's progress while it runs (job.js polls the JSON), then its report."""
    job = _job(request.user, job_id)
    return render(request, "ingest/job.html", _page(request, job=job, report=job.report))


@login_required(login_url=_LOGIN)
@require_safe
def job_status(request: HttpRequest, job_id: int) -> JsonResponse:
    """What the progress bar needs: status, features read and, when known, how many there are."""
    job = _job(request.user, job_id)
    response = JsonResponse({"status": job.status, "label": job.get_status_display(), "active": job.is_active,
                             "read": job.read, "total": job.total})
    add_never_cache_headers(response)
    return response


@login_required(login_url=_LOGIN)
@require_safe
def job_report(request: HttpRequest, job_id: int) -> HttpResponse:
    """The report as a JSON file, as `manage.py ingest --report` writes it."""
    job = _job(request.user, job_id)
    if job.report is None:
        raise Http404
    response = HttpResponse(json.dumps(job.report, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-report.json"'
    add_never_cache_headers(response)
    return response


def _job(user: AnyUser, job_id: int) -> ImportJob:
    try:
        return import_job_get(user=user, job_id=job_id)
    except ImportJob.DoesNotExist as error:
        raise Http404 from error


def _page(request: HttpRequest, **context: object) -> dict[str, object]:
    """The admin's own context (header, user links), so the pages look like the rest of the site."""
    return {**admin.site.each_context(request), **context}
