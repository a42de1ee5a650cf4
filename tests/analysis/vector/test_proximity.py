"""Proximity against distances set in metres on the VN-2000 grid:

    producer P at (0, 50), its product made from zone Z, the 100 m square at (1000, 0): 1,000 m apart
    tourism site S at (0, 2050): 2,000 m north of P
    producer Q (no location) with a product from no zone; producer R with no product at all
"""

import datetime as dt
import math

import pytest
import shapely

from layers.models import AdminUnit, CultivationZone, OCOPProducer, OCOPProduct, TourismSite
from tests.analysis.vector.conftest import PointAt, Run
from tests.layers.zone_fixtures import Square


def _product(producer: OCOPProducer) -> OCOPProduct:
    return OCOPProduct.objects.create(name=f"{producer.name} coffee", group="drinks", stars=3, score=60,
                                      issued_on=dt.date(2024, 1, 1), expires_on=dt.date(2027, 1, 1),
                                      producer=producer)


@pytest.fixture
def places(commune_a: AdminUnit, square: Square, point: PointAt) -> dict[str, int]:
    zone = CultivationZone.objects.create(name="Z", code="VN-GLOR-0098", status="approved", crop="coffee",
                                          geometry=square(1000, 0, 100))
    producer = OCOPProducer.objects.create(name="P", kind="cooperative", unit=commune_a, location=point(0, 50))
    _product(producer).source_zones.set([zone])
    unlinked = OCOPProducer.objects.create(name="Q", kind="household", unit=commune_a)
    _product(unlinked)
    idle = OCOPProducer.objects.create(name="R", kind="company", unit=commune_a)
    site = TourismSite.objects.create(name_vi="S", category="agri", unit=commune_a, geometry=point(0, 2050))
    return {"Z": zone.pk, "P": producer.pk, "Q": unlinked.pk, "R": idle.pk, "S": site.pk}


@pytest.mark.django_db
def test_producer_to_its_supply_zone(run: Run, places: dict[str, int]) -> None:
    result = run("proximity", distance_km="1.2")
    (link,) = result.tables["producer_zones"].to_dict("records")
    assert (link["producer_id"], link["zone_id"]) == (places["P"], places["Z"])
    assert link["distance_m"] == pytest.approx(1000, abs=1)
    without = result.tables["producers_without_zone"].set_index("producer_id")
    assert set(without.index) == {places["Q"], places["R"]}
    assert (without.loc[places["Q"], "products"], without.loc[places["R"], "products"]) == (1, 0)
    features = result.features
    assert features is not None
    line = features.loc[features["kind"] == "supply_line", "geometry"].item()
    assert isinstance(line, shapely.LineString)


@pytest.mark.django_db
def test_sites_within_n_km_of_an_outlet(run: Run, places: dict[str, int]) -> None:
    assert run("proximity", distance_km="1").tables["sites_near_outlets"].empty
    (near,) = run("proximity", distance_km="3").tables["sites_near_outlets"].to_dict("records")
    assert (near["site_id"], near["producer_id"]) == (places["S"], places["P"])
    assert near["distance_m"] == pytest.approx(2000, abs=1)


@pytest.mark.django_db
def test_service_areas_by_buffer(run: Run, places: dict[str, int]) -> None:
    result = run("proximity", distance_km="1.2")
    (area,) = result.tables["service_areas"].to_dict("records")
    assert area["producer_id"] == places["P"]
    assert area["area_ha"] == pytest.approx(math.pi * 1200**2 / 10_000, rel=0.01)
    assert (area["zones_within"], area["sites_within"], area["linked_zones"]) == (1, 0, 1)
    assert area["nearest_zone_km"] == pytest.approx(1.0, abs=0.001)
    assert run("proximity", distance_km="3").tables["service_areas"]["sites_within"].tolist() == [1]
    kinds = result.features["kind"].value_counts().to_dict() if result.features is not None else {}
    assert kinds == {"supply_line": 1, "service_area": 1}
