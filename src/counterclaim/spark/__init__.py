"""counterclaim on Spark: a news crawl in, statements and cross-article disputes out.

Importing this package does not import pyspark; the functions that need it import
it when called. Entry points:

- ``counterclaim spark INPUT... --out DIR [--master URL] [--partitions N]``
- ``python -m counterclaim.spark.job`` / ``spark-submit .../counterclaim/spark/job.py``
- :func:`counterclaim.spark.job.run` from a program that already holds a SparkSession
- ``counterclaim load DIR --db PATH`` (:func:`counterclaim.spark.load.load`) brings an
  output into the SQLite corpus

Output tables (Parquet, under ``--out``): Stage 1 ``articles``, ``statements``,
``speakers``, ``article_propositions`` (partitioned by ``pub_date``) and
``failures``; Stage 2 ``copies``, ``propositions``, ``disputes``,
``dispute_statements``. See docs/spark.md.
"""

from __future__ import annotations

from typing import Any


def run(spark: Any, inputs: list[str], out: str, **kwargs: Any) -> dict[str, Any]:
    """See :func:`counterclaim.spark.job.run`."""
    from .job import run as _run

    return _run(spark, inputs, out, **kwargs)


__all__ = ["run"]
