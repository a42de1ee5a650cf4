"""Reading raster datasets: the list, one by name, and where its files are."""

from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from analysis.models import RasterDataset

RASTER_FOLDER = "rasters"


def raster_dataset_list() -> QuerySet[RasterDataset]:
    return RasterDataset.objects.select_related("uploaded_by").order_by("name")


def raster_dataset_get(*, name: str) -> RasterDataset:
    """The dataset named `name`, or Http404."""
    try:
        return RasterDataset.objects.get(name=name)
    except RasterDataset.DoesNotExist:
        raise Http404(name) from None


def raster_file(*, relative: str) -> Path:
    """The absolute path of a file stored relative to MEDIA_ROOT."""
    return Path(settings.MEDIA_ROOT) / relative
