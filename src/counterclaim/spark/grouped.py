"""What Stage 2 runs on each group of rows: plain Python over dicts, calling
:mod:`counterclaim.link` (no pyspark import, so it is unit-tested without Spark).

:func:`speaker_rows`   one article's speakers named in ingest order (``link.speakers``)
:func:`people_rows`    the full names of persons an article makes known to its story
:func:`unit_keys`      blocking keys of a unit (its signature keys and LSH bands)
:func:`score_pair`     ``link.propositions.similarity`` of a candidate pair
:func:`leader_groups`  the store's unit-by-unit rule over one linked group
:func:`dispute_of`     ``link.disputes`` over one proposition's statements
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from ..link import copies
from ..link import disputes as rule
from ..link.propositions import (
    Signature,
    best_in_corpus,
    prefer_text,
    similarity,
)
from ..link.sides import ALL_SIDES, SIDES
from ..link.speakers import (
    SpeakerName,
    canonical_name,
    name_speakers,
    story_names,
    story_people,
)

SEP = "\x1f"


def stable_id(prefix: str, key: str) -> str:
    """A short id from a key: ``prefix`` + 16 hex digits of SHA-256 (as Stage 2's column)."""
    return prefix + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# --- speakers -----------------------------------------------------------------------

def government_states(row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(state, okey)`` for each government speaker of an article: the states it
    makes known to the articles after it."""
    return [(canonical_name(r["name"]), row["okey"]) for r in row["speaker_refs"] or ()
            if r["kind"] == "government"]


class KnownBefore(Collection[str]):
    """The states first named before the article at ``okey`` (``first``: state → the
    ingest key of the first article naming it); filtered only when iterated."""

    def __init__(self, first: Mapping[str, str], okey: str) -> None:
        self.first, self.okey = first, okey

    def __contains__(self, state: object) -> bool:
        return isinstance(state, str) and self.first.get(state, self.okey) < self.okey

    def __iter__(self) -> Iterator[str]:
        return (s for s, o in self.first.items() if o < self.okey)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _story(row: Mapping[str, Any]) -> Any:
    """The article's story (None without one, or in a row without the column; a
    pyspark Row is a tuple, so ``in`` would look at its values)."""
    try:
        return row["story"]
    except (KeyError, ValueError):
        return None


def _named(row: Mapping[str, Any], first: Mapping[str, str]) -> list[SpeakerName]:
    refs = list(row["speaker_refs"] or ())
    return name_speakers([(r["name"], r["kind"]) for r in refs],
                         KnownBefore(first, row["okey"]), scope=row["id"])


def people_rows(row: Mapping[str, Any], first: Mapping[str, str]
                ) -> list[tuple[Any, str, str]]:
    """``(story, okey, full name)`` for each person an article of a story names in
    full (``link.speakers.story_people``): what its story's later articles know."""
    if _story(row) is None:
        return []
    return [(_story(row), row["okey"], p) for p in sorted(story_people(_named(row, first)))]


def speaker_rows(row: Mapping[str, Any], first: Mapping[str, str],
                 people: Mapping[Any, list[tuple[str, str]]] | None = None
                 ) -> list[tuple[str, str, str, str, str]]:
    """One article's speakers named as the store names them when it stores this article
    after the earlier ones: ``(article_id, ref, key, display, order)`` where ``order``
    sorts the first naming of a key first (ingest key, then place in the article).
    ``people``: story → ``(okey, full name)`` of its articles; the ones before this
    article are the story's people it is read with (``link.speakers.story_names``)."""
    refs = list(row["speaker_refs"] or ())
    names = _named(row, first)
    story = _story(row)
    if story is not None:
        known = [p for okey, p in (people or {}).get(story, ()) if okey < row["okey"]]
        names = story_names(names, known)
    return [(row["id"], r["ref"], n.key, n.display, f"{row['okey']}{SEP}{i:06d}")
            for i, (r, n) in enumerate(zip(refs, names, strict=True))]


# --- propositions -------------------------------------------------------------------

def _sig(terms: Any, entities: Any) -> Signature:
    return Signature(frozenset(terms or ()), frozenset(entities or ()))


def unit_keys(row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Blocking keys of a unit: its signature keys, and LSH bands of a MinHash over
    them (units sharing none are never compared)."""
    sig = _sig(row["sig_terms"], row["sig_entities"])
    if not sig.terms:
        return []  # nothing to say what it is about: a proposition of its own
    keys = sig.index_keys()
    out = [(f"k:{k}", row["ukey"]) for k in keys]
    hashed = {int(hashlib.blake2b(k.encode(), digest_size=4).hexdigest(), 16) for k in keys}
    out += [(f"b{b}", row["ukey"]) for b in copies.lsh_bands(copies.minhash(hashed))]
    return out


def score_pair(pair: Mapping[str, Any]) -> tuple[str, str, float]:
    return pair["a"], pair["b"], float(similarity(_sig(pair["ta"], pair["ea"]),
                                                  _sig(pair["tb"], pair["eb"])))


def leader_groups(units: list[Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    """The store's rule over one linked group, in ingest order: a unit holding an
    outlet's voice joins its story's claim proposition once the story has one; any
    other unit joins the proposition ``link.propositions.best_in_corpus`` picks among
    the earlier ones sharing a signature key with it (compared with the signature each
    started with), else starts one; a proposition takes the first asserting unit's wording
    (``prefer_text``). Returns ``(unit, leader, text)``."""
    leaders: list[tuple[str, Signature, frozenset[str], Any]] = []
    text: dict[str, tuple[str, str | None]] = {}
    assigned: list[tuple[str, str]] = []
    claim: dict[Any, str] = {}  # story → the leader of its claim proposition
    for u in sorted(units, key=lambda x: x["ukey"]):
        sig = _sig(u["sig_terms"], u["sig_entities"])
        keys = frozenset(sig.index_keys()) if sig.terms else frozenset()
        story = u.get("story")
        voiced = bool(u.get("voice")) and story is not None
        if voiced and story in claim:
            lead: object = claim[story]
        else:
            lead = best_in_corpus(sig, story, ((lk, ls, lst) for lk, ls, lkeys, lst in leaders
                                               if keys & lkeys))
        if lead is None:
            leaders.append((u["ukey"], sig, keys, story))
            text[u["ukey"]] = (u["text"], u["text_side"])
            assigned.append((u["ukey"], u["ukey"]))
            if voiced:
                claim[story] = u["ukey"]
            continue
        lead_key = str(lead)
        if voiced:
            claim.setdefault(story, lead_key)
        if prefer_text(text[lead_key][1], u["text_side"]):
            text[lead_key] = (u["text"], u["text_side"])
        assigned.append((u["ukey"], lead_key))
    return [(unit, lead, text[lead][0]) for unit, lead in assigned]


def story_of_articles(rows: list[tuple[str, str, dict[str, int]]]) -> list[tuple[str, str]]:
    """``(okey, article_id, story words)`` of every original article → ``(article_id,
    story key)`` by ``link.stories.MemoryStories`` in ingest order (the store's rule);
    an article with no story words has none. A story's key is its first article's."""
    from ..link.stories import MemoryStories

    mem = MemoryStories()
    first: list[str] = []
    out = []
    for okey, aid, words in sorted(rows, key=lambda r: r[0]):
        n, _ = mem.add(words)
        if n is None:
            continue
        if n == len(first):
            first.append(okey)
        out.append((aid, first[n]))
    return out


# --- disputes -----------------------------------------------------------------------

def dispute_of(pid: str, stmts: list[Mapping[str, Any]], names: Mapping[str, str]
               ) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The dispute a proposition's statements make, if they make one
    (``link.disputes``: one side per speaker, asserted and denied), with the per-side
    summary and its ``dispute_statements`` rows."""
    stmts = sorted(stmts, key=lambda s: (s.get("okey") or "", s["article_id"], s["position"]))
    sides = rule.speaker_sides((s["speaker_key"], s["side"]) for s in stmts)
    counts = rule.side_counts(sides)
    if not rule.is_dispute(counts):
        return None
    did = stable_id("D", pid)
    listed = rule.by_side(sides)
    summary = rule.side_summary({**s, "date": s["published_date"]} for s in stmts)
    by_side = []
    for side in ALL_SIDES:
        if side not in summary:
            continue
        speakers = [k for k, v in sides.items() if v == side] if side in SIDES else sorted(
            {s["speaker_key"] for s in stmts if s["side"] == side})
        by_side.append({"side": side, "speakers": sorted({names.get(k, k) for k in speakers}),
                        **summary[side]})
    art_dates = sorted(s["published_date"] for s in stmts if s["published_date"])
    head = {
        "id": did, "proposition": pid, "proposition_text": stmts[0]["proposition_text"],
        **{f"{side}_by": sorted({names.get(k, k) for k in listed[side]}) for side in SIDES},
        **{f"n_{side}": counts[side] for side in SIDES},
        "n_statements": len(stmts), "n_articles": len({s["article_id"] for s in stmts}),
        "n_copies": len({(s["article_id"], o) for s in stmts for o in s["copy_outlets"]}),
        "outlets": sorted({o for s in stmts for o in [s["outlet"], *s["copy_outlets"]] if o}),
        "first_date": art_dates[0] if art_dates else None,
        "last_date": art_dates[-1] if art_dates else None, "sides": by_side,
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
