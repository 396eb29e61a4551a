"""Browsing the corpus like a dataset: the four indexes (articles, statements,
speakers, disputes), filtered, sorted, paginated, with facet counts.

Every index reads one *universe*: the statements joined with their article and
speaker, cut by :func:`filter_where` — the one place filters become SQL, always as
``?`` parameters (user text never enters the SQL string; sort keys come from a fixed
table). Rows are flat dicts (one level), the same in the web pages, the API, the
CSV/JSON downloads and the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..errors import NotFoundError, QueryError
from .filters import Filters

INDEXES = ("articles", "statements", "speakers", "disputes")
_MAX_LIMIT = 1000
FACET_VALUES = 12

# The speakers a list shows: not an unresolved speaker (a pronoun, a word that names no
# one: link.speakers names them so), nor, in the corpus's list of speakers, an outlet's
# own voice (it shows on the disputes; the index pages list it, as a kind to filter on).
NAMED_SPEAKER = "sp.kind != 'unresolved'"
LISTED_SPEAKER = "sp.kind NOT IN ('outlet', 'unresolved')"
_UNIVERSE = ("statements s JOIN articles a ON a.id = s.article_id "
             "JOIN speakers sp ON sp.id = s.speaker_id")
# The same rows, articles first (CROSS JOIN fixes the order), for sorting by date.
_BY_DATE = ("articles a CROSS JOIN statements s ON a.id = s.article_id "
            "JOIN speakers sp ON sp.id = s.speaker_id")

# index → sort key → SQL expression (the only sort SQL there is); the first is the default.
SORTS: dict[str, dict[str, str]] = {
    "articles": {"date": "a.published_date", "title": "a.title COLLATE NOCASE",
                 "outlet": "a.outlet COLLATE NOCASE", "statements": "n_statements"},
    "statements": {"date": "a.published_date", "speaker": "sp.name COLLATE NOCASE",
                   "outlet": "a.outlet COLLATE NOCASE", "stance": "s.stance",
                   "side": "s.side", "evidence": "s.evidence"},
    "speakers": {"statements": "n_statements", "name": "sp.name COLLATE NOCASE",
                 "articles": "n_articles", "asserting": "asserting", "denying": "denying",
                 "hedging": "hedging", "kind": "sp.kind"},
    "disputes": {"statements": "n_statements", "articles": "n_articles",
                 "last": "last_date", "first": "first_date",
                 "proposition": "p.text COLLATE NOCASE"},
}
DEFAULT_SORT = {"articles": "-date", "statements": "date", "speakers": "-statements",
                "disputes": "-statements"}
# What each index's facets count, and the facets it shows.
_UNIT = {"articles": "s.article_id", "statements": "s.id", "speakers": "s.speaker_id",
         "disputes": "s.proposition_id"}
FACETS: dict[str, str] = {"outlet": "a.outlet", "side": "s.side", "stance": "s.stance",
                          "evidence": "s.evidence", "speaker_kind": "sp.kind",
                          "hedged": "s.hedged"}
_TIE = {"articles": "a.id", "statements": "s.id", "speakers": "sp.id", "disputes": "p.id"}


def filter_where(f: Filters, *, statements: bool = True) -> tuple[list[str], list[Any]]:
    """The WHERE conditions (joined with AND) and their parameters for ``f`` over the
    universe (``a`` articles, ``s`` statements, ``sp`` speakers); with
    ``statements=False`` only the article conditions."""
    # Syndicated copies are stored without statements: only the articles index needs
    # to leave them out.
    where: list[str] = ["1 = 1"] if statements else ["a.syndicated_of IS NULL"]
    params: list[Any] = []
    if f.since:
        where.append("a.published_date >= ?")
        params.append(f.since)
    if f.until:
        where.append("a.published_date <= ?")
        params.append(f.until)
    if f.outlet:  # any case; as a list of the stored spellings, so the index is used
        where.append("a.outlet IN (SELECT DISTINCT outlet FROM articles "
                     "WHERE outlet = ? COLLATE NOCASE)")
        params.append(f.outlet)
    if not statements:
        return where, params
    if f.speaker:
        where.append("(sp.name = ? COLLATE NOCASE OR CAST(sp.id AS TEXT) = ?)")
        params += [f.speaker, f.speaker]
    for col, val in (("sp.kind", f.speaker_kind), ("s.stance", f.stance), ("s.side", f.side),
                     ("s.evidence", f.evidence)):
        if val is not None:
            where.append(f"{col} = ?")
            params.append(val)
    if f.hedged is not None:
        where.append("s.hedged = ?")
        params.append(int(f.hedged))
    return where, params


def search_conditions(f: Filters | None) -> tuple[str, list[Any], str, list[Any]]:
    """For a full-text search kept to ``f``: the FROM/WHERE tail of the statements
    query (after ``FROM statements_fts``, holding ``MATCH ?`` first) and its
    parameters, and the ``AND …`` tail of the articles query and its parameters."""
    if f is None or not f.to_dict():
        return "WHERE statements_fts MATCH ?", [], "", []
    where, params = filter_where(f)
    st = (f"JOIN statements s ON s.id = statements_fts.rowid JOIN articles a ON "
          f"a.id = s.article_id JOIN speakers sp ON sp.id = s.speaker_id "
          f"WHERE statements_fts MATCH ? AND {' AND '.join(where)}")
    a_where, a_params = filter_where(f, statements=False)
    if f.statement_level():
        a_where.append(f"a.id IN (SELECT s.article_id FROM {_UNIVERSE} WHERE "
                       f"{' AND '.join(where)})")
        a_params += params
    return st, params, "AND " + " AND ".join(a_where), a_params


def order_by(index: str, sort: str | None) -> tuple[str, str]:
    """(the sort key as given back, the ORDER BY clause) for ``sort`` ("date",
    "-date": descending); an unknown key is a QueryError naming the known ones."""
    sort = (sort or DEFAULT_SORT[index]).strip()
    key, desc = sort.lstrip("-"), sort.startswith("-")
    table = SORTS[index]
    if key not in table:
        raise QueryError(f"cannot sort {index} by {key!r}; sort by one of "
                         f"{', '.join(table)} (- before it for descending)")
    direction = "DESC NULLS LAST" if desc else "ASC NULLS LAST"
    return ("-" if desc else "") + key, f"{table[key]} {direction}, {_TIE[index]}"


def _page(limit: int, offset: int) -> tuple[int, int]:
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset must be zero or more")
    return min(int(limit), _MAX_LIMIT), int(offset)


class BrowseMixin:
    """The index queries of :class:`~counterclaim.store.Store` (needs ``_rows``/``_one``)."""

    def _rows(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _one(self, sql: str, params: tuple | list = ()) -> dict[str, Any] | None:
        raise NotImplementedError

    def _side_speakers(self, pid: int) -> dict[str, list[str]]:
        raise NotImplementedError

    def _find_speaker(self, name_or_id: str | int) -> dict[str, Any]:
        raise NotImplementedError

    def resolve_filters(self, f: Filters | None) -> Filters:
        """``f`` with its speaker as an id when a speaker answers to it (a canonical
        name, a mention such as "Beijing", an id); an unknown one matches nothing."""
        f = f or Filters()
        if not f.speaker or f.speaker.isdigit():
            return f
        try:
            sid = self._find_speaker(f.speaker)["id"]
        except NotFoundError:
            return f
        return replace(f, speaker=str(sid))

    # -- stable ids -------------------------------------------------------------------

    def find_id(self, kind: str, value: str | int) -> int:
        """The row id of an article, statement, speaker or dispute given by its row id
        or its stable id (store/uids.py); NotFoundError when there is none."""
        table = {"article": "articles", "statement": "statements", "speaker": "speakers",
                 "dispute": "propositions"}[kind]
        text = str(value).strip()
        if text.isdigit() and len(text) < 19:
            row = self._one(f"SELECT id FROM {table} WHERE id = ?", (int(text),))
        else:
            row = self._one(f"SELECT id FROM {table} WHERE uid = ?", (text,))
        if row is None:
            raise NotFoundError(f"no {kind} with id {text!r}")
        return int(row["id"])

    def uid_of(self, kind: str, row_id: int) -> str | None:
        """The stable id of the row ``row_id`` of ``kind`` (None when it has none)."""
        table = {"article": "articles", "statement": "statements", "speaker": "speakers",
                 "dispute": "propositions"}[kind]
        row = self._one(f"SELECT uid FROM {table} WHERE id = ?", (int(row_id),))
        return row["uid"] if row else None

    # -- the four indexes -------------------------------------------------------------

    def _index_sql(self, index: str, f: Filters, sort: str = "") -> tuple[str, list[Any]]:
        """SELECT … (no ORDER BY/LIMIT) giving the flat rows of ``index``; statements
        sorted by date are read article by article in date order (the date index, not
        a sort of every statement)."""
        if index not in INDEXES:
            raise QueryError(f"no index {index!r}; one of {', '.join(INDEXES)}")
        where, params = filter_where(f)
        cond = " AND ".join(where)
        if index == "statements":
            return (f"""SELECT s.id, s.uid, s.ext_id, a.published_date AS date, a.outlet,
                       s.article_id, a.title AS article_title, sp.id AS speaker_id,
                       sp.name AS speaker, sp.kind AS speaker_kind, s.cue_text AS cue,
                       s.stance, s.side, s.hedged, s.evidence, s.content, s.content_start,
                       s.content_end, s.proposition_id, a.uid AS article_uid,
                       sp.uid AS speaker_uid, (SELECT uid FROM propositions WHERE
                       id = s.proposition_id) AS proposition_uid
                FROM {_BY_DATE if sort.lstrip("-") == "date" else _UNIVERSE}
                WHERE {cond}""", params)
        if index == "speakers":
            return (f"""SELECT sp.id, sp.uid, sp.name, sp.kind, COUNT(*) AS n_statements,
                       COUNT(DISTINCT s.article_id) AS n_articles,
                       SUM(s.side = 'asserting') AS asserting, SUM(s.side = 'denying')
                       AS denying, SUM(s.side = 'hedging') AS hedging,
                       SUM(s.side = 'other') AS other
                FROM {_UNIVERSE} WHERE {NAMED_SPEAKER} AND {cond} GROUP BY sp.id""",
                    params)
        if index == "disputes":
            return (f"""SELECT p.id, p.uid, p.text AS proposition, COUNT(*) AS n_statements,
                       COUNT(DISTINCT s.article_id) AS n_articles,
                       SUM(s.side = 'asserting') AS n_asserting,
                       SUM(s.side = 'denying') AS n_denying,
                       SUM(s.side = 'hedging') AS n_hedging,
                       MIN(a.published_date) AS first_date, MAX(a.published_date) AS last_date
                FROM {_UNIVERSE} JOIN propositions p ON p.id = s.proposition_id
                WHERE p.is_dispute = 1 AND {cond} GROUP BY p.id""", params)
        # articles: the article conditions, and a statement that matches when the
        # filters look at statements (articles without statements otherwise too).
        a_where, a_params = filter_where(f, statements=False)
        if f.statement_level():
            a_where.append(f"a.id IN (SELECT s.article_id FROM {_UNIVERSE} WHERE {cond})")
            a_params += params
        return (f"""SELECT a.id, a.uid, a.ext_id, a.published_date AS date, a.published, a.outlet,
                   a.title, a.url, a.source, a.n_statements,
                   substr(a.text, a.body_start + 1, 300) AS lead,
                   (SELECT COUNT(*) FROM articles c WHERE c.syndicated_of = a.id) AS n_copies
            FROM articles a WHERE {' AND '.join(a_where)}""", a_params)

    def browse(self, index: str, filters: Filters | None = None, *, sort: str | None = None,
               limit: int = 50, offset: int = 0, facets: bool = True) -> dict[str, Any]:
        """One page of an index: ``{"index", "items", "total", "limit", "offset", "sort",
        "filters", "facets"}``; facets are ``{name: [{"value", "count"}]}`` over the
        filtered rows (the count is of the index's rows: articles, statements, …)."""
        f = self.resolve_filters(filters)
        limit, offset = _page(limit, offset)
        sort_key, order = order_by(index, sort)
        sql, params = self._index_sql(index, f, sort_key)
        items = self._rows(f"{sql} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset])
        if index == "disputes":
            for r in items:
                r.update(self._side_speakers(r["id"]))
        total = self._cached(("total", index, f), lambda: self._total(index, f))
        return {"index": index, "items": items, "total": total, "limit": limit,
                "offset": offset, "sort": sort_key, "filters": f.to_dict(),
                "facets": self.facets(index, f) if facets else {}}

    def _total(self, index: str, f: Filters) -> int:
        """How many rows ``index`` has under ``f`` (without building them)."""
        where, params = filter_where(f)
        cond = " AND ".join(where)
        if index == "articles":
            a_where, a_params = filter_where(f, statements=False)
            if f.statement_level():
                a_where.append(f"a.id IN (SELECT s.article_id FROM {_UNIVERSE} WHERE {cond})")
                a_params += params
            sql, params = f"SELECT COUNT(*) AS n FROM articles a WHERE {' AND '.join(a_where)}", \
                a_params
        elif index == "statements":
            sql = f"SELECT COUNT(*) AS n FROM {_UNIVERSE} WHERE {cond}"
        elif index == "speakers":
            sql = f"SELECT COUNT(DISTINCT s.speaker_id) AS n FROM {_UNIVERSE} WHERE {cond}"
        else:
            sql = (f"SELECT COUNT(DISTINCT s.proposition_id) AS n FROM {_UNIVERSE} JOIN "
                   f"propositions p ON p.id = s.proposition_id WHERE p.is_dispute = 1 AND {cond}")
        return int((self._one(sql, params) or {}).get("n") or 0)

    def iter_browse(self, index: str, filters: Filters | None = None, *,
                    sort: str | None = None, limit: int = 50, offset: int = 0,
                    batch: int = 200) -> Iterator[dict[str, Any]]:
        """The rows :meth:`browse` gives for the same arguments, read ``batch`` at a
        time (for streamed downloads)."""
        f = self.resolve_filters(filters)
        limit, offset = _page(limit, offset)
        sort_key, order = order_by(index, sort)
        sql, params = self._index_sql(index, f, sort_key)
        done = 0
        while done < limit:
            n = min(batch, limit - done)
            rows = self._rows(f"{sql} ORDER BY {order} LIMIT ? OFFSET ?",
                              [*params, n, offset + done])
            yield from rows
            if len(rows) < n:
                return
            done += n

    def facets(self, index: str, filters: Filters | None = None) -> dict[str, list[dict]]:
        """Per facet (outlet, side, stance, evidence, speaker kind, hedged) its most
        frequent values among the filtered rows of ``index``, with counts (of distinct
        rows of the index). A read-only store keeps the answers until the database
        changes (``PRAGMA data_version``)."""
        f = self.resolve_filters(filters)
        return self._cached(("facets", index, f), lambda: self._facets(index, f))

    def _facets(self, index: str, f: Filters) -> dict[str, list[dict]]:
        where, params = filter_where(f)
        out: dict[str, list[dict[str, Any]]] = {}
        for name, expr in FACETS.items():
            # Join only what the facet and the filters read (statements of syndicated
            # copies are never stored, so the bare statements table is the universe).
            text = " ".join([expr, *where])
            joins = ""
            if "a." in text:
                joins += " JOIN articles a ON a.id = s.article_id"
            if "sp." in text:
                joins += " JOIN speakers sp ON sp.id = s.speaker_id"
            cond = list(where)
            if index == "disputes":
                joins += " JOIN propositions p ON p.id = s.proposition_id"
                cond = ["p.is_dispute = 1", *cond]
            rows = self._rows(
                f"SELECT {expr} AS value, COUNT(DISTINCT {_UNIT[index]}) AS count "
                f"FROM statements s{joins} WHERE {' AND '.join([*cond, f'{expr} IS NOT NULL'])} "
                f"GROUP BY {expr} ORDER BY count DESC, value LIMIT ?", [*params, FACET_VALUES])
            if name == "hedged":
                rows = [{"value": "yes" if r["value"] else "no", "count": r["count"]}
                        for r in rows]
            out[name] = rows
        return out

    def _cached(self, key: Any, compute: Any) -> Any:
        """``compute()``, remembered per key on a read-only store while the database's
        ``data_version`` stays the same (another process writing changes it)."""
        if not getattr(self, "readonly", False):
            return compute()
        version = (self._one("PRAGMA data_version") or {}).get("data_version")
        cache = self.__dict__.setdefault("_browse_cache", {})
        if cache.get("_version") != version:
            cache.clear()
            cache["_version"] = version
        if key not in cache:
            if len(cache) > 512:
                cache.clear()
                cache["_version"] = version
            cache[key] = compute()
        return cache[key]

    # -- the corpus overview (home page) ----------------------------------------------

    def overview(self, *, top: int = 8) -> dict[str, Any]:
        """Statements per day by side (dated ones), the undated count, the top
        speakers and outlets by statements, and the latest articles (remembered on a
        read-only store until the database changes)."""
        return self._cached(("overview", top), lambda: self._overview(top))

    def _overview(self, top: int) -> dict[str, Any]:
        per_day = self._rows(
            "SELECT a.published_date AS date, s.side, COUNT(*) AS statements "
            "FROM statements s JOIN articles a ON a.id = s.article_id "
            "GROUP BY a.published_date, s.side ORDER BY a.published_date NULLS LAST, s.side")
        outlets = self._rows(
            "SELECT a.outlet AS name, COUNT(s.id) AS statements, "
            "COUNT(DISTINCT a.id) AS articles FROM articles a LEFT JOIN statements s "
            "ON s.article_id = a.id WHERE a.outlet IS NOT NULL AND a.syndicated_of IS NULL "
            "GROUP BY a.outlet ORDER BY statements DESC, articles DESC, a.outlet LIMIT ?",
            (top,))
        speakers = self._rows(
            "SELECT sp.id, sp.uid, sp.name, sp.kind, COUNT(*) AS statements FROM statements s "
            f"JOIN speakers sp ON sp.id = s.speaker_id WHERE {NAMED_SPEAKER} GROUP BY sp.id "
            "ORDER BY statements DESC, sp.name LIMIT ?", (top,))
        latest = self.browse("articles", limit=top, facets=False)["items"]
        return {"per_day": per_day, "outlets": outlets, "speakers": speakers,
                "latest": latest}
