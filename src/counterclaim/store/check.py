"""What the claim check reads from a corpus: candidate articles from the full-text
index, and each candidate read back as an :class:`~counterclaim.records.Analysis`.

    candidates(store, ["chinese", "nationals", "fighting", "russia"], limit=100)
        → article ids, best BM25 match first (originals only: a syndicated copy says
          what its original says)
    proposition_candidates(store, signature_keys) → [(proposition id, signature dict)]
        sharing most keys (the ``proposition_keys`` index), for the caller to score
    proposition_articles(store, proposition ids) / story_articles(store, article ids)
        → the articles holding those propositions / the other articles of the stories
        of those articles (originals only)
    stored_analyses(store, ids) → {article id: Analysis} (its text, title, body range
        and statements with the sides the reading decided)

The check itself (``counterclaim.checking``) never reads the database.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..errors import QueryError
from ..records import Analysis, Article, Cue, Span, SpeakerRef, Statement
from .sqlite import DAMAGE, damaged

_MAX_CANDIDATES = 1000


F = TypeVar("F", bound=Callable[..., Any])


def _guarded(fn: F) -> F:
    """``fn(store, ...)`` with SQLite's errors on a damaged file turned into the store's
    one-line :class:`~counterclaim.errors.StoreError` (as every public ``Store`` method
    does)."""
    @functools.wraps(fn)
    def call(store: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(store, *args, **kwargs)
        except QueryError:
            raise
        except DAMAGE as exc:
            raise damaged(store.path, exc) from exc
    return call  # type: ignore[return-value]


def fts_any(words: Sequence[str]) -> str:
    """An FTS5 query matching any of ``words`` (each quoted)."""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words if w.strip()]
    return " OR ".join(quoted)


@_guarded
def candidates(store: Any, words: Sequence[str], *, limit: int = 100) -> list[int]:
    """Ids of the articles whose title or text holds any of ``words``, best BM25 first
    (no scan: the ``articles_fts`` index); syndicated copies left out."""
    q = fts_any(words)
    if not q:
        raise QueryError("the claim has no words to look for")
    limit = max(1, min(int(limit), _MAX_CANDIDATES))
    try:
        rows = store._rows(
            "SELECT a.id FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH ? AND a.syndicated_of IS NULL "
            "ORDER BY bm25(articles_fts) LIMIT ?", (q, limit))
    except sqlite3.OperationalError as exc:
        raise QueryError(f"the full-text index cannot read the claim's words ({exc})") from exc
    return [r["id"] for r in rows]


@_guarded
def proposition_candidates(store: Any, keys: Sequence[str], *, limit: int = 50
                           ) -> list[tuple[int, dict[str, Any]]]:
    """``(proposition id, signature dict)`` of the propositions sharing most of the
    signature ``keys`` (``t:<term>``, ``e:<entity>``), most shared first; the caller
    decides which state the claim (the store makes no linking decision)."""
    keys = sorted(set(keys))
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    rows = store._rows(
        f"SELECT k.proposition_id AS id, p.signature FROM (SELECT proposition_id, COUNT(*) AS "
        f"shared FROM proposition_keys WHERE key IN ({marks}) GROUP BY proposition_id "
        "ORDER BY shared DESC, proposition_id LIMIT ?) k JOIN propositions p ON "
        "p.id = k.proposition_id ORDER BY k.shared DESC, k.proposition_id",
        [*keys, max(1, min(int(limit), _MAX_CANDIDATES))])
    return [(int(r["id"]), json.loads(r["signature"])) for r in rows]


@_guarded
def proposition_articles(store: Any, proposition_ids: Sequence[int], *, limit: int = 50
                         ) -> list[int]:
    """Ids of the original articles holding a statement of these propositions, the
    ones with most such statements first."""
    if not proposition_ids:
        return []
    marks = ",".join("?" * len(proposition_ids))
    rows = store._rows(
        "SELECT s.article_id AS id, COUNT(*) AS n FROM statements s JOIN articles a ON "
        f"a.id = s.article_id WHERE s.proposition_id IN ({marks}) AND a.syndicated_of IS NULL "
        "GROUP BY s.article_id ORDER BY n DESC, s.article_id LIMIT ?",
        [*proposition_ids, max(1, min(int(limit), _MAX_CANDIDATES))])
    return [r["id"] for r in rows]


@_guarded
def story_articles(store: Any, article_ids: Sequence[int], *, limit: int = 50) -> list[int]:
    """Ids of the other original articles of the stories of ``article_ids`` (the
    stories in the order of the articles given; in each, the latest stored first)."""
    if not article_ids:
        return []
    marks = ",".join("?" * len(article_ids))
    order = {aid: i for i, aid in enumerate(article_ids)}
    first: dict[int, int] = {}
    for r in store._rows(f"SELECT id, story_id FROM articles WHERE id IN ({marks}) "
                         "AND story_id IS NOT NULL", list(article_ids)):
        first[r["story_id"]] = min(first.get(r["story_id"], 1 << 30), order[r["id"]])
    out: list[int] = []
    seen = set(article_ids)
    for sid in sorted(first, key=first.__getitem__):
        for r in store._rows(
                # the latest stored first: the story index gives them in order, no
                # sort of a story of thousands of articles
                "SELECT id FROM articles WHERE story_id = ? AND syndicated_of IS NULL "
                "ORDER BY id DESC LIMIT ?", (sid, max(1, int(limit)) + len(article_ids))):
            if r["id"] not in seen:
                seen.add(r["id"])
                out.append(r["id"])
                if len(out) >= limit:
                    return out
    return out


def _statement(r: dict[str, Any]) -> Statement:
    cue = (Cue(Span(-1, -1, r["cue_text"] or ""), r["cue_lemma"] or "", r["cue_class"] or "")
           if r["cue_lemma"] else None)
    mention = (Span(r["speaker_start"], r["speaker_end"], r["speaker_text"] or "")
               if r["speaker_start"] is not None else None)
    hedges = tuple(Span(-1, -1, h) for h in json.loads(r["hedges"] or "[]"))
    return Statement(
        id=str(r["id"]),  # the corpus statement id (the article page's anchor)
        speaker=SpeakerRef(name=r["speaker_name"], kind=r["speaker_kind"],
                           resolved_by=r["resolved_by"] or "name", mention=mention,
                           anonymous=bool(r["anonymous"])),
        cue=cue, content=Span(r["content_start"], r["content_end"], r["content"]),
        kind=r["kind"], stance=r["stance"], hedged=bool(r["hedged"]), hedges=hedges,
        evidence=r["evidence"], confidence=r["confidence"] or 0.5,
        proposition=r["article_proposition"], negated=bool(r["negated"]), side=r["side"])


@_guarded
def stored_analyses(store: Any, ids: Sequence[int]) -> dict[int, Analysis]:
    """Each stored article (by id) read back as an Analysis: the article and its
    statements (speakers, propositions and disputes are the corpus's, not repeated)."""
    out: dict[int, Analysis] = {}
    for start in range(0, len(ids), 200):
        chunk = list(ids[start:start + 200])
        marks = ",".join("?" * len(chunk))
        arts = store._rows(
            "SELECT id, ext_id, text, title, outlet, url, published, body_start, body_end "
            f"FROM articles WHERE id IN ({marks})", chunk)
        sts: dict[int, list[Statement]] = {}
        for r in store._rows(
                "SELECT s.*, sp.name AS speaker_name, sp.kind AS speaker_kind FROM statements s "
                f"JOIN speakers sp ON sp.id = s.speaker_id WHERE s.article_id IN ({marks}) "
                "ORDER BY s.article_id, s.content_start, s.id", chunk):
            sts.setdefault(r["article_id"], []).append(_statement(r))
        for a in arts:
            article = Article(id=a["ext_id"] or str(a["id"]), text=a["text"], title=a["title"],
                              outlet=a["outlet"], url=a["url"], published=a["published"],
                              body_start=a["body_start"] or 0, body_end=a["body_end"])
            out[a["id"]] = Analysis(article=article, statements=tuple(sts.get(a["id"], ())),
                                    speakers=(), propositions=(), disputes=())
    return out


@_guarded
def article_briefs(store: Any, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Title, outlet, date, URL and ext id of each article (for listing a check)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store._rows("SELECT id, ext_id, title, outlet, url, published, "
                       f"published_date AS date FROM articles WHERE id IN ({marks})", list(ids))
    return {r["id"]: r for r in rows}
