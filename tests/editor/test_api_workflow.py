"""POST /api/zones/{id}/submit|approve|reject|suspend|reinstate|revoke|revert and GET …/history."""

import json

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client

from layers.models import CultivationZone, Role, ZoneStatus
from tests.editor.api import ZONES, client_for, error_codes, feature, post, put
from tests.layers.zone_fixtures import Square, UserFor

pytestmark = pytest.mark.django_db


def step(client: Client, zone: CultivationZone, name: str, body: object = None, **headers: str) -> dict[str, object]:
    response = post(client, f"{ZONES}{zone.pk}/{name}", body, **headers)
    return {"status": response.status_code, "codes": error_codes(response) if response.status_code >= 400 else [],
            "body": json.loads(response.content), "etag": response.get("ETag")}


def properties(result: dict[str, object]) -> dict[str, object]:
    return result["body"]["properties"]  # type: ignore[index,return-value]


def test_the_whole_life_of_a_zone(draft_a: CultivationZone, staff_a: AbstractUser, approver: AbstractUser) -> None:
    officer, decider = client_for(staff_a), client_for(approver)
    submitted = step(officer, draft_a, "submit")
    assert submitted["status"] == 200 and properties(submitted)["status"] == "submitted"
    assert submitted["etag"] == '"v2"'
    assert step(officer, draft_a, "approve")["status"] == 403
    approved = step(decider, draft_a, "approve")
    assert (properties(approved)["status"], properties(approved)["code"]) == ("approved", "VN-GLOR-0001")
    assert step(decider, draft_a, "suspend", {"reason": "Kiểm tra dư lượng."})["status"] == 200
    assert properties(step(decider, draft_a, "reinstate"))["status"] == "approved"
    revoked = step(decider, draft_a, "revoke", {"reason": "Hết hiệu lực."})
    assert (properties(revoked)["status"], properties(revoked)["version"]) == ("revoked", 6)


def test_reject_needs_a_reason_422(draft_a: CultivationZone, staff_a: AbstractUser, approver: AbstractUser) -> None:
    step(client_for(staff_a), draft_a, "submit")
    decider = client_for(approver)
    missing = step(decider, draft_a, "reject")
    assert (missing["status"], missing["codes"]) == (422, ["reason_required"])
    assert step(decider, draft_a, "reject", {"reason": 12})["status"] == 422
    rejected = step(decider, draft_a, "reject", {"reason": "Thiếu danh sách hộ."})
    assert properties(rejected)["status"] == "draft"


@pytest.mark.parametrize("name", ["suspend", "revoke"])
def test_suspend_and_revoke_need_a_reason(draft_a: CultivationZone, staff_a: AbstractUser, approver: AbstractUser,
                                          name: str) -> None:
    step(client_for(staff_a), draft_a, "submit")
    step(client_for(approver), draft_a, "approve")
    assert step(client_for(approver), draft_a, name, {"reason": ""})["codes"] == ["reason_required"]


def test_a_step_outside_the_life_cycle_is_409(draft_a: CultivationZone, approver: AbstractUser) -> None:
    result = step(client_for(approver), draft_a, "approve")
    assert (result["status"], result["codes"]) == (409, ["transition_not_allowed"])


def test_a_step_with_a_stale_if_match_is_412(draft_a: CultivationZone, staff_a: AbstractUser) -> None:
    officer = client_for(staff_a)
    put(officer, f"{ZONES}{draft_a.pk}", feature(json.loads(draft_a.geometry.json), name="Hai"),
        **{"If-Match": '"v1"'})
    stale = step(officer, draft_a, "submit", **{"If-Match": '"v1"'})
    assert stale["status"] == 412 and stale["body"]["current_version"] == 2  # type: ignore[index]
    assert step(officer, draft_a, "submit", **{"If-Match": '"v2"'})["status"] == 200


@pytest.mark.parametrize("role", [Role.PLANNER, Role.TOURISM_PROMOTER])
def test_readers_cannot_take_steps(draft_a: CultivationZone, staff_a: AbstractUser, approver: AbstractUser,
                                   user_for: UserFor, role: Role) -> None:
    step(client_for(staff_a), draft_a, "submit")
    step(client_for(approver), draft_a, "approve")
    reader = client_for(user_for(role))
    assert step(reader, draft_a, "suspend", {"reason": "x"})["status"] == 403
    assert CultivationZone.objects.get(pk=draft_a.pk).status == ZoneStatus.APPROVED


def test_anonymous_steps_are_401(draft_a: CultivationZone) -> None:
    assert step(Client(), draft_a, "submit")["status"] == 401


def test_other_units_staff_get_404_for_a_draft(draft_a: CultivationZone, staff_b: AbstractUser) -> None:
    assert step(client_for(staff_b), draft_a, "submit")["status"] == 404


def test_an_approver_reverts_and_it_is_a_new_version(draft_a: CultivationZone, approver: AbstractUser,
                                                     square: Square) -> None:
    decider = client_for(approver)
    put(decider, f"{ZONES}{draft_a.pk}", feature(square(100, 100, 300), name="Nhầm"), **{"If-Match": '"v1"'})
    reverted = step(decider, draft_a, "revert", {"to_version": 1, "reason": "Khôi phục."})
    assert reverted["status"] == 200 and reverted["etag"] == '"v3"'
    assert properties(reverted)["name"] == "Vùng cà phê Biển Hồ"
    assert properties(reverted)["area_ha"] == pytest.approx(4.0, abs=1e-4)
    assert step(decider, draft_a, "revert", {})["codes"] == ["invalid"]
    assert step(decider, draft_a, "revert", {"to_version": 99})["codes"] == ["unknown_version"]


def test_staff_cannot_revert_403(draft_a: CultivationZone, staff_a: AbstractUser) -> None:
    assert step(client_for(staff_a), draft_a, "revert", {"to_version": 1})["status"] == 403


def test_history_lists_who_when_what(draft_a: CultivationZone, staff_a: AbstractUser, approver: AbstractUser) -> None:
    step(client_for(staff_a), draft_a, "submit")
    step(client_for(approver), draft_a, "reject", {"reason": "Thiếu bản đồ trích lục."})
    response = client_for(approver).get(f"{ZONES}{draft_a.pk}/history")
    versions = json.loads(response.content)["versions"]
    assert [(v["version"], v["action"], v["user"]) for v in versions] == [
        (1, "create", staff_a.username), (2, "submit", staff_a.username), (3, "reject", approver.username)]
    assert versions[2]["reason"] == "Thiếu bản đồ trích lục." and versions[2]["changed"] == ["status"]
    assert all(v["at"] and "geometry" not in v for v in versions)
    with_geometry = json.loads(client_for(approver).get(f"{ZONES}{draft_a.pk}/history?geometry=true").content)
    assert with_geometry["versions"][0]["geometry"]["type"] == "MultiPolygon"


def test_history_of_a_draft_is_404_for_others_and_403_for_readers_of_approved_zones(
    draft_a: CultivationZone, staff_a: AbstractUser, approver: AbstractUser, staff_b: AbstractUser,
    user_for: UserFor
) -> None:
    url = f"{ZONES}{draft_a.pk}/history"
    assert client_for(staff_b).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    step(client_for(staff_a), draft_a, "submit")
    step(client_for(approver), draft_a, "approve")
    assert client_for(user_for(Role.PLANNER)).get(url).status_code == 403
    assert Client().get(url).status_code == 401
