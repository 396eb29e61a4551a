"""The corpus database schema, as an ordered list of migrations.

A database records each migration it has applied in ``schema_migrations``; opening
a database applies the missing ones in order, each in its own transaction, so an
old file is brought up to date and a new one is built the same way. Never edit a
migration that has shipped: append a new one.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from ..errors import StoreError

# (version, name, SQL). Version numbers increase (the lead numbers them on merge).
MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial corpus schema", """
CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    ext_id         TEXT,                 -- the input's own id (file stem, jsonl id, feed guid)
    source         TEXT NOT NULL,        -- the file, record or URL it came from
    url            TEXT,
    url_key        TEXT UNIQUE,          -- linking.normalise_url(url): same URL stored once
    text_hash      TEXT NOT NULL UNIQUE, -- linking.text_hash(text): same text stored once
    title          TEXT,
    outlet         TEXT,
    published      TEXT,                 -- as given
    published_date TEXT,                 -- YYYY-MM-DD when it could be read, for timelines
    text           TEXT NOT NULL,
    body_start     INTEGER NOT NULL DEFAULT 0,
    body_end       INTEGER,
    syndicated_of  INTEGER REFERENCES articles(id),  -- the original, for a syndicated copy
    similarity     REAL,                 -- estimated containment in the original (copies)
    n_shingles     INTEGER NOT NULL DEFAULT 0,
    minhash        BLOB,
    versions       TEXT,                 -- JSON: pipeline and lexicon versions
    n_statements   INTEGER NOT NULL DEFAULT 0,
    ingested_at    TEXT NOT NULL
);
CREATE INDEX articles_syndicated_of ON articles(syndicated_of);
CREATE INDEX articles_published_date ON articles(published_date);
CREATE INDEX articles_outlet ON articles(outlet);

-- MinHash LSH bands: articles sharing a band are candidate syndicated copies.
CREATE TABLE article_bands (
    band       INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id)
);
CREATE INDEX article_bands_band ON article_bands(band);

-- Speakers merged across articles (linking.speaker_key).
CREATE TABLE speakers (
    id   INTEGER PRIMARY KEY,
    key  TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);
-- Every original mention of a speaker, kept as written.
CREATE TABLE speaker_mentions (
    speaker_id INTEGER NOT NULL REFERENCES speakers(id),
    article_id INTEGER NOT NULL REFERENCES articles(id),
    text       TEXT NOT NULL,
    start      INTEGER,
    "end"      INTEGER
);
CREATE INDEX speaker_mentions_speaker ON speaker_mentions(speaker_id);
CREATE INDEX speaker_mentions_article ON speaker_mentions(article_id);

-- Propositions linked across articles (no polarity: assertions and denials share one).
CREATE TABLE propositions (
    id         INTEGER PRIMARY KEY,
    text       TEXT NOT NULL,
    signature  TEXT NOT NULL,            -- JSON: linking.PropositionSignature.to_dict()
    text_side  TEXT,                     -- side of the statement that gave ``text``
    created_at TEXT NOT NULL
);
-- Inverted index over signature keys (t:<term>, e:<entity>) for candidate lookup.
CREATE TABLE proposition_keys (
    key            TEXT NOT NULL,
    proposition_id INTEGER NOT NULL REFERENCES propositions(id)
);
CREATE INDEX proposition_keys_key ON proposition_keys(key);

CREATE TABLE statements (
    id                  INTEGER PRIMARY KEY,
    article_id          INTEGER NOT NULL REFERENCES articles(id),
    ext_id              TEXT,            -- Statement.id within its article
    speaker_id          INTEGER NOT NULL REFERENCES speakers(id),
    speaker_text        TEXT,
    speaker_start       INTEGER,
    speaker_end         INTEGER,
    resolved_by         TEXT,
    anonymous           INTEGER NOT NULL DEFAULT 0,
    cue_text            TEXT,
    cue_lemma           TEXT,
    cue_class           TEXT,
    content             TEXT NOT NULL,
    content_start       INTEGER NOT NULL,
    content_end         INTEGER NOT NULL,
    kind                TEXT NOT NULL,
    stance              TEXT NOT NULL,
    side                TEXT NOT NULL,   -- linking.side_of(stance, hedged)
    hedged              INTEGER NOT NULL DEFAULT 0,
    hedges              TEXT NOT NULL DEFAULT '[]',  -- JSON list of hedge texts
    evidence            TEXT NOT NULL,
    confidence          REAL,
    negated             INTEGER NOT NULL DEFAULT 0,
    proposition_id      INTEGER REFERENCES propositions(id),
    article_proposition TEXT             -- Proposition.id within its article
);
CREATE INDEX statements_article ON statements(article_id);
CREATE INDEX statements_speaker ON statements(speaker_id);
CREATE INDEX statements_proposition ON statements(proposition_id, side);

-- Inputs that could not be read or analysed; one row per (source, reason).
CREATE TABLE failures (
    id         INTEGER PRIMARY KEY,
    source     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    count      INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    UNIQUE (source, reason)
);

