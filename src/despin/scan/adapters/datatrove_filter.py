"""A datatrove filter: ``DespinFilter(min_score=0.5, exclusion_writer=JsonlWriter(...))``.

Adds the despin fields to ``doc.metadata``; drops documents scoring >= ``min_score`` with a
reason, so datatrove's exclusion writer keeps them instead of letting them vanish. ``fast=True``
detects with the fast screen (corpus speed, rougher spans); ``channel`` names a channel file
from `despin learn` for the engine."""

from __future__ import annotations

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from despin.scan.record import annotate_text, annotator, flag_reason


class DespinFilter(BaseFilter):
    name = "despin"

    def __init__(self, min_score: float | None = 0.5, restore: bool = False,
                 exclusion_writer: DiskWriter | None = None, engine=None, fast: bool = False,
                 channel: str | None = None):  # fmt: skip
        super().__init__(exclusion_writer)
        if fast and (restore or channel):
            raise ValueError("fast scores only, with the screen; restoring and channels need the engine")
        self.min_score, self.restore, self.fast, self._engine = min_score, restore, fast, engine
        self.channel = channel

    @property
    def engine(self):
        if self._engine is None:  # created in the task's process: the engine loads once per task
            self._engine = annotator(self.fast, self.channel)
        return self._engine

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        fields = annotate_text(self.engine, doc.text, self.restore)
        doc.metadata.update(fields)
        reason = flag_reason(fields, self.min_score)
        return (False, reason) if reason else True
