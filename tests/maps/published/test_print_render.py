"""Print layouts and the preview image, rendered by the real headless Chromium and read back:
PNG size and content, PDF page count, size and text."""

import io
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings
from PIL import Image

from maps.published.exports.chromium import Render, RenderUnavailable, render
from maps.published.exports.print_layout import Paper, preview_render, print_render
from tests.maps.published.export_documents import TEMPLATE_XSS as XSS
from tests.maps.published.export_documents import sample_document

TODAY = date(2026, 11, 29)
LEGEND = ("Chú giải", "Legend")  # whichever the catalogue gives; the labels below are user text


def _png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG")
    return Image.open(io.BytesIO(data)).convert("RGB")


def _colours(image: Image.Image) -> int:
    return len(image.getcolors(maxcolors=1_000_000) or [])


def _near(colour: object, target: tuple[int, int, int]) -> bool:
    assert isinstance(colour, tuple)
    return all(abs(value - wanted) < 14 for value, wanted in zip(colour, target, strict=True))


def pdf_text(data: bytes, tmp_path: Path) -> tuple[str, str]:
    """(pdfinfo output, pdftotext output) of a PDF, via poppler-utils."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return info, text


@pytest.mark.parametrize(("size", "orientation", "pixels"), [
    ("a4", "portrait", (1240, 1754)), ("a3", "landscape", (2480, 1754))])
def test_png_sheet_has_the_paper_size_at_150_dpi_and_shows_the_map(
        size: str, orientation: str, pixels: tuple[int, int]) -> None:
    paper = Paper(size, orientation)  # type: ignore[arg-type]
    image = _png(render(print_render(sample_document(), paper=paper, output="png", today=TODAY)))
    assert abs(image.width - pixels[0]) <= 1 and abs(image.height - pixels[1]) <= 1
    assert _colours(image) > 50  # title, legend, symbols and QR code, not a blank page
    # The zone's fill colour (#a1887f, 40 % over the map background) is drawn somewhere on the sheet.
    zone_fill = (0xd2, 0xc6, 0xc0)
    assert any(_near(colour, zone_fill) for _count, colour in image.getcolors(maxcolors=1_000_000) or [])


@pytest.mark.parametrize(("size", "orientation", "points"), [
    ("a4", "landscape", "841.89 x 595.28"), ("a3", "portrait", "841.89 x 1190.55")])
def test_pdf_is_one_page_of_the_paper_with_title_legend_and_credits(
        size: str, orientation: str, points: str, tmp_path: Path) -> None:
    paper = Paper(size, orientation)  # type: ignore[arg-type]
    data = render(print_render(sample_document(title=XSS), paper=paper, output="pdf", today=TODAY))
    assert data.startswith(b"%PDF")
    info, text = pdf_text(data, tmp_path)
    assert "Pages:           1" in info
    width, height = (float(number) for number in points.split(" x "))
    page_size = info.split("Page size:")[1].split("pts")[0].split(" x ")
    assert abs(float(page_size[0]) - width) < 2 and abs(float(page_size[1]) - height) < 2
    flat = " ".join(text.split())
    # The title, printed as the text it is (a long word may wrap mid-word, so compare without spaces).
    assert "".join(XSS.split()) in "".join(text.split())
    for label in ("3 sao", "4 sao", "Tuyến Biển Hồ", "Cà phê vối", "Sản phẩm OCOP", "Vùng trồng",
                  "Dữ liệu: UBND xã Biển Hồ", "http://testserver/m/bien-ho/", "29"):
        assert label in flat, label
    assert any(word in flat for word in LEGEND)


def test_preview_is_1200_by_630() -> None:
    image = _png(render(preview_render(sample_document())))
    assert image.size == (1200, 630)
    # The title band along the bottom is the brand green (#1b5e20 at 88 % over the map).
    red, green, _blue = image.getpixel((1190, 620))  # type: ignore[misc]
    assert green > red + 40


def test_a_page_that_never_gets_ready_is_unavailable_not_hung() -> None:
    never_ready = Render(html="<p>no map here</p>", width=400, height=300, output="png")
    with override_settings(MAPS_PRINT_TIMEOUT_S=2), pytest.raises(RenderUnavailable):
        render(never_ready)


def test_a_base_map_that_cannot_load_still_prints() -> None:
    # `.invalid` never resolves: the tiles fail at once, and the map is printed without them.
    doc = sample_document(base_tiles="https://{s}.tiles.invalid/{z}/{x}/{y}.png")
    job = preview_render(doc)
    assert job.allowed_origins == ("https://a.tiles.invalid", "https://b.tiles.invalid", "https://c.tiles.invalid")
    assert _png(render(job)).size == (1200, 630)
