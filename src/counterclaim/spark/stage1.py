"""Stage 1: read inputs on any Hadoop file system, analyse every article, write
``articles``, ``statements``, ``speakers``, ``article_propositions`` (partitioned
by ``pub_date``) and ``failures``.

The spaCy pipeline is loaded once per executor Python process: :func:`analyzer`
keeps it in a module-level cache, and PySpark reuses its Python workers across
tasks (``spark.python.worker.reuse``, on by default), so a worker that runs many
partitions loads the model once. The ``model_loads`` accumulator counts loads.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..sources import text_id
from . import inputs
from .rows import PARTITIONED, as_tuple, struct_fields

_ANALYZERS: dict[str | None, Any] = {}

COUNTERS = ("records", "articles", "analysed", "statements", "duplicate_ids",
            "failed_read", "failed_decode", "failed_html", "failed_analyze", "model_loads",
            "worker_cpu_ms")


def analyzer(model: str | None = None, loads: Any = None) -> Any:
    """The process-wide :class:`Analyzer` for ``model`` (built on first use)."""
    if model not in _ANALYZERS:
        from ..pipeline import Analyzer

        _ANALYZERS[model] = Analyzer(model)
        if loads is not None:
            loads.add(1)
    return _ANALYZERS[model]


@dataclass
class Counters:
    """Spark accumulators, one per counter name (driver side: ``.values()``)."""

    acc: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, sc: Any) -> Counters:
        return cls({name: sc.accumulator(0) for name in COUNTERS})

    def add(self, name: str, n: int = 1) -> None:
        self.acc[name].add(n)

    def values(self) -> dict[str, int]:
        return {name: int(a.value) for name, a in self.acc.items()}


def _count_item(item: inputs.Item, counters: Counters) -> inputs.Item:
    kind, fields = item
    counters.add("records")
    if kind == "failure":
        counters.add(f"failed_{fields['stage']}")
    else:
        counters.add("articles")
        if not fields.get("id"):
            fields["id"] = text_id(fields["text"])  # the id analyze() would compute
    return item


def analyse_partition(items: Iterable[inputs.Item], model: str | None,
                      counters: Counters) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """``mapPartitions`` body: article items → ``(table, row tuple)`` pairs."""
    cpu0 = time.process_time()
    try:
        yield from _analyse(items, model, counters)
    finally:  # CPU time of this Python worker on the partition (model load included)
        counters.add("worker_cpu_ms", int(1000 * (time.process_time() - cpu0)))


def _analyse(items: Iterable[inputs.Item], model: str | None,
             counters: Counters) -> Iterator[tuple[str, tuple[Any, ...]]]:
    from .rows import analysis_rows

    az = None
    for kind, fields in items:
        if kind == "failure":
            yield "failures", as_tuple("failures", fields)
            continue
        if az is None:
            az = analyzer(model, counters.acc.get("model_loads"))
        meta = {k: fields.get(k) for k in inputs.META_FIELDS}
        try:
            result = az.analyze(fields["text"], id=fields["id"], **meta)
            rows = analysis_rows(result, source=fields["source"],
                                 pub=inputs.pub_date(result.article.published,
                                                     fields.get("crawled")),
                                 crawled=fields.get("crawled"))
        except Exception as exc:  # noqa: BLE001 - one bad article never fails the job
            last = traceback.format_exception_only(type(exc), exc)[-1].strip()
            counters.add("failed_analyze")
            yield "failures", as_tuple("failures", {
                "source": fields["source"], "id": fields["id"], "stage": "analyze",
                "reason": f"analysis failed: {last}"})
            continue
        counters.add("analysed")
        for table, row in rows:
            if table == "statements":
                counters.add("statements")
            yield table, as_tuple(table, row)


def _pick(a: inputs.Item, b: inputs.Item) -> inputs.Item:
    """Deterministic choice between two articles with one id: the lower source."""
    return a if a[1]["source"] <= b[1]["source"] else b


def read_items(spark: Any, paths: list[str], partitions: int, counters: Counters) -> Any:
    """All input records as an RDD of :data:`inputs.Item` (articles and failures)."""
    sc = spark.sparkContext
    table_paths = [p for p in paths if p.rstrip("/").lower().endswith(".parquet")]
    file_paths = [p for p in paths if p not in table_paths]
    rdds = []
    if file_paths:
        files = sc.binaryFiles(",".join(file_paths), minPartitions=max(1, partitions))
        rdds.append(files.flatMap(lambda kv: inputs.file_items(bytes(kv[1]), kv[0])))
    for p in table_paths:
        df = spark.read.parquet(p)
        keep = [c for c in ("id", "text", "html", *inputs.META_FIELDS) if c in df.columns]
        for c in keep:
            if c != "html":
                df = df.withColumn(c, df[c].cast("string"))
        rdds.append(df.select(*keep).rdd.map(
            lambda r, src=p: inputs.row_item(r.asDict(), src)))
    if not rdds:
        return sc.emptyRDD()
    return sc.union(rdds).map(lambda it: _count_item(it, counters))


def run_stage1(spark: Any, paths: list[str], out: str, *, partitions: int = 0,
               model: str | None = None, counters: Counters | None = None) -> Counters:
    """Read, analyse and write the Stage 1 tables under ``out``."""
    from pyspark import StorageLevel

    sc = spark.sparkContext
    counters = counters or Counters.create(sc)
    partitions = partitions or max(2, sc.defaultParallelism * 2)
    items = read_items(spark, paths, partitions, counters)
    # One shuffle: articles with one id meet (kept once, deterministically), failures
    # ride along, and the work is spread over ``partitions`` even from a few big files.
    from pyspark.sql import functions as F

    # One conversion from Python to the JVM for every row of every table: each row
    # travels as one column of a union row (the others null), the union is cached in
    # the JVM, and each table is a filter there. (Filtering a Python RDD once per
    # table had the Python workers read every row five times.)
    tables = (*PARTITIONED, "failures")
    union = (items.map(lambda it: (_key(it), it))
             .reduceByKey(_pick_counted(counters), numPartitions=partitions)
             .values()
             .mapPartitions(lambda part: analyse_partition(part, model, counters))
             .map(lambda kv: union_row(kv[0], kv[1], tables)))
    df_all = spark.createDataFrame(union, union_ddl(tables), verifySchema=False).persist(
        StorageLevel.MEMORY_AND_DISK)
    # Files per date: a few per date rather than one per (task, date), which for a
    # crawl spanning many dates would write thousands of tiny files.
    buckets = max(1, partitions // 8)
    try:
        for table in tables:
            df = df_all.where(F.col("table") == table).select(f"`{table}`.*")
            if table in PARTITIONED:
                key = "id" if table == "articles" else "article_id"
                df = df.repartition(partitions, "pub_date",
                                    F.pmod(F.hash(key), F.lit(buckets)))
                df.write.mode("overwrite").partitionBy("pub_date").parquet(
                    f"{out.rstrip('/')}/{table}")
            else:
                df.coalesce(1).write.mode("overwrite").parquet(f"{out.rstrip('/')}/{table}")
    finally:
        df_all.unpersist()
    return counters


def union_ddl(tables: tuple[str, ...]) -> str:
    """One struct column per table, and the row's table name."""
    return ", ".join([f"`{t}` struct<{struct_fields(t)}>" for t in tables]
                     + ["`table` string"])


def union_row(table: str, row: tuple[Any, ...], tables: tuple[str, ...]) -> tuple[Any, ...]:
    return (*(row if t == table else None for t in tables), table)


def _key(item: inputs.Item) -> tuple[str, ...]:
    kind, fields = item
    if kind == "article":
        return ("a", fields["id"])
    return ("f", fields["source"], fields["reason"])


def _pick_counted(counters: Counters) -> Any:
    def pick(a: inputs.Item, b: inputs.Item) -> inputs.Item:
        if a[0] == "article":
            counters.add("duplicate_ids")
        return _pick(a, b)

    return pick
