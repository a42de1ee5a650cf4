"""The analysis pages: the list of analyses and recent runs, one analysis's form, one run's page."""

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from analysis.access import analyst_required, run_visible_get
from analysis.jobs import assets
from analysis.jobs.charts import chart_svg
from analysis.jobs.forms import form_fields, raw_params
from analysis.jobs.selectors import run_list_recent, run_param_rows, run_status
from analysis.jobs.services import run_create
from analysis.models import AnalysisRun, RunStatus
from analysis.spec import AnalysisRefused, analyses_all, analysis_get


@require_safe
@analyst_required
def analysis_list(request: HttpRequest) -> HttpResponse:
    """`/analysis/`: every registered analysis, and the latest runs."""
    analyses = analyses_all()
    titles = {analysis.name: analysis.title for analysis in analyses}
    return render(request, "analysis/list.html", {
        "analyses": analyses, "stylesheets": assets.stylesheets(),
        "runs": [(run, titles.get(run.analysis, run.analysis)) for run in run_list_recent()],
    })


@require_http_methods(["GET", "HEAD", "POST"])
@analyst_required
def analysis_form(request: HttpRequest, name: str) -> HttpResponse:
    """`/analysis/<name>/`: the parameter form; a valid post queues a run and goes to its page, a
    refused one shows the reason on the form and stores nothing."""
    try:
        analysis = analysis_get(name)
    except AnalysisRefused:
        raise Http404 from None
    refusal = ""
    if request.method == "POST":
        try:
            run = run_create(name=name, raw_params=raw_params(analysis=analysis, data=request.POST),
                             user=request.user)  # type: ignore[arg-type]
        except AnalysisRefused as error:
            refusal = str(error)
        else:
            return redirect("analysis-run", run_id=run.pk)
    fields = form_fields(analysis=analysis, data=request.POST if request.method == "POST" else None)
    return render(request, "analysis/form.html", {
        "analysis": analysis, "fields": fields, "refusal": refusal, "stylesheets": assets.stylesheets(),
    }, status=400 if refusal else 200)


@require_safe
@analyst_required
def run_page(request: HttpRequest, run_id: str) -> HttpResponse:
    """`/analysis/runs/<id>/`: progress while it runs; then the summary, tables, charts, map, files."""
    run = run_visible_get(run_id=run_id, user=request.user)
    status = run_status(run=run)
    done = run.status == RunStatus.SUCCEEDED
    result = run.result if done else {}
    return render(request, "analysis/run.html", {
        "run": run, "status": status, "done": done, "result": result,
        "params": run_param_rows(run=run), "title": _title(run),
        "charts": [{"data": chart, "svg": chart_svg(chart)} for chart in result.get("charts", [])],
        "downloads": _downloads(run) if done else [],
        "viewer_link": _viewer_link(run, result) if done else None,
        "page": _page_settings(run, status, result),
        "stylesheets": assets.stylesheets(with_map=done), "scripts": assets.scripts(with_map=done),
    })


def _title(run: AnalysisRun) -> str:
    try:
        return str(analysis_get(run.analysis).title)
    except AnalysisRefused:
        return run.analysis


def _downloads(run: AnalysisRun) -> list[tuple[str, str]]:
    return [(name, reverse("analysis-run-file", kwargs={"run_id": run.pk, "name": name}))
            for name in run.result.get("files", [])]


def _result_urls(run: AnalysisRun, result: dict[str, Any]) -> tuple[str | None, str | None]:
    """The run's features (GeoJSON) and raster tiles (XYZ template), where it has them."""
    features = reverse("analysis-run-features", kwargs={"run_id": run.pk}) if result.get("features") else None
    raster = (reverse("analysis-run-tiles", kwargs={"run_id": run.pk, "z": 0, "x": 0, "y": 0})
              .removesuffix("0/0/0.png") + "{z}/{x}/{y}.png") if result.get("raster") else None
    return features, raster


def _viewer_link(run: AnalysisRun, result: dict[str, Any]) -> str | None:
    """The public map with this result laid over the platform's layers (maps/static/maps/viewer/linked.js)."""
    features, raster = _result_urls(run, result)
    if not (features or raster):
        return None
    query = {"geojson": features, "xyz": raster, "title": f"{_title(run)} · {run.created_at:%d/%m/%Y %H:%M}"}
    return reverse("maps:viewer") + "?" + urlencode({key: value for key, value in query.items() if value})


def _page_settings(run: AnalysisRun, status: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """The JSON the page's script reads: where to poll, and what to draw on the map."""
    features, raster = _result_urls(run, result)
    return {
        "status": status,
        "statusUrl": reverse("analysis-run-status", kwargs={"run_id": run.pk}),
        "featuresUrl": features,
        "rasterTiles": raster,
        "bounds": (result.get("features") or result.get("raster") or {}).get("bounds"),
        "context": assets.context_layers(),
        "labels": {"features": _("Result features"), "raster": _("Result raster")},
    }
