"""The indicators' SQL: per-unit counts and the plan's totals, each in one PostGIS query.

Records count for a unit when they cite it or any unit it was formed from (following the
successions: a linkage model recorded in the former An Phú commune counts for Phường An Phú).
Records citing a new unit cannot be placed in a former one: boundaries before 2025 are not in our
sources, so the figures for the former units show only what cites them directly.

The programme's units on a day are the commune-level units (communes, wards, townships) in force
that day and formed, wholly or in part, from a unit of the programme's former city.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model
from psycopg2 import sql

from layers.models import (
    AdminUnit,
    AdminUnitSuccession,
    CultivationZone,
    LinkageModel,
    OCOPProducer,
    OCOPProduct,
    ProducerKind,
    TourismSite,
    UnitLevel,
    ZoneStatus,
)

COMMUNE_LEVELS = (UnitLevel.COMMUNE, UnitLevel.WARD, UnitLevel.TOWNSHIP)

_PER_UNIT = sql.SQL("""
WITH RECURSIVE lineage(cited, unit) AS (
    SELECT id, id FROM {unit}
    UNION
    SELECT s.predecessor_id, l.unit FROM {succession} s JOIN lineage l ON s.successor_id = l.cited
), programme AS (
    SELECT u.id, u.code, u.slug, u.full_name, u.full_name_en, u.level FROM {unit} u
    WHERE u.level = ANY(%(levels)s)
      AND (u.valid_from IS NULL OR u.valid_from <= %(day)s) AND (u.valid_to IS NULL OR u.valid_to >= %(day)s)
      AND EXISTS (SELECT 1 FROM lineage l JOIN {unit} p ON p.id = l.cited
                  WHERE l.unit = u.id AND p.parent_id = %(district)s)
), cited AS (
    SELECT l.unit, l.cited FROM lineage l JOIN programme p ON p.id = l.unit
), approved_zones AS (
    SELECT z.id FROM {zone} z
    WHERE z.status = %(approved)s
      AND (z.valid_from IS NULL OR z.valid_from <= %(day)s) AND (z.valid_until IS NULL OR z.valid_until >= %(day)s)
), active_linkages AS (
    SELECT m.id, EXISTS (SELECT 1 FROM {linkage_zones} lz JOIN approved_zones a ON a.id = lz.{lz_zone}
                         WHERE lz.{lz_model} = m.id) AS is_digital
    FROM {linkage} m WHERE m.started_on <= %(day)s AND (m.ended_on IS NULL OR m.ended_on >= %(day)s)
), unit_linkages AS (
    SELECT DISTINCT c.unit, a.id, a.is_digital FROM {linkage_units} lu
    JOIN cited c ON c.cited = lu.{lu_unit} JOIN active_linkages a ON a.id = lu.{lu_model}
), products AS (
    SELECT DISTINCT c.unit, p.id, EXISTS (
        SELECT 1 FROM {product_zones} pz JOIN approved_zones a ON a.id = pz.{pz_zone} WHERE pz.{pz_product} = p.id
    ) AS is_traceable
    FROM {product} p JOIN {producer} pr ON pr.id = p.producer_id JOIN cited c ON c.cited = pr.unit_id
    WHERE p.issued_on <= %(day)s AND p.expires_on >= %(day)s
), per_unit AS (
    SELECT p.*,
        (SELECT count(DISTINCT pr.id) FROM {producer} pr JOIN cited c ON c.cited = pr.unit_id
         WHERE c.unit = p.id AND pr.kind = %(cooperative)s) AS cooperatives,
        (SELECT count(*) FROM unit_linkages ul WHERE ul.unit = p.id) AS linkages,
        (SELECT count(*) FROM unit_linkages ul WHERE ul.unit = p.id AND ul.is_digital) AS linkages_digital,
        (SELECT count(DISTINCT zu.{zu_zone}) FROM {zone_units} zu JOIN cited c ON c.cited = zu.{zu_unit}
         JOIN approved_zones a ON a.id = zu.{zu_zone} WHERE c.unit = p.id) AS approved_zones,
        (SELECT count(*) FROM products pd WHERE pd.unit = p.id) AS products,
        (SELECT count(*) FROM products pd WHERE pd.unit = p.id AND pd.is_traceable) AS products_traceable,
        (SELECT count(*) FROM {site} s JOIN cited c ON c.cited = s.unit_id WHERE c.unit = p.id) AS sites
    FROM programme p
), flagged AS (
    SELECT *, cooperatives > 0 OR linkages > 0 AS is_cooperating, approved_zones > 0 AS is_traceable,
        approved_zones > 0 AND products > 0 AND sites > 0 AS is_pilot_ready
    FROM per_unit
)
""")

_UNITS = sql.SQL("SELECT * FROM flagged ORDER BY level, full_name")

# Linkage models and products are counted once each, however many units they span.
_TOTALS = sql.SQL("""
SELECT
    (SELECT count(*) FROM flagged) AS units,
    (SELECT count(*) FROM flagged WHERE is_cooperating) AS units_cooperating,
    (SELECT count(*) FROM flagged WHERE is_traceable) AS units_traceable,
    (SELECT count(*) FROM flagged WHERE is_pilot_ready) AS units_pilot_ready,
    (SELECT count(DISTINCT id) FROM unit_linkages) AS linkages,
    (SELECT count(DISTINCT id) FROM unit_linkages WHERE is_digital) AS linkages_digital,
    (SELECT count(DISTINCT id) FROM products) AS products,
    (SELECT count(DISTINCT id) FROM products WHERE is_traceable) AS products_traceable
