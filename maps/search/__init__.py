"""The search box's endpoint, /api/search: codes, parcels, units, tourism sites and OCOP producers."""
