"""Database expressions that measure geometries in metres in Gia Lai's VN-2000 / TM-3 108-30 grid.

Measuring in the provincial transverse Mercator zone keeps scale error near Pleiku below 0.01 %,
where an equirectangular or Web Mercator measure would be off by several percent. The grid is taken
without VN-2000's datum shift (SRID 990218, registered by migration layers/0003): the shift changes
areas by about 1 ppm and would triple the cost of every write; see that migration.
"""

from django.db import models

# VN-2000 / TM-3 108-30's plane on the WGS 84 ellipsoid, without the seven-parameter shift.
AREA_GRID_SRID = 990218


class AreaSquareMetres(models.Func):
    """Area of a geometry in m², or NULL for a NULL geometry."""

    template = f"ST_Area(ST_Transform(%(expressions)s, {AREA_GRID_SRID}))"
    output_field = models.FloatField()


class AreaHectares(models.Func):
    template = f"(ST_Area(ST_Transform(%(expressions)s, {AREA_GRID_SRID})) / 10000.0)"
    output_field = models.FloatField()


class LengthMetres(models.Func):
    template = f"ST_Length(ST_Transform(%(expressions)s, {AREA_GRID_SRID}))"
    output_field = models.FloatField()
