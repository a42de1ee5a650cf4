"""Exports of a published map, all drawn from its MapDocument: a self-contained HTML file (folium),
print layouts as PNG/PDF and the Open Graph preview image (headless Chromium)."""
