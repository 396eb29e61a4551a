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

_db_option = click.option("--db", default=DEFAULT_DB, show_default=True, metavar="PATH",
                          help="The corpus database (SQLite file).")
_json_option = click.option("--json", "as_json", is_flag=True,
                            help="Machine-readable JSON output.")
_page_options = [click.option("--limit", default=50, show_default=True,
                              type=click.IntRange(0, 1000), help="At most this many rows."),
                 click.option("--offset", default=0, show_default=True,
                              type=click.IntRange(0), help="Skip this many rows first.")]


def _pages(f: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed(_page_options):
        f = opt(f)
    return f


def _open(db: str) -> Store:
    """An existing database, read-only (queries never create or change a file)."""
    return Store(db, readonly=True)


def _dump(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _table(title: str, columns: list[str]) -> Any:
    from rich.table import Table

    t = Table(title=title, title_justify="left", show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    return t


def _e(text: Any) -> str:
    """Text from articles, escaped: "[...]" in a quote must print, not style."""
    from rich.markup import escape

    return escape("" if text is None else str(text))


def _short(text: str | None, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return _e(text if len(text) <= n else text[: n - 1] + "…")


# --- ingest --------------------------------------------------------------------------

@click.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@_db_option
@_json_option
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes for analysis (the database is written by one).")
@click.option("--model", default=None, metavar="NAME", help="spaCy pipeline to load.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when stderr is a terminal).")
@click.option("--timeout", default=15.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds to wait for a URL.")
def ingest_cmd(sources: tuple[str, ...], db: str, as_json: bool, jobs: int, model: str | None,
               progress: bool | None, timeout: float) -> None:
    """Read articles into the corpus database, analyse them, link them.

    SOURCE is a .txt, .html/.htm, .jsonl (text or html), RSS/Atom feed (file or URL),
    WARC/.warc.gz, an http(s) URL, or a directory of these (recursively). Duplicates
    (same URL or text) are skipped, syndicated copies linked to their original, and
    failures recorded with their reason. Safe to interrupt and re-run.

    \b
    Examples:
      counterclaim ingest examples/articles.jsonl
      counterclaim ingest news/ crawl.warc.gz https://example.org/rss --db news.db -j 2
    """
    from ..corpus.ingester import ingest
    from ..sources import Fetcher

    if progress is None:
        progress = sys.stderr.isatty() and not as_json
    summary = ingest(list(sources), db=db, jobs=jobs, model=model, progress=progress,
                     fetcher=Fetcher(timeout=timeout))
    d = summary.to_dict()
    if as_json:
        _dump(d)
    else:
        rate = f" ({d['articles_per_second']} articles/s)" if d["articles_per_second"] else ""
        click.echo(f"ingested {d['ingested']} · duplicates {d['duplicates']} · syndicated copies "
                   f"{d['syndicated']} · failed {d['failed']} · statements {d['statements']} "
                   f"in {d['seconds']} s{rate} → {db}")
        for f in d["failures"]:
            click.echo(f"  failed: {f['reason']}", err=True)
        if summary.failed > len(d["failures"]):
            click.echo(f"  … {summary.failed - len(d['failures'])} more failures in the "
                       "database's failures table", err=True)
    if summary.seen and summary.failed == summary.seen:
        raise InputError("nothing could be read; see the failures above")


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


def print_disputes(rows: list[dict[str, Any]]) -> None:
    """A readable block per dispute (a table folds long propositions badly)."""
    con = _console()
    if not rows:
        con.print("No disputes found.")
        return
    con.print(f"[bold]{len(rows)} dispute(s)[/bold]")
    for r in rows:
        dates = r["first_date"] or "?"
        if r["last_date"] and r["last_date"] != r["first_date"]:
            dates += f" → {r['last_date']}"
        con.print(f"\n[bold]#{r['id']}[/bold] {_short(r['proposition'], 110)}")
        con.print(f"    asserting: {_e(', '.join(r['asserting_by']))}")
        con.print(f"    denying:   {_e(', '.join(r['denying_by']))}")
        if r["hedging_by"]:
            con.print(f"    hedging:   {_e(', '.join(r['hedging_by']))}")
        con.print(f"    {r['n_statements']} statements in {r['n_articles']} article(s), {dates}")


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
    con = _console()
    con.print(f"[bold]Dispute {d['id']}[/bold]: {_e(d['proposition'])}")
    c = d["counts"]
    con.print(f"{c['statements']} statements in {c['articles']} articles, {c['copies']} "
              f"syndicated copies, {c['outlets']} outlets; {d['first_date'] or '?'} → "
              f"{d['last_date'] or '?'}")
    for side, v in d["sides"].items():
        if not v["speakers"]:
            continue
        names = _e(", ".join(f"{s['name']} ({s['statements']})" for s in v["speakers"]))
        ev = ", ".join(f"{k} {n}" for k, n in sorted(v["evidence"].items()))
        con.print(f"\n[bold]{side}[/bold]: {names}")
        con.print(f"  outlets: {_e(', '.join(v['outlets'])) or '—'}; dates: {v['first_date'] or '?'}"
                  f" → {v['last_date'] or '?'}; evidence: {ev or '—'}")
    con.print("\n[bold]Timeline[/bold] (by date and outlet)")
    for e in d["timeline"]:
        ev = "" if e["evidence"] == "none" else f", evidence {e['evidence']}"
        con.print(f"  {e['date'] or '????-??-??'}  {e['outlet'] or '?'} — {e['speaker']} "
                  f"[{e['side']}{ev}]: {_short(e['content'], 100)}", markup=False)
    copies = [a for a in d["appearances"] if a["copy_of"]]
    if copies:
        con.print("Also appeared (syndicated copies): " + _e("; ".join(
            f"{a['outlet'] or '?'} {a['date'] or ''}".strip() for a in copies)))


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
    t = _table(f"{len(rows)} speaker(s)", ["id", "name", "kind", "statements", "articles",
                                            "assert", "deny", "hedge"])
    for r in rows:
        t.add_row(str(r["id"]), _e(r["name"]), r["kind"], str(r["n_statements"]),
                  str(r["n_articles"]), str(r["asserting"]), str(r["denying"]),
                  str(r["hedging"]))
    _console().print(t)


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
    con = _console()
    con.print(f"[bold]{_e(s['name'])}[/bold] ({s['kind']}); mentions: "
              + _e(", ".join(f"{m['text']} ×{m['n']}" for m in s["mentions"][:12])))
    if s["disputes"]:
        con.print("disputes: " + ", ".join(str(i) for i in s["disputes"]))
    for label, key in (("asserted", "asserted"), ("denied", "denied"), ("hedged", "hedged"),
                       ("other", "other")):
        if not s[key]:
            continue
        con.print(f"\n[bold]{label}[/bold] ({len(s[key])})")
        for st in s[key]:
            a = st["article"]
            con.print(f"  {a['date'] or '?'} {_e(a['outlet'] or '?')}: {_short(st['content']['text'])}")


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
        _dump(r)
        return
    con = _console()
    if r["interpreted_as"] != "fts5":
        con.print(f"(query read as plain words: {_e(r['fts_query'])})")
    t = _table(f"{len(r['statements'])} statement(s)", ["id", "date", "outlet", "speaker",
                                                         "stance", "content"])
    for st in r["statements"]:
        t.add_row(str(st["id"]), st["article"]["date"] or "?", _e(st["article"]["outlet"] or "?"),
                  _e(st["speaker"]["name"]), st["stance"], _short(st["content"]["text"], 80))
    con.print(t)
    t = _table(f"{len(r['articles'])} article(s)", ["id", "date", "outlet", "title", "snippet"])
    for a in r["articles"]:
        t.add_row(str(a["id"]), a["date"] or "?", _e(a["outlet"] or "?"), _short(a["title"], 50),
                  _short(a["snippet"], 80))
    con.print(t)


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
    con = _console()
    if not rows:
        con.print("No failures recorded.")
        return
    for r in rows:
        times = f" ×{r['count']}" if r["count"] > 1 else ""
        con.print(f"{r['last_seen']}{times}  {r['reason']}", markup=False)


# --- export --------------------------------------------------------------------------

@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "claimreview"]),
              default="jsonl", show_default=True,
              help="jsonl/csv/parquet: one row per statement with article and speaker fields; "
                   "claimreview: schema.org ClaimReview-style JSON-LD, one per dispute.")
@click.option("--output", "-o", default="-", show_default=True, metavar="PATH",
              help="Where to write (- for stdout; parquet needs a file).")
@_db_option
@_json_option
def export_cmd(fmt: str, output: str, db: str, as_json: bool) -> None:
    """Export the corpus: statements (jsonl, csv, parquet; the jsonl export also lists
    each syndicated copy as {"article_ext_id", "copy_of"}) or disputes as ClaimReview
    JSON-LD (claimReviewed, claimant, appearances; no rating is invented).

    \b
    Examples:
      counterclaim export --format csv -o statements.csv
      counterclaim export --format parquet -o statements.parquet
      counterclaim export --format claimreview > disputes.jsonld
    """
    from ..corpus import export

    with _open(db) as store:
        n = export.write(store, fmt, output)
    if output != "-":
        msg = {"format": fmt, "output": output, "rows": n}
        _dump(msg) if as_json else click.echo(f"wrote {n} rows ({fmt}) to {output}", err=True)


COMMANDS = [ingest_cmd, disputes_cmd, dispute_cmd, speakers_cmd, speaker_cmd, search_cmd,
            export_cmd, failures_cmd]
