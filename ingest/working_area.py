"""Where a user's features may lie: extension staff in their units, everyone else in the province."""

from dataclasses import dataclass

import shapely
from django.contrib.gis.db.models import Union
from django.db import connection
from django.utils.translation import gettext as _

from layers.models import AdminUnit, Role, UnitLevel
from layers.permissions import AnyUser, units_editable_by, user_role


@dataclass(frozen=True)
class WorkingArea:
    ewkb: bytes  # EPSG:4326
    reason: str  # what a feature outside it is told

    def in_crs(self, srid: int) -> shapely.Geometry:
        """The area in a file's own coordinates, transformed once by PostGIS (so VN-2000 files get the
        official shift) and prepared, so that each feature is tested where it is read."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT ST_AsBinary(ST_Transform(ST_GeomFromEWKB(%s), %s))", [self.ewkb, srid])
            area = shapely.from_wkb(bytes(cursor.fetchone()[0]))
        shapely.prepare(area)
        return area


def working_area(user: AnyUser) -> WorkingArea | None:
    """The area features must fall in; None when no boundary is loaded to check against."""
    if user_role(user) == Role.EXTENSION_STAFF:
        area = units_editable_by(user).aggregate(area=Union("geometry"))["area"]
        names = ", ".join(units_editable_by(user).order_by("name").values_list("name", flat=True))
        reason = _("lies outside your administrative units (%s)") % names
    else:
        # The province and the current wards and communes together: boundaries from different
        # sources disagree by a few metres, and a parcel on the ward's edge is not outside.
        area = AdminUnit.objects.filter(
            valid_to__isnull=True, geometry__isnull=False,
            level__in=[UnitLevel.PROVINCE, UnitLevel.WARD, UnitLevel.COMMUNE],
        ).aggregate(area=Union("geometry"))["area"]
        reason = _("lies outside the province")
    return None if area is None else WorkingArea(bytes(area.ewkb), reason)
