"""Stage 2: across articles. Reads the Stage 1 tables under ``out`` and writes
``copies``, ``propositions``, ``disputes`` and ``dispute_statements``.

The decisions are the corpus store's (:mod:`counterclaim.corpus.linking`), made at
scale without comparing all pairs:

1. Exact duplicates: same ``text_hash`` or same ``url_key``; the first article
   (ingest order, below) is kept, the others are ``duplicate`` copies.
2. Syndicated copies: MinHash LSH bands (``linking.lsh_bands`` of the signature
   Stage 1 computed) give candidate pairs; ``linking.estimate_overlap`` and
   ``linking.is_syndicated`` decide; each connected group is linked to its first
   article, and its copies' statements are left out of every count.
3. Propositions: every in-article proposition (or statement without one) of an
   original article gets ``linking.proposition_signature``; candidates share a
   signature key or a MinHash LSH band over the keys; ``proposition_similarity >=
   LINK_THRESHOLD`` links them; inside each linked group the store's own rule runs
   in ingest order (a unit joins the best-scoring earlier proposition, else starts
   one, whose signature is its first unit's), so Spark and ``counterclaim
   ingest`` group the same units when they read the articles in the same order.
4. Disputes: propositions with an asserting and a denying speaker (two speakers at
   least), with per-side speakers, statements, outlets (syndicated copies'
   included), first and last dates and evidence counts.

Ingest order is publication date, then the ``published`` string, then article id
(``counterclaim load`` stores articles in this order too).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from ..corpus import linking
from .graph import candidate_pairs, components

SEP = "\x1f"
OUT_TABLES = ("copies", "propositions", "disputes", "dispute_statements")

SIDE_DDL = ("struct<side:string, speakers:array<string>, n_statements:int, "
            "outlets:array<string>, first_date:string, last_date:string, "
            "evidence:map<string,int>>")
DDL = {
    "copies": "article_id string, original_id string, kind string, similarity double",
    "propositions": ("id string, text string, sig_terms array<string>, "
                     "sig_entities array<string>, units array<string>, n_units int, "
                     "n_statements int, n_articles int, first_date string, last_date string"),
    "disputes": ("id string, proposition string, proposition_text string, "
                 "asserting_by array<string>, denying_by array<string>, "
                 "hedging_by array<string>, n_asserting int, n_denying int, n_hedging int, "
                 "n_statements int, n_articles int, n_copies int, outlets array<string>, "
                 f"first_date string, last_date string, sides array<{SIDE_DDL}>"),
    "dispute_statements": ("dispute_id string, proposition string, statement_id string, "
                           "article_id string, side string, stance string, "
                           "speaker_key string, speaker string, outlet string, "
                           "published_date string, evidence string, content string, "
                           "copy_outlets array<string>"),
}


def stable_id(prefix: str, key: str) -> str:
    """A short id from a key: ``prefix`` + 16 hex digits of SHA-256 (as :func:`_id_col`)."""
    return prefix + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _id_col(prefix: str, col: str) -> Any:
    from pyspark.sql import functions as F

    return F.concat(F.lit(prefix), F.substring(F.sha2(F.col(col), 256), 1, 16))


def _article_id_col(col: str) -> Any:
    from pyspark.sql import functions as F

    return F.element_at(F.split(F.col(col), SEP, 3), 3)


def order_key_col() -> Any:
    from pyspark.sql import functions as F

    return F.concat_ws(SEP, F.coalesce(F.col("published_date"), F.lit("9999-99-99")),
                       F.coalesce(F.col("published"), F.lit("")), F.col("id"))


def id_of(okey: str) -> str:
    return okey.split(SEP, 2)[2]


# --- articles: duplicates and syndicated copies --------------------------------------

def _band_rows(row: Any) -> Iterable[tuple[str, str]]:
    sig = tuple(row["minhash"] or ())
    if not sig or (row["n_shingles"] or 0) < linking.MIN_SHINGLES:
        return []
    return [(f"b{b}", row["okey"]) for b in linking.lsh_bands(sig)]


def _overlap(pair: Any) -> tuple[str, str, float, float, bool]:
    j, c = linking.estimate_overlap(tuple(pair["sa"]), pair["na"], tuple(pair["sb"]),
                                    pair["nb"])
    return (pair["a"], pair["b"], float(j), float(c),
            linking.is_syndicated(j, c, pair["na"], pair["nb"]))


def find_copies(spark: Any, arts: Any) -> Any:
    """``arts`` (with ``okey``) → DataFrame ``copies`` (article_id, original_id, kind,
    similarity) for duplicates and syndicated copies."""
    from pyspark.sql import functions as F

    keyed = (arts.select(F.concat(F.lit("t:"), "text_hash").alias("key"),
                         F.col("okey").alias("node"))
             .unionByName(arts.where(F.col("url_key").isNotNull())
                          .select(F.concat(F.lit("u:"), "url_key").alias("key"),
                                  F.col("okey").alias("node"))))
    dup = components(candidate_pairs(keyed, all_pairs_max=1)).where("node != root")
    dups = dup.select(F.col("node").alias("okey"), F.col("root").alias("orig"),
                      F.lit("duplicate").alias("kind"), F.lit(1.0).alias("similarity"))
    kept = arts.join(dup.select(F.col("node").alias("okey")), "okey", "left_anti")
    bands = spark.createDataFrame(kept.select("okey", "minhash", "n_shingles").rdd
                                  .flatMap(_band_rows), "key string, node string")
    sig = kept.select("okey", "minhash", "n_shingles")
    pairs = candidate_pairs(bands)
    scored_pairs = (pairs
                    .join(sig.select(F.col("okey").alias("a"), F.col("minhash").alias("sa"),
                                     F.col("n_shingles").alias("na")), "a")
                    .join(sig.select(F.col("okey").alias("b"), F.col("minhash").alias("sb"),
                                     F.col("n_shingles").alias("nb")), "b"))
    scored = spark.createDataFrame(scored_pairs.rdd.map(_overlap),
                                   "a string, b string, j double, c double, ok boolean")
    edges = scored.where("ok").select("a", "b").cache()
    synd = components(edges).where("node != root")
    # Similarity to the original: the pair's estimate when they were compared directly.
    direct = scored.select(F.col("a").alias("root"), F.col("b").alias("node"),
                           F.col("c").alias("similarity"))
    synd = (synd.join(direct, ["root", "node"], "left")
            .select(F.col("node").alias("okey"), F.col("root").alias("orig"),
                    F.lit("syndicated").alias("kind"), "similarity"))
    both = dups.unionByName(synd)
    return both.select(_article_id_col("okey").alias("article_id"),
                       _article_id_col("orig").alias("original_id"),
                       "kind", F.col("similarity").cast("double"))


# --- propositions ---------------------------------------------------------------------

def _unit_keys(row: Any) -> list[tuple[str, str]]:
    sig = linking.PropositionSignature(frozenset(row["sig_terms"]),
                                       frozenset(row["sig_entities"]))
    keys = sig.index_keys()
    out = [(f"k:{k}", row["ukey"]) for k in keys]
    hashed = {int(hashlib.blake2b(k.encode(), digest_size=4).hexdigest(), 16) for k in keys}
    out += [(f"b{b}", row["ukey"]) for b in linking.lsh_bands(linking.minhash(hashed))]
    return out


def _sig(terms: Iterable[str], entities: Iterable[str]) -> linking.PropositionSignature:
    return linking.PropositionSignature(frozenset(terms), frozenset(entities))


def _score(pair: Any) -> tuple[str, str, float]:
    s = linking.proposition_similarity(_sig(pair["ta"], pair["ea"]),
                                       _sig(pair["tb"], pair["eb"]))
    return pair["a"], pair["b"], float(s)


def leader_groups(units: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """The corpus store's linking rule over one linked group, in ingest order: each
    unit joins the best-scoring earlier proposition (score ``>= LINK_THRESHOLD``,
    compared with that proposition's first signature), else starts one. A proposition
    takes the first asserting unit's wording. Returns ``(unit, leader, text)``."""
    leaders: list[tuple[str, linking.PropositionSignature, frozenset[str]]] = []
    text: dict[str, tuple[str, str | None]] = {}
    assigned: list[tuple[str, str]] = []
    for u in sorted(units, key=lambda x: x["ukey"]):
        sig = _sig(u["sig_terms"], u["sig_entities"])
        keys = frozenset(sig.index_keys())
        best: tuple[float, int, str] | None = None
        for lead, lsig, lkeys in leaders:
            shared = len(keys & lkeys)
            if not shared:
                continue
            score = linking.proposition_similarity(sig, lsig)
            if score >= linking.LINK_THRESHOLD and (best is None or score > best[0]):
                best = (score, shared, lead)
        if best is None:
            leaders.append((u["ukey"], sig, keys))
            text[u["ukey"]] = (u["text"], u["text_side"])
            assigned.append((u["ukey"], u["ukey"]))
            continue
        lead = best[2]
        if u["text_side"] == "asserting" and text[lead][1] != "asserting":
            text[lead] = (u["text"], "asserting")
        assigned.append((u["ukey"], lead))
    return [(unit, lead, text[lead][0]) for unit, lead in assigned]


def link_propositions(spark: Any, units: Any, partitions: int) -> Any:
    """``units`` (ukey, sig_terms, sig_entities, text, text_side) → (ukey, leader, text)."""
    from pyspark.sql import functions as F

    keyed = spark.createDataFrame(units.select("ukey", "sig_terms", "sig_entities").rdd
                                  .flatMap(_unit_keys), "key string, node string")
    pairs = candidate_pairs(keyed, all_pairs_max=256)
    sig = units.select("ukey", "sig_terms", "sig_entities")
    with_sigs = (pairs
                 .join(sig.select(F.col("ukey").alias("a"), F.col("sig_terms").alias("ta"),
                                  F.col("sig_entities").alias("ea")), "a")
                 .join(sig.select(F.col("ukey").alias("b"), F.col("sig_terms").alias("tb"),
                                  F.col("sig_entities").alias("eb")), "b"))
    scored = spark.createDataFrame(with_sigs.rdd.map(_score), "a string, b string, s double")
    edges = scored.where(F.col("s") >= linking.LINK_THRESHOLD).select("a", "b")
    comp = components(edges)
    grouped = (units.join(comp.withColumnRenamed("node", "ukey"), "ukey", "left")
               .withColumn("root", F.coalesce("root", "ukey")))
    rows = (grouped.select("root", F.struct("ukey", "sig_terms", "sig_entities", "text",
                                            "text_side").alias("u"))
            .rdd.map(lambda r: (r["root"], r["u"].asDict()))
            .groupByKey(numPartitions=partitions)
            .flatMap(lambda kv: leader_groups(list(kv[1]))))
    return spark.createDataFrame(rows, "ukey string, leader string, text string")


# --- disputes -------------------------------------------------------------------------

_SIDES = ("asserting", "denying", "hedging")


def dispute_of(pid: str, stmts: list[dict[str, Any]], names: dict[str, str]
               ) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The dispute a proposition's statements make, if they make one (the corpus's
    rule: an asserting and a denying speaker, two speakers at least)."""
    keys = {side: {s["speaker_key"] for s in stmts if s["side"] == side}
            for side in (*_SIDES, "other")}
    if not keys["asserting"] or not keys["denying"] \
            or len(keys["asserting"] | keys["denying"]) < 2:
        return None
    did = stable_id("D", pid)
    sides = []
    for side in (*_SIDES, "other"):
        mine = [s for s in stmts if s["side"] == side]
        if not mine:
            continue
        dates = sorted({d for s in mine for d in [s["published_date"], *s["copy_dates"]] if d})
        evidence: dict[str, int] = {}
        for s in mine:
            evidence[s["evidence"]] = evidence.get(s["evidence"], 0) + 1
        sides.append({
            "side": side, "speakers": sorted({names.get(k, k) for k in keys[side]}),
            "n_statements": len(mine),
            "outlets": sorted({o for s in mine for o in [s["outlet"], *s["copy_outlets"]] if o}),
            "first_date": dates[0] if dates else None,
            "last_date": dates[-1] if dates else None, "evidence": evidence})
    art_dates = sorted(s["published_date"] for s in stmts if s["published_date"])
    arts = {s["article_id"] for s in stmts}
    copies = {(s["article_id"], o) for s in stmts for o in s["copy_outlets"]}
    head = {
        "id": did, "proposition": pid, "proposition_text": stmts[0]["proposition_text"],
        **{f"{side}_by": sorted({names.get(k, k) for k in keys[side]}) for side in _SIDES},
        **{f"n_{side}": len(keys[side]) for side in _SIDES},
        "n_statements": len(stmts), "n_articles": len(arts), "n_copies": len(copies),
        "outlets": sorted({o for s in stmts for o in [s["outlet"], *s["copy_outlets"]] if o}),
        "first_date": art_dates[0] if art_dates else None,
        "last_date": art_dates[-1] if art_dates else None, "sides": sides,
    }
    rows = [{"dispute_id": did, "proposition": pid, "statement_id": s["id"],
             "article_id": s["article_id"], "side": s["side"], "stance": s["stance"],
             "speaker_key": s["speaker_key"], "speaker": names.get(s["speaker_key"]),
             "outlet": s["outlet"], "published_date": s["published_date"],
             "evidence": s["evidence"], "content": s["content"],
             "copy_outlets": list(s["copy_outlets"])}
            for s in sorted(stmts, key=lambda s: (s["published_date"] or "9999",
                                                  s["article_id"], s["position"]))]
    return head, rows


def _cols(ddl: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in ddl:
        depth += ch in "<("
        depth -= ch in ">)"
        if ch == "," and depth == 0:
            out.append(cur.strip().split(" ", 1)[0])
            cur = ""
        else:
            cur += ch
    out.append(cur.strip().split(" ", 1)[0])
    return out


def _tuple(table: str, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row.get(c) for c in _cols(DDL[table]))


# --- the stage ------------------------------------------------------------------------

def run_stage2(spark: Any, out: str, *, partitions: int = 0) -> dict[str, int]:
    """Link the Stage 1 output under ``out``; write the Stage 2 tables; return counts."""
    from pyspark.sql import functions as F

    base = out.rstrip("/")
    partitions = partitions or max(2, spark.sparkContext.defaultParallelism * 2)
    arts = (spark.read.parquet(f"{base}/articles")
            .select("id", "published", "published_date", "outlet", "text_hash", "url_key",
                    "n_shingles", "minhash")
            .withColumn("okey", order_key_col()).cache())
    copies = find_copies(spark, arts).cache()
    copies.write.mode("overwrite").parquet(f"{base}/copies")

    originals = arts.join(copies.select(F.col("article_id").alias("id")), "id", "left_anti")
    units = (spark.read.parquet(f"{base}/article_propositions")
             .where(F.size("sig_terms") > 0).where(F.col("first_position").isNotNull())
             .join(originals.select(F.col("id").alias("article_id"), "okey",
                                    "published_date"), "article_id")
             .withColumn("ukey", F.concat_ws(SEP, "okey",
                                              F.lpad(F.col("first_position").cast("string"),
                                                     6, "0")))
             .cache())
    linked = link_propositions(spark, units, partitions)
    unit_prop = (units.select("unit", "ukey").join(linked, "ukey")
                 .withColumn("pid", _id_col("P", "leader"))
                 .cache())

    stmts = (spark.read.parquet(f"{base}/statements")
             .join(unit_prop.select("unit", "pid", F.col("text").alias("proposition_text")),
                   "unit"))
    copy_info = (copies.where(F.col("kind") == "syndicated")
                 .join(arts.select(F.col("id").alias("article_id"),
                                   F.col("outlet").alias("c_outlet"),
                                   F.col("published_date").alias("c_date")), "article_id")
                 .groupBy(F.col("original_id").alias("article_id"))
                 .agg(F.collect_list("c_outlet").alias("copy_outlets"),
                      F.collect_list("c_date").alias("copy_dates")))
    empty = F.array().cast("array<string>")
    stmts = (stmts.join(copy_info, "article_id", "left")
             .withColumn("copy_outlets", F.coalesce("copy_outlets", empty))
             .withColumn("copy_dates", F.coalesce("copy_dates", empty))
             .join(arts.select(F.col("id").alias("article_id"), "okey"), "article_id"))
    # The name the corpus shows for each merged speaker: the first one it met.
    names = dict(stmts.groupBy("speaker_key")
                 .agg(F.min(F.struct(F.concat_ws(SEP, "okey", F.lpad(
                     F.col("position").cast("string"), 6, "0")), "speaker_display"))
                      .alias("m"))
                 .select("speaker_key", "m.speaker_display").collect())
    names_b = spark.sparkContext.broadcast(names)
    keep = ["id", "article_id", "position", "side", "stance", "speaker_key", "outlet",
            "published_date", "evidence", "content", "proposition_text", "copy_outlets",
            "copy_dates"]
    by_prop = (stmts.select("pid", *keep).rdd
               .map(lambda r: (r["pid"], {k: r[k] for k in keep}))
               .groupByKey(numPartitions=partitions)
               .map(lambda kv: dispute_of(kv[0], list(kv[1]), names_b.value))
               .filter(lambda d: d is not None).cache())
    disputes = spark.createDataFrame(by_prop.map(lambda d: _tuple("disputes", d[0])),
                                     DDL["disputes"])
    disputes.write.mode("overwrite").parquet(f"{base}/disputes")
    dst = spark.createDataFrame(by_prop.flatMap(lambda d: [_tuple("dispute_statements", r)
                                                           for r in d[1]]),
                                DDL["dispute_statements"])
    dst.write.mode("overwrite").parquet(f"{base}/dispute_statements")

    props = (unit_prop.join(units.select("ukey", "article_id", "statements",
                                         "published_date"), "ukey")
             .groupBy("pid")
             .agg(F.first("text").alias("text"), F.sort_array(F.collect_list("unit"))
                  .alias("units"), F.count("*").alias("n_units"),
                  F.sum(F.size("statements")).alias("n_statements"),
                  F.countDistinct("article_id").alias("n_articles"),
                  F.min("published_date").alias("first_date"),
                  F.max("published_date").alias("last_date"), F.min("leader").alias("leader")))
    props = (props.join(units.select(F.col("ukey").alias("leader"), "sig_terms",
                                     "sig_entities"), "leader")
             .select(F.col("pid").alias("id"), "text", "sig_terms", "sig_entities", "units",
                     F.col("n_units").cast("int"), F.col("n_statements").cast("int"),
                     F.col("n_articles").cast("int"), "first_date", "last_date"))
    props.write.mode("overwrite").parquet(f"{base}/propositions")
    result = {
        "duplicates": copies.where(F.col("kind") == "duplicate").count(),
        "syndicated": copies.where(F.col("kind") == "syndicated").count(),
        "propositions": spark.read.parquet(f"{base}/propositions").count(),
        "disputes": spark.read.parquet(f"{base}/disputes").count(),
    }
    for df in (arts, copies, units, unit_prop):
        df.unpersist()
    by_prop.unpersist()
    return result
