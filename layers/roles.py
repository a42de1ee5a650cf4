"""Roles as Django groups: the model permissions each role carries in the admin and the APIs.

Commune scoping (extension staff edit only inside their units) is a rule on top of these
permissions, in `layers.permissions`.
"""

from typing import Any

from django.contrib.auth.models import Group, Permission

from layers.models import Role

_LAYER_MODELS = (
    "adminunit", "adminunitsuccession", "parcel", "cultivationzone",
    "ocopproducer", "ocopproduct", "linkagemodel", "tourismsite", "tourismroute", "tourismroutestop",
    "sitephoto",
)
_VIEW_ALL = tuple(f"view_{model}" for model in _LAYER_MODELS)

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.EXTENSION_STAFF: (*_VIEW_ALL, "add_cultivationzone", "change_cultivationzone",
                           "add_parcel", "change_parcel"),
    Role.APPROVER: (*_VIEW_ALL, "change_cultivationzone"),
    Role.TOURISM_PROMOTER: (*_VIEW_ALL, "add_tourismsite", "change_tourismsite", "add_tourismroute",
                            "change_tourismroute", "add_tourismroutestop", "change_tourismroutestop",
                            "delete_tourismroutestop", "add_sitephoto", "change_sitephoto",
                            "delete_sitephoto"),
    Role.PLANNER: _VIEW_ALL,
    Role.ADMIN: (),  # administrators are superusers
}


def role_group(role: Role) -> Group:
    group, _ = Group.objects.get_or_create(name=role.value)
    return group


def sync_role_groups(**kwargs: Any) -> None:
    """Create one group per role holding exactly its permissions (run after every migrate)."""
    for role, codenames in ROLE_PERMISSIONS.items():
        permissions = Permission.objects.filter(content_type__app_label="layers", codename__in=codenames)
        role_group(role).permissions.set(permissions)
