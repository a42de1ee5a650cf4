"""Seeded, deterministic synthetic cadastral parcels for demonstrations and load tests.

PostGIS does the geometry; Python only decides how many parcels go where. Each current ward or
commune is cut into cadastral map sheets (tờ bản đồ): the 1 km squares of a grid aligned on
VN-2000 / TM-3 108-30 metres, clipped to the unit and numbered 1.. per unit from north-west to
south-east. Parcels are shared out over units in proportion to area (urban wards twice as densely,
as their plots are smaller), then over the unit's sheets in proportion to sheet area. Each sheet
gets exactly that many seeded random points (`ST_GeneratePoints`, per part of a sheet the boundary
cuts into pieces), whose Voronoi cells, clipped to the sheet, are its parcels, numbered 1.. in rows
from north to south and west to east.

When the count is too small to cover a unit with plots of realistic size (a mean above
`MAX_MEAN_PARCEL_M2`, 1 ha in communes and 0.5 ha in wards), only the sheets nearest the unit's
interior point are tessellated, as many as that mean needs: a compact cadastral survey area around
the centre rather than a whole commune of oversized parcels. Whole sheets are taken, so the mean
can exceed the cap by up to half a sheet's share; that matters only below ~100 parcels per unit.
The demo's 20,000–50,000 parcels cover about 10–25 % of the fifteen Pleiku units (mean 0.9 ha);
1,000,000 cover all of them (mean 0.2 ha; 5th–95th percentile 0.09–0.31 ha). Sheet slivers under
`MIN_SHEET_M2` along unit boundaries stay empty.

Land use is drawn per parcel from a hash of the seed, the unit and the parcel number, weighted
for the Central Highlands (mostly perennial coffee and pepper); half of each sheet's parcels share
the sheet's dominant use, so uses come in patches rather than as salt and pepper.

Same count, seed and units give identical parcels on the same PostGIS/GEOS versions, in any
database: the hashes use GSO codes and sheet numbers, never row ids.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils.translation import gettext as _
from psycopg2 import sql
from tqdm import tqdm

from ingest.errors import IngestError
from layers.models import AdminUnit, CultivationZone, LandUse, Parcel, UnitLevel

MAX_COUNT = 5_000_000
SHEET_SIZE_M = 1_000
# Above this mean parcel area only part of a unit is tessellated (see the module docstring).
MAX_MEAN_PARCEL_M2 = 10_000.0
# Sheets smaller than the smallest plausible parcel are left out rather than made one tiny parcel.
MIN_SHEET_M2 = 500.0
# Parcels per m² relative to communes: urban wards are divided into smaller plots.
LEVEL_DENSITY: dict[str, float] = {UnitLevel.WARD: 2.0, UnitLevel.COMMUNE: 1.0}
# Parcels per INSERT: large enough to amortise a statement, small enough for a lively progress bar.
BATCH_PARCELS = 20_000
# Share of a sheet's parcels that take the sheet's dominant land use.
SHEET_USE_SHARE = 0.5
# Relative frequency of land uses in percent, by unit level.
LAND_USE_WEIGHTS: dict[str, dict[str, int]] = {
    UnitLevel.COMMUNE: {
        LandUse.CLN: 46, LandUse.NHK: 10, LandUse.BHK: 8, LandUse.RSX: 10, LandUse.LUC: 6,
        LandUse.ONT: 12, LandUse.ODT: 1, LandUse.NTS: 2, LandUse.DGT: 5,
    },
    UnitLevel.WARD: {
        LandUse.CLN: 24, LandUse.NHK: 4, LandUse.BHK: 6, LandUse.RSX: 2, LandUse.LUC: 4,
        LandUse.ONT: 8, LandUse.ODT: 42, LandUse.NTS: 2, LandUse.DGT: 8,
    },
}


class SyntheticParcelsError(IngestError):
    """The parcels cannot be generated as asked; the message says why."""


@dataclass(frozen=True)
class Unit:
    id: int
    code: str
    level: str


@dataclass(frozen=True)
class Sheet:
    unit_id: int
    number: int
    area_m2: float
    distance_m: float  # from the unit's interior point, to pick the central sheets first


def parcels_generate(
    *, count: int, seed: int, unit_codes: Sequence[str] | None = None, progress: bool = False
) -> int:
    """Replace the illustrative parcels of the units with `count` new ones; return how many.

    Units are the current wards and communes with a boundary, or those of `unit_codes`. Only rows
    flagged `is_illustrative` are replaced, in one transaction: on failure the old ones remain.
    Raises SyntheticParcelsError for a count out of range, units not found, or units that hold
    recorded (not illustrative) parcels. Sets `jit` and `work_mem` for the rest of the transaction.
    """
    if not 1 <= count <= MAX_COUNT:
        raise SyntheticParcelsError(
            _("The parcel count must be between 1 and %(max)s; got %(count)s.")
            % {"max": f"{MAX_COUNT:,}", "count": f"{count:,}"}
        )
    units = _units_select(unit_codes)
    with transaction.atomic(), connection.cursor() as cursor:
        # JIT compiling each batch's large plan costs more than it saves (about 0.2 s per statement).
        cursor.execute("SET LOCAL jit = off")
        # Room to sort and hold one batch of parcels in memory instead of spilling it to disk.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        sheets = _sheets_create(cursor, units)
        counts = allocate(count, units, sheets)
        batches = _sheets_store_counts(cursor, counts)
        _land_use_store(cursor)
        _parcels_delete([unit.id for unit in units])
        with tqdm(total=count, unit=" parcels", unit_scale=True, disable=not progress) as bar:
            for batch, expected in enumerate(batches):
                _parcels_insert(cursor, seed=seed, batch=batch, expected=expected)
                bar.update(expected)
        # Dropped now rather than at commit, in case the caller's transaction goes on (load_demo).
        cursor.execute("DROP TABLE synthetic_sheet, synthetic_land_use")
    return count


def _units_select(unit_codes: Sequence[str] | None) -> list[Unit]:
    units = AdminUnit.objects.filter(
        valid_to__isnull=True, geometry__isnull=False, level__in=list(LEVEL_DENSITY)
    ).order_by("code", "id")
    if unit_codes:
        units = units.filter(code__in=unit_codes)
    found = [Unit(id=pk, code=code, level=level) for pk, code, level in units.values_list("id", "code", "level")]
    missing = sorted(set(unit_codes or ()) - {unit.code for unit in found})
    if missing:
        raise SyntheticParcelsError(
            _("No current ward or commune with a boundary has GSO code %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    if not found:
        raise SyntheticParcelsError(
            _("No current ward or commune has a boundary: load the administrative units first.")
        )
    _check_no_recorded_parcels(found)
    return found


def _check_no_recorded_parcels(units: Sequence[Unit]) -> None:
    """Refuse units that hold real parcels: synthetic ones would take their sheet and parcel numbers."""
    codes = sorted(set(
        Parcel.objects.filter(unit_id__in=[unit.id for unit in units], is_illustrative=False)
        .values_list("unit__code", flat=True)
    ))
    if codes:
        raise SyntheticParcelsError(
            _("Units %(codes)s hold recorded parcels; generate synthetic parcels only where there are none "
              "(leave these out with --unit).") % {"codes": ", ".join(codes)}
        )


_SHEETS_SQL = """
DROP TABLE IF EXISTS synthetic_sheet;
CREATE TEMP TABLE synthetic_sheet ON COMMIT DROP AS
WITH unit AS MATERIALIZED (
    SELECT id, code, level, geom, ST_Transform(geom, 9218) AS geom_m,
           ST_PointOnSurface(ST_Transform(geom, 9218)) AS centre_m
    FROM (SELECT id, code, level, ST_MakeValid(geometry) AS geom FROM {units} WHERE id = ANY(%(ids)s)) AS u
), sheet AS MATERIALIZED (
    -- Materialised so that the sort below does not drag each unit's whole boundary along.
    -- Clipped in WGS 84 against the stored boundary, so that parcels lie exactly inside it.
    SELECT unit.id AS unit_id, unit.code, unit.level, grid.i, grid.j,
           ST_Distance(ST_Centroid(grid.geom), unit.centre_m) AS distance_m,
           CASE WHEN ST_CoveredBy(ST_Transform(grid.geom, 4326), unit.geom)
                THEN ST_Multi(ST_Transform(grid.geom, 4326))
                ELSE ST_Multi(ST_CollectionExtract(ST_Intersection(ST_Transform(grid.geom, 4326), unit.geom), 3))
           END AS geom
    FROM unit CROSS JOIN LATERAL ST_SquareGrid(%(size)s, unit.geom_m) AS grid
    WHERE ST_Intersects(grid.geom, unit.geom_m)
)
SELECT unit_id, code, level, distance_m, geom, ST_Transform(geom, 9218) AS geom_m,
       row_number() OVER (PARTITION BY unit_id ORDER BY j DESC, i)::int AS sheet_number,
       0 AS parcel_count, NULL::int AS batch
