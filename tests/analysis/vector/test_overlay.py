"""The overlay on a layout whose answer is known by hand, in metres on the VN-2000 grid:

    zone Z (coffee): the 200 m square at (0, 0)
    P1 CLN (0, 0, 100)    inside          P2 ODT (100, 0, 100)  inside, non-agricultural: a conflict
    P3 CLN (150, 100, 100) half inside: cut by the boundary (5,000 m² in, 5,000 m² out)
    P4 CLN (500, 500, 100) outside        P5 CLN (200, 0, 100)  touches Z's edge only
"""

import pytest
from django.contrib.gis.geos import MultiPolygon
from django.db import connection

from layers.models import AdminUnit, CultivationZone, Parcel
from tests.analysis.vector.conftest import Run
from tests.layers.zone_fixtures import Square

HA = 10_000.0


@pytest.fixture
def layout(commune_a: AdminUnit, square: Square) -> dict[str, int]:
    zone = CultivationZone.objects.create(name="Z", crop="coffee", geometry=square(0, 0, 200))
    parcels = {"P1": ("CLN", (0, 0)), "P2": ("ODT", (100, 0)), "P3": ("CLN", (150, 100)),
               "P4": ("CLN", (500, 500)), "P5": ("CLN", (200, 0))}
    ids = {"Z": zone.pk}
    for number, (label, (land_use, (dx, dy))) in enumerate(parcels.items(), start=1):
        ids[label] = Parcel.objects.create(unit=commune_a, sheet_number=1, parcel_number=number,
                                           land_use=land_use, geometry=square(dx, dy, 100)).pk
    return ids


def _area_m2(geometry: MultiPolygon) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Area(ST_Transform(%s::geometry, 990218))", [geometry.hexewkb.decode()])
        return float(cursor.fetchone()[0])


@pytest.mark.django_db
def test_pairs_shares_and_land_use_areas(run: Run, layout: dict[str, int]) -> None:
    result = run("overlay", min_share="0.6")
    pairs = result.tables["parcel_zone"].set_index("parcel_id")
    assert set(pairs.index) == {layout["P1"], layout["P2"], layout["P3"]}
    assert pairs.loc[layout["P1"], "share"] == pytest.approx(1.0)
    assert pairs.loc[layout["P3"], "overlap_m2"] == pytest.approx(5_000, rel=1e-4)
    assert pairs.loc[layout["P3"], "share"] == pytest.approx(0.5, rel=1e-4)
    assert pairs["in_zone"].to_dict() == {layout["P1"]: True, layout["P2"]: True, layout["P3"]: False}
    by_use = result.tables["zone_land_use"].set_index("land_use")
    assert by_use.loc["CLN", "area_ha"] == pytest.approx(1.5, rel=1e-4)
    assert by_use.loc["CLN", "parcels"] == 2
    assert by_use.loc["ODT", "area_ha"] == pytest.approx(1.0, rel=1e-4)
    assert not by_use.loc["ODT", "agricultural"]
    assert result.summary["parcels_in_zones"] == 2
    assert result.summary["zone_area_ha"] == pytest.approx(2.5, rel=1e-4)
    chart = result.charts[0]
    assert chart.table in result.tables and chart.x in result.tables[chart.table]


@pytest.mark.django_db
def test_conflicts_and_cut_parcels_as_tables_and_features(run: Run, layout: dict[str, int]) -> None:
    result = run("overlay")
    assert result.tables["conflicts"]["parcel_id"].tolist() == [layout["P2"]]
    assert result.tables["split_parcels"]["parcel_id"].tolist() == [layout["P3"]]
    assert result.summary["conflict_area_ha"] == pytest.approx(1.0, rel=1e-4)
    features = result.features
    assert features is not None and features.crs.to_epsg() == 4326
    kinds = features.set_index("kind")
    assert kinds.loc["conflict", "parcel_id"] == layout["P2"]
    # A cut parcel is drawn whole, so the planner sees where the boundary runs through it.
    split = kinds.loc["split_parcel"]
    assert _area_m2(MultiPolygon.from_ewkt(f"SRID=4326;{split['geometry'].wkt}")) == pytest.approx(10_000, rel=1e-4)


@pytest.mark.django_db
def test_tolerance_drops_small_overlaps(run: Run, layout: dict[str, int]) -> None:
    result = run("overlay", tolerance_m2="6000")
    assert set(result.tables["parcel_zone"]["parcel_id"]) == {layout["P1"], layout["P2"]}
    assert result.tables["split_parcels"].empty


@pytest.mark.django_db
def test_a_conflict_zone_on_non_agricultural_land(run: Run, commune_a: AdminUnit, square: Square) -> None:
    CultivationZone.objects.create(name="On a road", crop="tea", geometry=square(1000, 1000, 100))
    road = Parcel.objects.create(unit=commune_a, sheet_number=2, parcel_number=1, land_use="DGT",
                                 geometry=square(1000, 1000, 100))
    result = run("overlay", crop="tea")
    assert result.tables["conflicts"]["parcel_id"].tolist() == [road.pk]
    assert result.summary == {**result.summary, "zones_with_conflicts": 1, "split_parcels": 0}


@pytest.mark.django_db
def test_unit_filter_keeps_only_its_parcels(
    run: Run, layout: dict[str, int], commune_a: AdminUnit, commune_b: AdminUnit
) -> None:
    assert len(run("overlay", unit=commune_a.code).tables["parcel_zone"]) == 3
    result = run("overlay", unit=commune_b.code)
    assert result.tables["parcel_zone"].empty
    assert result.features is None
    assert result.summary["pairs"] == 0
