"""Vector analyses run by PostGIS: overlay, statistics per unit, proximity."""
