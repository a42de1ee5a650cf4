"""Measure areas and lengths in the VN-2000 / TM-3 108-30 grid without the datum shift.

Areas stay in Gia Lai's official plane (transverse Mercator, central meridian 108°30′, scale 0.9999,
on the WGS 84 ellipsoid that VN-2000 shares), but computed from WGS 84 coordinates directly rather
than through the seven-parameter shift of EPSG:9218. The shift moves points by ~200 m and scales by
0.25 ppm; on areas the two together make about 1 ppm (1.25 ppm measured over 1,000,000 synthetic
parcels), a hundred times below the 0.1 m² to which land records state a 1,000 m² parcel. Positions
are still transformed with the shift everywhere (EPSG:9218 itself is untouched).

Why: the shifted transform costs three times as much, and the generated columns compute it on every
write: 4.7 s of CPU per million parcels against 1.6 s, most of a bulk import's time.

PostgreSQL 15 cannot change a generated column's expression, so each one is dropped and added again
(the table is rewritten once). Django's model state does not change: the expressions' SQL templates
are class attributes, outside what migrations compare, so no AlterField is generated.
"""

from django.db import migrations

AREA_GRID_SRID = 990218
PROJ4 = "+proj=tmerc +lat_0=0 +lon_0=108.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +units=m +no_defs"
WKT = (
    'PROJCS["VN-2000 / TM-3 108-30 grid on WGS 84 (areas)",GEOGCS["WGS 84",DATUM["WGS_1984",'
    'SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],'
    'PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",108.5],'
    'PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],'
    'UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]]'
)
# (table, column, measure with %s for the SRID)
COLUMNS = (
    ("layers_adminunit", "area_m2", "ST_Area(ST_Transform(geometry, %s))"),
    ("layers_parcel", "area_m2", "ST_Area(ST_Transform(geometry, %s))"),
    ("layers_cultivationzone", "area_ha", "(ST_Area(ST_Transform(geometry, %s)) / 10000.0)"),
    ("layers_tourismroute", "length_m", "ST_Length(ST_Transform(geometry, %s))"),
)


def _recreate(srid: int) -> str:
    return "\n".join(
        f"ALTER TABLE {table} DROP COLUMN {column}, "
        f"ADD COLUMN {column} double precision GENERATED ALWAYS AS ({measure % srid}) STORED;"
        for table, column, measure in COLUMNS
    )


class Migration(migrations.Migration):
    dependencies = [("layers", "0002_domain")]

    operations = [
        migrations.RunSQL(
            sql=[(
                "INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) "
                "VALUES (%s, 'NTM', %s, %s, %s) ON CONFLICT (srid) DO UPDATE "
                "SET srtext = EXCLUDED.srtext, proj4text = EXCLUDED.proj4text",
                [AREA_GRID_SRID, AREA_GRID_SRID, WKT, PROJ4],
            )],
            reverse_sql=[("DELETE FROM spatial_ref_sys WHERE srid = %s", [AREA_GRID_SRID])],
        ),
        migrations.RunSQL(sql=_recreate(AREA_GRID_SRID), reverse_sql=_recreate(9218)),
    ]
