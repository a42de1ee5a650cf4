"""The REST API for cultivation zones under /api/zones/: plain Django views returning JSON."""
