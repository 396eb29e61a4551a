"""Stage 2: across articles. Reads the Stage 1 tables under ``out`` and writes
``copies``, ``propositions``, ``disputes``, ``dispute_statements`` and
``linked_statements``.

Every decision is :mod:`counterclaim.link`'s, the very functions the corpus store
calls; Spark only finds the candidates without comparing all pairs and feeds each
group to them in ingest order (publication date, then the ``published`` string,
then article id — ``counterclaim load`` stores articles in this order too):

1. Exact duplicates: same ``text_hash`` or same ``url_key``; the first article is
   kept, the others are ``duplicate`` copies.
2. Syndicated copies: MinHash LSH bands give candidate pairs;
   ``link.copies.estimate_overlap`` / ``is_syndicated`` decide; each connected group
   is linked to its first article, and its copies' statements are left out of every
   count.
3. Stories: ``link.stories`` over each original article's story words, on the driver
   in ingest order (``stories``: article_id, story).
3b. Speakers: ``link.speakers.name_speakers`` names each article's speakers, knowing
   the states (government speakers) of the articles before it, and
   ``link.speakers.story_names`` reads a surname alone as the one full name the
   story's earlier articles (or the article itself) give it.
4. Propositions: the article propositions (Stage 1 ``article_propositions``) are the
   units; candidates share a signature key or an LSH band over the keys; scored
   pairs at ``link.propositions.THRESHOLD`` make linked groups, and inside each group
   ``link.propositions.best_match`` runs in ingest order (a unit joins the best
   earlier proposition, else starts one), as the store does unit by unit.
5. Disputes: ``link.disputes`` over each proposition's statements (one side per
   speaker; asserted and denied), with the per-side summary.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..link import copies as copy_rule
from ..link.propositions import THRESHOLD
from . import grouped
from .graph import candidate_pairs, components

SEP = grouped.SEP
OUT_TABLES = ("copies", "stories", "propositions", "disputes", "dispute_statements",
              "linked_statements")

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
    "linked_statements": ("statement_id string, article_id string, position int, "
                          "proposition string, side string, speaker_key string, "
                          "speaker string"),
}


stable_id = grouped.stable_id


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


# --- articles: duplicates and syndicated copies --------------------------------------

def _band_rows(row: Any) -> Iterable[tuple[str, str]]:
    sig = tuple(row["minhash"] or ())
    if not sig or (row["n_shingles"] or 0) < copy_rule.MIN_SHINGLES:
        return []
    return [(f"b{b}", row["okey"]) for b in copy_rule.lsh_bands(sig)]


def _overlap(pair: Any) -> tuple[str, str, float, float, bool]:
    j, c = copy_rule.estimate_overlap(tuple(pair["sa"]), pair["na"], tuple(pair["sb"]),
                                      pair["nb"])
    return (pair["a"], pair["b"], float(j), float(c),
            copy_rule.is_syndicated(j, c, pair["na"], pair["nb"]))


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


def _corpus_sides(stmts: Any) -> Any:
    """Each statement's side once its unit joined a proposition
    (``link.voice.corpus_side``: an assertion in the proposition of its outlet's
    debunking voice is a relay), as the store decides it."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType

    from ..link.voice import VOICE, corpus_side

    voices = (stmts.where(F.col("speaker_kind") == VOICE)
              .select("article_id", F.col("side").alias("voice_side"),
                      F.col("pid").alias("voice_pid")))
    rule = F.udf(corpus_side, StringType())
    return (stmts.join(voices, "article_id", "left")
            .withColumn("side", rule("side", "pid", "voice_side", "voice_pid"))
            .drop("voice_side", "voice_pid"))


# --- propositions ---------------------------------------------------------------------

def link_propositions(spark: Any, units: Any, partitions: int) -> Any:
    """``units`` (ukey, sig_terms, sig_entities, text, text_side) → (ukey, leader, text)."""
    from pyspark.sql import functions as F

    keyed = spark.createDataFrame(units.select("ukey", "sig_terms", "sig_entities").rdd
                                  .flatMap(grouped.unit_keys), "key string, node string")
    pairs = candidate_pairs(keyed, all_pairs_max=256)
    sig = units.select("ukey", "sig_terms", "sig_entities")
    with_sigs = (pairs
                 .join(sig.select(F.col("ukey").alias("a"), F.col("sig_terms").alias("ta"),
                                  F.col("sig_entities").alias("ea")), "a")
                 .join(sig.select(F.col("ukey").alias("b"), F.col("sig_terms").alias("tb"),
                                  F.col("sig_entities").alias("eb")), "b"))
    scored = spark.createDataFrame(with_sigs.rdd.map(grouped.score_pair),
                                   "a string, b string, s double")
    edges = scored.where(F.col("s") >= THRESHOLD).select("a", "b")
    # The units holding the outlets' voices of one story share its claim proposition.
    voiced = units.where(F.col("voice") & F.col("story").isNotNull()).select("story", "ukey")
    first = voiced.groupBy("story").agg(F.min("ukey").alias("a"))
    edges = edges.unionByName(first.join(voiced, "story").where(F.col("a") != F.col("ukey"))
                              .select("a", F.col("ukey").alias("b")))
    comp = components(edges)
    by_root = (units.join(comp.withColumnRenamed("node", "ukey"), "ukey", "left")
               .withColumn("root", F.coalesce("root", "ukey")))
    rows = (by_root.select("root", F.struct("ukey", "sig_terms", "sig_entities", "text",
                                            "text_side", "story", "voice").alias("u"))
            .rdd.map(lambda r: (r["root"], r["u"].asDict()))
            .groupByKey(numPartitions=partitions)
            .flatMap(lambda kv: grouped.leader_groups(list(kv[1]))))
    return spark.createDataFrame(rows, "ukey string, leader string, text string")


