"""Hostile files for the safety gate's tests, built for real in a test's folder, and a server that counts requests.

The server runs in a child process, not a thread: when GDAL does fetch, it may do so while pyogrio holds
the GIL, and a server thread in the test's own process would then never answer, so the test would hang
instead of failing (seen with LIBKML_EXTERNAL_STYLE=YES).
"""

import json
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

_SERVER = r"""
import http.server, sys
log = sys.argv[1]
body = b'{"type": "FeatureCollection", "features": []}'
class Spy(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(log, "a") as out:
            out.write(self.command + " " + self.path + "\n")
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)
    do_HEAD = do_GET
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Spy)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


class HttpSpy:
    """A web server on 127.0.0.1 (random port) that records every request it receives."""

    def __init__(self, folder: Path) -> None:
        self.log = folder / "requests.log"
        self.log.touch()
        self.process = subprocess.Popen([sys.executable, "-c", _SERVER, str(self.log)],
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def requests(self) -> list[str]:
        return self.log.read_text().splitlines()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


# Zips --------------------------------------------------------------------------------------------------------


def write_zip(path: Path, members: Iterable[tuple[str | zipfile.ZipInfo, bytes]],
              compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip with exactly these member names (absolute, '..' and backslashes included) and contents."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for member, data in members:
            archive.writestr(member, data)
    return path


def symlink_member(name: str) -> zipfile.ZipInfo:
    """A member that unzip would create as a symbolic link (Unix mode bits in external_attr)."""
    member = zipfile.ZipInfo(name)
    member.create_system = 3  # Unix
    member.external_attr = (stat.S_IFLNK | 0o777) << 16
    return member


def mark_encrypted(path: Path) -> None:
    """Set the 'encrypted' flag of every member, as a password-protected zip has it (zipfile cannot write one)."""
    data = bytearray(path.read_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start >= 0:
            data[start + flag_offset] |= 0x01
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))


# Documents ---------------------------------------------------------------------------------------------------


def points(count: int = 2) -> gpd.GeoDataFrame:
    """A few points in Pleiku with Vietnamese text."""
    return gpd.GeoDataFrame(
        {"ten": [f"Thửa {n}" for n in range(count)], "so_thua": list(range(count))},
        geometry=[shapely.Point(108.0 + n / 1000, 13.98) for n in range(count)], crs=4326)


def table() -> pd.DataFrame:
    return pd.DataFrame({"ten": ["Thửa 1", "Thửa 2"], "lon": [108.0, 108.001], "lat": [13.98, 13.981]})


def feature_collection(features: int = 1, **members: object) -> bytes:
    feature = {"type": "Feature", "properties": {"ten": "Thửa"},
               "geometry": {"type": "Point", "coordinates": [108.0, 13.98]}}
    return json.dumps({"type": "FeatureCollection", **members, "features": [feature] * features}).encode()


def kml(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<kml xmlns="http://www.opengis.net/kml/2.2">'
            f"<Document>{body}</Document></kml>").encode()


PLACEMARK = "<Placemark><name>Thửa 1</name><Point><coordinates>108.0,13.98</coordinates></Point></Placemark>"

BILLION_LAUGHS = (
    '<!DOCTYPE kml [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + "]>"
)


def external_entity(url: str) -> str:
    return f'<!DOCTYPE kml [<!ENTITY remote SYSTEM "{url}">]>'


def kml_reaching_out(url: str) -> bytes:
    """A KML whose every kind of link (network link, external style, icons, overlay, model) points at `url`."""
    return kml(
        f"<Style id='own'><IconStyle><Icon><href>{url}icon.png</href></Icon></IconStyle></Style>"
        f"<Placemark><name>a</name><styleUrl>{url}style.kml#s</styleUrl>"
        "<Point><coordinates>108.0,13.98</coordinates></Point></Placemark>"
        f"<NetworkLink><name>more</name><Link><href>{url}link.kml</href></Link></NetworkLink>"
        f"<GroundOverlay><name>photo</name><Icon><href>{url}overlay.png</href></Icon>"
        "<LatLonBox><north>14</north><south>13.9</south><east>108.1</east><west>108</west></LatLonBox>"
        "</GroundOverlay>"
        f"<Placemark><name>m</name><Model><Link><href>{url}model.dae</href></Link>"
        "<Location><longitude>108</longitude><latitude>13.98</latitude></Location></Model></Placemark>")


def ogr_vrt(source: str) -> bytes:
    """An OGR VRT layer over `source`: GDAL would read that file (or URL) instead of this one."""
    return (f'<OGRVRTDataSource><OGRVRTLayer name="leak"><SrcDataSource>{source}</SrcDataSource>'
            "</OGRVRTLayer></OGRVRTDataSource>").encode()


def gdalg(url: str) -> bytes:
    """A GDAL pipeline (GDALG) that reads a remote file when opened."""
    return json.dumps({"type": "gdal_streamed_alg", "command_line": f"gdal vector pipeline ! read /vsicurl/{url}"}
                      ).encode()
