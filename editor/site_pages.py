"""The site content pages for tourism promoters and administrators: `/editor/sites/` and one site's page.

Plain forms posted back with CSRF; every write goes through `layers.site_services` or
`layers.site_photos`, which check the user's role again.
"""


from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from editor.site_forms import PhotoUploadForm, SiteContentForm
from geo_platform.access import signed_in_and
from layers.models import SitePhoto, TourismSite
from layers.photo_images import PhotoRefused
from layers.site_photos import site_photo_add, site_photo_delete, site_photo_reorder
from layers.site_selectors import site_list
from layers.site_services import site_content_editable_by, site_content_update

# Sign-in first, then 403 for anyone who may not edit site content.
promoters_only = signed_in_and(site_content_editable_by)


@require_safe
@promoters_only
def site_list_page(request: HttpRequest) -> HttpResponse:
    """`/editor/sites/`: every site, linking to its content page and its public page."""
    return render(request, "editor/sites/list.html", {"sites": site_list()})


def _edit_page(request: HttpRequest, site: TourismSite, content: SiteContentForm,
               upload: PhotoUploadForm, status: int = 200) -> HttpResponse:
    return render(request, "editor/sites/edit.html", {
        "site": site, "content_form": content, "upload_form": upload, "photos": site.photos.all(),
        "max_mb": settings.SITE_PHOTO_MAX_BYTES // (1024 * 1024),
    }, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@promoters_only
def site_edit_page(request: HttpRequest, site_id: int) -> HttpResponse:
    """`/editor/sites/<id>/`: the content form (GET shows it, POST saves it) and the photos."""
    site = get_object_or_404(TourismSite, pk=site_id)
    form = SiteContentForm(request.POST if request.method == "POST" else None, instance=site)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            site_content_update(user=request.user, site=site, description_vi=data["description_vi"],
                                description_en=data["description_en"], opening_hours=data["opening_hours"],
                                products=data["products"])
            messages.success(request, _("The site's content is saved."))
            return redirect("editor:site-edit", site_id=site.pk)
        return _edit_page(request, site, form, PhotoUploadForm(), status=400)
    return _edit_page(request, site, form, PhotoUploadForm())


@require_POST
@promoters_only
def site_photo_upload(request: HttpRequest, site_id: int) -> HttpResponse:
    """Add the posted photo; a refused file shows the page again with the reason (400)."""
    site = get_object_or_404(TourismSite, pk=site_id)
    form = PhotoUploadForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            site_photo_add(site=site, upload=data["upload"], caption_vi=data["caption_vi"],
                           caption_en=data["caption_en"], credit=data["credit"],
                           keep_location=data["keep_location"], user=request.user)
        except PhotoRefused as refusal:
            form.add_error("upload", str(refusal))
        else:
            messages.success(request, _("The photo is added."))
            return redirect("editor:site-edit", site_id=site.pk)
    return _edit_page(request, site, SiteContentForm(instance=site), form, status=400)


@require_POST
@promoters_only
def site_photo_remove(request: HttpRequest, site_id: int, photo_id: int) -> HttpResponse:
    photo = get_object_or_404(SitePhoto, pk=photo_id, site_id=site_id)
    site_photo_delete(photo=photo, user=request.user)
    messages.success(request, _("The photo is deleted."))
    return redirect("editor:site-edit", site_id=site_id)


@require_POST
@promoters_only
def site_photo_move(request: HttpRequest, site_id: int, photo_id: int) -> HttpResponse:
    """Move a photo one place earlier (`direction=up`) or later (`down`) among the site's photos."""
    site = get_object_or_404(TourismSite, pk=site_id)
    ids = list(site.photos.values_list("pk", flat=True))
    if photo_id not in ids:
        return redirect("editor:site-edit", site_id=site_id)
    index = ids.index(photo_id)
    other = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
        site_photo_reorder(site=site, photo_ids=ids, user=request.user)
    return redirect("editor:site-edit", site_id=site_id)