""")


def _table(model: type[Model]) -> sql.Identifier:
    return sql.Identifier(model._meta.db_table)


def _through(field: Any) -> tuple[sql.Identifier, sql.Identifier, sql.Identifier]:
    """A many-to-many field's table, its column to the declaring model and to the other one."""
    return (sql.Identifier(field.m2m_db_table()), sql.Identifier(field.m2m_column_name()),
            sql.Identifier(field.m2m_reverse_name()))


def _names() -> dict[str, sql.Identifier]:
    linkage_units, lu_model, lu_unit = _through(LinkageModel.units.field)
    linkage_zones, lz_model, lz_zone = _through(LinkageModel.zones.field)
    zone_units, zu_zone, zu_unit = _through(CultivationZone.units.field)
    product_zones, pz_product, pz_zone = _through(OCOPProduct.source_zones.field)
    return {
        "unit": _table(AdminUnit), "succession": _table(AdminUnitSuccession), "zone": _table(CultivationZone),
        "linkage": _table(LinkageModel), "product": _table(OCOPProduct), "producer": _table(OCOPProducer),
        "site": _table(TourismSite),
        "linkage_units": linkage_units, "lu_model": lu_model, "lu_unit": lu_unit,
        "linkage_zones": linkage_zones, "lz_model": lz_model, "lz_zone": lz_zone,
        "zone_units": zone_units, "zu_zone": zu_zone, "zu_unit": zu_unit,
        "product_zones": product_zones, "pz_product": pz_product, "pz_zone": pz_zone,
    }


@dataclass(frozen=True)
class Counts:
    """The rows of the per-unit breakdown and the totals the indicators are computed from."""

    units: list[dict[str, Any]]
    totals: dict[str, int]


def _fetch(cursor: Any, final: sql.SQL, params: dict[str, Any]) -> list[dict[str, Any]]:
    cursor.execute(sql.Composed([_PER_UNIT.format(**_names()), final]), params)
    columns = [column.name for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def counts_on(*, day: dt.date, district_id: int) -> Counts:
    """The counts for the programme's units in force on `day`, `district_id` being the former city."""
    params = {
        "day": day, "district": district_id, "levels": [level.value for level in COMMUNE_LEVELS],
        "approved": ZoneStatus.APPROVED.value, "cooperative": ProducerKind.COOPERATIVE.value,
    }
    with connection.cursor() as cursor:
        units = _fetch(cursor, _UNITS, params)
        totals = _fetch(cursor, _TOTALS, params)[0]
    return Counts(units=units, totals=totals)
