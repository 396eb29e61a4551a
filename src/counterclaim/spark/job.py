"""The Spark job: ``python -m counterclaim.spark.job`` or ``spark-submit`` this file
(it uses absolute imports, so it runs as a plain script where counterclaim is
installed, e.g. from a packed virtual environment shipped with ``--archives``):

    spark-submit --master yarn --archives cc-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        "$(python -c 'import counterclaim.spark.job as j; print(j.__file__)')" \\
        s3a://bucket/crawl/*.warc.gz --out s3a://bucket/counterclaim/2026-11-28

Stage 1 reads and analyses every article; Stage 2 links them (see
:mod:`counterclaim.spark.stage1`, :mod:`counterclaim.spark.stage2` and docs/spark.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from counterclaim.spark.stage1 import Counters


def build_session(master: str | None = None, *, app: str = "counterclaim",
                  partitions: int = 0, conf: dict[str, str] | None = None) -> Any:
    """A SparkSession. ``master`` None keeps what spark-submit gave, or runs
    ``local[*]`` outside spark-submit; in local mode the Python workers run this
    interpreter (unless ``PYSPARK_PYTHON`` says otherwise)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the install
        from counterclaim.errors import CounterclaimError

        raise CounterclaimError("pyspark is not installed; install the extra: "
                                "pip install 'counterclaim[spark]' (needs Java 17+)") from exc
    builder = SparkSession.builder.appName(app)
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:
        master = "local[*]"  # not under spark-submit: run here
    if master:
        builder = builder.master(master)
    if not partitions and master and master.startswith("local"):
        # Spark's default of 200 shuffle partitions makes small local runs crawl.
        n = master[6:-1] if master.startswith("local[") else "1"
        cores = (os.cpu_count() or 2) if n in ("*", "") else int(n.split(",")[0] or 1)
        partitions = 2 * cores
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    builder = builder.config("spark.python.worker.reuse", "true")
    if master and master.startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        # Local workers run this interpreter (the one with counterclaim installed).
        os.environ["PYSPARK_PYTHON"] = sys.executable
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def run(spark: Any, inputs: list[str], out: str, *, partitions: int = 0,
        model: str | None = None, stages: str = "all") -> dict[str, Any]:
    """Run Stage 1 and/or Stage 2 on ``inputs``, writing Parquet tables under ``out``.
    Returns a summary: counters, Stage 2 counts and timings."""
    from counterclaim.spark.stage1 import run_stage1
    from counterclaim.spark.stage2 import run_stage2

    summary: dict[str, Any] = {"out": out}
    if stages in ("all", "1"):
        t0 = time.perf_counter()
        counters = run_stage1(spark, inputs, out, partitions=partitions, model=model,
                              counters=Counters.create(spark.sparkContext))
        summary["stage1"] = counters.values()
        summary["stage1_seconds"] = round(time.perf_counter() - t0, 2)
    if stages in ("all", "2"):
        t0 = time.perf_counter()
        summary["stage2"] = run_stage2(spark, out, partitions=partitions)
        summary["stage2_seconds"] = round(time.perf_counter() - t0, 2)
    return summary


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="counterclaim.spark.job",
                                description="counterclaim on Spark: articles in, statements "
                                            "and cross-article disputes out, as Parquet.")
    p.add_argument("inputs", nargs="*", help="WARC/.warc.gz, JSONL, Parquet (.parquet) paths "
                                             "or URIs; globs and directories as Hadoop reads them")
    p.add_argument("--out", required=True, help="output directory (any Hadoop URI)")
    p.add_argument("--master", default=None, help="Spark master (default: spark-submit's)")
    p.add_argument("--partitions", type=int, default=0,
                   help="partitions for the analysis (default: 2 x default parallelism)")
    p.add_argument("--model", default=None, help="spaCy pipeline name (installed package)")
    p.add_argument("--stage", choices=("all", "1", "2"), default="all",
                   help="run both stages (default), only Stage 1, or only Stage 2 on an "
                        "existing Stage 1 output")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.stage != "2" and not args.inputs:
        parser().error("give at least one INPUT (or --stage 2)")
    spark = build_session(args.master, partitions=args.partitions)
    try:
        summary = run(spark, list(args.inputs), args.out, partitions=args.partitions,
                      model=args.model, stages=args.stage)
    finally:
        spark.stop()
    print(json.dumps(summary, indent=2))
    s1 = summary.get("stage1")
    return 2 if s1 is not None and s1.get("analysed", 0) == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
