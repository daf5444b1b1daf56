"""Tokenization with code-point offsets, case transfer, and safe input decoding."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A word: letters/digits joined by inner apostrophes, hyphens or periods (U.S., 3.5, don't);
# possessive (++, *+): a joiner is no letter, so giving some back never finds another match
WORD_RE = re.compile(r"[^\W_]++(?:['’\-.][^\W_]++)*+")


def normalize(text: str) -> str:
    """How words are compared: lowercase, with curly apostrophes made straight."""
    return text.lower().replace("’", "'")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def norm(self) -> str:
        return normalize(self.text)


def tokenize(text: str) -> list[Token]:
    """Word tokens with their start offsets (Unicode code points)."""
    return [Token(m.group(), m.start()) for m in WORD_RE.finditer(text)]


def pieces(text: str, size: int) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` of about ``size`` characters each, cut after a line break (or, in a
    text without one, after a sentence end; in a text without either, after a space)."""
    start = 0
    while start < len(text):
        end = len(text)
        if end - start > size:
            cut = max(text.find(sep, start + size) for sep in ("\n", ". "))
            cut = cut if cut >= 0 else text.find(" ", start + size)
            end = end if cut < 0 else cut + 1
        yield start, text[start:end]
        start = end


def match_case(source: str, target: str) -> str:
    """Give ``target`` the casing pattern of ``source`` (Title, UPPER or lower)."""
    if not source or not target:
        return target
    if source.isupper() and len(source) > 1:
        return target.upper()
    if source[0].isupper():
        return target[0].upper() + target[1:]
    if source.islower():
        return target[0].lower() + target[1:] if not target[:2].isupper() else target
    return target


class InputError(ValueError):
    """Input that cannot be processed; the message is one line for the user."""


def decode(data: bytes, name: str = "input") -> str:
    """Decode UTF-8 text, refusing binary, invalid or empty input with a clear message."""
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: looks like a binary file, expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: not valid UTF-8 (byte {e.start})") from None
    if not text.strip():
        raise InputError(f"{name}: input is empty")
    return text
