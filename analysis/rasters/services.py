"""Accepting a raster: validate its header, convert it to a COG, shade it, record it."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from analysis.cog import cog_convert
from analysis.models import RasterDataset, RasterKind
from analysis.rasters.grids import hillshade_write
from analysis.rasters.selectors import RASTER_FOLDER
from analysis.rasters.validate import RasterRefused, raster_inspect


def raster_dataset_add(
    *, path: Path, name: str, title: str, kind: str = RasterKind.DEM, user: User | None,
) -> RasterDataset:
    """Store the GeoTIFF at `path` (a local file) as dataset `name`: a COG under MEDIA_ROOT/rasters/,
    a hillshade COG for a DEM, and the row with its metadata and footprint.

    Every check runs before any conversion; RasterRefused (nothing stored) says which one failed.
    """
    _check_name(name)
    facts = raster_inspect(path=path, kind=kind)
    folder = Path(settings.MEDIA_ROOT) / RASTER_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    # A fresh stem per upload: two uploads racing for one name never write to each other's files.
    stem = f"{name}-{uuid.uuid4().hex[:8]}"
    stored, shade = folder / f"{stem}.tif", folder / f"{stem}.hillshade.tif"
    try:
        cog_convert(path, stored)
        if kind == RasterKind.DEM:
            hillshade_write(stored, shade)
        with transaction.atomic():
            return RasterDataset.objects.create(
                name=name, title=title, kind=kind, path=f"{RASTER_FOLDER}/{stored.name}",
                hillshade_path=f"{RASTER_FOLDER}/{shade.name}" if kind == RasterKind.DEM else "",
                crs=facts.crs, width=facts.width, height=facts.height, resolution_m=facts.resolution_m,
                nodata=facts.nodata, footprint=facts.footprint, is_synthetic=facts.is_synthetic,
                uploaded_by=user,
            )
    except BaseException:
        stored.unlink(missing_ok=True)
        shade.unlink(missing_ok=True)
        raise


def _check_name(name: str) -> None:
    try:
        validate_slug(name)
    except ValidationError:
        raise RasterRefused(
            _("Name %(name)r may hold only letters, digits, hyphens and underscores.") % {"name": name}
        ) from None
    if len(name) > RasterDataset._meta.get_field("name").max_length:  # type: ignore[operator]
        raise RasterRefused(_("Name %(name)r is too long.") % {"name": name})
    if RasterDataset.objects.filter(name=name).exists():
        raise RasterRefused(_("A raster named %(name)s exists already; choose another name.") % {"name": name})
