"""Errors of the ingest package; commands turn them into CommandError, pages into a report."""


class IngestError(Exception):
    """Base of every error ingest raises on purpose; the message names the file and what is wrong."""
