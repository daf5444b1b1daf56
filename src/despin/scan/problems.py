"""Bad input found while scanning: counted, located, written to the errors output."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One unusable record (or the unreadable rest of a file) at ``loc`` (file:line / file@offset)."""

    loc: str
    kind: str  # malformed_json | missing_field | not_utf8 | truncated_gzip | corrupt_* | ...
    message: str
    raw: str | None = None  # the offending record or line, so nothing vanishes

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def __str__(self) -> str:
        return f"{self.loc}: {self.message}"


class ScanError(Exception):
    """A fatal scan error (bad options, --strict on bad input); the message is one line."""
