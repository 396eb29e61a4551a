"""Exports of a corpus: statements as JSON Lines, CSV or Parquet; disputes as ClaimReview.

The store answers queries; this module shapes what it answers into files.

Statements (``jsonl``, ``csv``, ``parquet``): one flat row per statement with its
article's and speaker's fields, its ``side`` and its corpus ``proposition_id``. The
JSON Lines export also lists every syndicated copy as ``{"article_ext_id": ID,
"copy_of": ORIGINAL_EXT_ID}`` after the statements (a copy is stored without
statements; a reader such as ``shared/tools/claims_score.py`` gives it the
original's). ``claimreview``: one schema.org ClaimReview-style JSON-LD object per
dispute, which rates nothing (counterclaim does not judge truth).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import CounterclaimError, StoreError
from ..store import Store

FORMATS = ("jsonl", "csv", "parquet", "claimreview", "datasette")

STATEMENT_FIELDS = (
    "statement_id", "statement_ext_id", "article_id", "article_ext_id", "article_title", "article_outlet",
    "article_url", "article_published", "article_date", "article_source", "speaker_id",
    "speaker_name", "speaker_kind", "speaker_text", "resolved_by", "anonymous", "cue",
    "cue_lemma", "cue_class", "content", "content_start", "content_end", "kind", "stance",
    "side", "hedged", "hedges", "evidence", "confidence", "negated", "proposition_id", "story_id",
    "statement_uid", "article_uid", "speaker_uid", "proposition_uid")
_PARQUET_TYPES = {
    "statement_id": "int64", "article_id": "int64", "speaker_id": "int64",
    "content_start": "int64", "content_end": "int64", "proposition_id": "int64",
    "story_id": "int64",
    "anonymous": "bool_", "hedged": "bool_", "negated": "bool_", "confidence": "float64",
}


def statement_row(s: dict[str, Any]) -> dict[str, Any]:
    """A statement as the store gives it → one flat export row."""
    a, sp, cue = s["article"], s["speaker"], s["cue"]
    return {
        "statement_id": s["id"], "statement_ext_id": s["ext_id"], "article_id": s["article_id"],
        "article_ext_id": a["ext_id"],
        "article_title": a["title"], "article_outlet": a["outlet"], "article_url": a["url"],
        "article_published": a["published"], "article_date": a["date"],
        "article_source": a["source"], "speaker_id": sp["id"], "speaker_name": sp["name"],
        "speaker_kind": sp["kind"], "speaker_text": sp["text"],
        "resolved_by": sp["resolved_by"], "anonymous": sp["anonymous"], "cue": cue["text"],
        "cue_lemma": cue["lemma"], "cue_class": cue["class"], "content": s["content"]["text"],
        "content_start": s["content"]["start"], "content_end": s["content"]["end"],
        "kind": s["kind"], "stance": s["stance"], "side": s["side"], "hedged": s["hedged"],
        "hedges": "; ".join(s["hedges"]), "evidence": s["evidence"],
        "confidence": s["confidence"], "negated": s["negated"],
        "proposition_id": s["proposition_id"],
        "story_id": s["story_id"],
        # stable ids (the same after a rebuild): store/uids.py
        "statement_uid": s.get("uid"), "article_uid": a.get("uid"),
        "speaker_uid": sp.get("uid"), "proposition_uid": s.get("proposition_uid"),
    }


def statement_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Every statement of the corpus as a flat export row."""
    return (statement_row(s) for s in store.iter_statements())


