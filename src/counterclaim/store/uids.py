"""Stable ids: derived from what a row holds, not from when it was stored, so a URL or
an export row means the same thing after the corpus is rebuilt.

| row | id | from |
| --- | --- | --- |
| article | ``a`` + 12 hex | the hash of its normalised text (the duplicate key) |
| statement | article id + ``.`` + its id in the reading (``S3``) | the article and the reading |
| speaker | ``sp`` + 10 hex | the key speakers merge on (link.speakers) |
| proposition (dispute) | ``p`` + 10 hex | its text (the wording it is listed under) |

Two rows whose material hashes alike get a longer prefix, then ``-2``, ``-3`` (in
storage order). :func:`assign` fills every row that has none; the store calls it
in the transaction that writes an article, and once for old rows on migration 5.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3

_UID = re.compile(r"^(a[0-9a-f]{12,32}(-\d+)?(\.[\w-]+)?|sp[0-9a-f]{10,32}(-\d+)?|"
                  r"p[0-9a-f]{10,32}(-\d+)?)$")


def looks_like_uid(text: str) -> bool:
    """Whether ``text`` has the shape of a stable id (any kind)."""
    return bool(_UID.match(text.strip()))


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _free(conn: sqlite3.Connection, table: str, prefix: str, digest: str, short: int) -> str:
    """The first of prefix+digest[:short], a longer prefix, then -2, -3 … not taken."""
    for n in (short, short + 4, len(digest)):
        uid = prefix + digest[:n]
        if not conn.execute(f"SELECT 1 FROM {table} WHERE uid = ?", (uid,)).fetchone():
            return uid
    k = 2
    while conn.execute(f"SELECT 1 FROM {table} WHERE uid = ?", (f"{uid}-{k}",)).fetchone():
        k += 1
    return f"{uid}-{k}"


def assign(conn: sqlite3.Connection) -> int:
    """Give every row without a stable id its id; returns how many were given."""
    n = 0
    for aid, text_hash in conn.execute(
            "SELECT id, text_hash FROM articles WHERE uid IS NULL ORDER BY id").fetchall():
        conn.execute("UPDATE articles SET uid = ? WHERE id = ?",
                     (_free(conn, "articles", "a", text_hash, 12), aid))
        n += 1
    for sid, ext, auid in conn.execute(
            "SELECT s.id, s.ext_id, a.uid FROM statements s JOIN articles a ON "
            "a.id = s.article_id WHERE s.uid IS NULL ORDER BY s.id").fetchall():
        want = f"{auid}.{ext or 's'}"
        uid = want
        k = 2
        while conn.execute("SELECT 1 FROM statements WHERE uid = ?", (uid,)).fetchone():
            uid, k = f"{want}-{k}", k + 1
        conn.execute("UPDATE statements SET uid = ? WHERE id = ?", (uid, sid))
        n += 1
    for spid, key in conn.execute(
            "SELECT id, key FROM speakers WHERE uid IS NULL ORDER BY id").fetchall():
        conn.execute("UPDATE speakers SET uid = ? WHERE id = ?",
                     (_free(conn, "speakers", "sp", _digest(key), 10), spid))
        n += 1
    for pid, text in conn.execute(
            "SELECT id, text FROM propositions WHERE uid IS NULL ORDER BY id").fetchall():
        norm = " ".join(text.lower().split())
        conn.execute("UPDATE propositions SET uid = ? WHERE id = ?",
                     (_free(conn, "propositions", "p", _digest(norm), 10), pid))
        n += 1
    return n
