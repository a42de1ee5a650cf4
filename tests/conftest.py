"""Shared fixtures. Every test that touches data runs on the real PostGIS test database."""
