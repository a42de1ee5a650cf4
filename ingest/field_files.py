"""Boundaries traced in the field (KML/KMZ from Google Earth or a phone, GPX from a handheld GPS,
GeoJSON) as GeoJSON in WGS 84, for the zone editor to start drawing from.

Nothing is written: the editor shows the shapes, the user adjusts them and saves through the zones
API, which runs the server's checks. The file goes through the same safety gate as an import.
"""

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _
from shapely.geometry import mapping

from ingest.crs import srid_of
from ingest.errors import IngestError
from ingest.geometry import check_geometries
from ingest.mapping import column_key
from ingest.reader import Source
from ingest.safety import source_prepare
from ingest.schemas import schema_for

FIELD_FORMATS = frozenset({"KML", "LIBKML", "GPX", "GeoJSON"})
MAX_SHAPES = 200  # a field file holds a handful of boundaries, not a cadastre
_NAME_COLUMNS = ("name", "ten", "title")


class NotAFieldFile(IngestError):
    """The file is not a KML/KMZ, GPX or GeoJSON, or holds too many shapes."""


@dataclass
class FieldShapes:
    features: list[dict[str, object]] = field(default_factory=list)
    problems: list[dict[str, object]] = field(default_factory=list)

    def as_geojson(self) -> dict[str, object]:
        return {"type": "FeatureCollection", "features": self.features, "problems": self.problems}


def field_file_shapes(path: Path, *, name: str) -> FieldShapes:
    """The areas of a field file (closed tracks and paths become areas), each with its name; shapes
    that cannot become a valid area are listed as problems with their feature number."""
    settings.INGEST_WORK_DIR.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="field-", dir=settings.INGEST_WORK_DIR))
    try:
        source = Source(source_prepare(path, workdir=workdir, name=name))
        if source.file.driver not in FIELD_FORMATS:
            raise NotAFieldFile(_("%s: bring a KML, KMZ, GPX or GeoJSON file traced in the field.") % name)
        srid = srid_of(source.crs_wkt, source=name) if source.crs_wkt else 4326
        return _shapes(source, srid, name)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _shapes(source: Source, srid: int, name: str) -> FieldShapes:
    shapes = FieldShapes()
    label_column = next((c for c in source.columns if column_key(c) in _NAME_COLUMNS), None)
    for batch in source.batches():
        if batch.wkb is None:
            continue
        checked = check_geometries(batch.wkb.to_numpy(zero_copy_only=False), schema_for("zones"), repair=False)
        rejected = dict(checked.errors)
        labels = batch.columns[label_column].to_pylist() if label_column else [None] * len(checked.geometries)
        for row, geometry in enumerate(checked.geometries):
            number = batch.start + row + 1
            if row in rejected:
                shapes.problems.append({"feature": number, "name": labels[row], "reason": rejected[row]})
            elif geometry is not None:
                shapes.features.append(_feature(geometry, srid, labels[row] or f"{name} #{number}", number))
            if len(shapes.features) > MAX_SHAPES:
                raise NotAFieldFile(_("%(file)s holds more than %(count)d shapes; import it as a layer instead.")
                                    % {"file": name, "count": MAX_SHAPES})
    return shapes


def _feature(geometry: shapely.Geometry, srid: int, label: str, number: int) -> dict[str, object]:
    return {"type": "Feature", "geometry": _in_wgs84(geometry, srid),
            "properties": {"name": str(label), "feature": number}}


def _in_wgs84(geometry: shapely.Geometry, srid: int) -> object:
    """GeoJSON in EPSG:4326; PostGIS transforms, so VN-2000 files get the official shift."""
    if srid == 4326:
        return mapping(geometry)
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsGeoJSON(ST_Transform(ST_GeomFromWKB(%s, %s), 4326), 9)",
                       [shapely.to_wkb(geometry), srid])
        return json.loads(cursor.fetchone()[0])

