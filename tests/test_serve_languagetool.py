"""``/v2/check`` speaks LanguageTool: shape, UTF-16 offsets, and a real client library."""

import json

import httpx
import language_tool_python
import pytest

from despin.engine import Despinner
from despin.serve import create_app

# Astral emoji before the matches: each is 1 code point but 2 UTF-16 units.
TEXT = "Results 🎉🚀 were good. The 👩‍🔬 specialists stated it twice.\n\nThe army agreed."


@pytest.fixture
def url(live_server, swap_engine):
    with live_server(create_app(engine=swap_engine)) as base:
        yield base


def utf16(text: str, offset: int, length: int) -> str:
    units = text.encode("utf-16-le")
    return units[2 * offset : 2 * (offset + length)].decode("utf-16-le")


def check(url, **fields):
    return httpx.post(f"{url}/v2/check", data={"language": "en-US", **fields})


def test_shape_and_utf16_offsets(url):
    r = check(url, text=TEXT)
    assert r.status_code == 200
    body = r.json()
    assert body["software"]["name"] == "despin" and body["language"]["code"] == "en-US"
    matches = body["matches"]
    assert [utf16(TEXT, m["offset"], m["length"]) for m in matches] == [
        "specialists", "stated", "army"
    ]
    assert matches[0]["offset"] != TEXT.index("specialists")  # the conversion did something
    for m in matches:
        assert set(m) >= {"message", "shortMessage", "replacements", "offset", "length",
                          "context", "sentence", "type", "rule"}
        c = m["context"]
        assert utf16(c["text"], c["offset"], c["length"]) == utf16(TEXT, m["offset"], m["length"])
        assert utf16(TEXT, m["offset"], m["length"]) in m["sentence"]
        assert m["type"] == {"typeName": "Other"}
        assert set(m["rule"]) == {"id", "description", "issueType", "category"}
        assert set(m["rule"]["category"]) == {"id", "name"}
    assert matches[1]["replacements"] == [{"value": "said"}]
    assert matches[1]["sentence"] == "The 👩‍🔬 specialists stated it twice."
    assert matches[2]["sentence"] == "The army agreed."


def test_data_annotation_keeps_document_offsets(url):
    data = {"annotation": [{"markup": "<p>"}, {"text": "😀 Officials "},
                           {"markup": "<b>", "interpretAs": ""}, {"text": "stated"},
                           {"markup": "</b>"}, {"text": " it."}]}
    doc = "".join(p.get("text", p.get("markup")) for p in data["annotation"])
    m = check(url, data=json.dumps(data)).json()["matches"]
    assert [utf16(doc, x["offset"], x["length"]) for x in m] == ["stated"]


def test_disabled_rules_and_categories(url):
    rule = check(url, text=TEXT).json()["matches"][0]["rule"]["id"]
    assert check(url, text=TEXT, disabledRules=rule).json()["matches"] == []
    assert check(url, text=TEXT, disabledCategories="DESPIN").json()["matches"] == []


@pytest.mark.parametrize(
    "fields,status,message",
    [({"language": "de-DE", "text": "Hallo"}, 400, "not supported"),
     ({"text": "no language"}, 400, "not supported"),
     ({"language": "en"}, 400, "missing 'text'"),
     ({"language": "en", "data": "{not json"}, 400, "annotation"),
     ({"language": "en", "text": "😀" * 200_001}, 413, "limit is 200000")],
)
def test_bad_requests(url, fields, status, message):
    r = httpx.post(f"{url}/v2/check", data=fields)
    assert r.status_code == status and message in r.json()["error"]


def test_get_with_query_parameters(url):
    r = httpx.get(f"{url}/v2/check", params={"language": "en-GB", "text": TEXT})
    assert r.json()["language"]["code"] == "en-GB" and len(r.json()["matches"]) == 3


def test_empty_text_and_auto_language(url):
    body = httpx.post(f"{url}/v2/check", data={"language": "auto", "text": ""}).json()
    assert body["matches"] == [] and body["language"]["detectedLanguage"]["code"] == "en-US"


def test_real_languagetool_client(url, monkeypatch):
    # remote_server: the client talks HTTP only and never downloads or starts a LanguageTool jar
    monkeypatch.setattr(language_tool_python.server.LanguageTool, "_start_local_server",
                        lambda self: pytest.fail("client tried to start a local server"))
    with language_tool_python.LanguageTool("en-US", remote_server=url) as tool:
        matches = tool.check(TEXT)
        assert [TEXT[m.offset : m.offset + m.error_length] for m in matches] == [
            "specialists", "stated", "army"
        ]  # the client maps UTF-16 back to Python offsets
        assert matches[1].replacements == ["said"] and matches[1].category == "DESPIN"
        fixed = language_tool_python.utils.correct(TEXT, matches)
    assert fixed == TEXT.replace("specialists stated", "experts said").replace("army", "military")


def test_real_engine_check(live_server):
    engine = Despinner()
    text = "🎉 Officials stated that the army would help. Specialists agreed."
    with live_server(create_app(engine=engine)) as base:
        matches = check(base, text=text).json()["matches"]
    edits = engine.restore(text).edits
    assert [utf16(text, m["offset"], m["length"]) for m in matches] == [e.spun for e in edits]
