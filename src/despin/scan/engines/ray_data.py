"""Ray engine: Ray Data reads JSONL/Parquet, an actor pool (one engine per actor) runs the same
per-record function in ``map_batches``, and each role is written by Ray's own writers."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from despin.scan.problems import ScanError
from despin.scan.readers import format_of
from despin.scan.record import FIELD_TYPES, REASON, annotate_texts, flag_reason

ROUTE, ERROR, KIND = "_despin_route", "despin_error", "despin_error_kind"


def annotate_table(engine, table: pa.Table, opts) -> pa.Table:
    """Append despin columns and a route (data | flagged | errors) to a batch of records."""
    n = table.num_rows
    texts = (
        table.column(opts.text_field).to_pylist()
        if opts.text_field in table.column_names
        else [None] * n
    )
    names = [k for k in FIELD_TYPES if opts.restore or k != "despin_restored"]
    cols: dict[str, list] = {k: [] for k in [*names, REASON, ERROR, KIND, ROUTE]}
    good = [t for t in texts if isinstance(t, str)]
    annotated = iter(annotate_texts(engine, good, opts.restore))
    for text in texts:
        fields, err = {}, None
        if isinstance(text, str):
            fields = next(annotated)
        else:
            err = (
                f"missing text field {opts.text_field!r}"
                if text is None
                else "text is not a string"
            )
        reason = flag_reason(fields, opts.min_score) if fields else None
        for k in names:
            cols[k].append(fields.get(k))
        cols[REASON].append(reason)
        cols[ERROR].append(err)
        cols[KIND].append("missing_field" if err else None)
        cols[ROUTE].append("errors" if err else "flagged" if reason else "data")
    for k, values in cols.items():
        table = table.append_column(k, pa.array(values, type=FIELD_TYPES.get(k, pa.string())))
    return table


class Annotator:
    """Ray actor: the engine is unpickled (loads its data) once per actor."""

    def __init__(self, engine, opts):
        self.engine, self.opts = engine, opts

    def __call__(self, batch: pa.Table) -> pa.Table:
        return annotate_table(self.engine, batch, self.opts)


def _route_counts(batch: pa.Table) -> pa.Table:
    return pa.Table.from_struct_array(pc.value_counts(batch[ROUTE]))


def _select(batch: pa.Table, role: str, drop: list[str]) -> pa.Table:
    batch = batch.filter(pc.equal(batch[ROUTE], role))
    return batch.drop_columns([c for c in drop if c in batch.column_names])


def run(files: list[Path], output: Path, opts, workers: int, engine, summary) -> None:
    import ray

    if any(format_of(f) == "warc" for f in files):
        raise ScanError("--engine ray reads JSONL and Parquet; scan WARC with --engine local")
    if output.exists() and any(output.iterdir()):
        raise ScanError(f"{output} is not empty; --engine ray writes a fresh output (no resume)")
    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    if not ray.is_initialized():  # joins RAY_ADDRESS's cluster if set, else starts a local one
        ray.init(
            include_dashboard=False,
            log_to_driver=False,
            logging_level="ERROR",
            **({} if os.environ.get("RAY_ADDRESS") else {"num_cpus": workers}),
        )
    parts = []
    by_fmt = {fmt: [str(f) for f in files if format_of(f) == fmt] for fmt in ("jsonl", "parquet")}
    if by_fmt["jsonl"]:
        # lines=False picks Arrow's reader, which parses JSON Lines too; the pandas one (lines=True)
        # makes pandas blocks that Ray cannot batch together with Parquet's Arrow blocks.
        parts.append(ray.data.read_json(by_fmt["jsonl"], lines=False, num_cpus=0))
    if by_fmt["parquet"]:
        parts.append(ray.data.read_parquet(by_fmt["parquet"], num_cpus=0))
    ds = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    # One engine per actor and per core; Ray Data's own read/split tasks need one free CPU slot,
    # so on a small cluster the actors ask for a fraction of a (logical) CPU each.
    cpus = ray.cluster_resources().get("CPU", 1)
    ds = ds.map_batches(
        Annotator,
        fn_constructor_args=(engine, opts),
        batch_format="pyarrow",
        batch_size=opts.shard_size,
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=min(1.0, max(cpus - 1, 0.5) / workers),
    ).materialize()
    counts: dict[str, int] = {}  # the actors are gone: from here on tasks take whole CPUs
    for r in ds.map_batches(_route_counts, batch_format="pyarrow").take_all():
        counts[r["values"]] = counts.get(r["values"], 0) + r["counts"]
    drops = {
        "data": [REASON, ERROR, KIND, ROUTE],
        "flagged": [ERROR, KIND, ROUTE],
        "errors": [*FIELD_TYPES, REASON, ROUTE],
    }
    for role, drop in drops.items():
        if counts.get(role):
            part = ds.map_batches(
                _select, fn_kwargs={"role": role, "drop": drop}, batch_format="pyarrow"
            )
            write = (
                part.write_parquet
                if opts.fmt == "parquet" and role != "errors"
                else part.write_json
            )
            write(str(output / role))
    kept, flagged, errors = (counts.get(k, 0) for k in ("data", "flagged", "errors"))
    summary.add(
        {
            "records": kept + flagged + errors,
            "kept": kept,
            "flagged": flagged,
            "errors": {"missing_field": errors} if errors else {},
            "bytes": sum(f.stat().st_size for f in files),
        }
    )
