"""The SQLite corpus store: writing side (articles, statements, linking, failures).

One :class:`Store` wraps one SQLite file in WAL mode. :meth:`Store.add` writes one
article and everything read from it in a single ``BEGIN IMMEDIATE`` transaction,
so a process killed at any moment leaves either the whole article or none of it;
re-running an ingest then skips what is there (same URL or same normalised text).
The reading side (queries for the CLI and the web UI) is in :mod:`.queries`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from ..corpus import linking
from ..errors import StoreError
from ..records import Analysis, Article
from .queries import QueriesMixin
from .schema import migrate, now

DEFAULT_DB = "counterclaim.db"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the store needs to recognise an article again, computed once per text."""

    text_hash: str
    url_key: str | None
    n_shingles: int
    minhash: tuple[int, ...]
    bands: tuple[int, ...]

    @classmethod
    def of(cls, text: str, url: str | None = None) -> Fingerprint:
        sh = linking.shingles(text)
        sig = linking.minhash(sh)
        return cls(linking.text_hash(text), linking.normalise_url(url), len(sh), sig,
                   tuple(linking.lsh_bands(sig)))


@dataclass(frozen=True, slots=True)
class AddResult:
    """What :meth:`Store.add` did: ``status`` is ingested | duplicate | syndicated."""

    status: str
    article_id: int
    original_id: int | None = None  # for a syndicated copy: the article it copies
    similarity: float | None = None
    statements: int = 0


def parse_date(value: str | None) -> str | None:
    """YYYY-MM-DD from an ISO date/datetime or an RFC 822 date (RSS); None otherwise."""
    if not value or not isinstance(value, str):
        return None
    v = value.strip()
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(v).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(v[:40], fmt).date().isoformat()
        except ValueError:
            continue
    return None


