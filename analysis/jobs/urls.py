"""`/analysis/…`: the analyses, their forms, and each run's page, status, features, files and tiles."""

from django.urls import URLPattern, URLResolver, path, register_converter

from analysis.jobs import endpoints, pages


class AnalysisNameConverter:
    """An analysis name: a slug that is not one of the sibling sections mounted under /analysis/."""

    regex = r"(?!(?:rasters|indicators|runs)/)[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AnalysisNameConverter, "analysis_name")

urlpatterns: list[URLPattern | URLResolver] = [
    path("", pages.analysis_list, name="analysis-list"),
    path("runs/<uuid:run_id>/", pages.run_page, name="analysis-run"),
    path("runs/<uuid:run_id>/status.json", endpoints.run_status_json, name="analysis-run-status"),
    path("runs/<uuid:run_id>/features.geojson", endpoints.run_features, name="analysis-run-features"),
    path("runs/<uuid:run_id>/files/<path:name>", endpoints.run_file, name="analysis-run-file"),
    path("runs/<uuid:run_id>/tiles/<int:z>/<int:x>/<int:y>.png", endpoints.run_tile,
         name="analysis-run-tiles"),
    path("<analysis_name:name>/", pages.analysis_form, name="analysis-form"),
]
