"""The coordinate reference systems of Vietnamese geodata the platform knows how to place.

VN-2000 / TM-3 zones (EPSG:9205–9218) are registered in PostGIS with the official seven-parameter
shift by migration layers/0001; this table is the same fact for code (the migration keeps its own
frozen copy, as migrations must).
"""

# Central meridian (degrees) → EPSG code of the VN-2000 / TM-3 zone (scale 0.9999, false easting 500 km).
VN2000_TM3_BY_MERIDIAN: dict[float, int] = {
    103.0: 9205, 104.0: 9206, 104.5: 9207, 104.75: 9208, 105.5: 9209, 105.75: 9210, 106.0: 9211,
    106.25: 9212, 106.5: 9213, 107.0: 9214, 107.25: 9215, 107.5: 9216, 108.25: 9217, 108.5: 9218,
}
# VN-2000 / UTM (scale 0.9996): zones 48 and 49 cover the country.
VN2000_UTM_BY_MERIDIAN: dict[float, int] = {105.0: 3405, 111.0: 3406}
VN2000_GEOGRAPHIC = 4756
GIA_LAI_TM3 = 9218

# Every SRID an import may arrive in: PostGIS can transform each of them to EPSG:4326 correctly.
SUPPORTED_SRIDS: frozenset[int] = frozenset({
    4326, 3857, 32648, 32649, VN2000_GEOGRAPHIC, *VN2000_TM3_BY_MERIDIAN.values(),
    *VN2000_UTM_BY_MERIDIAN.values(),
})
