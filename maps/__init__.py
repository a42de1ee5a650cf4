"""Everything that presents layers: tiles, the OGC API, the viewer, published maps and exports."""