class Store(QueriesMixin):
    """A corpus database. ``Store(path)`` opens (creating and migrating) the file.

    Use as a context manager or call :meth:`close`. Safe to share between threads
    (calls are serialised by a lock); open one Store per process.
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError("does not exist; run `counterclaim ingest SOURCE --db PATH` first",
                             source=str(self.path))
        if self.path.parent and not self.path.parent.exists():
            raise StoreError("its folder does not exist", source=str(self.path))
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves (one per article).
            self._conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=30,
                                         check_same_thread=False)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL is durable against a killed process in WAL mode (not a power cut).
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self.schema_version = migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot be opened as a counterclaim database ({exc})",
                             source=str(self.path)) from exc
        self._lock = threading.RLock()
        from ..lexicon import load_lexicon

        lex = load_lexicon()
        self._places: dict[str, str] = dict(lex.places)
        self._demonyms: dict[str, str] = dict(lex.demonyms)
        self._state_voices: tuple[str, ...] = tuple(lex.state_voices)
        self._aliases: dict[str, str] = {**lex.demonyms, **lex.places}
        # States known so far (the lexicon's, and every government speaker stored), for
        # "<Adjective> officials" whose adjective the demonym table lacks.
        self._states: set[str] = set(lex.states) | {
            r[0] for r in self._conn.execute("SELECT name FROM speakers WHERE kind = "
                                             "'government'")}

    # -- plumbing ---------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _rows(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(r) for r in self._conn.execute(sql, params).fetchall()]

    def _one(self, sql: str, params: tuple | list = ()) -> dict[str, Any] | None:
        with self._lock:
            row = self._conn.execute(sql, params).fetchone()
        return dict(row) if row else None

    # -- recognising articles ---------------------------------------------------------

    def find_duplicate(self, fp: Fingerprint) -> int | None:
        """The id of a stored article with the same URL or the same normalised text."""
        row = self._one("SELECT id FROM articles WHERE text_hash = ?", (fp.text_hash,))
        if row is None and fp.url_key:
            row = self._one("SELECT id FROM articles WHERE url_key = ?", (fp.url_key,))
        return int(row["id"]) if row else None

    def has_url(self, url: str) -> bool:
        """Whether an article with this URL (normalised) is stored."""
        key = linking.normalise_url(url)
        return bool(key) and self._one("SELECT 1 FROM articles WHERE url_key = ?",
                                       (key,)) is not None

    def find_original(self, fp: Fingerprint) -> tuple[int, float] | None:
        """(original article id, containment) when ``fp`` is a syndicated copy of a stored
        article: LSH candidates, then the estimate from signatures decides."""
        if fp.n_shingles < linking.MIN_SHINGLES or not fp.bands:
            return None
        marks = ",".join("?" * len(fp.bands))
        cands = self._rows(
            f"SELECT article_id, COUNT(*) AS shared FROM article_bands WHERE band IN ({marks}) "
            "GROUP BY article_id ORDER BY shared DESC LIMIT 50", list(fp.bands))
        best: tuple[int, float] | None = None
        for c in cands:
            row = self._one("SELECT id, syndicated_of, n_shingles, minhash FROM articles "
                            "WHERE id = ?", (c["article_id"],))
            if not row or not row["minhash"]:
                continue
            sig = linking.signature_from_bytes(row["minhash"])
            j, cont = linking.estimate_overlap(fp.minhash, fp.n_shingles, sig,
                                               row["n_shingles"])
            if linking.is_syndicated(j, cont, fp.n_shingles, row["n_shingles"]):
                original = row["syndicated_of"] or row["id"]
                if best is None or cont > best[1]:
                    best = (int(original), cont)
        return best

    # -- writing ----------------------------------------------------------------------

    def add(self, item: Analysis | Article, *, source: str, fingerprint: Fingerprint | None = None,
            copy_of: tuple[int, float] | None = None) -> AddResult:
        """Store one article, in one transaction.

        ``item`` is an :class:`Analysis` (the article and its statements) or a bare
        :class:`Article` (stored without statements: a syndicated copy found before
        analysis, or text kept for search only). Returns ``duplicate`` (nothing
        written) when the URL or normalised text is already stored; ``syndicated``
        when the text is a near-copy of a stored article (the copy's row is stored
        and linked to the original; its statements are not, so counts are not
        inflated); else ``ingested``.
        """
        analysis = item if isinstance(item, Analysis) else None
        article = item.article if isinstance(item, Analysis) else item
        fp = fingerprint or Fingerprint.of(article.body.text, article.url)
        try:
            with self._tx() as conn:
                dup = self.find_duplicate(fp)
                if dup is not None:
                    self._complete(conn, dup, article, fp)
                    return AddResult("duplicate", dup)
                # A source that failed before (a timeout, a server error) and reads now
                # is no longer a failure.
                conn.execute("DELETE FROM failures WHERE source = ?", (source,))
                match = copy_of or self.find_original(fp)
                if match is not None:
                    aid = self._insert_article(conn, article, source, fp, analysis,
                                               syndicated_of=match[0], similarity=match[1])
                    return AddResult("syndicated", aid, match[0], round(match[1], 3))
                aid = self._insert_article(conn, article, source, fp, analysis)
                n = self._insert_statements(conn, aid, analysis) if analysis else 0
                return AddResult("ingested", aid, statements=n)
        except sqlite3.IntegrityError:
            # A concurrent writer stored the same article between our check and insert.
            again = self.find_duplicate(fp)
            if again is not None:
                return AddResult("duplicate", again)
            raise
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot write article {article.id!r} ({exc})",
                             source=str(self.path)) from exc

    def complete(self, article_id: int, article: Article, fp: Fingerprint | None = None) -> bool:
        """Fill what a stored article lacks (URL, title, outlet, date) from a duplicate of
        it that has them, e.g. a .txt read first and its .jsonl record with URL and date
        read later. Nothing stored is overwritten. Returns whether anything changed."""
        fp = fp or Fingerprint.of(article.body.text, article.url)
        with self._tx() as conn:
            return self._complete(conn, article_id, article, fp)

    def _complete(self, conn: sqlite3.Connection, aid: int, a: Article, fp: Fingerprint) -> bool:
        row = conn.execute("SELECT url, url_key, title, outlet, published, text FROM articles "
                           "WHERE id = ?", (aid,)).fetchone()
        if row is None:
            return False
        url_free = fp.url_key is not None and conn.execute(
            "SELECT 1 FROM articles WHERE url_key = ?", (fp.url_key,)).fetchone() is None
        new = {
            "url": a.url if row["url"] is None and url_free else None,
            "title": a.title if row["title"] is None else None,
            "outlet": a.outlet if row["outlet"] is None else None,
            "published": a.published if row["published"] is None else None,
        }
        new = {k: v for k, v in new.items() if v}
        if not new:
            return False
        if "title" in new or "outlet" in new:
            # External-content FTS: remove the old row's terms before they change.
            conn.execute("INSERT INTO articles_fts (articles_fts, rowid, title, text, outlet) "
                         "VALUES ('delete', ?, ?, ?, ?)",
                         (aid, row["title"], row["text"], row["outlet"]))
        sets = {**new}
        if "url" in new:
            sets["url_key"] = fp.url_key
        if "published" in new:
            sets["published_date"] = parse_date(new["published"])
        conn.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                     [*sets.values(), aid])
        if "title" in new or "outlet" in new:
            r = conn.execute("SELECT title, text, outlet FROM articles WHERE id = ?",
                             (aid,)).fetchone()
            conn.execute("INSERT INTO articles_fts (rowid, title, text, outlet) VALUES (?,?,?,?)",
                         (aid, r["title"], r["text"], r["outlet"]))
        return True

    def record_failure(self, source: str, reason: str) -> None:
        """Remember that ``source`` failed; the same (source, reason) is counted, not repeated."""
        ts = now()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO failures (source, reason, first_seen, last_seen) VALUES (?,?,?,?) "
                "ON CONFLICT(source, reason) DO UPDATE SET count = count + 1, "
                "last_seen = excluded.last_seen", (source, reason, ts, ts))

    def _insert_article(self, conn: sqlite3.Connection, a: Article, source: str,
                        fp: Fingerprint, analysis: Analysis | None, *,
                        syndicated_of: int | None = None, similarity: float | None = None
                        ) -> int:
        versions = json.dumps(analysis.versions, sort_keys=True) if analysis else None
        n_st = len(analysis.statements) if analysis and syndicated_of is None else 0
        cur = conn.execute(
            "INSERT INTO articles (ext_id, source, url, url_key, text_hash, title, outlet, "
            "published, published_date, text, body_start, body_end, syndicated_of, similarity, "
            "n_shingles, minhash, versions, n_statements, ingested_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, source, a.url, fp.url_key, fp.text_hash, a.title, a.outlet, a.published,
             parse_date(a.published), a.text, a.body_start, a.body_end, syndicated_of,
             similarity, fp.n_shingles, linking.signature_bytes(fp.minhash), versions, n_st,
             now()))
        aid = int(cur.lastrowid)
        conn.executemany("INSERT INTO article_bands (band, article_id) VALUES (?, ?)",
                         [(b, aid) for b in fp.bands])
        # External-content FTS (schema 2): index exactly the row's values.
        conn.execute("INSERT INTO articles_fts (rowid, title, text, outlet) VALUES (?,?,?,?)",
                     (aid, a.title, a.text, a.outlet))
        return aid

    def canonical_speaker(self, name: str, kind: str) -> str:
        """The corpus-wide name of a speaker (the metonym table: places and state voices
        become the state); anonymous and unresolved speakers keep their wording."""
        if kind in ("unresolved", "anonymous"):
            return " ".join(name.split())
        canon = linking.canonical_speaker_name(name, places=self._places,
                                               demonyms=self._demonyms,
                                               state_voices=self._state_voices)
        if canon == " ".join(name.split()):
            canon = linking.state_of_adjective_voice(canon, self._states,
                                                     self._state_voices) or canon
        return canon

    def _speaker_id(self, conn: sqlite3.Connection, name: str, kind: str, scope: str) -> int:
        display = self.canonical_speaker(name, kind)
        key = linking.speaker_key(display, kind, places=self._places, scope=scope)
        row = conn.execute("SELECT id FROM speakers WHERE key = ?", (key,)).fetchone()
        if row:
            return int(row[0])
        cur = conn.execute("INSERT INTO speakers (key, name, kind) VALUES (?,?,?)",
                           (key, display, kind))
        if kind == "government":
            self._states.add(display)
        return int(cur.lastrowid)

    def _insert_statements(self, conn: sqlite3.Connection, aid: int, an: Analysis) -> int:
        scope = f"article:{aid}"
        speaker_ids: dict[str, int] = {}
        # Canonical speakers of the article, with every original mention kept.
        for ent in an.speakers:
            sid = self._speaker_id(conn, ent.name, ent.kind, scope)
            speaker_ids[ent.id] = sid
            conn.executemany(
                'INSERT INTO speaker_mentions (speaker_id, article_id, text, start, "end") '
                "VALUES (?,?,?,?,?)", [(sid, aid, m.text, m.start, m.end) for m in ent.mentions])
        props = {p.id: p for p in an.propositions}
        linked: dict[str, int] = {}  # article proposition id -> corpus proposition id
        n = 0
        for st in an.statements:
            sp = st.speaker
            sid = speaker_ids.get(sp.entity or "") or self._speaker_id(conn, sp.name, sp.kind,
                                                                         scope)
            if sp.entity not in speaker_ids and sp.mention is not None:
                conn.execute('INSERT INTO speaker_mentions (speaker_id, article_id, text, start, '
                             '"end") VALUES (?,?,?,?,?)',
                             (sid, aid, sp.mention.text, sp.mention.start, sp.mention.end))
            side = linking.effective_side(st.stance, st.hedged, st.content.text, st.negated)
            prop = props.get(st.proposition or "")
            if prop is not None:
                if prop.id not in linked:
                    voice = self._voice_of_text(an, prop)
                    linked[prop.id] = self._link_proposition(
                        conn, prop.text, prop.terms,
                        linking.effective_side(voice.stance, voice.hedged, voice.content.text,
                                               voice.negated) if voice else None,
                        voice.speaker.name if voice else sp.name)
                cpid: int | None = linked[prop.id]
            else:
                cpid = self._link_proposition(conn, st.content.text, (), side, sp.name)
            cue = st.cue
            cur = conn.execute(
                "INSERT INTO statements (article_id, ext_id, speaker_id, speaker_text, "
                "speaker_start, speaker_end, resolved_by, anonymous, cue_text, cue_lemma, "
                "cue_class, content, content_start, content_end, kind, stance, side, hedged, "
                "hedges, evidence, confidence, negated, proposition_id, article_proposition) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (aid, st.id, sid, sp.mention.text if sp.mention else None,
                 sp.mention.start if sp.mention else None, sp.mention.end if sp.mention else None,
                 sp.resolved_by, int(sp.anonymous), cue.span.text if cue else None,
                 cue.lemma if cue else None, cue.cue_class if cue else None, st.content.text,
                 st.content.start, st.content.end, st.kind, st.stance, side, int(st.hedged),
                 json.dumps([h.text for h in st.hedges]), st.evidence, st.confidence,
                 int(st.negated), cpid, st.proposition))
            conn.execute("INSERT INTO statements_fts (rowid, content, speaker, cue) "
                         "VALUES (?,?,?,?)", (cur.lastrowid, st.content.text, sp.name,
                                              cue.span.text if cue else ""))
            n += 1
        return n

    @staticmethod
    def _voice_of_text(an: Analysis, prop: Any) -> Any:
        # The statement whose content became the proposition's text (its side and
        # speaker tell whose wording it is), else the proposition's first statement.
        first = None
        for st in an.statements:
            if st.proposition == prop.id:
                if st.content.text == prop.text:
                    return st
                first = first or st
        return first

    def _link_proposition(self, conn: sqlite3.Connection, text: str, terms: tuple[str, ...],
                          side: str | None, speaker: str | None = None) -> int | None:
        """The corpus proposition ``text`` states (an existing one when similar enough,
        else a new one). Candidates share a signature key; the score decides."""
        # The extractor's own proposition terms are not used: they are stemmed another
        # way and expanded with related words, which made unrelated claims look alike
        # across articles. The signature is read from the text alone, the same way for
        # article propositions and lone statements.
        sig = linking.proposition_signature(text, aliases=self._aliases, speaker=speaker)
        if not sig.terms:
            return None  # nothing to say what it is about ("it is true")
        keys = sig.index_keys()
        marks = ",".join("?" * len(keys))
        cands = conn.execute(
            f"SELECT proposition_id, COUNT(*) AS shared FROM proposition_keys WHERE key IN "
            f"({marks}) GROUP BY proposition_id ORDER BY shared DESC LIMIT 100", keys).fetchall()
        best: tuple[float, int] | None = None
        for pid, _shared in cands:
            row = conn.execute("SELECT signature FROM propositions WHERE id = ?",
                               (pid,)).fetchone()
            other = linking.PropositionSignature.from_dict(json.loads(row[0]))
            score = linking.proposition_similarity(sig, other)
            if score >= linking.LINK_THRESHOLD and (best is None or score > best[0]):
                best = (score, int(pid))
        if best is not None:
            pid = best[1]
            if side == "asserting":
                # Prefer an assertion's wording as the proposition's text.
                conn.execute("UPDATE propositions SET text = ?, text_side = ? WHERE id = ? AND "
                             "COALESCE(text_side, '') != 'asserting'", (text, side, pid))
            return pid
        cur = conn.execute("INSERT INTO propositions (text, signature, text_side, created_at) "
                           "VALUES (?,?,?,?)", (text, json.dumps(sig.to_dict()), side, now()))
        pid = int(cur.lastrowid)
        conn.executemany("INSERT INTO proposition_keys (key, proposition_id) VALUES (?, ?)",
                         [(k, pid) for k in keys])
        return pid
