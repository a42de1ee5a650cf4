"""Register VN-2000 / TM-3 (EPSG:9205–9218) in spatial_ref_sys, which PostGIS 3.3 lacks.

The datum shift is the official VN-2000 → WGS 84 seven-parameter transformation (Decision
05/2007/QĐ-BTNMT, EPSG:6960) in PROJ's position-vector form: the same +towgs84 as PostGIS' own
EPSG:4756 row. Copying the decision's rotation signs as printed would err by about 0.6 m.
The rows are fixed here rather than read from code so that this migration never changes.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

TOWGS84 = "-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278"

# EPSG code -> central meridian in degrees and minutes, as in the CRS names "VN-2000 / TM-3 dd-mm".
TM3_ZONES = {
    9205: (103, 0), 9206: (104, 0), 9207: (104, 30), 9208: (104, 45), 9209: (105, 30),
    9210: (105, 45), 9211: (106, 0), 9212: (106, 15), 9213: (106, 30), 9214: (107, 0),
    9215: (107, 15), 9216: (107, 30), 9217: (108, 15), 9218: (108, 30),
}


def _proj4(meridian: float) -> str:
    return (f"+proj=tmerc +lat_0=0 +lon_0={meridian:g} +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 "
            f"+towgs84={TOWGS84} +units=m +no_defs")


def _wkt(srid: int, name: str, meridian: float) -> str:
    return (
        f'PROJCS["{name}",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563,'
        f'AUTHORITY["EPSG","7030"]],TOWGS84[{TOWGS84}],AUTHORITY["EPSG","6756"]],PRIMEM["Greenwich",0,'
        f'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
        f'AUTHORITY["EPSG","4756"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],'
        f'PARAMETER["central_meridian",{meridian:g}],PARAMETER["scale_factor",0.9999],'
        f'PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,'
        f'AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],'
        f'AUTHORITY["EPSG","{srid}"]]'
    )


def register_zones(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for srid, (degrees, minutes) in TM3_ZONES.items():
            meridian = degrees + minutes / 60
            name = f"VN-2000 / TM-3 {degrees}-{minutes:02d}"
            cursor.execute(
                "INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) "
                "VALUES (%s, 'EPSG', %s, %s, %s) "
                "ON CONFLICT (srid) DO UPDATE SET srtext = EXCLUDED.srtext, proj4text = EXCLUDED.proj4text",
                [srid, srid, _wkt(srid, name, meridian), _proj4(meridian)],
            )


def unregister_zones(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM spatial_ref_sys WHERE srid = ANY(%s)", [list(TM3_ZONES)])


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        UnaccentExtension(),
        migrations.RunPython(register_zones, unregister_zones),
    ]