def copy_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Every syndicated copy as ``{"article_ext_id", "copy_of"}`` (input ids)."""
    return ({"article_ext_id": c["ext_id"], "copy_of": c["original_ext_id"]}
            for c in store.iter_copies())


def claimreview(store: Store, dispute_id: int) -> dict[str, Any]:
    """A schema.org ClaimReview-style JSON-LD object for one dispute. It gives no
    rating: it records the claim, its claimants, where it appeared and who disputed it."""
    d = store.dispute(dispute_id)
    asserting = d["sides"].get("asserting", {})

    def agent(sp: dict[str, Any]) -> dict[str, Any]:
        return {"@type": "Person" if sp["kind"] == "person" else "Organization",
                "name": sp["name"]}

    appearances = [{"@type": "CreativeWork", "url": a.get("url"),
                    "datePublished": a.get("date") or a.get("published"),
                    "headline": a.get("title"),
                    "publisher": {"@type": "Organization", "name": a["outlet"]}
                    if a.get("outlet") else None} for a in d["appearances"]]
    claimants = [agent(sp) for sp in asserting.get("speakers", [])]
    return _no_nulls({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": f"counterclaim-dispute-{d['id']}",
        "claimReviewed": d["proposition"],
        "claimant": claimants,
        "itemReviewed": {
            "@type": "Claim",
            "author": claimants,
            "datePublished": asserting.get("first_date"),
            "appearance": appearances,
            "firstAppearance": appearances[0] if appearances else None,
        },
        "counterclaim": {  # extension: the dispute as counterclaim read it; no rating
            side: {"speakers": [sp["name"] for sp in v["speakers"]],
                   "outlets": v["outlets"], "first_date": v["first_date"],
                   "last_date": v["last_date"], "evidence": v["evidence"]}
            for side, v in d["sides"].items()},
    })


def _no_nulls(obj: Any) -> Any:
    """JSON-LD without null properties (an unknown date is left out, not stated)."""
    if isinstance(obj, dict):
        return {k: _no_nulls(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [_no_nulls(v) for v in obj]
    return obj


def _disputes(store: Store) -> Iterator[dict[str, Any]]:
    offset = 0
    while page := store.disputes(limit=500, offset=offset):
        yield from page
        offset += 500


def write(store: Store, fmt: str, output: str = "-") -> int:
    """Write the export ``fmt`` to ``output`` (a path, or ``-`` for stdout); return the
    number of rows written (statements, copies, or disputes)."""
    if fmt not in FORMATS:
        raise CounterclaimError(f"unknown export format {fmt!r}; give one of "
                                f"{', '.join(FORMATS)}")
    if fmt == "datasette":
        from .datasette import metadata

        text = json.dumps(metadata(store.path), indent=2, ensure_ascii=False) + "\n"
        if output == "-":
            sys.stdout.write(text)
        else:
            with _open_out(output) as fh:
                fh.write(text)
        return len(metadata(store.path)["databases"][store.path.stem]["tables"])
    if fmt == "parquet":
        if output == "-":
            raise CounterclaimError("parquet export needs a file: give --output PATH")
        return _parquet(statement_rows(store), output)
    fh = sys.stdout if output == "-" else _open_out(output)
    n = 0
    try:
        if fmt == "csv":
            writer = csv.DictWriter(fh, fieldnames=list(STATEMENT_FIELDS))
            writer.writeheader()
            for row in statement_rows(store):
                writer.writerow(row)
                n += 1
            return n
        rows: Iterator[dict[str, Any]]
        if fmt == "claimreview":
            rows = (claimreview(store, d["id"]) for d in _disputes(store))
        else:
            rows = statement_rows(store)
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        if fmt == "jsonl":
            for row in copy_rows(store):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    finally:
        if fh is not sys.stdout:
            fh.close()
    return n


def _open_out(path: str) -> Any:
    try:
        return Path(path).open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise StoreError(f"cannot write ({exc.strerror})", source=path) from exc


def _parquet(rows: Iterator[dict[str, Any]], path: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise CounterclaimError("parquet export needs pyarrow: pip install "
                                "'counterclaim[corpus]'") from exc
    # A fixed schema, so an empty corpus or a column of nulls still writes a valid file.
    schema = pa.schema([(f, getattr(pa, _PARQUET_TYPES.get(f, "string"))())
                        for f in STATEMENT_FIELDS])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        n += len(batch)
    return n