CREATE VIRTUAL TABLE statements_fts USING fts5(
    content, speaker, cue, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, outlet, tokenize = 'unicode61 remove_diacritics 2');
"""),
    (2, "articles_fts reads the text from articles (no second copy)", """
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, outlet, content = 'articles', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
"""),
    (3, "disputes decided by counterclaim.link, materialised at write time", """
-- The one side of each speaker on a proposition (link.disputes.merge_side of their statements).
CREATE TABLE proposition_speakers (
    proposition_id INTEGER NOT NULL REFERENCES propositions(id),
    speaker_id     INTEGER NOT NULL REFERENCES speakers(id),
    side           TEXT NOT NULL,
    PRIMARY KEY (proposition_id, speaker_id)
) WITHOUT ROWID;
CREATE INDEX proposition_speakers_speaker ON proposition_speakers(speaker_id);
-- Aggregates of the statements of a proposition, updated with every article that adds to
-- it; is_dispute is link.disputes.is_dispute of the sides of its speakers.
ALTER TABLE propositions ADD COLUMN is_dispute INTEGER NOT NULL DEFAULT 0;
ALTER TABLE propositions ADD COLUMN n_asserting INTEGER NOT NULL DEFAULT 0;
ALTER TABLE propositions ADD COLUMN n_denying INTEGER NOT NULL DEFAULT 0;
ALTER TABLE propositions ADD COLUMN n_hedging INTEGER NOT NULL DEFAULT 0;
ALTER TABLE propositions ADD COLUMN n_statements INTEGER NOT NULL DEFAULT 0;
ALTER TABLE propositions ADD COLUMN n_articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE propositions ADD COLUMN first_date TEXT;
ALTER TABLE propositions ADD COLUMN last_date TEXT;
CREATE INDEX propositions_disputes_size ON propositions(is_dispute, n_statements DESC,
                                                        n_articles DESC, id);
CREATE INDEX propositions_disputes_activity ON propositions(is_dispute, last_date DESC,
                                                            n_statements DESC, id);
