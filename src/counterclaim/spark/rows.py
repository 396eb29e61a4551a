"""Table layouts of the Spark output, and one :class:`Analysis` → rows.

Each table is a list of ``(column, Spark SQL type)``; :func:`ddl` gives the schema
string ``createDataFrame`` takes, and :func:`as_tuple` orders a row dict by it.
Plain Python (no pyspark import), so the same code is unit-tested without Spark.

Stage 1 tables (one row per article / statement / speaker / in-article
proposition), all partitioned by ``pub_date``:

``articles``             the article, its metadata, duplicate keys (``text_hash``,
                         ``url_key``), its MinHash signature, and the lossless
                         analysis (``analysis``: JSON without the text)
``statements``           one row per statement; ``json`` is ``Statement.to_dict()``
``speakers``             canonical speakers of each article, with the cross-article key
``article_propositions`` what statements are about, with the linking signature
``failures``             a record that could not be read or analysed, and why
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..corpus import linking
from ..records import Analysis, Proposition, Statement
from ..store import parse_date
from .serial import dumps_analysis

TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("id", "string"), ("source", "string"), ("title", "string"), ("outlet", "string"),
        ("url", "string"), ("published", "string"), ("published_date", "string"),
        ("crawled", "string"), ("text", "string"),
        ("body_start", "int"), ("body_end", "int"), ("text_hash", "string"),
        ("url_key", "string"), ("n_shingles", "int"), ("minhash", "array<bigint>"),
        ("n_statements", "int"), ("n_speakers", "int"), ("n_disputes", "int"),
        ("versions", "map<string,string>"), ("analysis", "string"), ("pub_date", "string"),
    ],
    "statements": [
        ("id", "string"), ("article_id", "string"), ("position", "int"),
        ("speaker_name", "string"), ("speaker_kind", "string"), ("speaker_key", "string"),
        ("speaker_display", "string"),
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
        ("kind", "string"), ("key", "string"), ("aliases", "array<string>"),
        ("n_mentions", "int"), ("mentions", "string"), ("pub_date", "string"),
    ],
    "article_propositions": [
        ("unit", "string"), ("id", "string"), ("article_id", "string"), ("text", "string"),
        ("terms", "array<string>"), ("statements", "array<string>"),
        ("sig_terms", "array<string>"), ("sig_entities", "array<string>"),
        ("text_side", "string"), ("first_position", "int"), ("pub_date", "string"),
    ],
    "failures": [
        ("source", "string"), ("id", "string"), ("stage", "string"), ("reason", "string"),
    ],
}
PARTITIONED = ("articles", "statements", "speakers", "article_propositions")


def ddl(table: str) -> str:
    return ", ".join(f"`{name}` {kind}" for name, kind in TABLES[table])


def columns(table: str) -> list[str]:
    return [name for name, _ in TABLES[table]]


def as_tuple(table: str, row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(row.get(name) for name, _ in TABLES[table])


# --- the keys the corpus links on (adapters over counterclaim.corpus.linking) ------------

def aliases(lexicon: Any) -> dict[str, str]:
    """Names and adjectives → canonical state ("Beijing"/"Chinese" → "China")."""
    return {**getattr(lexicon, "demonyms", {}), **getattr(lexicon, "places", {})}


def signature(text: str, terms: tuple[str, ...] | list[str], lexicon: Any
              ) -> linking.PropositionSignature:
    return linking.proposition_signature(text, aliases=aliases(lexicon), extra_terms=terms)


def to_signed64(values: tuple[int, ...]) -> list[int]:
    """MinHash values are unsigned 32-bit: they fit Spark's bigint as they are."""
    return [int(v) for v in values]


# --- one analysis → rows --------------------------------------------------------------

def _units(analysis: Analysis) -> tuple[list[Proposition], dict[str, str]]:
    """The linking units of an article: its propositions, plus one unit per statement
    the extractor left without a proposition (so every statement can join a dispute)."""
    props = list(analysis.propositions)
    unit_of: dict[str, str] = {}
    known = {p.id for p in props}
    for p in props:
        for sid in p.statements:
            unit_of[sid] = f"{analysis.article.id}/{p.id}"
    for s in analysis.statements:
        if s.proposition in known:
            unit_of[s.id] = f"{analysis.article.id}/{s.proposition}"
        elif s.id not in unit_of:
            props.append(Proposition(id=f"s:{s.id}", text=s.content.text, terms=(),
                                     statements=(s.id,)))
            unit_of[s.id] = f"{analysis.article.id}/s:{s.id}"
    return props, unit_of


def speaker_display(name: str, kind: str, lexicon: Any) -> str:
    """The name the corpus shows for a merged speaker (a place → its state)."""
    if kind in ("unresolved", "anonymous"):
        return name
    return getattr(lexicon, "places", {}).get(name, name)


