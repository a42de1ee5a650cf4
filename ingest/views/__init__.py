"""Web entry points of the ingest package: thin views over its services."""
