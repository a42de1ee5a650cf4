"""The indicators dashboard: `/analysis/indicators/`, for every signed-in user (see docs/analysis.md)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_safe

from analysis.access import user_can_analyse
from analysis.indicators.analyses import ProgrammeIndicators
from analysis.indicators.selectors import indicator_report
from analysis.spec import AnalysisRefused

STYLESHEETS = ("analysis/analysis.css", "analysis/indicators/indicators.css")


@login_required(login_url="admin:login")
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """Each indicator today against the plan's target, the units behind it, and the former units' figures."""
    context = {
        "stylesheets": [static(path) for path in STYLESHEETS],
        "analysis_name": ProgrammeIndicators.name,
        "can_analyse": user_can_analyse(request.user),
    }
    try:
        context["report"] = indicator_report(day=timezone.localdate())
    except AnalysisRefused as error:
        context["error"] = str(error)
    return render(request, "analysis/indicators/dashboard.html", context)
