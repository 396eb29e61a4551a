"""Corpus commands: ingest, disputes, dispute, speakers, speaker, search, export.

Thin adapters over :mod:`counterclaim.corpus` and :class:`counterclaim.store.Store`:
every command takes ``--db`` and ``--json``; errors are CounterclaimErrors, which the
command group turns into one-line messages (never a traceback).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from ..errors import CounterclaimError, InputError, StoreError
from ..store import DEFAULT_DB, Store
from .progress import INGEST_SUFFIXES, Progress, count_inputs
from .terminal import pack, plural
from .views import (
    print_dispute,
    print_disputes,
    print_failures,
    print_search,
    print_speaker,
    print_speakers,
)

_db_option = click.option("--db", default=DEFAULT_DB, show_default=True, metavar="PATH",
                          help="The corpus database (SQLite file).")
_json_option = click.option("--json", "as_json", is_flag=True,
                            help="JSON Lines: one JSON object a line (one per row of a list).")
_page_options = [click.option("--limit", default=50, show_default=True,
                              type=click.IntRange(0, 1000), help="At most this many rows."),
                 click.option("--offset", default=0, show_default=True,
                              type=click.IntRange(0), help="Skip this many rows first.")]


def _pages(f: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed(_page_options):
        f = opt(f)
    return f


def _open(db: str) -> Store:
    """An existing database (queries never create an empty file by mistake)."""
    return Store(db, create=False)


def _dump(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


# --- ingest --------------------------------------------------------------------------

@click.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@_db_option
@_json_option
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes for analysis (the database is written by one).")
@click.option("--model", default=None, metavar="NAME", help="spaCy pipeline to load.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar with the total and the time left on stderr "
                   "(default: when stderr is a terminal).")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress bar and no list of failures: only the summary line.")
@click.option("--timeout", default=15.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds to wait for a URL.")
def ingest_cmd(sources: tuple[str, ...], db: str, as_json: bool, jobs: int, model: str | None,
               progress: bool | None, quiet: bool, timeout: float) -> None:
    """Read articles into the corpus database, analyse them, link them.

    SOURCE is a .txt, .html/.htm, .jsonl (text or html), RSS/Atom feed (file or URL),
    WARC/.warc.gz, an http(s) URL, or a directory of these (recursively). Duplicates
    (same URL or text) are skipped, syndicated copies linked to their original, and
    failures recorded with their reason. Safe to interrupt and re-run. The inputs
    are counted first, so the progress bar has a total (not for URLs and WARC files).

    \b
    Examples:
      counterclaim ingest examples/articles.jsonl
      counterclaim ingest news/ crawl.warc.gz https://example.org/rss --db news.db -j 2
    """
    from ..corpus.fetch import Fetcher
    from ..corpus.ingester import ingest

    total = count_inputs(sources, suffixes=INGEST_SUFFIXES, skip_hidden=True)
    enabled = False if quiet else progress if progress is not None else sys.stderr.isatty()
    with Progress(total, "ingesting", enabled=enabled) as bar:
        def tick(kind: str, source: str, s: Any) -> None:
            bar.advance(status=f"{s.ingested:,} new · {plural(s.syndicated, 'copy')} · "
                               f"{plural(s.duplicates, 'duplicate')} · {s.failed:,} failed")

        summary = ingest(list(sources), db=db, jobs=jobs, model=model, progress=False,
                         on_event=tick, fetcher=Fetcher(timeout=timeout))
    d = summary.to_dict()
    if as_json:
        _dump(d)
    else:
        click.echo(pack(ingest_parts(d, db)))
        if not quiet:
            for f in d["failures"]:
                click.echo(f"  failed: {f['reason']}", err=True)
        listed = 0 if quiet else len(d["failures"])
        if summary.failed > listed:
            click.echo(f"  {plural(summary.failed - listed, 'failure')}"
                       f"{' more' if listed else ''}: see `counterclaim failures --db {db}`",
                       err=True)
    if summary.seen and summary.failed == summary.seen:
        raise InputError("nothing could be read; see the failures above")


def ingest_parts(d: dict[str, Any], db: str) -> list[str]:
    """The summary of an ingest run, in parts to join with " · " (counts of zero
    copies, duplicates or failures left out)."""
    rate = f", {d['articles_per_second']} articles/s" if d["articles_per_second"] else ""
    counts = [plural(d["syndicated"], "syndicated copy"), plural(d["duplicates"], "duplicate"),
              plural(d["failed"], "failure")]
    return [f"ingested {plural(d['ingested'], 'article')} "
            f"({plural(d['statements'], 'statement')})",
            *(c for c in counts if not c.startswith("0 ")), f"{d['seconds']} s{rate}",
            f"→ {db}"]


# --- disputes ------------------------------------------------------------------------

@click.command("disputes")
@click.option("--search", "-s", default=None, metavar="Q",
              help="Only disputes whose statements match this full-text query.")
@_pages
@_db_option
@_json_option
def disputes_cmd(search: str | None, limit: int, offset: int, db: str, as_json: bool) -> None:
    """List the disputes across the corpus: propositions asserted by some speakers and
    denied by others, with who hedged, how many statements and articles, and dates.

    \b
    Examples:
      counterclaim disputes
      counterclaim disputes --search drones --json
    """
    with _open(db) as store:
        rows = store.disputes(search=search, limit=limit, offset=offset)
    if as_json:
        for r in rows:
            _dump(r)
        return
    print_disputes(rows)


@click.command("dispute")
@click.argument("dispute_id")
@_db_option
@_json_option
def dispute_cmd(dispute_id: str, db: str, as_json: bool) -> None:
    """Show one dispute: each side's speakers, outlets, dates and evidence, and its
    timeline by date and outlet (syndicated copies listed as appearances).

    \b
    Example:
      counterclaim dispute 3
    """
    with _open(db) as store:
        d = store.dispute(dispute_id)  # type: ignore[arg-type]
    if as_json:
        _dump(d)
        return
    print_dispute(d)


# --- speakers ------------------------------------------------------------------------

@click.command("speakers")
@click.option("--search", "-s", default=None, metavar="TEXT", help="Only names containing this.")
@_pages
@_db_option
@_json_option
def speakers_cmd(search: str | None, limit: int, offset: int, db: str, as_json: bool) -> None:
    """List speakers merged across articles (Beijing and China's foreign ministry
    under China where the metonym table says so), with counts per side.

    \b
    Example:
      counterclaim speakers --limit 20
    """
    with _open(db) as store:
        rows = store.speakers(search=search, limit=limit, offset=offset)
    if as_json:
        for r in rows:
            _dump(r)
        return
    print_speakers(rows)


@click.command("speaker")
@click.argument("name")
@_db_option
@_json_option
def speaker_cmd(name: str, db: str, as_json: bool) -> None:
    """What one speaker asserted, denied and hedged, across the corpus. NAME is a
    canonical name, an id, or a mention as written ("Beijing").

    \b
    Example:
      counterclaim speaker Ostrava
    """
    with _open(db) as store:
        s = store.speaker(name)
    if as_json:
        _dump(s)
        return
    print_speaker(s)


# --- search --------------------------------------------------------------------------

@click.command("search")
@click.argument("query")
@_pages
@_db_option
@_json_option
def search_cmd(query: str, limit: int, offset: int, db: str, as_json: bool) -> None:
    """Full-text search over statements and articles (SQLite FTS5 syntax: words,
    "exact phrases", OR, NOT, prefix*). A query FTS5 cannot parse is read as plain words.

    \b
    Examples:
      counterclaim search drones
      counterclaim search '"satellite images" OR photographs'
    """
    with _open(db) as store:
        r = store.search(query, limit=limit, offset=offset)
    if as_json:
        if r["interpreted_as"] != "fts5":
            click.echo(f"note: query read as plain words: {r['fts_query']}", err=True)
        for st in r["statements"]:
            _dump({"type": "statement", **st})
        for a in r["articles"]:
            _dump({"type": "article", **a})
        return
    print_search(r)


# --- failures ------------------------------------------------------------------------

@click.command("failures")
@_pages
@_db_option
@_json_option
def failures_cmd(limit: int, offset: int, db: str, as_json: bool) -> None:
    """List the inputs that could not be read or analysed, with their reasons (most
    recent first); a source that reads on a later run leaves the list.

    \b
    Example:
      counterclaim failures --limit 20
    """
    with _open(db) as store:
        rows = store.failures(limit=limit, offset=offset)
    if as_json:
        for r in rows:
            _dump(r)
        return
    print_failures(rows)


# --- export --------------------------------------------------------------------------

@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "claimreview"]),
              default="jsonl", show_default=True,
              help="jsonl/csv/parquet: one row per statement with article and speaker fields; "
                   "claimreview: schema.org ClaimReview-style JSON-LD, one per dispute.")
@click.option("--output", "-o", default="-", show_default=True, metavar="PATH",
              help="Where to write (- for stdout; parquet needs a file).")
@_db_option
@click.option("--json", "as_json", is_flag=True,
              help="With --output FILE: the summary ({format, output, rows}) as JSON.")
def export_cmd(fmt: str, output: str, db: str, as_json: bool) -> None:
    """Export the corpus: statements (jsonl, csv, parquet) or disputes as ClaimReview
    JSON-LD (claimReviewed, claimant, appearances; no rating is invented).

    \b
    Examples:
      counterclaim export --format csv -o statements.csv
      counterclaim export --format parquet -o statements.parquet
      counterclaim export --format claimreview > disputes.jsonld
    """
    with _open(db) as store:
        n = export(store, fmt, output)
    if output != "-":
        msg = {"format": fmt, "output": output, "rows": n}
        if as_json:
            _dump(msg)
        else:
            click.echo(f"wrote {plural(n, 'row')} ({fmt}) to {output}", err=True)


def export(store: Store, fmt: str, output: str) -> int:
    """Write the export; return the number of rows (statements, or disputes)."""
    if fmt == "parquet":
        if output == "-":
            raise CounterclaimError("parquet export needs a file: give --output PATH")
        return _parquet(store.iter_statements(), output)
    rows: Iterator[dict[str, Any]] = (
        (store.claimreview(d["id"]) for d in _all_disputes(store)) if fmt == "claimreview"
        else store.iter_statements())
    fh = sys.stdout if output == "-" else _open_out(output)
    n = 0
    try:
        if fmt == "csv":
            writer: Any = None
            for row in rows:
                if writer is None:
                    writer = csv.DictWriter(fh, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow(row)
                n += 1
        else:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    finally:
        if fh is not sys.stdout:
            fh.close()
    return n


def _all_disputes(store: Store) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        page = store.disputes(limit=500, offset=offset)
        if not page:
            return
        yield from page
        offset += 500


def _open_out(path: str) -> Any:
    try:
        return Path(path).open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise StoreError(f"cannot write ({exc.strerror})", source=path) from exc


def _parquet(rows: Iterator[dict[str, Any]], path: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise CounterclaimError("parquet export needs pyarrow: pip install "
                                "'counterclaim[corpus]'") from exc
    batch: list[dict[str, Any]] = []
    writer = None
    n = 0
    try:
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                writer = _write_batch(pa, pq, writer, batch, path)
                n += len(batch)
                batch = []
        if batch or writer is None:
            writer = _write_batch(pa, pq, writer, batch, path)
            n += len(batch)
    finally:
        if writer is not None:
            writer.close()
    return n


_PARQUET_SCHEMA_TYPES = {
    "statement_id": "int64", "article_id": "int64", "speaker_id": "int64",
    "content_start": "int64", "content_end": "int64", "proposition_id": "int64",
    "anonymous": "bool_", "hedged": "bool_", "negated": "bool_", "confidence": "float64",
}
_EXPORT_FIELDS = (
    "statement_id", "article_id", "article_ext_id", "article_title", "article_outlet",
    "article_url", "article_published", "article_date", "article_source", "speaker_id",
    "speaker_name", "speaker_kind", "speaker_text", "resolved_by", "anonymous", "cue",
    "cue_lemma", "cue_class", "content", "content_start", "content_end", "kind", "stance",
    "side", "hedged", "hedges", "evidence", "confidence", "negated", "proposition_id")


def _write_batch(pa: Any, pq: Any, writer: Any, batch: list[dict[str, Any]], path: str) -> Any:
    # A fixed schema, so an empty corpus or a column of nulls still writes a valid file.
    schema = pa.schema([(f, getattr(pa, _PARQUET_SCHEMA_TYPES.get(f, "string"))())
                        for f in _EXPORT_FIELDS])
    table = pa.Table.from_pylist(batch, schema=schema)
    if writer is None:
        writer = pq.ParquetWriter(path, schema)
    writer.write_table(table)
    return writer


COMMANDS = [ingest_cmd, disputes_cmd, dispute_cmd, speakers_cmd, speaker_cmd, search_cmd,
            export_cmd, failures_cmd]
