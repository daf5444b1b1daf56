"""Local engine: the main process reads chunks, a pool of processes annotates and writes them; at
most two chunks per worker are in flight, so memory stays flat.

On Linux the workers are forked from the main process, which has already loaded the engine: they
start at once and share its data copy-on-write. Elsewhere they are spawned and each unpickles
(re-loads) the engine."""

from __future__ import annotations

import json
import multiprocessing as mp
import resource
import sys
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from despin.scan import readers
from despin.scan.problems import Problem, ScanError
from despin.scan.readers import Chunk
from despin.scan.record import REASON, annotate_texts, flag_reason, text_of
from despin.scan.writers import ShardStore

_engine = None
RECORD_KINDS = {"malformed_json", "not_utf8", "not_object", "missing_field"}  # one record each


def _init(engine) -> None:
    global _engine
    _engine = engine


def process_chunk(chunk: Chunk, opts, store: ShardStore, engine=None) -> dict:
    """Annotate one chunk and write its shards; returns the chunk's counts."""
    engine = engine or _engine
    kept, flagged, problems, rows = [], [], list(chunk.problems), []
    for loc, rec in readers.records(chunk, opts):
        if isinstance(rec, Problem):
            problems.append(rec)
            continue
        try:
            rows.append((rec, text_of(rec, opts.text_field)))
        except (KeyError, TypeError) as e:
            raw = json.dumps(rec, ensure_ascii=False, default=str)
            problems.append(Problem(loc, "missing_field", e.args[0], raw))
    for (rec, _), fields in zip(rows, annotate_texts(engine, [t for _, t in rows], opts.restore)):
        rec.update(fields)
        reason = flag_reason(fields, opts.min_score)
        if reason:
            rec[REASON] = reason
        (flagged if reason else kept).append(rec)
    if opts.strict and problems:
        raise ScanError(str(problems[0]))
    stats = {
        "records": len(kept) + len(flagged) + sum(p.kind in RECORD_KINDS for p in problems),
        "kept": len(kept),
        "flagged": len(flagged),
        "errors": dict(Counter(p.kind for p in problems)),
        "bytes": chunk.nbytes,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    store.write(chunk.shard, kept, flagged, problems, stats)
    return stats


@contextmanager
def _pool(workers: int, engine):
    ctx = mp.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=_init, initargs=(engine,)
    ) as pool:
        pool.submit(int)  # with fork, the first submit starts every worker
        yield pool


def run(
    files: list[Path],
    store: ShardStore,
    opts,
    workers: int,
    engine,
    on_stats: Callable[[dict, bool], None],
    progress: AbstractContextManager | None = None,
) -> None:
    """Scan ``files`` into ``store``, skipping shards an earlier run completed; ``progress`` is
    entered once the workers exist (forking is only safe before any thread starts)."""
    with _pool(workers, engine) as pool, progress or nullcontext():
        pending: set = set()

        def drain() -> None:
            nonlocal pending
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in finished:
                try:
                    on_stats(f.result(), False)
                except BrokenProcessPool:
                    raise ScanError(
                        "a worker process died (out of memory?); rerun the same command to resume"
                    ) from None
                except BaseException:
                    pool.shutdown(cancel_futures=True)
                    raise

        def is_done(shard: str) -> bool:
            return store.done(shard) is not None

        for i, path in enumerate(files):
            for chunk in readers.chunks(i, path, opts.shard_size, is_done):
                prior = store.done(chunk.shard)
                if prior is not None:
                    on_stats(prior, True)
                    continue
                if opts.strict and chunk.problems:
                    raise ScanError(str(chunk.problems[0]))
                pending.add(pool.submit(process_chunk, chunk, opts, store))
                while len(pending) >= 2 * workers:
                    drain()
        while pending:
            drain()
