"""Hand-made MapDocuments for the export tests: points with glyph and dot symbols, a line and a
polygon, and user text that tries to break out of HTML and JavaScript."""

from typing import Any

from maps.published.document import DocumentLayer, MapDocument, Symbol
from tests.maps.published.published_fixtures import XSS

# Folium writes some strings into JavaScript template literals, where `${…}` would run.
TEMPLATE_XSS = XSS + "`${document.title='pwned'}`"


def _feature(geometry: dict[str, Any], symbol: str, title: str, rows: list[list[str]]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry,
            "properties": {"symbol": symbol, "title": title, "rows": rows}}


def _point(lon: float, lat: float, symbol: str, title: str) -> dict[str, Any]:
    return _feature({"type": "Point", "coordinates": [lon, lat]}, symbol, title, [["Hạng", "★★★"]])


def sample_document(*, title: str = "Bản đồ OCOP xã Biển Hồ", point_title: str = "Cà phê Biển Hồ",
                    base_tiles: str = "") -> MapDocument:
    """Three points (two symbols), one route and one zone near Pleiku: five features."""
    products = DocumentLayer(id="ocop", title="Sản phẩm OCOP", symbols=(
        Symbol(key="3", label="3 sao", kind="point", color="#b8860b", fill_color="#ffd700", icon="star"),
        Symbol(key="4", label="4 sao", kind="point", color="#1b5e20", fill_color="#43a047")),
        features={"type": "FeatureCollection", "features": [
            _point(108.00, 14.00, "3", point_title), _point(108.02, 14.03, "4", "Chè Biển Hồ"),
            _point(107.99, 14.02, "4", "Mắc ca")]})
    route = DocumentLayer(id="routes", title="Tuyến du lịch", symbols=(
        Symbol(key="r", label="Tuyến Biển Hồ", kind="line", color="#1565c0", fill_color="#1565c0"),),
        features={"type": "FeatureCollection", "features": [_feature(
            {"type": "LineString", "coordinates": [[107.98, 13.99], [108.01, 14.02]]}, "r", "Tuyến 1", [])]})
    zones = DocumentLayer(id="zones", title="Vùng trồng", symbols=(
        Symbol(key="z", label="Cà phê vối", kind="polygon", color="#6d4c41", fill_color="#a1887f"),),
        features={"type": "FeatureCollection", "features": [_feature(
            {"type": "Polygon", "coordinates": [[[107.98, 13.98], [108.0, 13.98], [108.0, 13.995],
                                                 [107.98, 13.995], [107.98, 13.98]]]},
            "z", "VN-GLOR-0065", [["Diện tích", "36 ha"]])]})
    return MapDocument(title=title, description="Sản phẩm OCOP, tuyến du lịch và vùng trồng.", language="vi",
                       centre=(14.0, 108.0), zoom=12, layers=(products, route, zones),
                       attribution="Dữ liệu: UBND xã Biển Hồ", url="http://testserver/m/bien-ho/",
                       base_tiles=base_tiles)