FROM sheet WHERE NOT ST_IsEmpty(geom);
SELECT unit_id, sheet_number, ST_Area(geom_m), distance_m FROM synthetic_sheet ORDER BY unit_id, sheet_number;
"""


def _sheets_create(cursor: CursorWrapper, units: Sequence[Unit]) -> list[Sheet]:
    """Cut the units into map sheets in a temporary table; return their areas."""
    query = sql.SQL(_SHEETS_SQL).format(units=sql.Identifier(AdminUnit._meta.db_table))
    cursor.execute(query, {"ids": [unit.id for unit in units], "size": SHEET_SIZE_M})
    return [Sheet(*row) for row in cursor.fetchall()]


def allocate(count: int, units: Sequence[Unit], sheets: Sequence[Sheet]) -> dict[tuple[int, int], int]:
    """Share `count` parcels out over the sheets: (unit id, sheet number) -> parcels, summing to count."""
    usable = [sheet for sheet in sheets if sheet.area_m2 >= MIN_SHEET_M2]
    by_unit = {unit.id: [sheet for sheet in usable if sheet.unit_id == unit.id] for unit in units}
    density = {unit.id: LEVEL_DENSITY[unit.level] for unit in units}
    weights = [density[unit.id] * sum(sheet.area_m2 for sheet in by_unit[unit.id]) for unit in units]
    if sum(weights) <= 0:
        raise SyntheticParcelsError(_("The selected units have no area to divide into parcels."))
    counts: dict[tuple[int, int], int] = {}
    for unit, unit_count in zip(units, largest_remainder(count, weights), strict=True):
        chosen = _central_sheets(by_unit[unit.id], unit_count * MAX_MEAN_PARCEL_M2 / density[unit.id])
        shares = largest_remainder(unit_count, [sheet.area_m2 for sheet in chosen])
        counts.update({(sheet.unit_id, sheet.number): n for sheet, n in zip(chosen, shares, strict=True) if n})
    return counts


def _central_sheets(sheets: Sequence[Sheet], area_m2: float) -> list[Sheet]:
    """The sheets nearest the unit's centre whose total area is closest to `area_m2` (at least one)."""
    chosen: list[Sheet] = []
    covered = 0.0
    for sheet in sorted(sheets, key=lambda sheet: (sheet.distance_m, sheet.number)):
        # A sheet joins while at least half of it is needed, so the total misses by half a sheet at most.
        if chosen and covered + sheet.area_m2 / 2 > area_m2:
            break
        chosen.append(sheet)
        covered += sheet.area_m2
    return sorted(chosen, key=lambda sheet: sheet.number)


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to `weights` that sum to `total` (Hamilton's method, ties to the first)."""
    weight_sum = sum(weights)
    if total == 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [total * weight / weight_sum for weight in weights]
    shares = [int(quota) for quota in quotas]
    by_remainder = sorted(range(len(quotas)), key=lambda index: (shares[index] - quotas[index], index))
    for index in by_remainder[: total - sum(shares)]:
        shares[index] += 1
    return shares


def _batches(counts: dict[tuple[int, int], int]) -> Iterator[tuple[int, list[tuple[int, int]]]]:
    """Consecutive sheets grouped into batches of about BATCH_PARCELS parcels: (parcels, sheets)."""
    batch: list[tuple[int, int]] = []
    parcels = 0
    for key in sorted(counts):
        batch.append(key)
        parcels += counts[key]
        if parcels >= BATCH_PARCELS:
            yield parcels, batch
            batch, parcels = [], 0
    if batch:
        yield parcels, batch


_STORE_COUNTS_SQL = """
UPDATE synthetic_sheet AS s SET parcel_count = a.parcel_count, batch = a.batch
FROM unnest(%s::bigint[], %s::int[], %s::int[], %s::int[]) AS a(unit_id, sheet_number, parcel_count, batch)
WHERE s.unit_id = a.unit_id AND s.sheet_number = a.sheet_number
"""


def _sheets_store_counts(cursor: CursorWrapper, counts: dict[tuple[int, int], int]) -> list[int]:
    """Write each sheet's parcel count and batch; return the parcels expected per batch."""
    rows: list[tuple[int, int, int, int]] = []
    expected: list[int] = []
    for batch, (parcels, keys) in enumerate(_batches(counts)):
        rows.extend((unit_id, number, counts[unit_id, number], batch) for unit_id, number in keys)
        expected.append(parcels)
    cursor.execute(_STORE_COUNTS_SQL, [list(column) for column in zip(*rows, strict=True)] or [[]] * 4)
    return expected


_LAND_USE_SQL = """
DROP TABLE IF EXISTS synthetic_land_use;
CREATE TEMP TABLE synthetic_land_use (level text PRIMARY KEY, codes text[], lower_bounds float8[]) ON COMMIT DROP;
"""


def _land_use_store(cursor: CursorWrapper) -> None:
    """Write the land-use weights per level as codes and the lower bounds of their share of [0, 1)."""
    cursor.execute(_LAND_USE_SQL)
    for level, weights in LAND_USE_WEIGHTS.items():
        shares = list(weights.values())
        bounds = [start / sum(shares) for start in accumulate(shares[:-1], initial=0)]
        cursor.execute(
            "INSERT INTO synthetic_land_use VALUES (%s, %s, %s)", [str(level), [str(c) for c in weights], bounds]
        )


def _parcels_delete(unit_ids: Sequence[int]) -> None:
    """Remove the illustrative parcels of the units, and the zone links that point at them."""
    old = Parcel.objects.filter(unit_id__in=unit_ids, is_illustrative=True)
    CultivationZone.parcels.through.objects.filter(parcel__in=old).delete()
    # A raw delete: the ORM would load every parcel to collect related rows, and there are none left.
    query = sql.SQL("DELETE FROM {} WHERE is_illustrative AND unit_id = ANY(%s)").format(
        sql.Identifier(Parcel._meta.db_table)
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [list(unit_ids)])


# A uniform draw in [0, 1) from the first 32 bits of an md5: portable, and the same on every server.
_PARCELS_SQL = """
INSERT INTO {parcels} (unit_id, sheet_number, parcel_number, land_use, geometry, is_illustrative)
WITH sheet AS (
    SELECT unit_id, code, level, sheet_number, parcel_count, geom, geom_m, ST_YMax(geom) AS top,
           -- Rows for numbering about one parcel high, in degrees of latitude (111.3 km each).
           sqrt(ST_Area(geom_m) / parcel_count) / 111320.0 AS row_height,
           (('x' || left(md5(concat_ws(':', 'points', %(seed)s, code, sheet_number)), 7))::bit(28)::int + 1)
               AS point_seed
    FROM synthetic_sheet WHERE batch = %(batch)s
), part AS (
    -- One Voronoi cell per point, so a sheet needs exactly parcel_count points, which
    -- ST_GeneratePoints does not promise for a MULTIPOLYGON: it rounds each part's share on its own
    -- (lround in PostGIS's lwmpoly_to_points), so a sheet the unit boundary cuts into three or more
    -- pieces could get a point or two too many or too few (50 as 48.3 + 1.4 + 0.2 + 0.03 gave 49).
    -- So the points are shared over the parts here by largest remainder, ties to the first part,
    -- and generated part by part with the sheet's seed. Where PostGIS's rounding did add up, the
    -- split is the same, and so are the points: every such sheet keeps its parcels. Each part goes
    -- in as a one-part MULTIPOLYGON, as PostGIS would pass it; a POLYGON would be sampled within the
    -- float-rounded bounding box stored with it, not its exact one, moving every point slightly.
    SELECT unit_id, sheet_number, point_seed, part, geom,
           floor(quota)::int + (row_number() OVER by_remainder <= parcel_count - sum(floor(quota)) OVER per_sheet)::int
               AS point_count
    FROM (
        SELECT sheet.unit_id, sheet.sheet_number, sheet.parcel_count, sheet.point_seed, d.path[1] AS part, d.geom,
               sheet.parcel_count * ST_Area(d.geom) / ST_Area(sheet.geom_m) AS quota
        FROM sheet CROSS JOIN LATERAL ST_Dump(sheet.geom_m) AS d WHERE sheet.parcel_count > 1
    ) AS share
    WINDOW per_sheet AS (PARTITION BY unit_id, sheet_number),
           by_remainder AS (per_sheet ORDER BY floor(quota) - quota, part)
), point AS (
    SELECT unit_id, sheet_number,
           ST_Collect(ST_GeneratePoints(ST_Multi(geom), point_count, point_seed) ORDER BY part) AS points
    FROM part WHERE point_count > 0 GROUP BY unit_id, sheet_number
), cell AS (
    -- A single point has no Voronoi diagram: that parcel is the whole sheet. A part without a point
    -- (a sliver) goes to the cells of the nearest points, which then have more than one polygon.
    SELECT sheet.*, c.cell FROM sheet LEFT JOIN point USING (unit_id, sheet_number) CROSS JOIN LATERAL (
        SELECT d.geom AS cell FROM ST_Dump(ST_Transform(ST_VoronoiPolygons(
            point.points, 0, ST_Expand(sheet.geom_m, 100)), 4326)) AS d WHERE sheet.parcel_count > 1
        UNION ALL SELECT sheet.geom WHERE sheet.parcel_count = 1
    ) AS c
), parcel AS MATERIALIZED (
    -- Materialised: inlined, the clipping would run once for the numbering and again for the row.
    SELECT unit_id, code, level, sheet_number, top, row_height,
           CASE WHEN ST_CoveredBy(cell, geom) THEN ST_Multi(cell)
                ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Intersection(cell, geom)), 3)) END AS geom
    FROM cell
), numbered AS (
    SELECT parcel.*, row_number() OVER (
        PARTITION BY unit_id, sheet_number
        ORDER BY floor((top - ST_Y(centre)) / row_height), ST_X(centre), ST_Y(centre)
    ) AS parcel_number
    FROM parcel CROSS JOIN LATERAL ST_Centroid(parcel.geom) AS centre
)
SELECT numbered.unit_id, numbered.sheet_number, numbered.parcel_number,
       land_use.codes[width_bucket(CASE
           WHEN ('x' || left(md5(concat_ws(':', 'share', %(seed)s, code, sheet_number, parcel_number)), 8))
                ::bit(32)::bigint / 4294967296.0::float8 < %(sheet_share)s
           THEN ('x' || left(md5(concat_ws(':', 'sheet', %(seed)s, code, sheet_number)), 8))
                ::bit(32)::bigint / 4294967296.0::float8
           ELSE ('x' || left(md5(concat_ws(':', 'use', %(seed)s, code, sheet_number, parcel_number)), 8))
                ::bit(32)::bigint / 4294967296.0::float8
       END, land_use.lower_bounds)],
       numbered.geom, true
FROM numbered JOIN synthetic_land_use AS land_use USING (level)
"""


def _parcels_insert(cursor: CursorWrapper, *, seed: int, batch: int, expected: int) -> None:
    """Tessellate one batch of sheets into parcels, inside PostgreSQL."""
    query = sql.SQL(_PARCELS_SQL).format(parcels=sql.Identifier(Parcel._meta.db_table))
    cursor.execute(query, {"seed": str(seed), "batch": batch, "sheet_share": SHEET_USE_SHARE})
    if cursor.rowcount != expected:
        # Never silently short: a lost Voronoi cell would break the promised count and determinism.
        raise SyntheticParcelsError(
            _("Batch %(batch)s produced %(got)s parcels instead of %(expected)s; nothing was changed.")
            % {"batch": batch, "got": cursor.rowcount, "expected": expected}
        )
