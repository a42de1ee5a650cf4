"""QR codes of a trace page's address, for printing on packaging."""

import io

import segno

# Medium error correction survives a scuffed or partly covered label; the quiet zone of 4 modules is
# what the QR standard asks for, and printers crop less than that.
ERROR_CORRECTION = "m"
QUIET_ZONE = 4
PNG_MODULE_PX = 8


def qr_png(url: str) -> bytes:
    """A black-on-white PNG of `url`, 8 pixels a module: sharp at 2 cm and up on a 300 dpi printer."""
    buffer = io.BytesIO()
    segno.make(url, error=ERROR_CORRECTION, micro=False).save(
        buffer, kind="png", scale=PNG_MODULE_PX, border=QUIET_ZONE)
    return buffer.getvalue()


def qr_svg(url: str, *, title: str) -> bytes:
    """A scalable SVG of `url` (one path, one unit a module) for print layouts."""
    buffer = io.BytesIO()
    segno.make(url, error=ERROR_CORRECTION, micro=False).save(
        buffer, kind="svg", scale=1, border=QUIET_ZONE, xmldecl=True, title=title)
    return buffer.getvalue()
