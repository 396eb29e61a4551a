"""Writing the story ``counterclaim.link.stories`` decides for each stored article.

Runs inside the write transaction of one article and reads the story state there
(the document frequencies, the candidate stories through ``story_keys``, their
centroids), so concurrent ingests serialise and each sees what the other stored.
The decision is ``link.stories.place``; the SQL only finds candidates and stores.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from ..link import stories as story_rule
from ..records import Article
from .schema import now

_CHUNK = 500  # terms per IN (...) query


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


class StoriesMixin:
    """The story helpers of :class:`~counterclaim.store.Store`."""

    @staticmethod
    def _load_df(conn: sqlite3.Connection, df: dict[str, int], terms: Iterable[str]) -> None:
        missing = sorted(set(terms) - df.keys())
        for part in _chunks(missing):
            marks = ",".join("?" * len(part))
            df.update({t: 0 for t in part})
            df.update({r[0]: int(r[1]) for r in conn.execute(
                f"SELECT term, df FROM story_df WHERE term IN ({marks})", part)})

    def _place_story(self, conn: sqlite3.Connection, aid: int, article: Article) -> int | None:
        """Put an original article in its story (``link.stories.place``); return the
        story id (None for an article with no story words)."""
        rules = story_rule.load_story_rules()
        words = story_rule.story_words(article.title, article.body.text, rules)
        if not words:
            return None
        n_docs = int(conn.execute("SELECT n_docs FROM story_stats WHERE id = 1").fetchone()[0])
        df: dict[str, int] = {}
        self._load_df(conn, df, words)

        def candidates(keys: list[str]) -> list[tuple[int, dict[str, float]]]:
            marks = ",".join("?" * len(keys))
            shared = {int(r[0]): int(r[1]) for r in conn.execute(
                f"SELECT story_id, COUNT(*) FROM story_keys WHERE key IN ({marks}) "
                "GROUP BY story_id", keys)}
            chosen = sorted(int(s) for s in story_rule.top_candidates(shared))
            out = []
            for sid in chosen:
                row = conn.execute("SELECT centroid FROM stories WHERE id = ?", (sid,)).fetchone()
                out.append((sid, json.loads(row[0])))
            self._load_df(conn, df, (t for _, c in out for t in c))
            return out

        p = story_rule.place(words, df, n_docs, candidates, rules)
        if p.story is None:
            old: dict[str, float] = {}
            sid = int(conn.execute("INSERT INTO stories (centroid, created_at) VALUES ('{}', ?)",
                                   (now(),)).lastrowid)
        else:
            sid = int(p.story)
            old = json.loads(conn.execute("SELECT centroid FROM stories WHERE id = ?",
                                          (sid,)).fetchone()[0])
        new = story_rule.merge_centroid(old, p.tf, p.idf, rules)
        conn.execute("UPDATE stories SET centroid = ?, n_articles = n_articles + 1 WHERE id = ?",
                     (json.dumps(new, sort_keys=True), sid))
        conn.executemany("DELETE FROM story_keys WHERE key = ? AND story_id = ?",
                         [(t, sid) for t in sorted(old.keys() - new.keys())])
        conn.executemany("INSERT INTO story_keys (key, story_id) VALUES (?, ?)",
                         [(t, sid) for t in sorted(new.keys() - old.keys())])
        conn.executemany("INSERT INTO story_df (term, df) VALUES (?, 1) ON CONFLICT(term) "
                         "DO UPDATE SET df = df + 1", [(t,) for t in words])
        conn.execute("UPDATE story_stats SET n_docs = n_docs + 1 WHERE id = 1")
        conn.execute("UPDATE articles SET story_id = ?, story_score = ? WHERE id = ?",
                     (sid, p.score if p.story is not None else None, aid))
        return sid

    @staticmethod
    def _copy_story(conn: sqlite3.Connection, aid: int, original: int) -> None:
        """A syndicated copy is in its original's story."""
        conn.execute("UPDATE articles SET story_id = (SELECT story_id FROM articles WHERE "
                     "id = ?) WHERE id = ?", (original, aid))

    def _restory(self, conn: sqlite3.Connection) -> None:
        """Place the stored articles that have no story yet (a corpus made before
        stories), originals in ingest order, then their copies."""
        rows = conn.execute(
            "SELECT id, ext_id, text, title, body_start, body_end FROM articles WHERE story_id "
            "IS NULL AND syndicated_of IS NULL ORDER BY COALESCE(published_date, "
            "'9999-99-99'), COALESCE(published, ''), ext_id, id").fetchall()
        for r in rows:
            art = Article(id=r["ext_id"], text=r["text"], title=r["title"],
                          body_start=r["body_start"] or 0, body_end=r["body_end"])
            self._place_story(conn, int(r["id"]), art)
        for r in conn.execute("SELECT id, syndicated_of FROM articles WHERE story_id IS NULL "
                              "AND syndicated_of IS NOT NULL").fetchall():
            self._copy_story(conn, int(r[0]), int(r[1]))
