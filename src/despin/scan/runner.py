"""``scan()``: expand inputs, open the sharded output, run an engine, report progress and a summary."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from despin.scan import readers
from despin.scan.record import annotator
from despin.scan.writers import ShardStore


@dataclass(frozen=True)
class ScanOptions:
    text_field: str = "text"
    id_field: str = "id"
    restore: bool = False
    fast: bool = False  # detect with the fast screen (no restore)
    min_score: float | None = None
    fmt: str = "jsonl"  # output format: jsonl | parquet
    shard_size: int = 1_000  # records per output shard (the unit of resume and of progress)
    strict: bool = False
    channel: str | None = None  # a channel file from `despin learn` (the engine's, not --fast)

    def __post_init__(self):
        if self.fast and self.restore:
            raise ValueError("fast scores only; restoring needs the engine")
        if self.fast and self.channel:
            raise ValueError("the fast screen takes no channel")

    def manifest(self, files: list[Path]) -> dict:
        opts = {k: v for k, v in asdict(self).items() if k != "strict"}
        return {"inputs": [str(f) for f in files], **opts}


@dataclass
class Summary:
    engine: str = "local"
    workers: int = 1
    records: int = 0
    kept: int = 0
    flagged: int = 0
    errors: Counter = field(default_factory=Counter)
    bytes: int = 0
    shards: int = 0
    resumed_shards: int = 0
    resumed_records: int = 0
    seconds: float = 0.0
    peak_worker_rss_mb: float = 0.0

    def add(self, stats: dict, resumed: bool = False) -> None:
        for k in ("records", "kept", "flagged", "bytes"):
            setattr(self, k, getattr(self, k) + stats[k])
        self.errors.update(stats["errors"])
        self.shards += 1
        if resumed:
            self.resumed_shards += 1
            self.resumed_records += stats["records"]
        else:
            self.peak_worker_rss_mb = max(self.peak_worker_rss_mb, stats.get("rss_mb", 0.0))

    @property
    def records_per_s(self) -> float:
        return (self.records - self.resumed_records) / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict:
        d = asdict(self)
        d.update(errors=dict(self.errors), records_per_s=round(self.records_per_s, 1))
        return d

    def lines(self, output: Path) -> list[str]:
        pct = 100 * self.flagged / self.records if self.records else 0.0
        errs = sum(self.errors.values())
        rate = self.bytes / 1e6 / max(self.seconds, 1e-9)
        out = [
            f"scanned {self.records:,} records: {self.kept:,} kept, "
            + f"{self.flagged:,} flagged ({pct:.1f}%), {errs:,} errors",
            f"{self.seconds:.1f} s, {self.records_per_s:,.0f} records/s, {rate:.1f} MB/s, "
            + f"{self.workers} worker(s), engine {self.engine}",
        ]
        if errs:
            kinds = ", ".join(f"{k} {n:,}" for k, n in self.errors.most_common())
            out.append(f"errors by type: {kinds} (see {output / 'errors'})")
        if self.resumed_shards:
            out.append(f"resumed: {self.resumed_shards} of {self.shards} shards were already done")
        return out


def _progress():
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    return Progress(
        TextColumn("scan"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TextColumn("{task.fields[records]:,} records"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )


def scan(
    inputs: list[str],
    output: Path,
    opts: ScanOptions = ScanOptions(),
    *,
    workers: int = 1,
    engine: str = "local",
    despinner=None,
    progress: bool = False,
) -> Summary:
    """Scan files/folders/globs into ``output``; a rerun of the same scan resumes it."""
    files = readers.expand(inputs)
    despinner = despinner or annotator(opts.fast, opts.channel)
    output = Path(output)
    summary = Summary(engine=engine, workers=workers)
    start = time.perf_counter()
    if engine == "ray":
        from despin.scan.engines import ray_data

        ray_data.run(files, output, opts, workers, despinner, summary)
    else:
        from despin.scan.engines import local

        store = ShardStore(output, opts.fmt)
        store.open(opts.manifest(files))
        bar = _progress() if progress else None

        def on_stats(stats: dict, resumed: bool) -> None:
            summary.add(stats, resumed)
            if bar:
                bar.update(task, completed=summary.bytes, records=summary.records)

        if bar:
            task = bar.add_task("scan", total=sum(f.stat().st_size for f in files), records=0)
        local.run(files, store, opts, workers, despinner, on_stats, bar)
        summary.seconds = time.perf_counter() - start
        store.write_summary(summary.to_json())
    summary.seconds = time.perf_counter() - start
    return summary
