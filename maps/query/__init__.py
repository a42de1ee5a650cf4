"""Spatial queries for the viewer and for scripts: what is at a point, what is near it, the k nearest,
and what intersects a geometry. Every answer is built as JSON by PostgreSQL from registry columns."""
