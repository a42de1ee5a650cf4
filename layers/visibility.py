"""Who may read which rows of a served layer, as SQL that every read path (tiles, OGC API, queries,
exports) adds to its WHERE clause, and the audience key under which such reads may be cached.

Anonymous visitors and city-wide readers without editing rights (tourism promoters, planners) see
public layers and, of the zones, only approved ones; extension staff also see every zone touching
their units; approvers and administrators see everything.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from psycopg2 import sql

from layers.errors import UnknownLayer
from layers.models import CultivationZone, Role, ZoneStatus
from layers.permissions import AnyUser, units_editable_by, user_role
from layers.registry import LayerSpec

_SEE_ALL = frozenset({Role.APPROVER, Role.ADMIN})
PUBLIC_ZONE_STATUSES = (ZoneStatus.APPROVED.value,)


@dataclass(frozen=True)
class RowFilter:
    """A boolean SQL condition on the layer's table alias, its parameters, and the cache audience."""

    condition: sql.Composable
    params: tuple[object, ...]
    audience: str


_ALL_ROWS = sql.SQL("TRUE")


def _zone_filter(alias: str, user: AnyUser) -> RowFilter:
    role = user_role(user)
    if role in _SEE_ALL:
        return RowFilter(_ALL_ROWS, (), "all")
    approved = sql.SQL("{}.status = ANY(%s)").format(sql.Identifier(alias))
    if role != Role.EXTENSION_STAFF:
        return RowFilter(approved, (list(PUBLIC_ZONE_STATUSES),), "public")
    unit_ids = sorted(units_editable_by(user).values_list("pk", flat=True))
    through = CultivationZone.units.through._meta
    touching = sql.SQL(
        "EXISTS (SELECT 1 FROM {through} zu WHERE zu.{zone_col} = {alias}.id AND zu.{unit_col} = ANY(%s))"
    ).format(
        through=sql.Identifier(through.db_table),
        zone_col=sql.Identifier(through.get_field("cultivationzone").column),
        unit_col=sql.Identifier(through.get_field("adminunit").column),
        alias=sql.Identifier(alias),
    )
    condition = sql.SQL("({} OR {})").format(approved, touching)
    audience = "units:" + ",".join(map(str, unit_ids))
    return RowFilter(condition, (list(PUBLIC_ZONE_STATUSES), unit_ids), audience)


def layer_readable_by(spec: LayerSpec, user: AnyUser) -> bool:
    return spec.public or user_role(user) is not None


def row_filter(spec: LayerSpec, user: AnyUser, alias: str = "t") -> RowFilter:
    """The rows of `spec` that `user` may read; raises UnknownLayer for a layer they may not see at all,
    so that a private layer is indistinguishable from a missing one."""
    if not layer_readable_by(spec, user):
        raise UnknownLayer(f"Unknown layer {spec.id!r}.")
    if spec.model_label == "layers.CultivationZone":
        return _zone_filter(alias, user)
    return RowFilter(_ALL_ROWS, (), "public" if spec.public else "staff")


def zones_readable_by(user: AnyUser) -> QuerySet[CultivationZone]:
    """The zones `user` may read, as a queryset: the same rule as `row_filter` for the zones layer,
    for the Python read paths (the editing API, the services' visibility checks)."""
    role = user_role(user)
    zones = CultivationZone.objects.all()
    if role in _SEE_ALL:
        return zones
    approved = Q(status__in=PUBLIC_ZONE_STATUSES)
    if role != Role.EXTENSION_STAFF:
        return zones.filter(approved)
    touching = CultivationZone.units.through.objects.filter(adminunit__in=units_editable_by(user))
    return zones.filter(approved | Q(pk__in=touching.values("cultivationzone_id")))


def rows_readable_by(spec: LayerSpec, user: AnyUser) -> QuerySet[Any]:
    """The rows of `spec` that `user` may read, as a queryset: `row_filter`'s rule for the Python read
    paths. Raises UnknownLayer for a layer the user may not see at all."""
    if not layer_readable_by(spec, user):
        raise UnknownLayer(f"Unknown layer {spec.id!r}.")
    if spec.model_label == "layers.CultivationZone":
        return zones_readable_by(user)
    return spec.model._default_manager.all()
