"""Editing parcels, OCOP producers and tourism sites: create, replace and delete one feature.

Every function takes the acting user and checks here, not only in views, that the user may act:
parcels are written by administrators and approvers anywhere and by extension staff inside their
units; producers by administrators and extension staff inside their units; sites by administrators
and tourism promoters. "Inside their units" means both the feature's unit and its geometry.

A feature's unit is the current unit whose GSO code the `unit` property names or, without one, the
current ward or commune containing the geometry. Writes compare the ETag (`feature_etag`) under a
row lock, so an edit based on an older state raises FeatureVersionConflict instead of overwriting.
"""

from collections.abc import Mapping

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from layers.errors import FeatureInvalid, FeatureVersionConflict, NotPermitted
from layers.feature_layers import EditableLayer, editable_layer, feature_etag
from layers.feature_selectors import feature_get
from layers.models import AdminUnit
from layers.permissions import AnyUser, feature_in_scope, layer_writable_by
from layers.selectors import unit_current_communes
from layers.zone_checks import ZoneProblem

UNIT_PROPERTY = "unit"


# --- building a row from a Feature ----------------------------------------------------------------

def _geometry(layer: EditableLayer, geometry: GEOSGeometry) -> GEOSGeometry:
    if layer.promote_polygon and geometry.geom_type == "Polygon":
        geometry = MultiPolygon(geometry, srid=geometry.srid)
    if geometry.geom_type not in layer.geometry_types:
        raise FeatureInvalid([ZoneProblem("geometry_type", _("This layer takes %(types)s geometries, not %(type)s.")
                                          % {"types": ", ".join(sorted(layer.geometry_types)),
                                             "type": geometry.geom_type})])
    if not geometry.valid:
        raise FeatureInvalid([ZoneProblem("invalid_geometry", _("The geometry is not valid: %(reason)s.")
                                          % {"reason": geometry.valid_reason})])
    return geometry


def _unit(attributes: Mapping[str, object], geometry: GEOSGeometry) -> AdminUnit:
    code = attributes.get(UNIT_PROPERTY)
    if code not in (None, ""):
        unit = AdminUnit.objects.filter(code=str(code), valid_to__isnull=True).first()
        if unit is None:
            raise FeatureInvalid([ZoneProblem("unknown_unit", _("No current administrative unit has GSO code "
                                                                "%(code)s.") % {"code": code}, field=UNIT_PROPERTY)])
        return unit
    unit = unit_current_communes().filter(geometry__contains=geometry.point_on_surface).first()
    if unit is None:
        raise FeatureInvalid([ZoneProblem("no_unit", _("The geometry is in no current ward or commune; give the "
                                                       "unit's GSO code as the unit property."), field=UNIT_PROPERTY)])
    return unit


def _apply(layer: EditableLayer, row: models.Model, attributes: Mapping[str, object]) -> list[ZoneProblem]:
    """Set every editable field (absent ones to their default, as a PUT replaces); report unknown ones."""
    known = {*layer.fields, *layer.read_only, UNIT_PROPERTY}
    problems = [ZoneProblem("unknown_property", _("There is no property %(name)s.") % {"name": name}, field=name)
                for name in sorted(set(attributes) - known)]
    for name in layer.fields:
        field = row._meta.get_field(name)
        value = attributes.get(name)
        if value is None and not field.null:  # type: ignore[union-attr]
            value = field.get_default()  # type: ignore[union-attr]
        setattr(row, name, value)
    return problems


def _field_problems(row: models.Model) -> list[ZoneProblem]:
    """The model's own validation: field types, choices, lengths, unique and check constraints."""
    try:
        row.full_clean()
    except ValidationError as error:
        return [ZoneProblem(item.code or "invalid", message, field=None if name == NON_FIELD_ERRORS else name)
                for name, items in error.error_dict.items() for item in items for message in item.messages]
    except TypeError:  # a JSON value of a type no field converts (an object for a number)
        return [ZoneProblem("invalid_type", _("A property has a value of the wrong type."), field=None)]
    return []


def _save(layer: EditableLayer, row: models.Model, *, user: AnyUser, attributes: Mapping[str, object],
          geometry: GEOSGeometry) -> models.Model:
    geometry = _geometry(layer, geometry)
    unit = _unit(attributes, geometry)
    if not feature_in_scope(user, unit_id=unit.pk, geometry=geometry):
        raise NotPermitted(_("You may only write features inside your administrative units."))
    problems = _apply(layer, row, attributes)
    setattr(row, layer.spec.geometry_field, geometry)
    row.unit = unit  # type: ignore[attr-defined]
    problems += _field_problems(row)
    if problems:
        raise FeatureInvalid(problems)
    row.save()
    return row


# --- the services ---------------------------------------------------------------------------------

def _writable(user: AnyUser, layer: EditableLayer) -> None:
    if not layer_writable_by(user, layer.id):
        raise NotPermitted(_("You may not edit the layer %(layer)s.") % {"layer": layer.spec.title("vi")})


def _locked_current(*, user: AnyUser, layer: EditableLayer, feature_id: int, expected_etag: str) -> models.Model:
    """The row, locked, after checking the user may change it and nobody changed it since `expected_etag`."""
    _writable(user, layer)
    row = feature_get(user=user, layer_id=layer.id, feature_id=feature_id, lock=True)
    geometry = getattr(row, layer.spec.geometry_field)
    if geometry is None or not feature_in_scope(user, unit_id=row.unit_id, geometry=geometry):  # type: ignore[attr-defined]
        raise NotPermitted(_("You may only write features inside your administrative units."))
    if feature_etag(row) != expected_etag:
        raise FeatureVersionConflict(_("The feature has changed since you opened it; reload it and edit again."),
                                     layer_id=layer.id, current=row)
    return row


@transaction.atomic
def feature_create(*, user: AnyUser, layer_id: str, attributes: Mapping[str, object],
                   geometry: GEOSGeometry) -> models.Model:
    """A new feature of the layer from a Feature's properties and geometry."""
    layer = editable_layer(layer_id)
    _writable(user, layer)
    return _save(layer, layer.model(), user=user, attributes=attributes, geometry=geometry)


@transaction.atomic
def feature_update(*, user: AnyUser, layer_id: str, feature_id: int, expected_etag: str,
                   attributes: Mapping[str, object], geometry: GEOSGeometry) -> models.Model:
    """Replace the feature's attributes and geometry, if it still has `expected_etag`."""
    layer = editable_layer(layer_id)
    row = _locked_current(user=user, layer=layer, feature_id=feature_id, expected_etag=expected_etag)
    return _save(layer, row, user=user, attributes=attributes, geometry=geometry)


@transaction.atomic
def feature_delete(*, user: AnyUser, layer_id: str, feature_id: int, expected_etag: str) -> None:
    """Delete the feature, if it still has `expected_etag`."""
    layer = editable_layer(layer_id)
    _locked_current(user=user, layer=layer, feature_id=feature_id, expected_etag=expected_etag).delete()
