"""Table layouts of the Spark output, and one :class:`Analysis` → rows.

Each table is a list of ``(column, Spark SQL type)``; :func:`ddl` gives the schema
string ``createDataFrame`` takes, and :func:`as_tuple` orders a row dict by it.
Plain Python (no pyspark import), so the same code is unit-tested without Spark.

Stage 1 tables (one row per article / statement / speaker / in-article
proposition), all partitioned by ``pub_date``:

``articles``             the article, its metadata, duplicate keys (``text_hash``,
                         ``url_key``), its MinHash signature, and the lossless
                         analysis (``analysis``: JSON without the text)
``statements``           one row per statement; ``json`` is ``Statement.to_dict()``;
                         ``side`` is the side the reading decided (counterclaim.link),
                         ``speaker_ref`` the speaker's place in ``articles.speaker_refs``
``speakers``             canonical speakers of each article
``article_propositions`` the article's propositions as the corpus links them (their
                         signature, wording and its side; ``link.propositions.units_of``)
``failures``             a record that could not be read or analysed, and why

The cross-article decisions (speaker names and keys, propositions, disputes) need
the articles before this one, so they are Stage 2's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..dates import parse_date
from ..link import copies
from ..link.sides import statement_side
from ..link.speakers import speaker_refs, statement_refs
from ..link.voice import article_links
from ..records import Analysis, Statement
from .serial import dumps_analysis

TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("id", "string"), ("source", "string"), ("title", "string"), ("outlet", "string"),
        ("url", "string"), ("published", "string"), ("published_date", "string"),
        ("crawled", "string"), ("text", "string"),
        ("body_start", "int"), ("body_end", "int"), ("text_hash", "string"),
        ("url_key", "string"), ("n_shingles", "int"), ("minhash", "array<bigint>"),
        ("n_statements", "int"), ("n_speakers", "int"), ("n_disputes", "int"),
        ("versions", "map<string,string>"), ("analysis", "string"),
        ("speaker_refs", "array<struct<ref:string,name:string,kind:string>>"),
        ("pub_date", "string"),
    ],
    "statements": [
        ("id", "string"), ("article_id", "string"), ("position", "int"),
        ("speaker_name", "string"), ("speaker_kind", "string"), ("speaker_ref", "string"),
        ("speaker_text", "string"), ("speaker_start", "int"), ("speaker_end", "int"),
        ("resolved_by", "string"), ("anonymous", "boolean"), ("speaker_entity", "string"),
        ("cue_text", "string"), ("cue_start", "int"), ("cue_end", "int"),
        ("cue_lemma", "string"), ("cue_class", "string"),
        ("content", "string"), ("content_start", "int"), ("content_end", "int"),
        ("kind", "string"), ("stance", "string"), ("side", "string"), ("hedged", "boolean"),
        ("hedges", "array<string>"), ("evidence", "string"), ("confidence", "double"),
        ("negated", "boolean"), ("proposition", "string"), ("unit", "string"),
        ("outlet", "string"), ("published", "string"), ("published_date", "string"),
        ("json", "string"), ("pub_date", "string"),
    ],
    "speakers": [
        ("article_id", "string"), ("entity_id", "string"), ("name", "string"),
        ("kind", "string"), ("aliases", "array<string>"),
        ("n_mentions", "int"), ("mentions", "string"), ("pub_date", "string"),
    ],
    "article_propositions": [
        ("unit", "string"), ("id", "string"), ("article_id", "string"), ("text", "string"),
        ("statements", "array<string>"),
        ("sig_terms", "array<string>"), ("sig_entities", "array<string>"),
        ("text_side", "string"), ("first_position", "int"), ("voice", "boolean"),
        ("pub_date", "string"),
    ],
    "failures": [
        ("source", "string"), ("id", "string"), ("stage", "string"), ("reason", "string"),
    ],
}
PARTITIONED = ("articles", "statements", "speakers", "article_propositions")


def ddl(table: str) -> str:
    return ", ".join(f"`{name}` {kind}" for name, kind in TABLES[table])


def struct_fields(table: str) -> str:
    """The table's columns as the fields of a Spark struct type."""
    return ", ".join(f"`{name}`: {kind}" for name, kind in TABLES[table])


