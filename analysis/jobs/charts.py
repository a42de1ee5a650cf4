"""Bar charts of result tables drawn as SVG geometry on the server: the page needs no chart library and
no script, and the content security policy needs no exception."""

from dataclasses import dataclass
from typing import Any

WIDTH = 640
TOP = 14  # room for the highest tick's label
BAR_AREA_HEIGHT = 220
LABEL_HEIGHT = 90  # room for category labels turned 45°
LEFT = 56
SERIES_CLASSES = 6  # analysis.css colours .chart-series-0 … 5


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    category: str
    series: str
    value: float
    css: str


@dataclass(frozen=True)
class Tick:
    y: float
    value: float


def chart_svg(chart: dict[str, Any]) -> dict[str, Any]:
    """Bars, axis ticks and category labels in SVG user units for one stored chart description."""
    categories: list[str] = chart["categories"]
    values: list[list[float | None]] = chart["values"]
    top = max([value for series in values for value in series if value is not None] + [0.0])
    scale = BAR_AREA_HEIGHT / top if top > 0 else 0.0
    slot = (WIDTH - LEFT) / max(len(categories), 1)
    bar_width = slot * 0.8 / max(len(values), 1)
    bars = [
        Bar(x=LEFT + index * slot + slot * 0.1 + number * bar_width,
            y=TOP + BAR_AREA_HEIGHT - _positive(value) * scale, width=bar_width, height=_positive(value) * scale,
            category=category, series=series, value=value or 0.0, css=f"chart-series-{number % SERIES_CLASSES}")
        for number, (series, row) in enumerate(zip(chart["series"], values, strict=True))
        for index, (category, value) in enumerate(zip(categories, row, strict=True))
    ]
    labels = [(LEFT + index * slot + slot / 2, category) for index, category in enumerate(categories)]
    ticks = [Tick(y=TOP + BAR_AREA_HEIGHT * (1 - step / 4), value=top * step / 4) for step in range(5)]
    legend = [(series, f"chart-series-{number % SERIES_CLASSES}") for number, series in enumerate(chart["series"])]
    return {"bars": bars, "labels": labels, "ticks": ticks, "legend": legend, "width": WIDTH,
            "height": TOP + BAR_AREA_HEIGHT + LABEL_HEIGHT, "left": LEFT, "label_y": TOP + BAR_AREA_HEIGHT + 12}


def _positive(value: float | None) -> float:
    # Bars grow up from zero; a negative or missing figure draws no bar (the table still shows it).
    return max(value or 0.0, 0.0)
