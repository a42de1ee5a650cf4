"""The domain: administrative units, parcels, cultivation zones, OCOP, tourism; their rules and the layer registry."""
