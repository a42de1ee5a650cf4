"""The analysis package's errors: one base type, so commands and views map them in one place."""


class AnalysisError(Exception):
    """An analysis cannot run as asked; the message says what to change."""


class DemError(AnalysisError):
    """A synthetic DEM was requested with bounds or a resolution it cannot be built for."""