def assign_stories(spark: Any, base: str, originals: Any) -> Any:
    """``(article_id, story)`` for every original article: ``link.stories`` run on the
    driver over the articles' story words (computed on the executors) in ingest order,
    as the store places them one by one."""
    from ..link.stories import story_words

    def words(r: Any) -> tuple[str, str, dict[str, int]]:
        text = r["text"] or ""
        return r["okey"], r["id"], story_words(r["title"], text[r["body_start"] or 0:
                                                                r["body_end"]])

    texts = (spark.read.parquet(f"{base}/articles")
             .select("id", "title", "text", "body_start", "body_end")
             .join(originals.select("id", "okey"), "id"))
    rows = grouped.story_of_articles(texts.rdd.map(words).collect())
    return spark.createDataFrame(rows, "article_id string, story string")


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

def name_speakers(spark: Any, originals: Any, stories: Any) -> Any:
    """``(article_id, speaker_ref, speaker_key, speaker)`` for every speaker of every
    original article, named by ``link.speakers`` as the store names them (each article
    knowing the government speakers of the articles before it, and the people its
    story's earlier articles name in full); ``speaker`` is the display name of the
    key's first naming."""
    from pyspark.sql import functions as F

    rows = (originals.select("id", "okey", "speaker_refs")
            .join(stories.select(F.col("article_id").alias("id"), "story"), "id", "left"))
    first: dict[str, str] = {}
    for state, okey in rows.rdd.flatMap(grouped.government_states).collect():
        if state not in first or okey < first[state]:
            first[state] = okey
    first_b = spark.sparkContext.broadcast(first)
    people: dict[Any, list[tuple[str, str]]] = {}
    for story, okey, person in rows.rdd.flatMap(
            lambda r: grouped.people_rows(r, first_b.value)).collect():
        people.setdefault(story, []).append((okey, person))
    people_b = spark.sparkContext.broadcast(people)
    named = spark.createDataFrame(
        rows.rdd.flatMap(lambda r: grouped.speaker_rows(r, first_b.value, people_b.value)),
        "article_id string, speaker_ref string, speaker_key string, display string, "
        "sort string")
    shown = (named.groupBy("speaker_key")
             .agg(F.min(F.struct("sort", "display")).alias("m"))
             .select("speaker_key", F.col("m.display").alias("speaker")))
    return named.join(shown, "speaker_key").select("article_id", "speaker_ref",
                                                   "speaker_key", "speaker")


def run_stage2(spark: Any, out: str, *, partitions: int = 0) -> dict[str, int]:
    """Link the Stage 1 output under ``out``; write the Stage 2 tables; return counts."""
    from pyspark.sql import functions as F

    base = out.rstrip("/")
    partitions = partitions or max(2, spark.sparkContext.defaultParallelism * 2)
    arts = (spark.read.parquet(f"{base}/articles")
            .select("id", "published", "published_date", "outlet", "text_hash", "url_key",
                    "n_shingles", "minhash", "speaker_refs")
            .withColumn("okey", order_key_col()).cache())
    copies = find_copies(spark, arts).cache()
    copies.write.mode("overwrite").parquet(f"{base}/copies")

    originals = arts.join(copies.select(F.col("article_id").alias("id")), "id", "left_anti")
    stories = assign_stories(spark, base, originals).cache()
    stories.write.mode("overwrite").parquet(f"{base}/stories")
    speakers = name_speakers(spark, originals, stories).cache()
    units = (spark.read.parquet(f"{base}/article_propositions")
             .where(F.col("first_position").isNotNull())
             .join(originals.select(F.col("id").alias("article_id"), "okey",
                                    "published_date"), "article_id")
             .join(stories, "article_id", "left")
             .withColumn("ukey", F.concat_ws(SEP, "okey",
                                              F.lpad(F.col("first_position").cast("string"),
                                                     6, "0")))
             .cache())
    linked = link_propositions(spark, units, partitions)
    unit_prop = (units.select("unit", "ukey").join(linked, "ukey")
                 .withColumn("pid", _id_col("P", "leader"))
                 .cache())

    stmts = (_corpus_sides(spark.read.parquet(f"{base}/statements")
                           .join(unit_prop.select("unit", "pid",
                                                  F.col("text").alias("proposition_text")),
                                 "unit"))
             .join(speakers, ["article_id", "speaker_ref"]))
    (stmts.select(F.col("id").alias("statement_id"), "article_id", "position",
                  F.col("pid").alias("proposition"), "side", "speaker_key", "speaker")
     .write.mode("overwrite").parquet(f"{base}/linked_statements"))
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
    names = dict(speakers.select("speaker_key", "speaker").distinct().collect())
    names_b = spark.sparkContext.broadcast(names)
    keep = ["id", "article_id", "okey", "position", "side", "stance", "speaker_key", "outlet",
            "published_date", "evidence", "content", "proposition_text", "copy_outlets",
            "copy_dates"]
    by_prop = (stmts.select("pid", *keep).rdd
               .map(lambda r: (r["pid"], {k: r[k] for k in keep}))
               .groupByKey(numPartitions=partitions)
               .map(lambda kv: grouped.dispute_of(kv[0], list(kv[1]), names_b.value))
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
    result["stories"] = stories.select("story").distinct().count()
    for df in (arts, copies, units, unit_prop, speakers, stories):
        df.unpersist()
    by_prop.unpersist()
    return result
