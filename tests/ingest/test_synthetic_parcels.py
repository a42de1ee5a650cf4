"""The synthetic parcel generator, on real PostGIS: counts, determinism, geometry, sizes, replacement."""

from collections.abc import Sequence
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.utils import translation

from ingest.synthetic_parcels import (
    LAND_USE_WEIGHTS,
    MAX_MEAN_PARCEL_M2,
    SyntheticParcelsError,
    largest_remainder,
    parcels_generate,
)
from layers.models import AdminUnit, LandUse, Parcel, UnitLevel
from tests.ingest.conftest import WARD_WKT, make_unit

pytestmark = pytest.mark.django_db

# Enough parcels to cover both test units completely (mean 0.33 ha in the ward, 0.66 ha in the commune).
FULL_COUNT = 5_000


def _fetch(query: str, params: Sequence[Any] = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def _fingerprints() -> set[str]:
    rows = _fetch(
        "SELECT md5(concat_ws(':', u.code, p.sheet_number, p.parcel_number, p.land_use, "
        "encode(ST_AsBinary(p.geometry), 'hex'))) FROM layers_parcel p JOIN layers_adminunit u ON u.id = p.unit_id"
    )
    return {row[0] for row in rows}


def test_creates_exactly_the_count_in_the_current_wards_and_communes(units: list[AdminUnit]) -> None:
    assert parcels_generate(count=3_001, seed=7) == 3_001
    assert Parcel.objects.count() == 3_001
    assert not Parcel.objects.filter(is_illustrative=False).exists()
    assert set(Parcel.objects.values_list("unit__code", flat=True).distinct()) == {"99001", "99002"}


def test_same_seed_gives_the_same_parcels_and_another_seed_others(units: list[AdminUnit]) -> None:
    parcels_generate(count=2_000, seed=1)
    first = _fingerprints()
    parcels_generate(count=2_000, seed=1)
    assert _fingerprints() == first
    parcels_generate(count=2_000, seed=2)
    assert not _fingerprints() & first


def test_parcels_are_valid_non_empty_multipolygons_inside_their_unit(units: list[AdminUnit]) -> None:
    parcels_generate(count=FULL_COUNT, seed=3)
    [(invalid, empty, not_multi, outside)] = _fetch(
        "SELECT count(*) FILTER (WHERE NOT ST_IsValid(p.geometry)), count(*) FILTER (WHERE ST_IsEmpty(p.geometry)),"
        " count(*) FILTER (WHERE GeometryType(p.geometry) <> 'MULTIPOLYGON' OR ST_SRID(p.geometry) <> 4326),"
        # Clipping in floating point may leave a parcel outside its unit by 1e-7 m², never by 1 mm².
        " count(*) FILTER (WHERE ST_Area(ST_Transform(ST_Difference(p.geometry, u.geometry), 9218)) > 1e-6)"
        " FROM layers_parcel p JOIN layers_adminunit u ON u.id = p.unit_id"
    )
    assert (invalid, empty, not_multi, outside) == (0, 0, 0, 0)


def test_parcels_of_a_sheet_do_not_overlap_and_cover_the_unit(units: list[AdminUnit]) -> None:
    parcels_generate(count=FULL_COUNT, seed=4)
    [(overlaps,)] = _fetch(
        "SELECT count(*) FROM layers_parcel a JOIN layers_parcel b ON a.unit_id = b.unit_id"
        " AND a.sheet_number = b.sheet_number AND a.id < b.id AND a.geometry && b.geometry"
        " WHERE a.sheet_number <= 6 AND ST_Area(ST_Transform(ST_Intersection(a.geometry, b.geometry), 9218)) > 0.01"
    )
    assert overlaps == 0
    for unit in units:
        covered = sum(Parcel.objects.filter(unit=unit).values_list("area_m2", flat=True))
        assert covered == pytest.approx(AdminUnit.objects.get(pk=unit.pk).area_m2, rel=0.005)


# Three 200 m squares inside one 1 km grid square: a single map sheet in three parts. ST_GeneratePoints
# rounds each part's share of a MULTIPOLYGON's points on its own, so 2 points came out as 1 + 1 + 1 and
# 4 as 1 + 1 + 1 ("produced 3 parcels instead of 2 / 4"), as 300,000 did on Pleiku's cut-up sheets.
THREE_PART_SHEET_WKT = (
    "MULTIPOLYGON(((108.197111 14.097392, 108.197109 14.0992, 108.198961 14.099202, 108.198964 14.097395, "
    "108.197111 14.097392)), ((108.201742 14.097398, 108.20174 14.099206, 108.203592 14.099208, "
    "108.203594 14.0974, 108.201742 14.097398)), ((108.197106 14.101912, 108.197103 14.10372, "
    "108.198955 14.103722, 108.198958 14.101914, 108.197106 14.101912)))"
)


@pytest.mark.parametrize("count", [2, 4])
def test_a_sheet_in_several_parts_gets_exactly_its_share(count: int) -> None:
    unit = make_unit("99005", UnitLevel.COMMUNE, THREE_PART_SHEET_WKT)
    assert parcels_generate(count=count, seed=1) == count
    [(rows, sheets, invalid, empty, outside, area)] = _fetch(
        "SELECT count(*), count(DISTINCT p.sheet_number), count(*) FILTER (WHERE NOT ST_IsValid(p.geometry)),"
        " count(*) FILTER (WHERE ST_IsEmpty(p.geometry)),"
        " count(*) FILTER (WHERE ST_Area(ST_Transform(ST_Difference(p.geometry, u.geometry), 9218)) > 1e-6),"
        " sum(p.area_m2) FROM layers_parcel p JOIN layers_adminunit u ON u.id = p.unit_id"
    )
    assert (rows, sheets, invalid, empty, outside) == (count, 1, 0, 0, 0)
    [(overlaps,)] = _fetch(
        "SELECT count(*) FROM layers_parcel a JOIN layers_parcel b ON a.id < b.id AND a.geometry && b.geometry"
        " WHERE ST_Area(ST_Transform(ST_Intersection(a.geometry, b.geometry), 9218)) > 0.01"
    )
    assert overlaps == 0
    assert area == pytest.approx(AdminUnit.objects.get(pk=unit.pk).area_m2, rel=1e-6)
    assert sorted(Parcel.objects.values_list("parcel_number", flat=True)) == list(range(1, count + 1))


def test_parcel_sizes_are_realistic(units: list[AdminUnit]) -> None:
    parcels_generate(count=FULL_COUNT, seed=5)
    [(p5, p95)] = _fetch(
        "SELECT percentile_cont(0.05) WITHIN GROUP (ORDER BY area_m2),"
        " percentile_cont(0.95) WITHIN GROUP (ORDER BY area_m2) FROM layers_parcel"
    )
    assert p5 >= 500
    assert p95 <= 30_000


def test_a_small_count_covers_only_the_centre_with_parcels_of_realistic_size(commune: AdminUnit) -> None:
    parcels_generate(count=300, seed=6)
    areas = list(Parcel.objects.values_list("area_m2", flat=True))
    assert len(areas) == 300
    assert sum(areas) < 0.5 * AdminUnit.objects.get(pk=commune.pk).area_m2
    # Whole sheets are taken, so the mean misses its cap by up to half a sheet's share.
    assert 0.5 * MAX_MEAN_PARCEL_M2 <= sum(areas) / len(areas) <= 1.5 * MAX_MEAN_PARCEL_M2


def test_land_uses_are_known_codes_mostly_perennial_crops(units: list[AdminUnit]) -> None:
    parcels_generate(count=FULL_COUNT, seed=8)
    counts = dict(_fetch("SELECT land_use, count(*) FROM layers_parcel GROUP BY land_use"))
    assert set(counts) <= set(LAND_USE_WEIGHTS["commune"]) <= set(LandUse.values)
    assert len(counts) >= 6
    assert max(counts, key=counts.__getitem__) == LandUse.CLN


def test_a_rerun_replaces_only_the_synthetic_parcels_of_its_units(units: list[AdminUnit]) -> None:
    parcels_generate(count=1_000, seed=1)
    in_ward = Parcel.objects.filter(unit__code="99001").count()
    parcels_generate(count=500, seed=9, unit_codes=["99002"])
    assert Parcel.objects.filter(unit__code="99002").count() == 500
    assert Parcel.objects.filter(unit__code="99001").count() == in_ward


def test_a_failure_leaves_the_previous_parcels(units: list[AdminUnit]) -> None:
    parcels_generate(count=1_000, seed=1)
    before = _fingerprints()
    # A real failure half-way: PostgreSQL refuses the new parcels after the old ones were deleted.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION pg_temp.refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'refused'; END $$;"
            "CREATE TRIGGER refuse BEFORE INSERT ON layers_parcel FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse()"
        )
    with pytest.raises(DatabaseError, match="refused"):
        parcels_generate(count=1_000, seed=2)
    assert _fingerprints() == before