def columns(table: str) -> list[str]:
    return [name for name, _ in TABLES[table]]


def as_tuple(table: str, row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(row.get(name) for name, _ in TABLES[table])


# --- one analysis → rows --------------------------------------------------------------

def statement_row(s: Statement, position: int, analysis: Analysis, unit: str | None,
                  ref: str, pub: str) -> dict[str, Any]:
    a = analysis.article
    spk = s.speaker
    m = spk.mention
    cue = s.cue
    return {
        "id": s.id, "article_id": a.id, "position": position,
        "speaker_name": spk.name, "speaker_kind": spk.kind, "speaker_ref": ref,
        "speaker_text": m.text if m else None, "speaker_start": m.start if m else None,
        "speaker_end": m.end if m else None, "resolved_by": spk.resolved_by,
        "anonymous": bool(spk.anonymous), "speaker_entity": spk.entity,
        "cue_text": cue.span.text if cue else None, "cue_start": cue.span.start if cue else None,
        "cue_end": cue.span.end if cue else None, "cue_lemma": cue.lemma if cue else None,
        "cue_class": cue.cue_class if cue else None,
        "content": s.content.text, "content_start": s.content.start,
        "content_end": s.content.end, "kind": s.kind, "stance": s.stance,
        "side": statement_side(s), "hedged": bool(s.hedged),
        "hedges": [h.text for h in s.hedges], "evidence": s.evidence,
        "confidence": float(s.confidence), "negated": bool(s.negated),
        "proposition": s.proposition, "unit": unit, "outlet": a.outlet,
        "published": a.published, "published_date": parse_date(a.published),
        "json": json.dumps(s.to_dict(), ensure_ascii=False, separators=(",", ":")),
        "pub_date": pub,
    }


def analysis_rows(analysis: Analysis, *, source: str, pub: str,
                  crawled: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """All Stage 1 rows of one article, as ``(table, row)`` pairs."""
    a = analysis.article
    fp = copies.Fingerprint.of(a.body.text, a.url)
    statements, units, _ = article_links(a, analysis.statements, analysis.propositions)
    refs = speaker_refs(analysis.speakers, statements)
    out: list[tuple[str, dict[str, Any]]] = [("articles", {
        "id": a.id, "source": source, "title": a.title, "outlet": a.outlet, "url": a.url,
        "published": a.published, "published_date": parse_date(a.published),
        "crawled": crawled, "text": a.text,
        "body_start": a.body_start, "body_end": a.body.end,
        "text_hash": fp.text_hash, "url_key": fp.url_key,
        "n_shingles": fp.n_shingles, "minhash": list(fp.minhash),
        "n_statements": len(analysis.statements), "n_speakers": len(analysis.speakers),
        "n_disputes": len(analysis.disputes), "versions": dict(analysis.versions),
        "analysis": dumps_analysis(analysis),
        "speaker_refs": [{"ref": r, "name": n, "kind": k} for r, n, k in refs],
        "pub_date": pub,
    })]
    unit_of = {sid: f"{a.id}/{u.id}" for u in units for sid in u.statements}
    ref_of = statement_refs(analysis.speakers, statements)
    first_pos: dict[str, int] = {}
    for i, s in enumerate(statements):
        first_pos.setdefault(unit_of[s.id], i)
        out.append(("statements", statement_row(s, i, analysis, unit_of[s.id], ref_of[s.id],
                                                pub)))
    for e in analysis.speakers:
        out.append(("speakers", {
            "article_id": a.id, "entity_id": e.id, "name": e.name, "kind": e.kind,
            "aliases": list(e.aliases), "n_mentions": len(e.mentions),
            "mentions": json.dumps([m.to_dict() for m in e.mentions], ensure_ascii=False),
            "pub_date": pub,
        }))
    for u in units:
        unit = f"{a.id}/{u.id}"
        out.append(("article_propositions", {
            "unit": unit, "id": u.id, "article_id": a.id, "text": u.text,
            "statements": list(u.statements), "sig_terms": sorted(u.signature.terms),
            "sig_entities": sorted(u.signature.entities), "text_side": u.text_side,
            "first_position": first_pos.get(unit), "voice": u.id.startswith("v:"),
            "pub_date": pub,
        }))
    return out
