"""Small builders of real rows for tests (no mocks): units, parcels and zones near Pleiku."""

import datetime as dt
import itertools

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import connection

from layers.models import AdminUnit, UnitLevel

_codes = itertools.count(90001)


def square_in_vn2000(*, easting: float, northing: float, side_m: float) -> MultiPolygon:
    """A square of `side_m` metres in EPSG:9218, returned in EPSG:4326 as PostGIS transforms it."""
    ring = [(easting, northing), (easting + side_m, northing), (easting + side_m, northing + side_m),
            (easting, northing + side_m), (easting, northing)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsEWKT(ST_Transform(ST_SetSRID(%s::geometry, 9218), 4326))",
                       [Polygon(ring).wkt])
        polygon = GEOSGeometry(cursor.fetchone()[0])
    return MultiPolygon(polygon, srid=4326)


def box(lon: float, lat: float, size_deg: float) -> MultiPolygon:
    polygon = Polygon.from_bbox((lon, lat, lon + size_deg, lat + size_deg))
    return MultiPolygon(polygon, srid=4326)


def make_unit(name: str = "Biển Hồ", *, level: str = UnitLevel.COMMUNE, lon: float = 107.99,
              lat: float = 14.03, size_deg: float = 0.05, **fields: object) -> AdminUnit:
    code = str(next(_codes))
    defaults: dict[str, object] = {
        "slug": f"test-{code}", "code": code, "full_name": f"Xã {name}", "valid_from": dt.date(2025, 7, 1),
        "geometry": box(lon, lat, size_deg),
    }
    defaults.update(fields)
    return AdminUnit.objects.create(name=name, level=level, **defaults)
