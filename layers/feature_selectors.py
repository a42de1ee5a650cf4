"""Reading parcels, OCOP producers and tourism sites as the editing API serves them; rows follow
`layers.visibility`, so the API shows what tiles and the OGC API show the same user."""

from typing import Any

from django.contrib.gis.geos import Polygon
from django.db import models
from django.utils.translation import gettext as _

from layers.errors import FeatureNotFound
from layers.feature_layers import editable_layer
from layers.permissions import AnyUser
from layers.visibility import rows_readable_by


def feature_get(*, user: AnyUser, layer_id: str, feature_id: int, lock: bool = False) -> models.Model:
    """One feature the user may read; FeatureNotFound for a missing one and one they may not see alike."""
    rows = rows_readable_by(editable_layer(layer_id).spec, user)
    row = (rows.select_for_update() if lock else rows).filter(pk=feature_id).first()
    if row is None:
        raise FeatureNotFound(_("There is no feature %(id)s in this layer.") % {"id": feature_id})
    return row


def feature_list(*, user: AnyUser, layer_id: str,
                 bbox: tuple[float, float, float, float] | None = None) -> "models.QuerySet[Any]":
    """The features the user may read, in a stable order for paging, optionally those meeting `bbox`."""
    layer = editable_layer(layer_id)
    rows = rows_readable_by(layer.spec, user).select_related("unit").order_by("pk")
    if bbox is not None:
        rows = rows.filter(**{f"{layer.spec.geometry_field}__intersects": Polygon.from_bbox(bbox)})
    return rows
