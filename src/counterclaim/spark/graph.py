"""Candidate pairs without all-pairs, and connected components, on Spark DataFrames.

Blocking: rows sharing a key (a MinHash LSH band, a rare proposition term) are
candidates. A small bucket gives all its pairs; a large one (a wire story copied
by a thousand outlets, a very common word) gives only star pairs to its lowest
member, so no bucket costs more than ``n`` pairs past ``ALL_PAIRS_MAX``.

Components: iterative minimum-label propagation over an edge list, labels being
sortable strings, so each component is labelled with its least member.
"""

from __future__ import annotations

from typing import Any

ALL_PAIRS_MAX = 64        # buckets up to this size: every pair; larger: star pairs
MAX_ITERATIONS = 40
LOCAL_MAX_EDGES = 2_000_000  # verified edges up to this many: union-find on the driver


def candidate_pairs(keyed: Any, *, all_pairs_max: int = ALL_PAIRS_MAX) -> Any:
    """``keyed``: DataFrame ``(key, node)`` → DataFrame ``(a, b)`` with ``a < b``, distinct."""
    from pyspark.sql import functions as F

    buckets = (keyed.groupBy("key")
               .agg(F.sort_array(F.collect_set("node")).alias("nodes"))
               .where(F.size("nodes") > 1))
    small = buckets.where(F.size("nodes") <= all_pairs_max)
    large = buckets.where(F.size("nodes") > all_pairs_max)
    x = small.select("key", F.explode("nodes").alias("a"))
    y = small.select("key", F.explode("nodes").alias("b"))
    all_pairs = x.join(y, "key").where(F.col("a") < F.col("b")).select("a", "b")
    star = large.select(F.col("nodes")[0].alias("a"),
                        F.explode(F.slice("nodes", 2, 1 << 30)).alias("b"))
    return all_pairs.unionByName(star).distinct()


def union_find(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """node → least node of its component."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            parent[hi] = lo
    return {x: find(x) for x in list(parent)}


def components(edges: Any, *, max_iterations: int = MAX_ITERATIONS,
               local_max_edges: int = LOCAL_MAX_EDGES) -> Any:
    """``edges``: DataFrame ``(a, b)`` of string nodes → ``(node, root)`` for every node
    on an edge, ``root`` being the least node of its connected component.

    Verified edges are few next to the rows (copies, linked propositions): up to
    ``local_max_edges`` they are joined on the driver with union-find (one small
    collect); beyond, label propagation runs on the cluster."""
    from pyspark.sql import functions as F

    spark = edges.sparkSession
    small = edges.select("a", "b").limit(local_max_edges + 1).collect()
    if len(small) <= local_max_edges:
        roots = union_find([(r["a"], r["b"]) for r in small])
        return spark.createDataFrame(sorted(roots.items()), "node string, root string")

    both = (edges.select("a", "b")
            .unionByName(edges.select(F.col("b").alias("a"), F.col("a").alias("b")))
            .distinct().cache())
    labels = (both.groupBy("a").agg(F.least(F.min("b"), F.first("a")).alias("root"))
              .withColumnRenamed("a", "node").cache())
    for _ in range(max_iterations):
        pushed = (both.join(labels.withColumnRenamed("node", "a"), "a")
                  .select(F.col("b").alias("node"), "root"))
        new = (labels.unionByName(pushed).groupBy("node").agg(F.min("root").alias("root"))
               .localCheckpoint())
        changed = (new.alias("n").join(labels.alias("o"), "node")
                   .where(F.col("n.root") != F.col("o.root")).limit(1).count())
        labels.unpersist()
        labels = new
        if not changed:
            break
    both.unpersist()
    return labels
