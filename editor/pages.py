"""The zone editor's page at `/editor/`: one template, one JSON settings blob, the scripts do the rest.

Only the roles that draw or decide on zones may open it; anyone else signed in is refused (403), and
a visitor who is not signed in is sent to the login page first.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from editor import page_assets
from editor.forms import ZoneAttributesForm
from editor.page_settings import editor_settings, may_open_editor


@require_safe
def editor_page(request: HttpRequest) -> HttpResponse:
    """`/editor/`: the map to draw zones on, the attribute form, the workflow and the history."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("admin:login"))
    if not may_open_editor(request.user):
        raise PermissionDenied
    blob = editor_settings(user=request.user, language=get_language())
    return render(request, "editor/editor.html", {
        "blob": blob,
        "reader": blob["user"],
        "urls": blob["urls"],
        "form": ZoneAttributesForm(),
        "statuses": blob["choices"]["status"],
        "import_map": mark_safe(page_assets.import_map()),  # noqa: S308  (built by us, escaped for <script>)
        "stylesheets": page_assets.stylesheets(),
        "classic_scripts": page_assets.classic_scripts(),
        "entry": page_assets.entry_module(),
    })
