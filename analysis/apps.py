from importlib import import_module

from django.apps import AppConfig

# Each module registers its analyses with analysis.spec.register when imported; importing them here
# makes every analysis known to the web pages, the `analyse` command and the Celery workers alike.
ANALYSIS_MODULES = (
    "analysis.vector.analyses",
    "analysis.rasters.analyses",
    "analysis.indicators.analyses",
)


class AnalysisConfig(AppConfig):
    """Planners' analyses and raster work: pure functions over arrays, commands and jobs on top."""

    name = "analysis"
    verbose_name = "Analyses and rasters"

    def ready(self) -> None:
        for module in ANALYSIS_MODULES:
            import_module(module)
