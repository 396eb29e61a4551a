"""Corpus commands: ingest, disputes, dispute, speakers, speaker, search, export.

Thin adapters over :mod:`counterclaim.corpus` and :class:`counterclaim.store.Store`:
every command takes ``--db`` and ``--json``; errors are CounterclaimErrors, which the
command group turns into one-line messages (never a traceback).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from ..errors import InputError
from ..store import DEFAULT_DB, Store
from .progress import Progress, count_inputs
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


_filter_options = [
    click.option("--outlet", default=None, metavar="NAME", help="Only articles of this outlet."),
    click.option("--since", default=None, metavar="DATE",
                 help="Only articles dated on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)."),
    click.option("--until", default=None, metavar="DATE",
                 help="Only articles dated on or before DATE (a month or year: its end)."),
    click.option("--speaker", default=None, metavar="NAME",
                 help="Only statements by this speaker (canonical name or id)."),
    click.option("--stance", default=None,
                 type=click.Choice(["assert", "deny", "hedge", "question", "criticize"]),
                 help="Only statements with this stance."),
]


def _filtered(f: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed(_filter_options):
        f = opt(f)
    return f


def _filters(**values: Any) -> Any:
    """The CLI's filter options as store Filters, or None when none is given."""
    from ..store.filters import Filters

    f = Filters.parse(values)
    return f if f.to_dict() else None


def _pages(f: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed(_page_options):
        f = opt(f)
    return f


def _open(db: str) -> Store:
    """An existing database, read-only (queries never create or change a file)."""
    return Store(db, readonly=True)


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
    from ..corpus.ingester import ingest
    from ..sources import Fetcher

    total = count_inputs(sources)
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
@_filtered
@_pages
@_db_option
@_json_option
def disputes_cmd(search: str | None, limit: int, offset: int, db: str, as_json: bool,
                 **filters: Any) -> None:
    """List the disputes across the corpus: propositions asserted by some speakers and
    denied by others, with who hedged, how many statements and articles, and dates.

    \b
    Examples:
      counterclaim disputes
      counterclaim disputes --search drones --json
      counterclaim disputes --outlet "Pellow Courier" --since 2026-03

    With a filter, the counts are those of the statements that match it.
    """
    f = _filters(**filters)
    if f and search:
        raise click.UsageError("--search cannot be combined with --outlet, --since, "
                               "--until, --speaker or --stance")
    with _open(db) as store:
        rows = (store.browse("disputes", f, limit=limit, offset=offset, facets=False)["items"]
                if f else store.disputes(search=search, limit=limit, offset=offset))
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
    DISPUTE_ID is its number or its stable id (p0123456789).

    \b
    Examples:
      counterclaim dispute 3
      counterclaim dispute p0123456789
    """
    with _open(db) as store:
        d = store.dispute(store.find_id("dispute", dispute_id))
    if as_json:
        _dump(d)
        return
    print_dispute(d)


# --- speakers ------------------------------------------------------------------------

@click.command("speakers")
@click.option("--search", "-s", default=None, metavar="TEXT", help="Only names containing this.")
@_filtered
@_pages
@_db_option
@_json_option
def speakers_cmd(search: str | None, limit: int, offset: int, db: str, as_json: bool,
                 **filters: Any) -> None:
    """List speakers merged across articles (Beijing and China's foreign ministry
    under China where the metonym table says so), with counts per side.

    \b
    Example:
      counterclaim speakers --limit 20
      counterclaim speakers --stance deny --since 2026-01-01

    With a filter, the counts are those of the statements that match it.
    """
    f = _filters(**filters)
    if f and search:
        raise click.UsageError("--search cannot be combined with --outlet, --since, "
                               "--until, --speaker or --stance")
    with _open(db) as store:
        rows = (store.browse("speakers", f, limit=limit, offset=offset, facets=False)["items"]
                if f else store.speakers(search=search, limit=limit, offset=offset))
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
@_filtered
@_pages
@_db_option
@_json_option
def search_cmd(query: str, limit: int, offset: int, db: str, as_json: bool,
               **filters: Any) -> None:
    """Full-text search over statements and articles (SQLite FTS5 syntax: words,
    "exact phrases", OR, NOT, prefix*). A query FTS5 cannot parse is read as plain words.

    \b
    Examples:
      counterclaim search drones
      counterclaim search '"satellite images" OR photographs'
      counterclaim search drones --stance deny --outlet "Pellow Courier"
    """
    with _open(db) as store:
        r = store.search(query, limit=limit, offset=offset, filters=_filters(**filters))
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
@click.option("--format", "fmt",
              type=click.Choice(["jsonl", "csv", "parquet", "claimreview", "datasette"]),
              default="jsonl", show_default=True,
              help="jsonl/csv/parquet: one row per statement with article and speaker fields; "
                   "claimreview: schema.org ClaimReview-style JSON-LD, one per dispute; "
                   "datasette: a metadata.json for `datasette DB -m metadata.json`.")
@click.option("--output", "-o", default="-", show_default=True, metavar="PATH",
              help="Where to write (- for stdout; parquet needs a file).")
@_db_option
@click.option("--json", "as_json", is_flag=True,
              help="With --output FILE: the summary ({format, output, rows}) as JSON.")
def export_cmd(fmt: str, output: str, db: str, as_json: bool) -> None:
    """Export the corpus: statements (jsonl, csv, parquet; the jsonl export also lists
    each syndicated copy as {"article_ext_id", "copy_of"}) or disputes as ClaimReview
    JSON-LD (claimReviewed, claimant, appearances; no rating is invented).

    \b
    Examples:
      counterclaim export --format csv -o statements.csv
      counterclaim export --format parquet -o statements.parquet
      counterclaim export --format claimreview > disputes.jsonld
      counterclaim export --format datasette -o metadata.json
    """
    from ..corpus import export

    with _open(db) as store:
        n = export.write(store, fmt, output)
    if output != "-":
        msg = {"format": fmt, "output": output, "rows": n}
        if as_json:
            _dump(msg)
        else:
            what = (f"datasette metadata for {plural(n, 'table')}" if fmt == "datasette"
                    else plural(n, "row"))
            click.echo(f"wrote {what} ({fmt}) to {output}", err=True)


COMMANDS = [ingest_cmd, disputes_cmd, dispute_cmd, speakers_cmd, speaker_cmd, search_cmd,
            export_cmd, failures_cmd]
