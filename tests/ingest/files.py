"""Real files of every format the importer takes, written with GDAL (pyogrio) into a test's folder."""

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from layers.models import AdminUnit

# Inside the `ward` fixture of conftest (108.000–108.030 E, 14.000–14.022 N).
IN_WARD = (108.004, 14.004)


def square(lon: float, lat: float, side: float = 0.001) -> shapely.Polygon:
    return shapely.box(lon, lat, lon + side, lat + side)


def frame(rows: Sequence[dict[str, Any]], geometries: Sequence[Any], crs: str | int = 4326) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(pd.DataFrame(list(rows)), geometry=list(geometries), crs=crs)


def parcel_rows(unit: AdminUnit, count: int, *, sheet: int = 7) -> gpd.GeoDataFrame:
    """`count` parcels in a row inside the ward, with the column names of a land office's file."""
    rows = [{"ma_xa": unit.code, "so_to": sheet, "so_thua": n, "loai_dat": "CLN", "dien_tich": f"{100 + n},50"}
            for n in range(1, count + 1)]
    return frame(rows, [square(IN_WARD[0] + 0.0012 * n, IN_WARD[1]) for n in range(count)])


def write(data: gpd.GeoDataFrame, path: Path, driver: str, **options: Any) -> Path:
    pyogrio.write_dataframe(data, path, driver=driver, **options)
    return path


def zipped(folder: Path, stem: str, target: Path) -> Path:
    """Every file of a shapefile set in one .zip, as land offices send them."""
    with zipfile.ZipFile(target, "w") as archive:
        for member in sorted(folder.glob(stem + ".*")):
            archive.write(member, member.name)
    return target


def kml(path: Path, placemarks: Sequence[tuple[str, str]]) -> Path:
    """A KML as Google Earth saves it: one folder, placemarks with a name and a polygon or point."""
    body = "".join(f"<Placemark><name>{name}</name>{geometry}</Placemark>" for name, geometry in placemarks)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
                    f"<Document><Folder><name>Vùng trồng</name>{body}</Folder></Document></kml>", encoding="utf-8")
    return path


def kml_polygon(polygon: shapely.Polygon) -> str:
    coordinates = " ".join(f"{x},{y},0" for x, y in polygon.exterior.coords)
    return f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{coordinates}</coordinates></LinearRing>" \
           "</outerBoundaryIs></Polygon>"


def gpx(path: Path, *, track: Sequence[tuple[float, float]] = (), waypoints: Sequence[tuple[str, float, float]] = ()
        ) -> Path:
    points = "".join(f'<trkpt lat="{lat}" lon="{lon}"></trkpt>' for lon, lat in track)
    marks = "".join(f'<wpt lat="{lat}" lon="{lon}"><name>{name}</name></wpt>' for name, lon, lat in waypoints)
    trk = f"<trk><name>Ranh giới vườn</name><trkseg>{points}</trkseg></trk>" if track else ""
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="Garmin eTrex" '
                    f'xmlns="http://www.topografix.com/GPX/1/1">{marks}{trk}</gpx>', encoding="utf-8")
    return path
