"""The spatial queries, as keyword-only functions that return the response body as JSON text.

Every read goes through `row_filter`, so a draft zone reaches only those allowed to see it.
"""

from typing import Any

from django.db import DataError, InternalError

from layers.permissions import AnyUser
from layers.registry import get_layer
from layers.visibility import row_filter
from maps.columns import ALIAS
from maps.db import fetch_one
from maps.errors import BadRequest
from maps.query import sql as q
from maps.query.body import IntersectsBody
from maps.query.geodesy import degree_margins

# Added to the seed distance of a nearest query, so that floating-point differences between
# ST_Distance and ST_DWithin can never drop the seed's farthest feature.
REACH_SLACK_M = 1.0


def _source(layer_id: str, user: AnyUser) -> q.Source:
    spec = get_layer(layer_id)
    return q.Source.of(spec, row_filter(spec, user, ALIAS))


def _row(statement: q.Fragment) -> tuple[Any, ...] | None:
    return fetch_one(statement.query, statement.params)


def _body(statement: q.Fragment) -> str:
    row = _row(statement)
    assert row is not None  # an aggregate always returns a row
    return str(row[0])


def features_at(*, lon: float, lat: float, user: AnyUser, geometry: bool = False) -> str:
    """The current units, parcels and zones at the point, as `{"lon", "lat", "units", "parcels", "zones"}`."""
    return _body(q.at_statement(units=_source("communes", user), parcels=_source("parcels", user),
                                zones=_source("zones", user), lon=lon, lat=lat, geometry=geometry))


def features_nearby(*, layer_id: str, lon: float, lat: float, radius_m: float, limit: int, user: AnyUser,
                    geometry: bool = False) -> str:
    """Up to `limit` features of the layer within `radius_m` metres (geodesic, WGS 84), nearest first,
    and whether more lie within the radius (`truncated`).

    Searched as `features_nearest` with k = limit + 1 and the radius as a cap, so that a wide radius
    over dense parcels costs what the nearest `limit` cost, not what every parcel in 50 km would.
    """
    source = _source(layer_id, user)
    statement = _nearest_within(source, lon=lon, lat=lat, limit=limit, cap_m=radius_m, geometry=geometry,
                                header={"lon": q.value(lon), "lat": q.value(lat), "radius_m": q.value(radius_m)})
    return _body(statement)


def features_nearest(*, layer_id: str, lon: float, lat: float, k: int, user: AnyUser,
                     geometry: bool = False) -> str:
    """The k features of the layer nearest to the point by geodesic distance, exactly.

    The 4326 index orders by distance in degrees, and at 14° N a degree of longitude is about 3 %
    shorter on the ground than a degree of latitude, so the k nearest in degrees need not be the k
    nearest on the ground. Two steps make it exact:

    1. seed: KNN on the index (`ORDER BY geom <-> point LIMIT k`) picks k visible features and
       PostgreSQL measures their geodesic distances; the largest, R, bounds the answer — k features
       lie within R, so the true k nearest lie within R too, whichever k the index picked;
    2. verify: a radius search with radius R (index box `geom && ST_Expand(point, Δlon, Δlat)` from
       conservative degree margins, then `ST_DWithin` on geography) gathers every candidate, orders
       them by geodesic distance (`ST_Distance` on the spheroid), and keeps the first k.

    The seed only makes R small; its correctness does not depend on the index order at all.
    """
    source = _source(layer_id, user)
    statement = _nearest_within(source, lon=lon, lat=lat, limit=k, cap_m=None, geometry=geometry,
                                header={"lon": q.value(lon), "lat": q.value(lat), "k": q.value(k)})
    return _body(statement)


def _nearest_within(source: q.Source, *, lon: float, lat: float, limit: int, cap_m: float | None, geometry: bool,
                    header: dict[str, q.Fragment]) -> q.Fragment:
    """The statement of the `limit` nearest (seed, then verify), within `cap_m` metres when given. With
    a cap the seed takes one more, so that the answer can tell whether more lie within the cap."""
    seed = limit if cap_m is None else limit + 1
    row = _row(q.reach_statement(source, lon=lon, lat=lat, k=seed))
    reach = row[0] if row else None
    # Nothing visible: a zero radius returns an empty collection.
    radius = 0.0 if reach is None else float(reach) + REACH_SLACK_M
    if cap_m is not None:
        radius = min(radius, cap_m)
    return q.within_statement(
        source, lon=lon, lat=lat, radius_m=radius, margins=degree_margins(lon=lon, lat=lat, radius_m=radius),
        limit=limit, geometry=geometry, header=header, report_truncation=cap_m is not None,
    )


def features_intersecting(*, body: IntersectsBody, user: AnyUser, geometry: bool = False) -> str:
    """Features of `body.layer` whose geometry intersects `body`'s; an invalid geometry is a BadRequest
    carrying PostGIS's reason."""
    source = _source(body.layer, user)
    geometry_check(body.geojson)
    return _body(q.intersects_statement(source, geojson=body.geojson, limit=body.limit, geometry=geometry))


def geometry_check(geojson: str) -> None:
    """Raise BadRequest, with ST_IsValidReason, unless PostGIS reads `geojson` as a valid geometry."""
    try:
        row = _row(q.validity_statement(geojson))
    except (DataError, InternalError) as error:
        # The body checks leave little for PostGIS to refuse; what it still does is the client's.
        raise BadRequest(f"PostGIS cannot read the geometry: {str(error).strip()}") from None
    assert row is not None
    valid, reason = row
    if not valid:
        raise BadRequest(f"The geometry is not valid: {reason}.")
