"""Which coordinate system a file is in: from its .prj or embedded CRS, or a hint when it has none.

Vietnamese cadastral files often carry an ESRI-style VN-2000 .prj ("GCS_VN_2000", "D_Vietnam_2000",
central meridian 108.5) without any datum shift. Reprojected as written, parcels land 200–300 m
off; recognised as VN-2000 / TM-3 and transformed through the zone registered in PostGIS with the
official shift, they land where they are.
"""

from collections.abc import Sequence

from pyproj import CRS
from pyproj.exceptions import CRSError

from ingest.errors import IngestError
from layers.crs import GIA_LAI_TM3, SUPPORTED_SRIDS, VN2000_TM3_BY_MERIDIAN, VN2000_UTM_BY_MERIDIAN

_SCALE_TM3, _SCALE_UTM = 0.9999, 0.9996


class UnknownCrs(IngestError):
    """The file's coordinate system cannot be placed; the message says what to give with --crs."""


def _is_vn2000(crs: CRS) -> bool:
    datum = crs.geodetic_crs.datum if crs.geodetic_crs else None
    folded = (datum.name if datum else "").lower().replace("-", " ").replace("_", " ")
    return "vietnam 2000" in folded or "vn 2000" in folded


def _vn2000_zone(crs: CRS) -> int | None:
    """The EPSG code of a VN-2000 transverse Mercator zone (TM-3 or UTM), from its parameters, or None."""
    operation = crs.coordinate_operation
    if operation is None or operation.method_name != "Transverse Mercator":
        return None
    params = {param.name: param.value for param in operation.params}
    if params.get("False easting") != 500_000 or params.get("False northing") != 0:
        return None
    table = {_SCALE_TM3: VN2000_TM3_BY_MERIDIAN, _SCALE_UTM: VN2000_UTM_BY_MERIDIAN}.get(
        float(params.get("Scale factor at natural origin", 0.0)))
    meridian = round(float(params.get("Longitude of natural origin", 0.0)) * 4) / 4  # zones are on ¼°
    return None if table is None else table.get(meridian)


def srid_of(wkt: str, *, source: str) -> int:
    """The SRID to load the file's coordinates as; raises UnknownCrs naming `source`."""
    try:
        crs = CRS.from_wkt(wkt)
    except CRSError as error:
        raise UnknownCrs(f"{source}: the coordinate system cannot be read ({error}); give --crs EPSG:N.") from None
    if _is_vn2000(crs):
        if crs.is_geographic:
            return 4756
        zone = _vn2000_zone(crs)
        if zone is not None:
            return zone
    epsg = crs.to_epsg(min_confidence=70)
    if epsg in SUPPORTED_SRIDS:
        return int(epsg)
    raise UnknownCrs(
        f"{source}: coordinate system {crs.name!r} is not one the platform can place exactly; convert the "
        f"file to EPSG:4326 or VN-2000 (for Gia Lai EPSG:{GIA_LAI_TM3}), or give --crs EPSG:N."
    )


def missing_crs_hint(bounds: Sequence[float], *, source: str) -> str:
    """Why a file without a CRS is refused, and which --crs its coordinates suggest."""
    minx, miny, maxx, maxy = bounds
    refusal = f"{source} does not say which coordinate system it uses."
    if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
        return f"{refusal} The coordinates look like longitude/latitude: give --crs EPSG:4326."
    if 100_000 <= minx <= maxx <= 900_000 and 1_000_000 <= miny <= maxy <= 2_700_000:
        return (f"{refusal} The coordinates look like VN-2000 metres (easting, northing); "
                f"for Gia Lai give --crs EPSG:{GIA_LAI_TM3} (VN-2000 / TM-3 108-30).")
    if 1_000_000 <= minx <= maxx <= 2_700_000 and 100_000 <= miny <= maxy <= 900_000:
        return (f"{refusal} X holds values like northings and Y like eastings: Vietnamese surveying writes "
                f"X for northing. Swap the columns (--map), then give --crs EPSG:{GIA_LAI_TM3}.")
    return f"{refusal} Give --crs EPSG:N."
