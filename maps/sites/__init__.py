"""Public pages of tourism sites (photos, hours, OCOP products sold) and the OCOP showcase."""
