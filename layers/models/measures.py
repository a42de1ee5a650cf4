"""Database expressions that measure geometries in metres in VN-2000 / TM-3 108-30 (EPSG:9218).

Measuring in the provincial transverse Mercator zone keeps scale error near Pleiku below 0.01 %,
where an equirectangular or Web Mercator measure would be off by several percent.
"""

from django.db import models

VN2000_GIA_LAI_SRID = 9218


class AreaSquareMetres(models.Func):
    """Area of a geometry in m², or NULL for a NULL geometry."""

    template = f"ST_Area(ST_Transform(%(expressions)s, {VN2000_GIA_LAI_SRID}))"
    output_field = models.FloatField()


class AreaHectares(models.Func):
    template = f"(ST_Area(ST_Transform(%(expressions)s, {VN2000_GIA_LAI_SRID})) / 10000.0)"
    output_field = models.FloatField()


class LengthMetres(models.Func):
    template = f"ST_Length(ST_Transform(%(expressions)s, {VN2000_GIA_LAI_SRID}))"
    output_field = models.FloatField()
