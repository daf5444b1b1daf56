"""Scan corpora at scale: readers -> per-record annotation (engines) -> sharded writers."""

from despin.scan.problems import Problem, ScanError
from despin.scan.record import annotate_text
from despin.scan.runner import ScanOptions, Summary, scan

__all__ = ["Problem", "ScanError", "ScanOptions", "Summary", "annotate_text", "scan"]
