"""Engines run the same per-record function: ``local`` (one process per core) or ``ray``."""
