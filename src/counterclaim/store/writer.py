"""Writing what counterclaim.link decided: speakers, propositions, statements, disputes.

Everything here runs inside the write transaction of one article
(:meth:`Store.add <counterclaim.store.Store.add>`), and reads the linking state it
needs (the states known so far, the candidate propositions) inside that
transaction, so two processes ingesting into one database serialise their
articles and each sees everything the other stored before it.

The decisions themselves are :mod:`counterclaim.link`'s: the speakers' names and
keys (``link.speakers.name_speakers``), the proposition a unit joins
(``link.propositions.best_match``, ``prefer_text``), each speaker's one side
(``link.disputes.merge_side``) and whether a proposition is a dispute
(``link.disputes.is_dispute``). The SQL only stores them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from ..link import claims, load_rules, voice
from ..link import disputes as dispute_rule
from ..link import propositions as props
from ..link import sides as side_rule
from ..link import speakers as naming
from ..records import Analysis, Statement
from .schema import now

MAX_CANDIDATES = 100  # propositions sharing most signature keys, scored per unit


class WriterMixin:
    """The write helpers of :class:`~counterclaim.store.Store`."""

    _known_states: set[str]
    _known_max_id: int

    # -- speakers -----------------------------------------------------------------------

    def _states_known(self, conn: sqlite3.Connection) -> set[str]:
        """The states known from the government speakers of every stored article, read in
        the current transaction (rows are never deleted, so the rows past the last one
        seen are all that can be new)."""
        for rid, name in conn.execute("SELECT id, name FROM known_states WHERE id > ? "
                                      "ORDER BY id", (self._known_max_id,)):
            self._known_states.add(name)
            self._known_max_id = max(self._known_max_id, int(rid))
        return self._known_states

    def _story_named(self, conn: sqlite3.Connection, story: int | None,
                     names: list[naming.SpeakerName]) -> list[naming.SpeakerName]:
        """The article's speakers read within its story (``link.speakers.story_names``,
        knowing the full names of the story's earlier articles); the article's own full
        names are then known to the story's later articles."""
        if story is None:
            return names
        known = [r[0] for r in conn.execute("SELECT name FROM story_people WHERE story_id = ?",
                                            (story,))]
        out = naming.story_names(names, known)
        conn.executemany("INSERT OR IGNORE INTO story_people (story_id, name) VALUES (?, ?)",
                         [(story, p) for p in sorted(naming.story_people(out))])
        return out

    def _speaker_ids(self, conn: sqlite3.Connection, aid: int, an: Analysis,
                     statements: tuple[Statement, ...], story: int | None = None
                     ) -> dict[str, int]:
        """Speaker row ids for the article's entities (``E:<id>``) and for the statement
        speakers with no entity (``S:<statement id>``), creating the rows that are new."""
        refs = naming.speaker_refs(an.speakers, statements)
        pairs = [(name, kind) for _, name, kind in refs]
        names = self._story_named(conn, story, naming.name_speakers(
            pairs, self._states_known(conn), scope=f"article:{aid}"))
        conn.executemany("INSERT OR IGNORE INTO known_states (name) VALUES (?)",
                         [(s,) for s in sorted(naming.governments(pairs))])
        ids: dict[str, int] = {}
        for (ref, _, _), n in zip(refs, names, strict=True):
            row = conn.execute("SELECT id, kind FROM speakers WHERE key = ?",
                               (n.key,)).fetchone()
            if row is None:
                cur = conn.execute("INSERT INTO speakers (key, name, kind) VALUES (?,?,?)",
                                   (n.key, n.display, n.kind))
                ids[ref] = int(cur.lastrowid)
            else:
                ids[ref] = int(row[0])
                if naming.relisted_kind(row[1], n.kind) != row[1]:  # a state, once known
                    conn.execute("UPDATE speakers SET kind = ? WHERE id = ?", (n.kind, row[0]))
        for ent in an.speakers:
            conn.executemany(
                'INSERT INTO speaker_mentions (speaker_id, article_id, text, start, "end") '
                "VALUES (?,?,?,?,?)",
                [(ids[f"E:{ent.id}"], aid, m.text, m.start, m.end) for m in ent.mentions])
        for st in statements:
            m = st.speaker.mention
            if f"S:{st.id}" in ids and m is not None:
                conn.execute('INSERT INTO speaker_mentions (speaker_id, article_id, text, start, '
                             '"end") VALUES (?,?,?,?,?)', (ids[f"S:{st.id}"], aid, m.text,
                                                          m.start, m.end))
        return ids

    def _relink_speakers(self, conn: sqlite3.Connection) -> None:
        """Re-read the stored speakers with this version's rules: each row's listed
        kind (``link.speakers.listed_kind``: junk names unresolved, known states
        governments), and, article by article in storage (ingest) order, each story's
        surnames (``link.speakers.story_names`` over the story's earlier full names):
        a statement of a surname row that now reads as a stored full name moves to it."""
        known = set(load_rules().states) | {r[0] for r in conn.execute(
            "SELECT name FROM known_states")}
        for sid, name, kind in conn.execute("SELECT id, name, kind FROM speakers").fetchall():
            new = naming.listed_kind(kind, name, lambda: known)
            if new != kind:
                conn.execute("UPDATE speakers SET kind = ? WHERE id = ?", (new, sid))
        conn.execute("DELETE FROM story_people")
        rows = conn.execute(
            "SELECT DISTINCT a.id, a.story_id, sp.id, sp.name, sp.key, sp.kind FROM articles a "
            "JOIN statements s ON s.article_id = a.id JOIN speakers sp ON sp.id = s.speaker_id "
            "WHERE a.story_id IS NOT NULL ORDER BY a.id, sp.id").fetchall()
        by_article: dict[tuple[int, int], list[tuple[int, naming.SpeakerName]]] = {}
        for aid, story, spid, name, key, kind in rows:
            by_article.setdefault((int(aid), int(story)), []).append(
                (int(spid), naming.SpeakerName(name, key, kind)))
        for (aid, story), spoken in by_article.items():
            named = self._story_named(conn, story, [n for _, n in spoken])
            for (spid, was), now_ in zip(spoken, named, strict=True):
                if now_.key == was.key:
                    continue
                row = conn.execute("SELECT id FROM speakers WHERE key = ?",
                                   (now_.key,)).fetchone()
                if row is not None:  # the full name's row: the article's statements join it
                    for table in ("statements", "speaker_mentions"):
                        conn.execute(f"UPDATE {table} SET speaker_id = ? WHERE article_id = ? "
                                     "AND speaker_id = ?", (int(row[0]), aid, spid))

    # -- propositions -------------------------------------------------------------------

    def _join_proposition(self, conn: sqlite3.Connection, unit: props.Unit,
                          story: int | None = None) -> int:
        """The corpus proposition an article proposition joins (``link.best_in_corpus``
        over the propositions sharing most signature keys), else a new one."""
        sig = unit.signature
        keys = sig.index_keys() if sig.terms else []
        if keys:
            marks = ",".join("?" * len(keys))
            rows = conn.execute(
                f"SELECT k.proposition_id, p.signature, p.text_side, p.home_story FROM (SELECT "
                f"proposition_id, "
                f"COUNT(*) AS shared FROM proposition_keys WHERE key IN ({marks}) GROUP BY "
                f"proposition_id ORDER BY shared DESC, proposition_id LIMIT {MAX_CANDIDATES}) k "
                "JOIN propositions p ON p.id = k.proposition_id ORDER BY k.proposition_id",
                keys).fetchall()
            sides = {int(r[0]): r[2] for r in rows}
            pid = props.best_in_corpus(sig, story, (
                (int(r[0]), props.Signature.from_dict(json.loads(r[1])), r[3]) for r in rows))
            if pid is not None:
                sig_of = {int(r[0]): r[1] for r in rows}
                self._reasons[unit.id] = props.explain(sig, props.Signature.from_dict(
                    json.loads(sig_of[int(pid)])))  # type: ignore[call-overload]
                if props.prefer_text(sides[pid], unit.text_side):  # type: ignore[index]
                    conn.execute("UPDATE propositions SET text = ?, text_side = ? WHERE id = ?",
                                 (unit.text, unit.text_side, pid))
                return int(pid)  # type: ignore[arg-type]
        cur = conn.execute("INSERT INTO propositions (text, signature, text_side, created_at, "
                           "home_story) VALUES (?,?,?,?,?)", (unit.text, json.dumps(
                               sig.to_dict()), unit.text_side, now(), story))
        pid = int(cur.lastrowid)
        conn.executemany("INSERT INTO proposition_keys (key, proposition_id) VALUES (?, ?)",
                         [(k, pid) for k in keys])
        return pid

    def _join_story_claim(self, conn: sqlite3.Connection, story: int, unit: props.Unit) -> int:
        """The proposition of a unit holding an article's voice: its story's claim
        proposition once the story has one, else the proposition it joins as any unit
        does (``_join_proposition``), which becomes the story's claim."""
        row = conn.execute("SELECT s.proposition_id, p.text_side FROM stories s LEFT JOIN "
                           "propositions p ON p.id = s.proposition_id WHERE s.id = ?",
                           (story,)).fetchone()
        if row is not None and row[0] is not None:
            score = conn.execute("SELECT story_score FROM articles WHERE story_id = ? ORDER "
                                 "BY id DESC LIMIT 1", (story,)).fetchone()
            self._reasons[unit.id] = {"story": story, "score": score[0] if score else None}
            if props.prefer_text(row[1], unit.text_side):
                conn.execute("UPDATE propositions SET text = ?, text_side = ? WHERE id = ?",
                             (unit.text, unit.text_side, row[0]))
            return int(row[0])
        pid = self._join_proposition(conn, unit, story)
        conn.execute("UPDATE stories SET proposition_id = ? WHERE id = ?", (pid, story))
        conn.execute("UPDATE propositions SET story_id = ? WHERE id = ? AND story_id IS NULL",
                     (story, pid))
        return pid

    # -- statements ---------------------------------------------------------------------

    def _insert_statements(self, conn: sqlite3.Connection, aid: int, an: Analysis,
                           published_date: str | None, story: int | None = None) -> int:
        statements, units, voice_unit = voice.article_links(an.article, an.statements,
                                                            an.propositions)
        speaker_ids = self._speaker_ids(conn, aid, an, statements, story)
        ref_of = naming.statement_refs(an.speakers, statements)
        corpus_prop: dict[str, int] = {}
        self._reasons: dict[str, dict[str, object]] = {}
        reason_of: dict[str, str | None] = {}
        for unit in units:
            if unit.id == voice_unit and story is not None:
                pid = self._join_story_claim(conn, story, unit)
            else:
                pid = self._join_proposition(conn, unit, story)
            corpus_prop.update(dict.fromkeys(unit.statements, pid))
            why = self._reasons.get(unit.id)
            reason_of.update(dict.fromkeys(unit.statements, json.dumps(why) if why else None))
        touched: dict[int, list[tuple[int, str]]] = {}
        outlet = statements[0] if statements and voice.is_voice(statements[0]) else None
        voice_side = outlet.side if outlet is not None else None
        voice_pid = corpus_prop[outlet.id] if outlet is not None else None
        for st in statements:
            sid = speaker_ids[ref_of[st.id]]
            pid = corpus_prop[st.id]
            side = voice.corpus_side(side_rule.statement_side(st), pid, voice_side, voice_pid)
            self._insert_statement(conn, aid, st, sid, side, pid, reason_of.get(st.id))
            touched.setdefault(pid, []).append((sid, side))
        for pid, spoken in touched.items():
            self._add_to_proposition(conn, pid, spoken, published_date)
        return len(statements)

    @staticmethod
    def _insert_statement(conn: sqlite3.Connection, aid: int, st: Statement, sid: int,
                          side: str, pid: int, reason: str | None = None) -> None:
        sp, cue = st.speaker, st.cue
        cur = conn.execute(
            "INSERT INTO statements (article_id, ext_id, speaker_id, speaker_text, "
            "speaker_start, speaker_end, resolved_by, anonymous, cue_text, cue_lemma, "
            "cue_class, content, content_start, content_end, kind, stance, side, hedged, "
            "hedges, evidence, confidence, negated, proposition_id, article_proposition, "
            "construction, link_reason) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (aid, st.id, sid, sp.mention.text if sp.mention else None,
             sp.mention.start if sp.mention else None, sp.mention.end if sp.mention else None,
             sp.resolved_by, int(sp.anonymous), cue.span.text if cue else None,
             cue.lemma if cue else None, cue.cue_class if cue else None, st.content.text,
             st.content.start, st.content.end, st.kind, st.stance, side, int(st.hedged),
             json.dumps([h.text for h in st.hedges]), st.evidence, st.confidence,
             int(st.negated), pid, st.proposition, st.construction, reason))
        conn.execute("INSERT INTO statements_fts (rowid, content, speaker, cue) VALUES (?,?,?,?)",
                     (cur.lastrowid, st.content.text, sp.name, cue.span.text if cue else ""))

    # -- disputes -----------------------------------------------------------------------

    def _add_to_proposition(self, conn: sqlite3.Connection, pid: int,
                            spoken: list[tuple[int, str]], date: str | None) -> None:
        """Fold one article's statements (speaker, side) into a proposition: each
        speaker's one side, the counts, the dates, and whether it is now a dispute."""
        self._merge_speaker_sides(conn, pid, spoken)
        conn.execute(
            "UPDATE propositions SET n_statements = n_statements + ?, n_articles = n_articles + 1, "
            "first_date = CASE WHEN ? IS NULL THEN first_date WHEN first_date IS NULL OR ? < "
            "first_date THEN ? ELSE first_date END, last_date = CASE WHEN ? IS NULL THEN "
            "last_date WHEN last_date IS NULL OR ? > last_date THEN ? ELSE last_date END "
            "WHERE id = ?", (len(spoken), date, date, date, date, date, date, pid))
        self._decide_dispute(conn, pid)

    @staticmethod
    def _merge_speaker_sides(conn: sqlite3.Connection, pid: int,
                             spoken: Iterable[tuple[int, str]]) -> None:
        for sid, side in spoken:
            row = conn.execute("SELECT side FROM proposition_speakers WHERE proposition_id = ? "
                               "AND speaker_id = ?", (pid, sid)).fetchone()
            merged = dispute_rule.merge_side(row[0] if row else None, side)
            if merged is None or (row is not None and merged == row[0]):
                continue
            conn.execute("INSERT INTO proposition_speakers (proposition_id, speaker_id, side) "
                         "VALUES (?,?,?) ON CONFLICT(proposition_id, speaker_id) DO UPDATE SET "
                         "side = excluded.side", (pid, sid, merged))

    @staticmethod
    def _decide_dispute(conn: sqlite3.Connection, pid: int) -> None:
        sides = {r[0]: r[1] for r in conn.execute(
            "SELECT speaker_id, side FROM proposition_speakers WHERE proposition_id = ?", (pid,))}
        counts = dispute_rule.side_counts(sides)
        conn.execute("UPDATE propositions SET is_dispute = ?, n_asserting = ?, n_denying = ?, "
                     "n_hedging = ? WHERE id = ?",
                     (int(dispute_rule.is_dispute(counts)), counts["asserting"],
                      counts["denying"], counts["hedging"], pid))

    def _relink(self, conn: sqlite3.Connection) -> None:
        """Recompute, from the stored statements, everything link decides after the
        statements are stored: each statement's side (with link's rule, from its
        stance, hedges, content and negation), each speaker's one side per proposition,
        the aggregates and the disputes. Run after a migration that changed them."""
        self._restory(conn)  # type: ignore[attr-defined]
        self._relink_speakers(conn)
        self._relink_sides(conn)
        self._refold(conn)

    def _relink_speakers_only(self, conn: sqlite3.Connection) -> None:
        """After a migration that changed only how speakers are named and merged: the
        speakers re-read (:meth:`_relink_speakers`) and the per-speaker sides and
        disputes refolded, the statements' stored sides kept as the reading and the
        corpus decided them (a relink of sides from a stored row alone would lose what
        was decided over the whole article: a negation rebutting nothing, a relay)."""
        self._relink_speakers(conn)
        self._refold(conn)

    def _relink_sides(self, conn: sqlite3.Connection) -> None:
        """Each statement's side from its stored row alone, by link's rule."""
        rules = load_rules()
        for rid, stance, hedged, content, negated, lemma, construction in conn.execute(
                "SELECT id, stance, hedged, content, negated, cue_lemma, construction FROM "
                "statements WHERE construction != ?", (voice.VOICE,)).fetchall():  # a voice keeps its side
            side = side_rule.side_of(stance, hedged=bool(hedged), content=content,
                                     negated=bool(negated),
                                     claim_named=claims.names_claim(content, rules),
                                     cue_lemma=lemma, construction=construction, rules=rules)
            conn.execute("UPDATE statements SET side = ? WHERE id = ?", (side, rid))

    def _refold(self, conn: sqlite3.Connection) -> None:
        """Each speaker's one side per proposition, the aggregates and the disputes,
        folded again from the stored statements' sides."""
        conn.execute("DELETE FROM proposition_speakers")
        conn.execute("UPDATE propositions SET n_statements = 0, n_articles = 0, first_date = "
                     "NULL, last_date = NULL, is_dispute = 0, n_asserting = 0, n_denying = 0, "
                     "n_hedging = 0")
        rows = conn.execute(
            "SELECT s.proposition_id, s.article_id, a.published_date, s.speaker_id, s.side "
            "FROM statements s JOIN articles a ON a.id = s.article_id WHERE s.proposition_id "
            "IS NOT NULL ORDER BY s.article_id, s.id").fetchall()
        by_article: dict[tuple[int, int], tuple[str | None, list[tuple[int, str]]]] = {}
        for pid, aid, date, sid, side in rows:
            by_article.setdefault((aid, pid), (date, []))[1].append((sid, side))
        for (_aid, pid), (date, spoken) in by_article.items():
            self._add_to_proposition(conn, pid, spoken, date)
