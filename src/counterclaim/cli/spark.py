"""``counterclaim spark`` (run the Spark job) and ``counterclaim load`` (Spark output →
SQLite corpus). pyspark is imported only when ``spark`` runs."""

from __future__ import annotations

import json
import sys

import click

from .terminal import pack, plural


@click.command("spark")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, metavar="DIR",
              help="Output directory for the Parquet tables (a path or any Hadoop URI).")
@click.option("--master", default="local[*]", show_default=True, metavar="URL",
              help="Spark master: local[N], spark://host:7077, yarn, k8s://…")
@click.option("--partitions", default=0, type=click.IntRange(0, 1_000_000), metavar="N",
              help="Partitions for the analysis (default: 2 × the default parallelism).")
@click.option("--model", default=None, metavar="NAME", help="spaCy pipeline to load.")
@click.option("--stage", type=click.Choice(["all", "1", "2"]), default="all",
              show_default=True, help="Both stages, only Stage 1, or only Stage 2 on DIR.")
def spark_cmd(inputs: tuple[str, ...], out: str, master: str, partitions: int,
              model: str | None, stage: str) -> None:
    """Analyse a news crawl on Spark: WARC/.warc.gz, JSONL or Parquet (id, text or
    html, optional url, title, outlet, published) in; Parquet tables out (articles,
    statements, speakers, failures; copies, propositions, disputes, dispute_statements).

    \b
    Examples:
      counterclaim spark crawl/*.warc.gz --out out/ --master 'local[4]'
      counterclaim spark s3a://bucket/news.parquet --out s3a://bucket/cc/ --master yarn
      counterclaim load out/ --db news.db
    """
    from ..spark.job import build_session, run

    session = build_session(master, partitions=partitions)
    try:
        summary = run(session, list(inputs), out, partitions=partitions, model=model,
                      stages=stage)
    finally:
        session.stop()
    click.echo(json.dumps(summary, indent=2))
    s1 = summary.get("stage1") or {}
    if stage != "2" and s1.get("analysed", 0) == 0:
        click.echo("error: no article could be analysed (see the failures table)", err=True)
        sys.exit(2)


@click.command("load")
@click.argument("out", metavar="DIR")
@click.option("--db", default="counterclaim.db", show_default=True, metavar="PATH",
              help="The SQLite corpus to load into (created if missing).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def load_cmd(out: str, db: str, as_json: bool) -> None:
    """Bring a `counterclaim spark` output (DIR) into the SQLite corpus, so `serve`,
    `disputes`, `speakers`, `search` and `export` work on it. Loading twice adds
    nothing.

    \b
    Example:
      counterclaim load out/ --db news.db
    """
    from ..spark.load import load

    summary = load(out, db)
    if as_json:
        click.echo(json.dumps(summary.to_dict()))
    else:
        click.echo(pack([f"loaded {plural(summary.ingested, 'article')}",
                         plural(summary.duplicates, "duplicate"),
                         plural(summary.syndicated, "syndicated copy"),
                         plural(summary.failures, "failure"), f"→ {db}"]))
    for err in summary.errors:
        click.echo(f"error: {err}", err=True)


COMMANDS = [spark_cmd, load_cmd]
