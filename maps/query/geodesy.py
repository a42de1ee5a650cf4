"""How far, in degrees, a search must reach to be sure to hold everything within a ground distance.

The tables are indexed in EPSG:4326, so a radius in metres has to become a box in degrees before
the index can help. The box here is conservative: it may hold more candidates than needed (the
exact geodesic test then drops them), never fewer.
"""

import math

# WGS 84. A degree of latitude is shortest at the equator, where the meridian is most curved:
# M(0) = a(1 − e²), so 110,574 m; a degree of longitude is at least a·cos φ·π/180 (N(φ) ≥ a).
_A = 6_378_137.0
_F = 1 / 298.257223563
_MIN_METRES_PER_DEGREE_LAT = _A * (1 - _F * (2 - _F)) * math.pi / 180
# Relative and absolute slack: rounding, and the few metres by which a long polygon edge, drawn as
# a geodesic by geography functions, can bulge outside the planar bounding box of its vertices.
_RELATIVE_SLACK = 1.01
_ABSOLUTE_SLACK_M = 100.0
# Beyond this latitude, or across the antimeridian, the box is the whole world: still correct.
_POLAR_LIMIT = 89.0
WORLD = (360.0, 180.0)


def degree_margins(*, lon: float, lat: float, radius_m: float) -> tuple[float, float]:
    """(Δlon, Δlat) in degrees such that every point within `radius_m` metres of (lon, lat) on the
    WGS 84 ellipsoid lies inside the box lon ± Δlon, lat ± Δlat."""
    reach = radius_m * _RELATIVE_SLACK + _ABSOLUTE_SLACK_M
    dlat = reach / _MIN_METRES_PER_DEGREE_LAT
    farthest_lat = abs(lat) + dlat
    if farthest_lat >= _POLAR_LIMIT:
        return WORLD
    # A path of length r that stays below latitude φmax moves east by at most r / (a·cos φmax).
    dlon = reach / (_A * math.cos(math.radians(farthest_lat)) * math.pi / 180)
    if lon - dlon < -180 or lon + dlon > 180:
        return WORLD
    return dlon, dlat