def _text_side(analysis: Analysis, p: Proposition) -> str | None:
    """The side of the statement whose content gave the proposition its text (as the
    corpus store decides which wording a proposition keeps)."""
    for st in analysis.statements:
        if p.id.startswith("s:") and st.id == p.id[2:]:
            return linking.side_of(st.stance, st.hedged)
        if st.proposition == p.id and st.content.text == p.text:
            return linking.side_of(st.stance, st.hedged)
    return None


def statement_row(s: Statement, position: int, analysis: Analysis, lexicon: Any,
                  unit: str | None, pub: str) -> dict[str, Any]:
    a = analysis.article
    spk = s.speaker
    m = spk.mention
    cue = s.cue
    # The corpus merges a statement's speaker through its article entity when it has one.
    ent = next((e for e in analysis.speakers if e.id == spk.entity), None)
    name, kind = (ent.name, ent.kind) if ent is not None else (spk.name, spk.kind)
    return {
        "id": s.id, "article_id": a.id, "position": position,
        "speaker_name": spk.name, "speaker_kind": spk.kind,
        "speaker_key": linking.speaker_key(name, kind, places=getattr(lexicon, "places", None),
                                           scope=a.id),
        "speaker_display": speaker_display(name, kind, lexicon),
        "speaker_text": m.text if m else None, "speaker_start": m.start if m else None,
        "speaker_end": m.end if m else None, "resolved_by": spk.resolved_by,
        "anonymous": bool(spk.anonymous), "speaker_entity": spk.entity,
        "cue_text": cue.span.text if cue else None, "cue_start": cue.span.start if cue else None,
        "cue_end": cue.span.end if cue else None, "cue_lemma": cue.lemma if cue else None,
        "cue_class": cue.cue_class if cue else None,
        "content": s.content.text, "content_start": s.content.start,
        "content_end": s.content.end, "kind": s.kind, "stance": s.stance,
        "side": linking.side_of(s.stance, s.hedged), "hedged": bool(s.hedged),
        "hedges": [h.text for h in s.hedges], "evidence": s.evidence,
        "confidence": float(s.confidence), "negated": bool(s.negated),
        "proposition": s.proposition, "unit": unit, "outlet": a.outlet,
        "published": a.published, "published_date": parse_date(a.published),
        "json": json.dumps(s.to_dict(), ensure_ascii=False, separators=(",", ":")),
        "pub_date": pub,
    }


def analysis_rows(analysis: Analysis, lexicon: Any, *, source: str, pub: str,
                  crawled: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """All Stage 1 rows of one article, as ``(table, row)`` pairs."""
    a = analysis.article
    shingle_set = linking.shingles(a.text)
    sig = linking.minhash(shingle_set) if shingle_set else ()
    out: list[tuple[str, dict[str, Any]]] = [("articles", {
        "id": a.id, "source": source, "title": a.title, "outlet": a.outlet, "url": a.url,
        "published": a.published, "published_date": parse_date(a.published),
        "crawled": crawled, "text": a.text,
        "body_start": a.body_start, "body_end": a.body.end,
        "text_hash": linking.text_hash(a.text), "url_key": linking.normalise_url(a.url),
        "n_shingles": len(shingle_set), "minhash": to_signed64(sig),
        "n_statements": len(analysis.statements), "n_speakers": len(analysis.speakers),
        "n_disputes": len(analysis.disputes), "versions": dict(analysis.versions),
        "analysis": dumps_analysis(analysis), "pub_date": pub,
    })]
    units, unit_of = _units(analysis)
    for i, s in enumerate(analysis.statements):
        out.append(("statements", statement_row(s, i, analysis, lexicon, unit_of.get(s.id),
                                                pub)))
    for e in analysis.speakers:
        out.append(("speakers", {
            "article_id": a.id, "entity_id": e.id, "name": e.name, "kind": e.kind,
            "key": linking.speaker_key(e.name, e.kind, places=getattr(lexicon, "places", None),
                                       scope=a.id),
            "aliases": list(e.aliases), "n_mentions": len(e.mentions),
            "mentions": json.dumps([m.to_dict() for m in e.mentions], ensure_ascii=False),
            "pub_date": pub,
        }))
    first_pos: dict[str, int] = {}
    for i, s in enumerate(analysis.statements):
        first_pos.setdefault(unit_of.get(s.id, ""), i)
    for p in units:
        unit = f"{a.id}/{p.id}"
        sig_ = signature(p.text, p.terms, lexicon)
        out.append(("article_propositions", {
            "unit": unit, "id": p.id, "article_id": a.id, "text": p.text,
            "terms": list(p.terms), "statements": list(p.statements),
            "sig_terms": sorted(sig_.terms), "sig_entities": sorted(sig_.entities),
            "text_side": _text_side(analysis, p), "first_position": first_pos.get(unit),
            "pub_date": pub,
        }))
    return out
