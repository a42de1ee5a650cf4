"""System checks that keep the layer registry and the zone settings honest (ids ntm.E1xx)."""

from typing import Any

from django.conf import settings
from django.contrib.gis.db.models import GeometryField
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import FieldDoesNotExist

from layers.registry import LAYERS, LayerSpec
from layers.zone_codes import InvalidCodePattern, code_pattern


def _spec_errors(spec: LayerSpec) -> list[CheckMessage]:
    model = spec.model
    errors: list[CheckMessage] = []
    try:
        geometry = model._meta.get_field(spec.geometry_field)
        if not isinstance(geometry, GeometryField):
            errors.append(Error(f"Layer {spec.id!r}: {spec.geometry_field!r} is not a geometry field.",
                                id="ntm.E101"))
    except FieldDoesNotExist:
        errors.append(Error(f"Layer {spec.id!r}: no field {spec.geometry_field!r} on {spec.model_label}.",
                            id="ntm.E101"))
    for name in spec.public_properties:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            errors.append(Error(f"Layer {spec.id!r}: public property {name!r} is not a field of "
                                f"{spec.model_label}.", id="ntm.E102"))
    if not 0 <= spec.min_zoom <= spec.max_zoom <= 24:
        errors.append(Error(f"Layer {spec.id!r}: zoom range {spec.min_zoom}–{spec.max_zoom} is not "
                            "within 0–24.", id="ntm.E103"))
    return errors


@register()
def check_registry(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [error for spec in LAYERS.values() for error in _spec_errors(spec)]


@register()
def check_zone_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A bad code pattern would only show when the first zone is approved; say so at start-up."""
    try:
        code_pattern(settings.ZONE_CODE_PATTERN)
    except InvalidCodePattern as error:
        return [Error(f"ZONE_CODE_PATTERN: {error}", hint="For example VN-GLOR-{sequence:04d}.", id="ntm.E104")]
    return []
