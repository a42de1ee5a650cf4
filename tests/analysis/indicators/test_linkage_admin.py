"""Administrators record linkage models in the Django admin; other roles may only look at them."""

import pytest
from django.test import Client
from django.urls import reverse

from layers.models import LinkageModel, Role
from tests.analysis.indicators.conftest import Programme, linkage, zone
from tests.layers.zone_fixtures import UserFor

pytestmark = pytest.mark.django_db
ADD = "admin:layers_linkagemodel_add"


def _form(programme: Programme, **changes: object) -> dict[str, object]:
    return {"name": "Liên kết cà phê", "product": "coffee", "lead": "", "lead_name": "Công ty A",
            "units": [programme.new["a"].pk], "zones": [zone(programme.new["a"]).pk], "households": "12",
            "started_on": "01/03/2024", "ended_on": "", **changes}


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_an_administrator_records_a_linkage_model(programme: Programme, user_for: UserFor) -> None:
    client = _client(user_for(Role.ADMIN))
    response = client.post(reverse(ADD), _form(programme))
    assert response.status_code == 302, response.content.decode()[:2000]
    model = LinkageModel.objects.get(name="Liên kết cà phê")
    assert list(model.units.all()) == [programme.new["a"]]
    assert model.zones.count() == 1
    changelist = client.get(reverse("admin:layers_linkagemodel_changelist")).content.decode()
    assert "Công ty A" in changelist  # the lead column shows the buyer's name when it is no OCOP producer


def test_a_linkage_model_needs_a_lead(programme: Programme, user_for: UserFor) -> None:
    response = _client(user_for(Role.ADMIN)).post(reverse(ADD), _form(programme, lead_name=""))
    assert response.status_code == 200
    assert not LinkageModel.objects.exists()


@pytest.mark.parametrize("role", [Role.PLANNER, Role.APPROVER, Role.TOURISM_PROMOTER])
def test_other_roles_may_look_but_not_record(programme: Programme, user_for: UserFor, role: Role) -> None:
    existing = linkage(programme.new["b"])
    client = _client(user_for(role))
    assert client.get(reverse("admin:layers_linkagemodel_changelist")).status_code == 200
    assert client.post(reverse(ADD), _form(programme)).status_code == 403
    change = reverse("admin:layers_linkagemodel_change", args=[existing.pk])
    client.post(change, _form(programme, name="Renamed"))
    existing.refresh_from_db()
    assert existing.name != "Renamed"
