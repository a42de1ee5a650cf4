"""Locate the GDAL and GEOS libraries that ship inside the pyogrio and shapely wheels.

Debian 12's GDAL is 3.6, which cannot block file and network access from spatial references
(Django's gis.W001). The pyogrio wheel bundles GDAL >= 3.10 with its own PROJ and data files, and
shapely bundles GEOS; GeoDjango loads them through GDAL_LIBRARY_PATH / GEOS_LIBRARY_PATH. The
bundled PROJ must be told where its database is, or every reprojection fails.
"""

import os
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
    """A wheel that should carry a native library does not."""


def _package_dir(name: str) -> Path:
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        raise NativeLibraryNotFound(f"Python package {name!r} is not installed; run `make setup`.")
    return Path(spec.origin).parent


def _single(directory: Path, pattern: str) -> str:
    matches = sorted(directory.glob(pattern))
    if not matches:
        raise NativeLibraryNotFound(f"No {pattern} in {directory}; reinstall the wheel that ships it.")
    return str(matches[0])


def locate() -> NativeLibs:
    """Find the bundled libraries; raises NativeLibraryNotFound with a hint when a wheel is missing."""
    pyogrio = _package_dir("pyogrio")
    shapely = _package_dir("shapely")
    return NativeLibs(
        gdal_library=_single(pyogrio.parent / "pyogrio.libs", "libgdal*.so*"),
        geos_library=_single(shapely.parent / "shapely.libs", "libgeos_c*.so*"),
        gdal_data=str(pyogrio / "gdal_data"),
        proj_data=str(pyogrio / "proj_data"),
    )


def export_data_paths(libs: NativeLibs) -> None:
    """Point the bundled GDAL and PROJ at their own data unless the deployment chose otherwise."""
    os.environ.setdefault("GDAL_DATA", libs.gdal_data)
    os.environ.setdefault("PROJ_DATA", libs.proj_data)
