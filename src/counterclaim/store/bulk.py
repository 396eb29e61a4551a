"""A bulk path for large synthetic corpora (benchmarks): copies of the stored articles
written straight into the tables, without linking them again.

    replicate(store, copies=99, tail=lambda k, n: f"Bulletin {k}-{n} ...")

Each original article is written ``copies`` more times with a new id, its text
followed by a paragraph of its own (``tail``: so no two copies are the same text and
the full-text index has different words to rank), a new text hash and stable id,
the same title, outlet, story and statements (same speakers and propositions, the
same offsets: the tail comes after every statement). The propositions' and the
stories' counts are not updated and the copies are not found as syndicated copies
(no MinHash bands): this builds a corpus of the size a query must search, in
minutes, for measuring time; it is not a corpus to read disputes from. Store.add is
the path for real articles.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from .schema import now

_ARTICLE_COLS = ("ext_id", "source", "url", "title", "outlet", "published", "published_date",
                 "body_start", "body_end", "versions", "n_statements", "story_id",
                 "story_score")
_STATEMENT_COLS = ("ext_id", "speaker_id", "speaker_text", "speaker_start", "speaker_end",
                   "resolved_by", "anonymous", "cue_text", "cue_lemma", "cue_class", "content",
                   "content_start", "content_end", "kind", "stance", "side", "hedged",
                   "hedges", "evidence", "confidence", "negated", "proposition_id",
                   "article_proposition", "construction", "link_reason")


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def replicate(store: Any, copies: int, tail: Callable[[int, int], str], *,
              batch: int = 2000) -> dict[str, float]:
    """Write ``copies`` more copies of every original stored article (see the module
    docstring); ``tail(copy number, article id)`` is the paragraph each copy's text
    ends with. Returns ``{"articles": written, "seconds": …}``."""
    t0 = time.perf_counter()
    written = 0
    with store._tx() as conn:
        originals = [r[0] for r in conn.execute(
            "SELECT id FROM articles WHERE syndicated_of IS NULL ORDER BY id")]
        for k in range(1, copies + 1):
            for start in range(0, len(originals), batch):
                written += _copy_batch(conn, originals[start:start + batch], k, tail)
    return {"articles": written, "seconds": time.perf_counter() - t0}


def _copy_batch(conn: sqlite3.Connection, ids: list[int], k: int,
                tail: Callable[[int, int], str]) -> int:
    marks = ",".join("?" * len(ids))
    cols = ", ".join(_ARTICLE_COLS)
    arts = conn.execute(f"SELECT id, text, {cols} FROM articles WHERE id IN ({marks})",
                        ids).fetchall()
    sts = conn.execute(f"SELECT article_id, {', '.join(_STATEMENT_COLS)} FROM statements "
                       f"WHERE article_id IN ({marks})", ids).fetchall()
    by_article: dict[int, list[tuple]] = {}
    for r in sts:
        by_article.setdefault(r[0], []).append(tuple(r[1:]))
    ts = now()
    st_marks = ",".join("?" * (len(_STATEMENT_COLS) + 2))
    for a in arts:
        old, text, rest = a[0], a[1], dict(zip(_ARTICLE_COLS, a[2:], strict=True))
        text = f"{text}\n\n{tail(k, old)}"
        digest = _digest(text)
        rest["ext_id"] = f"{rest['ext_id'] or old}~{k}"
        rest["source"] = f"{rest['source']}~{k}"
        rest["url"] = None
        cur = conn.execute(
            f"INSERT INTO articles ({cols}, text, text_hash, uid, ingested_at) "
            f"VALUES ({','.join('?' * len(_ARTICLE_COLS))},?,?,?,?)",
            (*rest.values(), text, digest, "a" + digest[:20], ts))
        aid = int(cur.lastrowid)
        conn.execute("INSERT INTO articles_fts (rowid, title, text, outlet) VALUES (?,?,?,?)",
                     (aid, rest["title"], text, rest["outlet"]))
        rows = by_article.get(old, [])
        conn.executemany(
            f"INSERT INTO statements (article_id, uid, {', '.join(_STATEMENT_COLS)}) "
            f"VALUES ({st_marks})",
            [(aid, f"a{digest[:20]}.{r[0] or n}", *r) for n, r in enumerate(rows)])
    return len(arts)
