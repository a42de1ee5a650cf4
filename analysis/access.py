"""Who may run analyses and see their results: planners and administrators, in one place.

Every analysis page, download and tile endpoint asks these two functions, so the rule cannot drift
between the jobs, rasters and indicators pages.
"""

from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404

from analysis.models import AnalysisRun
from geo_platform.access import signed_in_and
from layers.models import Role
from layers.permissions import user_role

AnyUser = AbstractBaseUser | AnonymousUser

_ANALYSTS = frozenset({Role.PLANNER, Role.ADMIN})


def user_can_analyse(user: AnyUser) -> bool:
    """True for active planners and administrators (superusers); False for everyone else."""
    return user_role(user) in _ANALYSTS


def run_visible_get(*, run_id: UUID | str, user: AnyUser) -> AnalysisRun:
    """The run with this id if the user may see it; Http404 otherwise (also for malformed ids),
    so a run's existence is not revealed to someone who may not see it."""
    if not user_can_analyse(user):
        raise Http404
    try:
        return AnalysisRun.objects.get(pk=run_id)
    except (AnalysisRun.DoesNotExist, ValidationError, ValueError, TypeError):
        # A malformed UUID surfaces as ValidationError from the field's to_python.
        raise Http404 from None




# Visitors who are not signed in go to the login page, other users get 403.
analyst_required = signed_in_and(user_can_analyse)
