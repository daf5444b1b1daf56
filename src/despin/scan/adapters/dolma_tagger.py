"""A dolma tagger, registered as ``despin``: ``dolma tag --taggers despin
--tagger_modules despin.scan.adapters.dolma_tagger ...``.

Attributes (dolma's ``[start, end, score]`` spans, character offsets into the text):
``<experiment>__despin__spun`` one span per suspicious word or phrase (score = confidence) and
``<experiment>__despin__doc_score`` one span over the whole document (score = despin_score).
The tagger ``despin_fast`` gives the same attributes from the fast screen, at corpus speed."""

from __future__ import annotations

from dolma import add_tagger
from dolma.core.data_types import DocResult, Document, Span
from dolma.core.taggers import BaseTagger

from despin.scan.record import annotator


@add_tagger("despin")
class DespinTagger(BaseTagger):
    def __init__(self, engine=None):
        self.engine = engine or annotator()  # one per dolma worker process

    @property
    def defaults(self) -> list[str]:
        return ["spun", "doc_score"]

    def predict(self, doc: Document) -> DocResult:
        det = self.engine.detect(doc.text)
        spans = [Span(s.offset, s.offset + s.length, "spun", s.confidence) for s in det.spans]
        spans.append(Span(0, len(doc.text), "doc_score", det.score))
        return DocResult(doc=doc, spans=spans)


@add_tagger("despin_fast")
class DespinFastTagger(DespinTagger):
    """``despin_fast``: the fast screen's suspected words and document score."""

    def __init__(self, engine=None):
        super().__init__(engine or annotator(fast=True))
