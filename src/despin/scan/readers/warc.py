"""WARC (plain or gzipped) via warcio; HTML -> main text via resiliparse, in the worker."""

from __future__ import annotations

import re
from pathlib import Path

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.encoding import bytes_to_str, detect_encoding
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from despin.scan.problems import Problem
from despin.scan.readers import Chunk

CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)")
DOC_TYPES = {"response", "resource", "conversion"}


def _content_type(rec) -> str:
    headers = rec.http_headers or rec.rec_headers
    return (headers.get_header("Content-Type") or "").lower()


def chunks(prefix: str, path: Path, size: int, is_done):
    with open(path, "rb") as raw:
        it = ArchiveIterator(raw)
        items, k, pos, offset, problem = [], 0, 0, 0, None
        try:
            for rec in it:
                ctype = _content_type(rec)
                body = rec.content_stream().read()
                offset = it.get_record_offset()  # after the read: this skips to the record's end
                if rec.rec_type not in DOC_TYPES or not ("html" in ctype or "text" in ctype):
                    continue
                h = rec.rec_headers
                items.append(
                    (
                        offset,
                        h.get_header("WARC-Record-ID"),
                        h.get_header("WARC-Target-URI"),
                        ctype,
                        body,
                    )
                )
                if len(items) == size:
                    yield Chunk(
                        f"{prefix}-{k:06d}", str(path), "warc", items, nbytes=raw.tell() - pos
                    )
                    items, k, pos = [], k + 1, raw.tell()
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as e:
            msg = (
                f"corrupt WARC record ({str(e).strip() or type(e).__name__}); rest of file skipped"
            )
            problem = Problem(f"{path}@{it.offset or offset}", "corrupt_warc", msg)
        if items or problem or k == 0:
            yield Chunk(
                f"{prefix}-{k:06d}",
                str(path),
                "warc",
                items,
                nbytes=raw.tell() - pos,
                problems=[problem] if problem else [],
            )


def records(chunk: Chunk, opts):
    for offset, rid, url, ctype, body in chunk.payload:
        charset = CHARSET.search(ctype)
        text = bytes_to_str(body, charset.group(1) if charset else detect_encoding(body))
        if "html" in ctype:
            text = extract_plain_text(text, main_content=True)
        yield f"{chunk.path}@{offset}", {opts.id_field: rid, "url": url, opts.text_field: text}
