from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    """Planners' analyses and raster work: pure functions over arrays, commands and jobs on top."""

    name = "analysis"
    verbose_name = "Analyses and rasters"
