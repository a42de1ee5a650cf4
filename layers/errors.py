"""Domain errors. Each package has one base error; adapters map them to HTTP statuses and exit codes."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import Model

    from layers.models import CultivationZone
    from layers.zone_checks import ZoneProblem


class LayersError(Exception):
    """Base of every error the domain raises on purpose."""


class UnknownLayer(LayersError):
    pass


class UnknownUnit(LayersError):
    pass


class InvalidRoleAssignment(LayersError):
    pass


class TransitionNotAllowed(LayersError):
    pass


class NotPermitted(LayersError):
    """The user's role or units do not allow this action on this object."""


class FeatureNotFound(LayersError):
    """No such parcel, producer or site, or one the user may not see."""


class FeatureVersionConflict(LayersError):
    """The change was based on an older state of the row; `current` is the row as it stands now."""

    def __init__(self, message: str, *, layer_id: str, current: "Model") -> None:
        super().__init__(message)
        self.layer_id = layer_id
        self.current = current


class FeatureInvalid(LayersError):
    """The feature breaks blocking rules (`problems`); `warnings` are the advisory ones found with them."""

    def __init__(self, problems: Sequence["ZoneProblem"], warnings: Sequence["ZoneProblem"] = ()) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = tuple(problems)
        self.warnings = tuple(warnings)


class ZoneNotFound(LayersError):
    """No such zone, or one the user may not see: the two are told apart to nobody."""


class ZoneVersionConflict(LayersError):
    """The change was based on an older version; `current` is the zone as it stands now."""

    def __init__(self, message: str, *, current: "CultivationZone") -> None:
        super().__init__(message)
        self.current = current


class ZoneInvalid(FeatureInvalid):
    """The zone breaks blocking rules (`problems`); `warnings` are the advisory ones found with them."""
