"""The raster upload form, and an upload handler that stops reading past RASTER_MAX_BYTES."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analysis.models import RasterDataset, RasterKind


class CappedRasterUpload(TemporaryFileUploadHandler):
    """Streams the file to a temporary file on disk, and drops it (reading no more) once it passes
    RASTER_MAX_BYTES; `too_large` then tells the view why no file arrived."""

    too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > settings.RASTER_MAX_BYTES:
            self.too_large = True
            self.file.close()
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


def too_large_message() -> str:
    return _("The file is larger than the %(limit).0f MiB accepted for rasters.") % {
        "limit": settings.RASTER_MAX_BYTES / 2**20
    }


class RasterUploadForm(forms.Form):
    name = forms.SlugField(label=gettext_lazy("Name (key)"), max_length=80,
                           help_text=gettext_lazy("Letters, digits, hyphens and underscores, e.g. dem-srtm-30m."))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=RasterKind.choices, initial=RasterKind.DEM)
    file = forms.FileField(label=gettext_lazy("GeoTIFF file"))

    def __init__(self, *args: Any, too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if RasterDataset.objects.filter(name=name).exists():
            raise forms.ValidationError(_("A raster named %(name)s exists already; choose another name.")
                                        % {"name": name})
        return name

    def clean(self) -> dict[str, Any] | None:
        if self.too_large:
            self.add_error("file", too_large_message())
        return super().clean()
