"""Bar charts drawn as SVG geometry: heights proportional to the values, one colour per series."""

from analysis.jobs.charts import BAR_AREA_HEIGHT, TOP, chart_svg


def test_bar_heights_follow_the_values_and_series_alternate_colours() -> None:
    svg = chart_svg({"series": ["zones", "area_ha"], "categories": ["Biển Hồ", "Gào"],
                     "values": [[10.0, 5.0], [2.5, None]]})
    heights = [(bar.category, bar.series, round(bar.height, 6)) for bar in svg["bars"]]
    assert heights == [("Biển Hồ", "zones", BAR_AREA_HEIGHT), ("Gào", "zones", BAR_AREA_HEIGHT / 2),
                       ("Biển Hồ", "area_ha", BAR_AREA_HEIGHT / 4), ("Gào", "area_ha", 0.0)]
    assert all(bar.y + bar.height == TOP + BAR_AREA_HEIGHT for bar in svg["bars"])
    assert {bar.css for bar in svg["bars"]} == {"chart-series-0", "chart-series-1"}
    assert [tick.value for tick in svg["ticks"]] == [0.0, 2.5, 5.0, 7.5, 10.0]


def test_negative_and_all_zero_values_draw_no_bar() -> None:
    svg = chart_svg({"series": ["change"], "categories": ["a", "b"], "values": [[-3.0, 0.0]]})
    assert [bar.height for bar in svg["bars"]] == [0.0, 0.0]
