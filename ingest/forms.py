"""What the upload page accepts: its form, and a cap on how much of a file Django receives."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ingest.jobs import ImportOptions, layers_importable_by, too_large_message, upload_limit_mb
from ingest.mapping import MappingError, parse_overrides
from layers.crs import (
    GIA_LAI_TM3,
    SUPPORTED_SRIDS,
    VN2000_GEOGRAPHIC,
    VN2000_TM3_BY_MERIDIAN,
    VN2000_UTM_BY_MERIDIAN,
)
from layers.permissions import AnyUser
from layers.registry import LAYERS

# Names of the coordinate systems as surveyors write them; proper names, not translated.
_CRS_NAMES: dict[int, str] = {
    4326: "WGS 84", 3857: "WGS 84 / Pseudo-Mercator", 32648: "WGS 84 / UTM 48N", 32649: "WGS 84 / UTM 49N",
    VN2000_GEOGRAPHIC: "VN-2000",
    **{srid: f"VN-2000 / TM-3 {meridian:g}°" for meridian, srid in VN2000_TM3_BY_MERIDIAN.items()},
    **{srid: f"VN-2000 / UTM {'48' if meridian < 108 else '49'}N" for meridian, srid in VN2000_UTM_BY_MERIDIAN.items()},
}


class UploadCap(FileUploadHandler):
    """Stops keeping a file once it passes the limit, counting the bytes that arrive.

    Without it Django would spool any upload, however large, to a temporary file before the view
    could refuse it; the Content-Length header cannot be trusted to say the size.
    """

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.refused: str | None = None  # the name of the file that was too large

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.refused = self.file_name or "upload"
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file


def _crs_label(srid: int) -> str:
    name = _CRS_NAMES.get(srid, "")
    if srid == GIA_LAI_TM3:
        name += " (Gia Lai)"
    return f"EPSG:{srid} – {name}" if name else f"EPSG:{srid}"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), required=False)
    layer = forms.ChoiceField(label=gettext_lazy("Layer"))
    crs = forms.TypedChoiceField(
        label=gettext_lazy("Coordinate system"), required=False, coerce=int, empty_value=None,
        help_text=gettext_lazy("Only for a file that does not say its coordinate system (a shapefile without "
                               ".prj, a CSV of X/Y)."))
    mapping = forms.CharField(
        label=gettext_lazy("Field mapping"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        help_text=gettext_lazy("Optional, one per line: field=column of your file, e.g. name_vi=TEN_DIEM. "
                               "Columns with the usual names are found without it."))
    dry_run = forms.BooleanField(label=gettext_lazy("Check only (dry run): write nothing"), required=False)
    repair = forms.BooleanField(label=gettext_lazy("Repair invalid geometries instead of rejecting them"),
                                required=False)

    def __init__(self, user: AnyUser, *args: Any, refused: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused = refused
        language = get_language() or settings.LANGUAGE_CODE
        cast(forms.ChoiceField, self.fields["layer"]).choices = [
            (layer, LAYERS[layer].title(language)) for layer in layers_importable_by(user)]
        cast(forms.ChoiceField, self.fields["crs"]).choices = [
            ("", _("As the file says")), *((srid, _crs_label(srid)) for srid in sorted(SUPPORTED_SRIDS))]
        self.fields["file"].help_text = _(
            "GeoJSON, GeoPackage, KML/KMZ, GPX, CSV, XLSX, DXF, DGN, or a shapefile as one .zip holding its .shp, "
            ".shx, .dbf, .prj and .cpg; at most %s MiB.") % upload_limit_mb()

    def clean_file(self) -> object:
        if self.refused:
            raise forms.ValidationError(too_large_message(self.refused))
        upload = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError(_("Choose the file to import."))
        return upload

    def clean_mapping(self) -> dict[str, str]:
        overrides: dict[str, str] = {}
        for line in filter(None, map(str.strip, self.cleaned_data.get("mapping", "").splitlines())):
            try:
                overrides.update(parse_overrides([line]))
            except MappingError:
                raise forms.ValidationError(_("Write each line as field=column, not %r.") % line) from None
        return overrides

    def options(self) -> ImportOptions:
        data = self.cleaned_data
        return ImportOptions(crs=data["crs"], overrides=data["mapping"], dry_run=data["dry_run"],
                             repair=data["repair"])
