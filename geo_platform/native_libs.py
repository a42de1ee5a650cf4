"""Locate the GDAL and GEOS libraries GeoDjango loads, and the data files their PROJ needs.

Debian 12's GDAL is 3.6, which cannot block file and network access from spatial references
(Django's gis.W001). The pyogrio wheel bundles GDAL >= 3.10 with its own PROJ and data files, and
shapely bundles GEOS; GeoDjango loads them through GDAL_LIBRARY_PATH / GEOS_LIBRARY_PATH. The
bundled PROJ must be told where its database is, or every reprojection fails.

Order of preference: paths set in the environment, then a conda prefix (whose pyogrio links the
environment's own libgdal), then the libraries inside the wheels.
"""

import os
import sys
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path


@dataclass(frozen=True)
class NativeLibs:
    gdal_library: str
    geos_library: str
    gdal_data: str
    proj_data: str


class NativeLibraryNotFound(RuntimeError):
    """A wheel or environment that should carry a native library does not."""


def _package_dir(name: str) -> Path:
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        raise NativeLibraryNotFound(f"Python package {name!r} is not installed; run `make setup`.")
    return Path(spec.origin).parent


def _single(directory: Path, pattern: str) -> str:
    matches = sorted(directory.glob(pattern))
    if not matches:
        raise NativeLibraryNotFound(f"No {pattern} in {directory}; reinstall the package that ships it.")
    return str(matches[0])


def _from_conda(prefix: Path) -> NativeLibs:
    lib = prefix / "lib"
    return NativeLibs(
        gdal_library=os.environ.get("GDAL_LIBRARY_PATH") or _single(lib, "libgdal.so*"),
        geos_library=os.environ.get("GEOS_LIBRARY_PATH") or _single(lib, "libgeos_c.so*"),
        gdal_data=str(prefix / "share" / "gdal"),
        proj_data=str(prefix / "share" / "proj"),
    )


def _from_wheels() -> NativeLibs:
    pyogrio = _package_dir("pyogrio")
    shapely = _package_dir("shapely")
    return NativeLibs(
        gdal_library=os.environ.get("GDAL_LIBRARY_PATH") or _single(pyogrio.parent / "pyogrio.libs", "libgdal*.so*"),
        geos_library=os.environ.get("GEOS_LIBRARY_PATH") or _single(shapely.parent / "shapely.libs", "libgeos_c*.so*"),
        gdal_data=str(pyogrio / "gdal_data"),
        proj_data=str(pyogrio / "proj_data"),
    )


def locate() -> NativeLibs:
    """Find GDAL and GEOS; raises NativeLibraryNotFound with a hint when they are missing."""
    prefix = Path(sys.prefix)
    if (prefix / "conda-meta").is_dir():
        return _from_conda(prefix)
    return _from_wheels()


def export_data_paths(libs: NativeLibs) -> None:
    """Point GDAL and PROJ at the data that belongs to the library loaded, unless set already."""
    os.environ.setdefault("GDAL_DATA", libs.gdal_data)
    os.environ.setdefault("PROJ_DATA", libs.proj_data)
