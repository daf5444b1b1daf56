"""LanguageTool ``/v2/check`` compatibility: request parsing and the match shape.

LanguageTool counts offsets in UTF-16 code units; the engine counts code points.
"""

from __future__ import annotations

import bisect
import json
import re

from despin import __version__
from despin.edits import Edit

CONTEXT_CHARS = 40
CATEGORY = {"id": "DESPIN", "name": "Spun wording"}
LANGUAGES = [
    {"name": f"English ({region})", "code": "en", "longCode": f"en-{code}"}
    for code, region in [
        ("US", "US"),
        ("GB", "GB"),
        ("AU", "Australian"),
        ("CA", "Canadian"),
        ("NZ", "New Zealand"),
        ("ZA", "South African"),
    ]
]
SOFTWARE = {
    "name": "despin",
    "version": __version__,
    "buildDate": None,
    "apiVersion": 1,
    "premium": False,
    "status": "",
}
CHECK_FORM = {  # the request body, for the OpenAPI docs (the handler reads the form itself)
    "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
        "type": "object",
        "required": ["language"],
        "properties": {
            "text": {"type": "string", "description": "The text to check."},
            "data": {"type": "string", "description": 'Instead of text: {"annotation": '
                     '[{"text": ...}, {"markup": ..., "interpretAs": ...}]}'},
            "language": {"type": "string", "example": "en-US", "description": "en, en-XX or auto"},
            "disabledRules": {"type": "string", "description": "Comma-separated rule ids."},
            "disabledCategories": {"type": "string", "description": "Comma-separated ids."},
        },
    }}}},
}
ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"')\]”’]*\s+|\n\s*\n")


class CheckError(ValueError):
    """A request LanguageTool would refuse; the message is shown to the client."""


def language_entry(language: str) -> dict:
    """The response's ``language`` object; English variants and ``auto`` only."""
    lang = (language or "").strip()
    if lang.lower() == "auto":
        entry = LANGUAGES[0]
        detected = {"name": entry["name"], "code": entry["longCode"], "confidence": 1.0}
        return {"name": entry["name"], "code": entry["longCode"], "detectedLanguage": detected}
    for entry in LANGUAGES:
        if lang.lower() in (entry["longCode"].lower(), entry["code"]):
            code = entry["longCode"] if lang.lower() != "en" else "en"
            detected = {"name": entry["name"], "code": code, "confidence": 1.0}
            return {"name": entry["name"], "code": code, "detectedLanguage": detected}
    raise CheckError(f"language {lang!r} is not supported: despin checks English (en, en-US, ...)")


def text_from_data(data: str) -> str:
    """Flatten LanguageTool's ``data`` JSON ({"annotation": [{"text"}|{"markup"}]}).

    Markup becomes blanks of its own length so offsets still point into the full document.
    """
    try:
        parts = json.loads(data)["annotation"]
        out = []
        for part in parts:
            if "text" in part:
                out.append(str(part["text"]))
            else:
                markup, alias = str(part["markup"]), str(part.get("interpretAs", ""))
                out.append((alias if len(alias) <= len(markup) else "").ljust(len(markup)))
        return "".join(out)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise CheckError(
            "'data' must be JSON like {\"annotation\": [{\"text\": ...}, {\"markup\": ...}]}"
        ) from None


class Utf16:
    """Converts code-point offsets of one text to UTF-16 code units."""

    def __init__(self, text: str):
        self.astral = [m.start() for m in ASTRAL_RE.finditer(text)]

    def __call__(self, offset: int) -> int:
        return offset + bisect.bisect_left(self.astral, offset)


class Sentences:
    """Sentence bounds of one text: split after . ! ? and at blank lines."""

    def __init__(self, text: str):
        breaks = list(SENTENCE_END_RE.finditer(text))
        self.starts = [0] + [m.end() for m in breaks]
        self.ends = [m.start() for m in breaks] + [len(text.rstrip())]

    def around(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.starts[i], self.ends[i]


def to_match(text: str, e: Edit, units: Utf16, sentences: Sentences) -> dict:
    """One LanguageTool match for an engine edit (all offsets in UTF-16 units)."""
    lo, hi = max(0, e.offset - CONTEXT_CHARS), min(len(text), e.offset + e.length + CONTEXT_CHARS)
    lead, tail = ("..." if lo else ""), ("..." if hi < len(text) else "")
    ctx = lead + text[lo:hi] + tail
    ctx_units = Utf16(ctx)
    s_lo, s_hi = sentences.around(e.offset)
    return {
        "message": f"Possibly spun wording: the original was likely “{e.restored}” "
        f"(confidence {e.confidence:.2f}).",
        "shortMessage": "Spun wording",
        "replacements": [{"value": e.restored}],
        "offset": units(e.offset),
        "length": units(e.offset + e.length) - units(e.offset),
        "context": {
            "text": ctx,
            "offset": ctx_units(len(lead) + e.offset - lo),
            "length": ctx_units(len(lead) + e.offset - lo + e.length)
            - ctx_units(len(lead) + e.offset - lo),
        },
        "sentence": text[s_lo:s_hi],
        "type": {"typeName": "Other"},
        "rule": {
            "id": f"DESPIN_SPUN_{e.kind.upper()}",
            "description": f"Spun {e.kind}: a context-free synonym swap",
            "issueType": "style",
            "category": CATEGORY,
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def check_response(text: str, edits: list[Edit], language: dict, disabled: set[str]) -> dict:
    """The full ``/v2/check`` body; ``disabled`` holds rule or category ids to drop."""
    units, sentences = Utf16(text), Sentences(text)
    matches = [to_match(text, e, units, sentences) for e in sorted(edits, key=lambda e: e.offset)]
    matches = [
        m for m in matches if m["rule"]["id"] not in disabled and CATEGORY["id"] not in disabled
    ]
    return {
        "software": SOFTWARE,
        "warnings": {"incompleteResults": False},
        "language": language,
        "matches": matches,
    }
