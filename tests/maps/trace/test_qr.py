"""The QR codes of a trace page decode, with a real decoder, to the page's absolute address."""

import re
from typing import Any

import numpy as np
import pytest
import zxingcpp
from django.test import Client
from rasterio.io import MemoryFile

from tests.maps.trace.conftest import ZoneMaker

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")]

PAGE_URL = "http://trace.example.vn/trace/VN-GLOR-0138/"


def _decode(pixels: np.ndarray) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(pixels)]


def _png_pixels(png: bytes) -> np.ndarray:
    """The PNG as 8-bit grey, decoded by GDAL's PNG driver (palette images through their colour table)."""
    with MemoryFile(png) as memory, memory.open() as image:
        band = image.read(1)
        try:
            table = image.colormap(1)
        except ValueError:  # no palette: the band is already grey
            return band.astype(np.uint8)
    grey = np.zeros(256, dtype=np.uint8)
    for index, (red, green, blue, _alpha) in table.items():
        grey[index] = (red + green + blue) // 3
    return grey[band]


def _svg_pixels(svg: str, scale: int = 6) -> np.ndarray:
    """Rasterise segno's one-path SVG (runs of `h` strokes one module high) onto white pixels."""
    width, height = (int(float(v)) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', svg).groups())
    pixels = np.full((height * scale, width * scale), 255, dtype=np.uint8)
    path = re.search(r'<path[^>]* d="([^"]+)"', svg)
    assert path, "no path in the SVG"
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHhVvZz])([^MmHhVvZz]*)", path[1]):
        values = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", numbers)]
        if command in "Mm":
            x, y = (values[0], values[1]) if command == "M" else (x + values[0], y + values[1])
        elif command == "h":
            row = int(y - 0.5)  # a stroke of width 1 centred on y
            start, end = sorted((x, x + values[0]))
            pixels[row * scale:(row + 1) * scale, int(start) * scale:int(end) * scale] = 0
            x += values[0]
        else:
            raise AssertionError(f"unexpected path command {command!r}")
    return pixels


@pytest.fixture
def trace_host(settings: Any) -> str:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "trace.example.vn"]
    return "trace.example.vn"


def test_the_png_decodes_to_the_canonical_absolute_url(
    client: Client, trace_zone: ZoneMaker, trace_host: str
) -> None:
    trace_zone()
    response = client.get("/trace/VN-GLOR-0138/qr.png", HTTP_HOST=trace_host)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert _decode(_png_pixels(response.content)) == [PAGE_URL]


def test_the_svg_decodes_to_the_canonical_absolute_url(
    client: Client, trace_zone: ZoneMaker, trace_host: str
) -> None:
    trace_zone()
    response = client.get("/trace/VN-GLOR-0138/qr.svg", HTTP_HOST=trace_host)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert _decode(_svg_pixels(response.content.decode())) == [PAGE_URL]


def test_the_svg_rasteriser_is_not_fooled_by_a_blank_image() -> None:
    blank = '<svg width="10" height="10"><path d="M0 0"/></svg>'
    assert _decode(_svg_pixels(blank)) == []


def test_a_misspelt_code_redirects_to_the_canonical_qr(client: Client, trace_zone: ZoneMaker) -> None:
    trace_zone()
    response = client.get("/trace/vn%20-%20glor%20-%200138/qr.png")
    assert response.status_code == 301 and response["Location"] == "/trace/VN-GLOR-0138/qr.png"
    response = client.get("/trace/vn-glor-0138/qr.svg")
    assert response.status_code == 301 and response["Location"] == "/trace/VN-GLOR-0138/qr.svg"


@pytest.mark.parametrize("suffix", ["qr.png", "qr.svg"])
def test_qr_codes_are_cached_publicly_and_revalidate_with_the_etag(
    client: Client, trace_zone: ZoneMaker, suffix: str
) -> None:
    trace_zone()
    response = client.get(f"/trace/VN-GLOR-0138/{suffix}")
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert "public" in directives and any(re.fullmatch(r"max-age=[1-9]\d*", d) for d in directives)
    etag = response["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert f'VN-GLOR-0138.{suffix.split(".")[1]}' in response["Content-Disposition"]
    again = client.get(f"/trace/VN-GLOR-0138/{suffix}", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


def test_a_stopped_code_keeps_its_qr_code(client: Client, trace_zone: ZoneMaker) -> None:
    trace_zone(status="revoked")  # the labels are already printed: the code must lead to the banner
    assert client.get("/trace/VN-GLOR-0138/qr.png").status_code == 200