def test_units_with_recorded_parcels_are_refused(ward: AdminUnit) -> None:
    assert ward.geometry is not None
    Parcel.objects.create(unit=ward, sheet_number=1, parcel_number=1, land_use=LandUse.ONT,
                          geometry=ward.geometry, is_illustrative=False)
    with pytest.raises(SyntheticParcelsError, match="99001"):
        parcels_generate(count=10, seed=1)


def test_the_command_reports_what_it_made(units: list[AdminUnit], capsys: pytest.CaptureFixture[str]) -> None:
    call_command("generate_parcels", "--count", "120", "--seed", "3", "--unit", "99001")
    assert "120 illustrative parcels" in capsys.readouterr().out
    assert Parcel.objects.filter(unit__code="99001").count() == 120


@pytest.mark.parametrize("count", [0, -5, 5_000_001])
def test_the_command_refuses_a_count_out_of_range(units: list[AdminUnit], count: int) -> None:
    with translation.override("en"), pytest.raises(CommandError, match="between 1 and 5,000,000"):
        call_command("generate_parcels", "--count", str(count), "--seed", "1")


def test_the_command_names_unknown_units(units: list[AdminUnit]) -> None:
    with pytest.raises(CommandError, match="99999"):
        call_command("generate_parcels", "--count", "10", "--seed", "1", "--unit", "99001", "99999")


def test_the_command_says_when_there_are_no_units() -> None:
    make_unit("99004", UnitLevel.COMMUNE, WARD_WKT)
    AdminUnit.objects.update(geometry=None)
    with translation.override("en"), pytest.raises(CommandError, match="load the administrative units"):
        call_command("generate_parcels", "--count", "10", "--seed", "1")


def test_largest_remainder_sums_to_the_total_in_proportion() -> None:
    assert largest_remainder(10, [1.0, 1.0, 1.0]) == [4, 3, 3]
    assert largest_remainder(7, [0.0, 5.0, 2.0]) == [0, 5, 2]
    assert sum(largest_remainder(1_000_003, [0.3, 2.7, 1e-9, 11.0])) == 1_000_003