CREATE INDEX statements_article_proposition ON statements(proposition_id, article_id);
-- The states the corpus knows from its government speakers (link.speakers.governments
-- of every stored article), for adjective voices the demonym table lacks.
CREATE TABLE known_states (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT OR IGNORE INTO known_states (name) SELECT name FROM speakers WHERE kind = 'government';
"""),
    (4, "stories", """
-- Stories (counterclaim.link.stories): articles about one event or claim, grouped
-- online in ingest order. The state link reads inside each article's write
-- transaction: each story's centroid and its words (the inverted index), and the
-- document frequencies of the story words of the articles placed so far.
CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    n_articles  INTEGER NOT NULL DEFAULT 0,
    centroid    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE story_keys (
    key      TEXT NOT NULL,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    PRIMARY KEY (key, story_id)
) WITHOUT ROWID;
CREATE TABLE story_df (
    term TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE story_stats (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    n_docs INTEGER NOT NULL
);
INSERT INTO story_stats (id, n_docs) VALUES (1, 0);
ALTER TABLE articles ADD COLUMN story_id INTEGER REFERENCES stories(id);
ALTER TABLE articles ADD COLUMN story_score REAL;
CREATE INDEX articles_story ON articles(story_id);
-- A story's claim proposition: what its outlets' headlines and ledes state
-- (counterclaim.link.voice); such a proposition is joined through its story only.
ALTER TABLE stories ADD COLUMN proposition_id INTEGER REFERENCES propositions(id);
ALTER TABLE propositions ADD COLUMN story_id INTEGER REFERENCES stories(id);
-- The story of the article that started a proposition (links across stories need
-- strong evidence: counterclaim.link.propositions.best_in_corpus).
ALTER TABLE propositions ADD COLUMN home_story INTEGER REFERENCES stories(id);
ALTER TABLE statements ADD COLUMN construction TEXT NOT NULL DEFAULT '';
-- Why a statement is in its proposition (link.propositions.explain): the score and
-- the terms and entities its article proposition shared with it, or its story.
ALTER TABLE statements ADD COLUMN link_reason TEXT;
"""),
    (5, "stable content-derived ids; full-text search with the porter stemmer", """
-- Ids derived from content (store/uids.py), the same after a rebuild of the corpus;
-- filled by the store (Store.add and, for rows stored before, on this migration).
ALTER TABLE articles ADD COLUMN uid TEXT;
ALTER TABLE statements ADD COLUMN uid TEXT;
ALTER TABLE speakers ADD COLUMN uid TEXT;
ALTER TABLE propositions ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX articles_uid ON articles(uid);
CREATE UNIQUE INDEX statements_uid ON statements(uid);
CREATE UNIQUE INDEX speakers_uid ON speakers(uid);
CREATE UNIQUE INDEX propositions_uid ON propositions(uid);
-- "denied" finds "denies": both indexes stem with porter (over unicode61).
DROP TABLE statements_fts;
CREATE VIRTUAL TABLE statements_fts USING fts5(
    content, speaker, cue, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO statements_fts (rowid, content, speaker, cue)
    SELECT s.id, s.content, sp.name, COALESCE(s.cue_text, '') FROM statements s
    JOIN speakers sp ON sp.id = s.speaker_id;
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, outlet, content = 'articles', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
-- Readable views (for datasette and plain SQL): rows joined with their article and
-- speaker, stable ids first.
CREATE VIEW statements_readable AS
SELECT s.id AS id, s.uid AS statement, a.published_date AS date, a.outlet,
       a.title AS article_title, a.uid AS article, sp.name AS speaker, sp.kind AS speaker_kind,
       sp.uid AS speaker_id, s.cue_text AS cue, s.stance, s.side, s.hedged, s.evidence,
       s.content, p.uid AS proposition, COALESCE(p.is_dispute, 0) AS disputed
FROM statements s JOIN articles a ON a.id = s.article_id
JOIN speakers sp ON sp.id = s.speaker_id LEFT JOIN propositions p ON p.id = s.proposition_id;
CREATE VIEW articles_readable AS
SELECT a.id AS id, a.uid AS article, a.published_date AS date, a.outlet, a.title, a.url,
       a.n_statements AS statements, o.uid AS copy_of, a.ext_id AS input_id
FROM articles a LEFT JOIN articles o ON o.id = a.syndicated_of;
CREATE VIEW disputes_readable AS
SELECT p.id AS id, p.uid AS dispute, p.text AS claim, p.n_statements AS statements,
       p.n_articles AS articles, p.n_asserting AS asserting, p.n_denying AS denying,
       p.n_hedging AS hedging, p.first_date, p.last_date
FROM propositions p WHERE p.is_dispute = 1;
CREATE VIEW speakers_readable AS
SELECT sp.id AS id, sp.uid AS speaker, sp.name, sp.kind, COUNT(s.id) AS statements,
       SUM(s.side = 'asserting') AS asserting, SUM(s.side = 'denying') AS denying,
       SUM(s.side = 'hedging') AS hedging
FROM speakers sp LEFT JOIN statements s ON s.speaker_id = sp.id GROUP BY sp.id;
"""),
    (6, "story people", """
-- The full names of the persons each story's articles name (link.speakers.story_people),
-- for a surname alone in a later article of the story (link.speakers.story_names).
-- Filled in each article's write transaction; after this migration the store
-- rebuilds it from the stored articles in ingest order and moves a story's surnames
-- to their full names (SPEAKERS_AFTER, WriterMixin._relink_speakers).
CREATE TABLE story_people (
    story_id INTEGER NOT NULL REFERENCES stories(id),
    name     TEXT NOT NULL,
    PRIMARY KEY (story_id, name)
) WITHOUT ROWID;
INSERT OR IGNORE INTO story_people (story_id, name)
    SELECT DISTINCT a.story_id, sp.name FROM statements s JOIN articles a ON a.id = s.article_id
    JOIN speakers sp ON sp.id = s.speaker_id
    WHERE a.story_id IS NOT NULL AND sp.kind = 'person' AND sp.name LIKE '% %';
"""),
]

# Migrations after which the store recomputes what counterclaim.link decides (sides,
# per-speaker sides, disputes) from the stored statements; see Store.relink_disputes.
RELINK_AFTER = frozenset({3, 4})
# Migrations after which the store re-reads its speakers (names, kinds, a story's
# surnames) and refolds the per-speaker sides and disputes, keeping the stored sides.
SPEAKERS_AFTER = frozenset({6})
# Migrations after which the store gives the rows it holds their stable ids (store/uids.py).
UIDS_AFTER = frozenset({5})

SCHEMA_VERSION = MIGRATIONS[-1][0]


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def current_version(conn: sqlite3.Connection) -> int:
    conn.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)""")
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> tuple[int, int]:
    """Apply the missing migrations; return (the version found, the version now)."""
    version = found = current_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(f"was written by a newer counterclaim (schema {version}, this one "
                         f"knows up to {SCHEMA_VERSION}); upgrade counterclaim")
    for number, name, sql in MIGRATIONS:
        if number <= version:
            continue
        # executescript would commit on its own; run statements inside one transaction
        # so a migration is applied whole or not at all.
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process opening the same new file may have applied it meanwhile.
            if conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?",
                            (number,)).fetchone():
                conn.execute("COMMIT")
                version = number
                continue
            for statement in _split(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations (version, name, applied_at) "
                         "VALUES (?, ?, ?)", (number, name, now()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = number
    return found, version


def _split(sql: str) -> list[str]:
    """Split a migration into statements (no semicolons inside our string literals)."""
    out, buf = [], []
    for line in sql.splitlines():
        stripped = line.split("--", 1)[0] if "--" in line and "'" not in line else line
        buf.append(stripped)
        if stripped.rstrip().endswith(";"):
            stmt = "\n".join(buf).strip()
            if sqlite3.complete_statement(stmt):
                out.append(stmt)
                buf = []
    rest = "\n".join(buf).strip()
    if rest:
        out.append(rest)
    return out
