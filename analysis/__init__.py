"""Planners' analyses and raster work, as pure functions plus jobs (docs/analysis.md)."""
