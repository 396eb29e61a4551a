"""The corpus store's reading side: every query the CLI and the web UI ask.

Methods return plain dicts and lists (JSON-ready) and page with ``limit``/``offset``.
Counts never include syndicated copies' statements (copies are stored without
statements); copies appear as *appearances* of the original's disputes.
The method names here are a public API (docs/corpus.md): keep them stable.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from ..errors import NotFoundError, QueryError
from ..link import voice
from ..link.sides import SIDES as _SIDES
from ..link.speakers import canonical_name, speaker_key
from .browse import LISTED_SPEAKER, search_conditions
from .filters import Filters

_MAX_LIMIT = 1000


def _page(limit: int, offset: int) -> tuple[int, int]:
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset must be zero or more")
    return min(int(limit), _MAX_LIMIT), int(offset)


_STATEMENT_SQL = """
SELECT s.id, s.article_id, s.ext_id, s.speaker_id, sp.name AS speaker_name,
       sp.kind AS speaker_kind, s.speaker_text, s.resolved_by, s.anonymous, s.cue_text,
       s.cue_lemma, s.cue_class, s.content, s.content_start, s.content_end, s.kind, s.stance,
       s.side, s.hedged, s.hedges, s.evidence, s.confidence, s.negated, s.proposition_id,
       a.title AS article_title, a.outlet AS article_outlet, a.url AS article_url,
       a.published AS article_published, a.published_date AS article_date,
       a.ext_id AS article_ext_id, a.source AS article_source, s.uid, sp.uid AS speaker_uid,
       a.uid AS article_uid, p.uid AS proposition_uid, p.is_dispute AS proposition_dispute,
       a.story_id AS story_id, s.construction, s.link_reason
FROM statements s JOIN speakers sp ON sp.id = s.speaker_id JOIN articles a ON a.id = s.article_id
LEFT JOIN propositions p ON p.id = s.proposition_id
"""


def _statement(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "uid": row["uid"],  # stable: article uid + "." + ext_id (store/uids.py)
        "ext_id": row["ext_id"],  # Statement.id in the article's reading
        "article_id": row["article_id"],
        "speaker": {"id": row["speaker_id"], "uid": row["speaker_uid"],
                    "name": row["speaker_name"],
                    "kind": row["speaker_kind"], "text": row["speaker_text"],
                    "resolved_by": row["resolved_by"], "anonymous": bool(row["anonymous"])},
        "cue": {"text": row["cue_text"], "lemma": row["cue_lemma"], "class": row["cue_class"]},
        "content": {"text": row["content"], "start": row["content_start"],
                    "end": row["content_end"]},
        "kind": row["kind"],
        "stance": row["stance"],
        "side": row["side"],
        "hedged": bool(row["hedged"]),
        "hedges": json.loads(row["hedges"] or "[]"),
        "evidence": row["evidence"],
        "confidence": row["confidence"],
        "negated": bool(row["negated"]),
        "proposition_id": row["proposition_id"],
        "story_id": row["story_id"],
        "voice": row["construction"] == "outlet",  # the outlet's own voice (link.voice)
        "link_reason": json.loads(row["link_reason"]) if row["link_reason"] else None,
        "proposition_uid": row["proposition_uid"],
        "proposition_dispute": bool(row["proposition_dispute"]),
        "article": {"id": row["article_id"], "uid": row["article_uid"],
                    "ext_id": row["article_ext_id"],
                    "title": row["article_title"], "outlet": row["article_outlet"],
                    "url": row["article_url"], "published": row["article_published"],
                    "date": row["article_date"], "source": row["article_source"]},
    }


_ARTICLE_COLS = ("a.id, a.uid, a.ext_id, a.source, a.url, a.title, a.outlet, a.published, "
                 "a.published_date AS date, a.syndicated_of, a.similarity, a.n_statements, "
                 "a.ingested_at")

# Disputes as counterclaim.link decided them when their statements were written
# (propositions.is_dispute and the counts beside it; see store/writer.py).
_DISPUTE_SQL = """
SELECT p.id, p.uid, p.text AS proposition, p.n_asserting, p.n_denying, p.n_hedging,
       p.n_statements, p.n_articles, p.first_date, p.last_date
