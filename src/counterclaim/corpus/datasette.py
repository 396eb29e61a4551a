"""The corpus for datasette: a ``metadata.json`` that names and describes the tables
and the readable views of the database (schema 5), hides the internal tables, and
points full-text search at the FTS5 indexes (statements, articles), so
``datasette counterclaim.db -m metadata.json`` opens a corpus a person can read.

The views themselves (``statements_readable``, ``articles_readable``,
``disputes_readable``, ``speakers_readable``) are in the database (store/schema.py),
so plain SQL sees them too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..version import __version__

_STATEMENT_COLUMNS = {
    "statement": "stable id: the article's id, a dot, the statement's id in the reading",
    "date": "the article's publication date (YYYY-MM-DD), when known",
    "outlet": "the article's outlet", "article_title": "the article's headline",
    "article": "the article's stable id", "speaker": "who made the statement (merged across "
    "articles)", "speaker_kind": "person, organization, government, group, anonymous, "
    "document or unresolved", "speaker_id": "the speaker's stable id",
    "cue": "the reporting verb or phrase (said, denied, according to)",
    "stance": "assert, deny, hedge, question or criticize",
    "side": "the side taken on the proposition: asserting, denying, hedging or other",
    "hedged": "1 when the statement is hedged (may, reportedly …)",
    "evidence": "cited, absent, not_released, disputed or none",
    "content": "what was said (quoted or reported)",
    "proposition": "the stable id of the claim it is about",
    "disputed": "1 when that claim is asserted by one speaker and denied by another",
}

_HIDDEN = ("article_bands", "proposition_keys", "known_states", "schema_migrations",
           "proposition_speakers", "speaker_mentions", "failures")


def metadata(db_path: str | Path) -> dict[str, Any]:
    """datasette metadata for the corpus database at ``db_path``."""
    name = Path(db_path).stem
    tables: dict[str, Any] = {
        "statements_readable": {
            "title": "Statements", "description": "Every attributed statement with its "
            "article and speaker: who said what, how, on which side and on what evidence. "
            "Full-text search covers the content, the speaker and the cue.",
            "fts_table": "statements_fts", "fts_pk": "id", "columns": _STATEMENT_COLUMNS,
            "facets": ["side", "stance", "evidence", "outlet", "speaker_kind"],
            "sort_desc": "date"},
        "articles_readable": {
            "title": "Articles", "description": "Every stored article (syndicated copies "
            "name their original in copy_of). Full-text search covers title, text, outlet.",
            "fts_table": "articles_fts", "fts_pk": "id", "facets": ["outlet"],
            "sort_desc": "date"},
        "disputes_readable": {
            "title": "Disputes", "description": "Claims asserted by some speakers and "
            "denied by others, with the number of statements per side and the dates.",
            "sort_desc": "statements"},
        "speakers_readable": {
            "title": "Speakers", "description": "Speakers merged across articles, with "
            "their statements per side.", "facets": ["kind"], "sort_desc": "statements"},
        "statements": {"description": "The statements as stored (row ids; see "
                       "statements_readable for a joined, readable view)."},
        "articles": {"description": "The articles as stored, with their text.",
                     "fts_table": "articles_fts", "fts_pk": "id"},
        "speakers": {"description": "Speakers merged across articles (key: the merge key)."},
        "propositions": {"description": "Claims linked across articles; is_dispute marks "
                         "the disputes."},
    }
    for t in _HIDDEN:
        tables[t] = {"hidden": True}
    return {
        "title": "counterclaim corpus",
        "description": "Who claims what, and who denies it, across a news corpus. "
                       f"Written by counterclaim {__version__}; it reads statements, it does "
                       "not judge who is right.",
        "databases": {name: {"tables": tables}},
    }
