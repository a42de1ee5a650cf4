"""Users are provisioned from the command line with exactly one role."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from layers.models import Role, UserScope
from layers.roles import ROLE_PERMISSIONS
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def test_extension_staff_are_scoped_to_their_units() -> None:
    unit = make_unit(code="23590")
    call_command("create_user", "canbo", "--role", "extension_staff", "--unit", "23590", "--password", "s3cret-pw")
    user = get_user_model().objects.get(username="canbo")
    assert list(user.scope.units.all()) == [unit]
    assert user.groups.get().name == "extension_staff"
    assert user.has_perm("layers.change_cultivationzone")
    assert not user.has_perm("layers.change_tourismsite")
    assert authenticate(username="canbo", password="s3cret-pw") == user


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.EXTENSION_STAFF])
def test_every_other_role_is_city_wide(role: Role) -> None:
    call_command("create_user", f"user_{role}", "--role", role.value, "--password", "pw-long-enough")
    user = get_user_model().objects.get(username=f"user_{role}")
    assert user.scope.role == role
    assert user.is_superuser == (role is Role.ADMIN)
    if role is not Role.ADMIN:
        granted = {perm.split(".")[1] for perm in user.get_all_permissions()}
        assert granted == set(ROLE_PERMISSIONS[role])


def test_a_planner_cannot_change_anything() -> None:
    call_command("create_user", "qh", "--role", "planner", "--password", "pw-long-enough")
    user = get_user_model().objects.get(username="qh")
    assert not any(perm.split(".")[1].startswith(("add_", "change_", "delete_")) for perm in user.get_all_permissions())


def test_extension_staff_without_a_unit_are_refused() -> None:
    with pytest.raises(CommandError, match="--unit"):
        call_command("create_user", "canbo", "--role", "extension_staff")
    assert not get_user_model().objects.filter(username="canbo").exists()


def test_an_unknown_unit_code_is_refused_and_nothing_is_created() -> None:
    with pytest.raises(CommandError, match="99999"):
        call_command("create_user", "canbo", "--role", "extension_staff", "--unit", "99999")
    assert not get_user_model().objects.filter(username="canbo").exists()


def test_an_unknown_role_is_refused() -> None:
    with pytest.raises(CommandError):
        call_command("create_user", "x", "--role", "mayor")


def test_a_generated_password_is_printed_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("create_user", "qb", "--role", "tourism_promoter")
    password = capsys.readouterr().out.split("password: ")[1].strip()
    assert authenticate(username="qb", password=password) is not None


def test_re_provisioning_changes_the_role_instead_of_adding_one() -> None:
    call_command("create_user", "u", "--role", "planner", "--password", "pw-long-enough")
    call_command("create_user", "u", "--role", "approver", "--password", "pw-long-enough")
    user = get_user_model().objects.get(username="u")
    assert UserScope.objects.filter(user=user).count() == 1
    assert [g.name for g in user.groups.all()] == ["approver"]