FROM propositions p WHERE p.is_dispute = 1 {where}
"""

_FTS_BAD = re.compile(r"fts5|syntax error|unterminated|no such column|unknown special query",
                      re.IGNORECASE)


def plain_fts_query(q: str) -> str:
    """Words of ``q`` as quoted FTS5 strings (all must match): the reading of a query
    whose FTS5 syntax is malformed."""
    words = [w for w in re.findall(r"\w+", q, re.UNICODE)
             if w not in ("AND", "OR", "NOT", "NEAR")]  # operators of the failed parse
    return " ".join(f'"{w}"' for w in words)


class QueriesMixin:
    """Read methods of :class:`~counterclaim.store.Store` (needs ``_rows``/``_one``)."""

    _conn: sqlite3.Connection

    def _rows(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _one(self, sql: str, params: tuple | list = ()) -> dict[str, Any] | None:
        raise NotImplementedError

    # -- overview ---------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts of the corpus: articles (originals), syndicated copies, statements,
        speakers, propositions, disputes, outlets, failures; the schema version."""
        one = self._one("""SELECT
            (SELECT COUNT(*) FROM articles WHERE syndicated_of IS NULL) AS articles,
            (SELECT COUNT(*) FROM articles WHERE syndicated_of IS NOT NULL) AS syndicated,
            (SELECT COUNT(*) FROM statements) AS statements,
            (SELECT COUNT(*) FROM speakers) AS speakers,
            (SELECT COUNT(*) FROM propositions) AS propositions,
            (SELECT COUNT(DISTINCT outlet) FROM articles WHERE outlet IS NOT NULL) AS outlets,
            (SELECT COUNT(*) FROM failures) AS failures""") or {}
        n = self._one("SELECT COUNT(*) AS n FROM propositions WHERE is_dispute = 1") or {}
        return {**one, "disputes": n.get("n", 0),
                "schema_version": getattr(self, "schema_version", None)}

    def articles(self, *, limit: int = 50, offset: int = 0, outlet: str | None = None,
                 include_copies: bool = True) -> list[dict[str, Any]]:
        """Articles by date (newest first), without their text."""
        limit, offset = _page(limit, offset)
        where, params = ["1=1"], []
        if outlet:
            where.append("a.outlet = ?")
            params.append(outlet)
        if not include_copies:
            where.append("a.syndicated_of IS NULL")
        return self._rows(
            f"SELECT {_ARTICLE_COLS} FROM articles a WHERE {' AND '.join(where)} "
            "ORDER BY a.published_date DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
            [*params, limit, offset])

    def article(self, article_id: int) -> dict[str, Any]:
        """One article with its text, statements and syndicated copies."""
        row = self._one(f"SELECT {_ARTICLE_COLS}, a.text, a.body_start, a.body_end, a.versions "
                        "FROM articles a WHERE a.id = ?", (int(article_id),))
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        row["versions"] = json.loads(row["versions"]) if row["versions"] else {}
        row["statements"] = self.statements(article_id=row["id"], limit=_MAX_LIMIT)
        row["copies"] = self._rows(f"SELECT {_ARTICLE_COLS} FROM articles a "
                                   "WHERE a.syndicated_of = ? ORDER BY a.id", (row["id"],))
        return row

    def statements(self, *, limit: int = 50, offset: int = 0, article_id: int | None = None,
                   speaker_id: int | None = None, proposition_id: int | None = None,
                   side: str | None = None, stance: str | None = None) -> list[dict[str, Any]]:
        """Statements, filtered; ordered by article date then position in the article."""
        limit, offset = _page(limit, offset)
        where, params = ["1=1"], []
        for col, val in (("s.article_id", article_id), ("s.speaker_id", speaker_id),
                         ("s.proposition_id", proposition_id), ("s.side", side),
                         ("s.stance", stance)):
            if val is not None:
                where.append(f"{col} = ?")
                params.append(val)
        rows = self._rows(f"{_STATEMENT_SQL} WHERE {' AND '.join(where)} ORDER BY "
                          "a.published_date NULLS LAST, a.outlet, s.article_id, s.content_start "
                          "LIMIT ? OFFSET ?", [*params, limit, offset])
        return [_statement(r) for r in rows]

    def failures(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Inputs that failed: source, reason, how often, first and last seen."""
        limit, offset = _page(limit, offset)
        return self._rows("SELECT source, reason, count, first_seen, last_seen FROM failures "
                          "ORDER BY last_seen DESC, id LIMIT ? OFFSET ?", (limit, offset))

    # -- disputes ---------------------------------------------------------------------

    def disputes(self, *, search: str | None = None, limit: int = 50,
                 offset: int = 0) -> list[dict[str, Any]]:
        """Disputes across the corpus (most statements first): id, proposition, speakers
        per side, counts, first and last dates. ``search`` is matched (FTS5) against the
        disputes' statements and speakers."""
        limit, offset = _page(limit, offset)
        where, params = "", []
        if search and search.strip():
            ids = self._fts_ids("statements_fts", search)
            if not ids:
                return []
            where = ("AND p.id IN (SELECT proposition_id FROM statements WHERE id IN "
                     f"({','.join('?' * len(ids))}))")
            params = ids
        rows = self._rows(_DISPUTE_SQL.format(where=where)
                          + " ORDER BY p.n_statements DESC, p.n_articles DESC, p.id "
                          "LIMIT ? OFFSET ?", [*params, limit, offset])
        for r in rows:
            r.update(self._side_speakers(r["id"]))
        return rows

    def _side_speakers(self, pid: int) -> dict[str, list[str]]:
        """Each speaker under their one side (link.disputes.merge_side), by name."""
        out: dict[str, list[str]] = {f"{side}_by": [] for side in _SIDES}
        for r in self._rows("SELECT ps.side, sp.name FROM proposition_speakers ps JOIN speakers "
                            "sp ON sp.id = ps.speaker_id WHERE ps.proposition_id = ? "
                            "ORDER BY sp.name", (pid,)):
            out[f"{r['side']}_by"].append(r["name"])
        return out

    def dispute(self, dispute_id: int) -> dict[str, Any]:
        """One dispute in full: per side (asserting, denying, hedging) its speakers,
        statements, outlets, first and last dates and evidence counts; every
        appearance (articles and their syndicated copies, with outlet, URL and date);
        and a timeline by date and outlet."""
        try:
            pid = int(dispute_id)
        except (TypeError, ValueError):
            raise NotFoundError(f"no dispute {dispute_id!r}; dispute ids are numbers "
                                "(see `counterclaim disputes`)") from None
        head = self._one(_DISPUTE_SQL.format(where="AND p.id = ?"), (pid,))
        if head is None:
            raise NotFoundError(f"no dispute with id {pid} (see `counterclaim disputes`)")
        stmts = self.statements(proposition_id=pid, limit=_MAX_LIMIT)
        article_ids = sorted({s["article_id"] for s in stmts})
        copies = self._copies(article_ids)
        one_side = {r["speaker_id"]: r["side"] for r in self._rows(
            "SELECT speaker_id, side FROM proposition_speakers WHERE proposition_id = ?", (pid,))}
        sides: dict[str, Any] = {}
        for side in (*_SIDES, "other"):
            mine = [s for s in stmts if s["side"] == side]
            if not mine and side == "other":
                continue
            arts = {s["article_id"] for s in mine}
            appear = [s["article"] for s in mine] + [c for c in copies if c["original_id"] in arts]
            dates = sorted(d for d in (x.get("date") for x in appear) if d)
            # Speakers under their one side, with all their statements about it.
            speakers: dict[int, dict[str, Any]] = {}
            for s in stmts:
                if one_side.get(s["speaker"]["id"]) != side:
                    continue
                sp = speakers.setdefault(s["speaker"]["id"], {
                    "id": s["speaker"]["id"], "name": s["speaker"]["name"],
                    "kind": s["speaker"]["kind"], "statements": 0})
                sp["statements"] += 1
            evidence: dict[str, int] = {}
            for s in mine:
                evidence[s["evidence"]] = evidence.get(s["evidence"], 0) + 1
            sides[side] = {
                "speakers": list(speakers.values()),
                "statements": mine,
                "outlets": sorted({x["outlet"] for x in appear if x.get("outlet")}),
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "evidence": evidence,
            }
        appearances = [{**self._article_brief(aid), "copy_of": None} for aid in article_ids]
        appearances += [{k: c[k] for k in ("id", "title", "outlet", "url", "published", "date")}
                        | {"copy_of": c["original_id"]} for c in copies]
        appearances.sort(key=lambda x: (x["date"] or "9999", x["outlet"] or "", x["id"]))
        timeline = sorted(
            ({"date": s["article"]["date"], "outlet": s["article"]["outlet"],
              "article_id": s["article_id"], "statement_id": s["id"],
              "speaker": s["speaker"]["name"], "side": s["side"], "stance": s["stance"],
              "evidence": s["evidence"], "content": s["content"]["text"]} for s in stmts),
            key=lambda x: (x["date"] or "9999", x["outlet"] or "", x["article_id"],
                           x["statement_id"]))
        return {"id": pid, "uid": head["uid"], "proposition": head["proposition"],
                "first_date": head["first_date"], "last_date": head["last_date"],
                "counts": {"statements": head["n_statements"], "articles": head["n_articles"],
                           "copies": len(copies),
                           "outlets": len({a["outlet"] for a in appearances if a["outlet"]})},
                "sides": sides, "appearances": appearances, "timeline": timeline,
                "outlet_voices": [
                    {"outlet": s["article"]["outlet"] or s["speaker"]["name"],
                     "article_id": s["article_id"], "title": s["article"]["title"],
                     "date": s["article"]["date"], "side": s["side"],
                     "verdict": voice.verdict(s["side"], s["hedged"]),
                     "text": s["content"]["text"]} for s in stmts if s["voice"]]}

    def _article_brief(self, aid: int) -> dict[str, Any]:
        return self._one("SELECT id, title, outlet, url, published, published_date AS date "
                         "FROM articles WHERE id = ?", (aid,)) or {"id": aid}

    def _copies(self, article_ids: list[int]) -> list[dict[str, Any]]:
        if not article_ids:
            return []
        return self._rows(
            "SELECT id, syndicated_of AS original_id, title, outlet, url, published, "
            f"published_date AS date FROM articles WHERE syndicated_of IN "
            f"({','.join('?' * len(article_ids))}) ORDER BY id", article_ids)

    # -- speakers ---------------------------------------------------------------------

    def speakers(self, *, search: str | None = None, limit: int = 50,
                 offset: int = 0) -> list[dict[str, Any]]:
        """Speakers merged across the corpus, most statements first, with counts per side
        (speakers mentioned but quoted nowhere are left out; :meth:`speaker` finds them;
        outlets' own voices are not listed: they show on the disputes; nor are
        unresolved speakers, pronouns and words that name no one: ``link.speakers``)."""
        limit, offset = _page(limit, offset)
        where, params = f"WHERE {LISTED_SPEAKER}", []
        if search and search.strip():
            where, params = (f"WHERE {LISTED_SPEAKER} AND sp.name LIKE ? ESCAPE '\\'",
                             [f"%{_like(search)}%"])
        rows = self._rows(f"""
            SELECT sp.id, sp.uid, sp.name, sp.kind, COUNT(s.id) AS n_statements,
                   COUNT(DISTINCT s.article_id) AS n_articles,
                   SUM(s.side = 'asserting') AS asserting, SUM(s.side = 'denying') AS denying,
                   SUM(s.side = 'hedging') AS hedging, SUM(s.side = 'other') AS other
            FROM speakers sp LEFT JOIN statements s ON s.speaker_id = sp.id {where}
            GROUP BY sp.id HAVING n_statements > 0
            ORDER BY n_statements DESC, sp.name LIMIT ? OFFSET ?""",
                          [*params, limit, offset])
        for r in rows:
            for k in ("asserting", "denying", "hedging", "other"):
                r[k] = r[k] or 0
        return rows

    def speaker(self, name_or_id: str | int) -> dict[str, Any]:
        """One speaker by id, canonical name or a mention ("Beijing" finds China): what
        they asserted, denied and hedged, their mentions and their disputes."""
        row = self._find_speaker(name_or_id)
        sid = row["id"]
        stmts = self.statements(speaker_id=sid, limit=_MAX_LIMIT)
        mentions = self._rows("SELECT text, COUNT(*) AS n FROM speaker_mentions WHERE "
                              "speaker_id = ? GROUP BY text ORDER BY n DESC, text", (sid,))
        dispute_ids = {d["id"] for d in self._rows(
            _DISPUTE_SQL.format(where="AND p.id IN (SELECT proposition_id FROM "
                                "proposition_speakers WHERE speaker_id = ?)"), (sid,))}
        return {"id": sid, "uid": row.get("uid"), "name": row["name"], "kind": row["kind"],
                "mentions": mentions,
                "asserted": [s for s in stmts if s["side"] == "asserting"],
                "denied": [s for s in stmts if s["side"] == "denying"],
                "hedged": [s for s in stmts if s["side"] == "hedging"],
                "other": [s for s in stmts if s["side"] == "other"],
                "disputes": sorted(dispute_ids)}

    def _find_speaker(self, name_or_id: str | int) -> dict[str, Any]:
        text = str(name_or_id).strip()
        if text.isdigit():
            row = self._one("SELECT id, uid, name, kind FROM speakers WHERE id = ?", (int(text),))
            if row:
                return row
        if text.startswith("sp"):
            row = self._one("SELECT id, uid, name, kind FROM speakers WHERE uid = ?", (text,))
            if row:
                return row
        for kind in ("government", "anonymous"):
            name = canonical_name(text) if kind == "government" else " ".join(text.split())
            from ..link import load_rules

            key = speaker_key(name, kind, places=load_rules().places)
            row = self._one("SELECT id, uid, name, kind FROM speakers WHERE key = ?", (key,))
            if row:
                return row
        row = (self._one("SELECT id, uid, name, kind FROM speakers WHERE name = ? COLLATE NOCASE "
                         "ORDER BY id LIMIT 1", (text,))
               or self._one("SELECT sp.id, sp.uid, sp.name, sp.kind FROM speaker_mentions m JOIN speakers "
                            "sp ON sp.id = m.speaker_id WHERE m.text = ? COLLATE NOCASE "
                            "GROUP BY sp.id ORDER BY COUNT(*) DESC LIMIT 1", (text,))
               or self._one("SELECT id, uid, name, kind FROM speakers WHERE name LIKE ? ESCAPE '\\' "
                            "ORDER BY length(name), id LIMIT 1", (f"%{_like(text)}%",)))
        if row is None:
            raise NotFoundError(f"no speaker matching {text!r} (see `counterclaim speakers`)")
        return row

    # -- full-text search -------------------------------------------------------------

    def _fts(self, table: str, q: str, sql: str, params: list[Any]) -> tuple[list[dict], str]:
        """Run an FTS5 query; malformed syntax is retried as plain words."""
        if not q or not q.strip():
            raise QueryError("the search query is empty; give some words")
        try:
            return self._rows(sql, [q, *params]), "fts5"
        except sqlite3.OperationalError as exc:
            if not _FTS_BAD.search(str(exc)):
                raise
        plain = plain_fts_query(q)
        if not plain:
            raise QueryError(f"the search query {q!r} has no words to look for")
        return self._rows(sql, [plain, *params]), "plain words"

    def _fts_ids(self, table: str, q: str) -> list[int]:
        rows, _ = self._fts(table, q, f"SELECT rowid FROM {table} WHERE {table} MATCH ? "
                            "LIMIT 5000", [])
        return [r["rowid"] for r in rows]

    def search(self, q: str, *, limit: int = 20, offset: int = 0,
               filters: Filters | None = None) -> dict[str, Any]:
        """Full-text search (FTS5 syntax: words, "phrases", OR, NOT, prefix*) over
        statements (content, speaker, cue) and articles (title, text, outlet), each
        kept to ``filters`` when given (as on the index pages: articles with a
        statement that matches the statement filters).
        A query FTS5 cannot parse is read as plain words (``interpreted_as``)."""
        limit, offset = _page(limit, offset)
        if filters is not None:
            filters = self.resolve_filters(filters)  # type: ignore[attr-defined]
        st_cond, st_params, a_cond, a_params = search_conditions(filters)
        st_rows, how = self._fts(
            "statements_fts", q,
            "SELECT statements_fts.rowid AS id, bm25(statements_fts) AS rank FROM statements_fts "
            f"{st_cond} ORDER BY rank LIMIT ? OFFSET ?", [*st_params, limit, offset])
        stmts = []
        for r in st_rows:
            row = self._one(f"{_STATEMENT_SQL} WHERE s.id = ?", (r["id"],))
            if row:
                stmts.append(_statement(row))
        q_used = q if how == "fts5" else plain_fts_query(q)
        art_rows, _ = self._fts(
            "articles_fts", q_used,
            f"SELECT {_ARTICLE_COLS}, snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? {a_cond} ORDER BY bm25(articles_fts) LIMIT ? OFFSET ?",
            [*a_params, limit, offset])
        return {"query": q, "interpreted_as": how, "fts_query": q_used,
                "filters": filters.to_dict() if filters else {},
                "statements": stmts, "articles": art_rows}

    # -- whole-corpus iteration (for counterclaim.corpus.export) -----------------------

    def iter_statements(self, batch: int = 500) -> Iterator[dict[str, Any]]:
        """Every statement (as :meth:`statements` gives them), in storage order."""
        last = 0
        while True:
            rows = self._rows(f"{_STATEMENT_SQL} WHERE s.id > ? ORDER BY s.id LIMIT ?",
                              (last, batch))
            if not rows:
                return
            yield from (_statement(r) for r in rows)
            last = rows[-1]["id"]

    def iter_copies(self, batch: int = 500) -> Iterator[dict[str, Any]]:
        """Every syndicated copy: its id and input id, and its original's."""
        last = 0
        while True:
            rows = self._rows(
                "SELECT c.id, c.ext_id, o.id AS original_id, o.ext_id AS original_ext_id "
                "FROM articles c JOIN articles o ON o.id = c.syndicated_of WHERE c.id > ? "
                "ORDER BY c.id LIMIT ?", (last, batch))
            if not rows:
                return
            yield from rows
            last = rows[-1]["id"]

    def iter_disputes(self, batch: int = 200) -> Iterator[dict[str, Any]]:
        """Every dispute in full (:meth:`dispute`), in list order."""
        offset = 0
        while True:
            page = self.disputes(limit=batch, offset=offset)
            if not page:
                return
            for d in page:
                yield self.dispute(d["id"])
            offset += batch

    # -- read-only aggregates for the web interface (counterclaim.web) -----------------

    def disputes_by_activity(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Disputes as :meth:`disputes` returns them, most recently active first (latest
        dated statement, then most statements); undated disputes last."""
        limit, offset = _page(limit, offset)
        rows = self._rows(_DISPUTE_SQL.format(where="") + " ORDER BY p.last_date DESC NULLS LAST, "
                          "p.n_statements DESC, p.id LIMIT ? OFFSET ?", [limit, offset])
        for r in rows:
            r.update(self._side_speakers(r["id"]))
        return rows

    def dispute_summary(self, dispute_id: int) -> dict[str, Any]:
        """Aggregates over *all* statements of a proposition, however many: statements per
        (date, side) for a timeline, and per side its speakers with statement counts, its
        outlets and its evidence counts. Unknown ids raise NotFoundError."""
        pid = int(dispute_id)
        if self._one("SELECT 1 FROM statements WHERE proposition_id = ? LIMIT 1", (pid,)) is None:
            raise NotFoundError(f"no statements about proposition {pid}")
        timeline = self._rows(
            "SELECT a.published_date AS date, s.side, COUNT(*) AS statements FROM statements s "
            "JOIN articles a ON a.id = s.article_id WHERE s.proposition_id = ? "
            "GROUP BY a.published_date, s.side ORDER BY a.published_date NULLS LAST, s.side",
            (pid,))
        speakers = self._rows(
            "SELECT ps.side, sp.id, sp.name, sp.kind, COUNT(*) AS statements FROM "
            "proposition_speakers ps JOIN speakers sp ON sp.id = ps.speaker_id JOIN statements s "
            "ON s.proposition_id = ps.proposition_id AND s.speaker_id = ps.speaker_id "
            "WHERE ps.proposition_id = ? GROUP BY ps.side, sp.id "
            "ORDER BY ps.side, statements DESC, sp.name", (pid,))
        outlets = self._rows(
            "SELECT s.side, a.outlet, COUNT(*) AS statements FROM statements s JOIN articles a "
            "ON a.id = s.article_id WHERE s.proposition_id = ? AND a.outlet IS NOT NULL "
            "GROUP BY s.side, a.outlet ORDER BY s.side, statements DESC, a.outlet", (pid,))
        evidence = self._rows(
            "SELECT side, evidence, COUNT(*) AS statements FROM statements "
            "WHERE proposition_id = ? GROUP BY side, evidence ORDER BY side, statements DESC",
            (pid,))
        return {"id": pid, "timeline": timeline, "speakers": speakers, "outlets": outlets,
                "evidence": evidence}

    def proposition_texts(self, ids: list[int]) -> dict[int, str]:
        """proposition id → its text (the wording a dispute is listed under), for labels."""
        ids = [int(i) for i in ids][:_MAX_LIMIT]
        if not ids:
            return {}
        return {r["id"]: r["text"] for r in self._rows(
            f"SELECT id, text FROM propositions WHERE id IN ({','.join('?' * len(ids))})", ids)}

    def speaker_offsets(self, article_id: int) -> dict[int, tuple[int, int]]:
        """statement id → (start, end) of its speaker mention in the article text, for the
        statements of one article whose sentence names the speaker (for highlighting)."""
        return {r["id"]: (r["speaker_start"], r["speaker_end"]) for r in self._rows(
            "SELECT id, speaker_start, speaker_end FROM statements WHERE article_id = ? AND "
            "speaker_start IS NOT NULL AND speaker_end IS NOT NULL", (int(article_id),))}


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
