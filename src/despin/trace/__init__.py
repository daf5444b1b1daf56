"""Trace a spun copy back to its source: synonym-robust MinHash LSH over a corpus."""

from despin.trace.align import Substitution
from despin.trace.canon import Canon
from despin.trace.index import AddStats, Index, Match, write_index
from despin.trace.store import IndexFileError

__all__ = ["AddStats", "Canon", "Index", "IndexFileError", "Match", "Substitution", "write_index"]
