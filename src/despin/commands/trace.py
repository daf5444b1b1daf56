"""``despin index build|add``, ``despin trace`` and ``despin dedup-spun``."""

from __future__ import annotations

import io
import json
from contextlib import contextmanager
from pathlib import Path

import typer

from despin.commands.common import FileArg, check_probability, fail, print_json, read_text

index_app = typer.Typer(help="Build or extend a trace index of a corpus.", no_args_is_help=True)
CorpusArg = typer.Argument(..., help="JSONL or Parquet files, or folders of .txt files.")
IndexOpt = typer.Option(..., "--index", "-i", help="Index file.")
IdField = typer.Option("id", "--id-field", help="Record field holding the document id.")
TextField = typer.Option("text", "--text-field", help="Record field holding the text.")
MinScore = typer.Option(None, "--min-score", help="Report matches at least this good.")


@contextmanager
def _errors():
    """Turn input and index problems into one-line errors (exit 1)."""
    from despin.text import InputError
    from despin.trace import IndexFileError

    try:
        yield
    except (InputError, IndexFileError) as e:
        fail(str(e))
    except OSError as e:
        fail(f"{e.filename or 'index'}: {e.strerror}")


def _progress(total: int | None, label: str):
    from rich.progress import Progress

    bar = Progress(transient=True, console=None)
    return bar, bar.add_task(label, total=total)


def _ingest(index, corpus: list[Path], out: Path, id_field: str, text_field: str) -> None:
    from despin.trace import corpus as reader
    from despin.trace import write_index

    with _errors():
        bar, task = _progress(reader.count(corpus), "indexing")
        with bar:
            docs = reader.read(corpus, id_field, text_field)
            index, stats = write_index(out, docs, index, progress=lambda n: bar.advance(task, n))
    typer.echo(
        f"{out}: {len(index)} documents ({stats.added} added, {stats.skipped} skipped: empty or not text)",
        err=True,
    )


@index_app.command("build")
def build(
    corpus: list[Path] = CorpusArg,
    out: Path = typer.Option(..., "--output", "-o", help="Index file to write."),
    id_field: str = IdField,
    text_field: str = TextField,
    num_perm: int = typer.Option(128, help="MinHash permutations."),
    shingle: int = typer.Option(3, help="Canonical tokens per shingle."),
    threshold: float = typer.Option(0.3, help="LSH Jaccard threshold for candidates."),
) -> None:
    """Index a corpus (replaces OUTPUT atomically when done)."""
    check_probability("--threshold", threshold)
    if num_perm < 16 or shingle < 1:
        fail("--num-perm must be >= 16 and --shingle >= 1", 2)
    from despin.trace import Canon, Index

    index = Index(Canon.default(), num_perm=num_perm, shingle=shingle, threshold=threshold)
    _ingest(index, corpus, out, id_field, text_field)


@index_app.command("add")
def add(
    corpus: list[Path] = CorpusArg,
    index_path: Path = IndexOpt,
    id_field: str = IdField,
    text_field: str = TextField,
) -> None:
    """Add documents to an existing index."""
    from despin.trace import Index

    with _errors():
        index = Index.load(index_path)
    _ingest(index, corpus, index_path, id_field, text_field)


def trace(
    file: Path = FileArg,
    index_path: Path = IndexOpt,
    top: int = typer.Option(5, "--top", "-k", min=1, help="Candidates to list."),
    min_score: float = MinScore,
    json_out: bool = typer.Option(False, "--json", help="Print matches as JSON."),
) -> None:
    """Find the documents a (spun) text was copied from."""
    check_probability("--min-score", min_score)
    text = read_text(file)
    from despin.trace import Index
    from despin.trace.index import MIN_SCORE

    with _errors():
        matches = Index.load(index_path).query(
            text, top, MIN_SCORE if min_score is None else min_score
        )
    if json_out:
        print_json({"matches": [m.to_json() for m in matches]})
        return
    if not matches:
        typer.echo("no source found")
    for m in matches:
        typer.echo(f"{m.score:.3f}  {m.id}  (jaccard {m.jaccard:.2f})")
    for s in matches[0].substitutions if matches else []:
        typer.echo(f"  {s.offset:>7}  {s.spun!r} <- {s.original!r}")


def dedup_spun(
    corpus: list[Path] = CorpusArg,
    index_path: Path = IndexOpt,
    output: Path = typer.Option(None, "--output", "-o", help="JSONL file (default: stdout)."),
    id_field: str = IdField,
    text_field: str = TextField,
    min_score: float = MinScore,
) -> None:
    """Emit (copy, source, score) for every document that copies another indexed one."""
    check_probability("--min-score", min_score)
    from despin.io import atomic_write_text
    from despin.trace import Index
    from despin.trace import corpus as reader
    from despin.trace.index import MIN_SCORE

    buf, pairs, skipped = io.StringIO(), 0, 0
    with _errors():
        index = Index.load(index_path)
        bar, task = _progress(reader.count(corpus), "tracing")
        with bar:
            for doc_id, text in reader.read(corpus, id_field, text_field):
                bar.advance(task)
                if not isinstance(text, str) or not text.strip():
                    skipped += 1
                    continue
                score = MIN_SCORE if min_score is None else min_score
                for m in index.query(text, top=2, min_score=score):
                    if m.id != doc_id:
                        rec = {"copy": doc_id, "source": m.id, "score": round(m.score, 4)}
                        buf.write(json.dumps(rec, ensure_ascii=False) + "\n")
                        pairs += 1
                        break
        if output is None:
            typer.echo(buf.getvalue(), nl=False)
        else:
            atomic_write_text(output, buf.getvalue())
    typer.echo(f"{pairs} copy/source pairs, {skipped} skipped: empty or not text", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(index_app, name="index")
    app.command()(trace)
    app.command("dedup-spun")(dedup_spun)
