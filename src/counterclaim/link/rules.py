"""The linking rules: one validated, standard-library-only view of the lexicon data.

Linking reads ``lexicon/data/linking.json`` (signature stop words, word classes,
capitalised words that name no one) and, from the lexicon's other files, the
metonym table (places, demonyms, state voices) and the claim nouns and dismissal
words that mark a statement about a claim ("rejected the accusations"). Both go
through :func:`counterclaim.lexicon.load_lexicon`, the one loader that checks
every data file; this module adds the checks linking.json needs and hands the
link functions one frozen :class:`LinkRules`. No third-party import, so a Spark
executor or a small tool imports it without spaCy or SQLite.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import LexiconError
from ..lexicon import load_data, load_lexicon

_SOURCE = "lexicon/data/linking.json"


@dataclass(frozen=True)
class LinkRules:
    """Everything a linking decision reads. Attribute names match
    :class:`~counterclaim.lexicon.Lexicon` where both hold the same table."""

    version: str
    places: dict[str, str]           # "Beijing" → "China"
    demonyms: dict[str, str]         # "Chinese" → "China"
    state_voices: tuple[str, ...]    # "foreign ministry", "officials" …
    states: frozenset[str]           # every state the tables name
    stopwords: frozenset[str]        # left out of a signature (polarity, attribution)
    generic_name_words: frozenset[str]  # capitalised but naming no one ("Ministry")
    concepts: dict[str, str]         # stem → word class ("sent" → "supply")
    cautious_cues: frozenset[str]    # "caution", "warn": doubt cast on a claim named
    anaphoric_claim_nouns: frozenset[str]  # "accusations", "reports" …
    dismissive_re: re.Pattern[str] | None  # "unsubstantiated", "baseless" …
    absent_res: tuple[re.Pattern[str], ...]  # "without evidence" …
    fact_denial_cues: frozenset[str] = frozenset()  # "deny", "refute": deny a bare noun too
    refusal_nouns: frozenset[str] = frozenset()     # "denied a request": a refusal (cues.json)
    junk_speakers: frozenset[str] = frozenset()     # "she", "statement": no speaker
    titles: frozenset[str] = frozenset()            # "Minister", "Dr.": not part of a name
    rebuttal_re: re.Pattern[str] | None = None     # "not true", "never happened" …
    accusation_cues: frozenset[str] = frozenset()   # "accuse X of doing Y": X did Y

    @property
    def aliases(self) -> dict[str, str]:
        """Names and adjectives → their state ("Beijing"/"Chinese" → "China")."""
        return {**self.demonyms, **self.places}


def strings(data: Mapping[str, Any], key: str, source: str = _SOURCE) -> list[str]:
    """A lexicon file's ``key``, checked to be a list of strings (one error naming the
    file otherwise); the link lexicons' one validator."""
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"'{key}' must be a list of strings", source=source)
    return value


def _concepts(data: dict[str, Any]) -> dict[str, str]:
    raw = data.get("concepts")
    if not isinstance(raw, dict):
        raise LexiconError("'concepts' must map a class to a list of words", source=_SOURCE)
    out: dict[str, str] = {}
    for cls in raw:
        for w in strings(raw, cls):
            if w in out and out[w] != cls:
                raise LexiconError(f"word {w!r} is in two concept classes ({out[w]!r}, "
                                   f"{cls!r})", source=_SOURCE)
            out[w] = cls
    return out


def _phrases_re(phrases: list[str]) -> re.Pattern[str] | None:
    """Whole words or phrases, longest first, case-insensitive."""
    if not phrases:
        return None
    alts = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def load_rules() -> LinkRules:
    """The rules, loaded and checked once per process."""
    data = load_data("linking")
    lex = load_lexicon()
    return LinkRules(
        version=str(data["version"]),
        places=dict(lex.places),
        demonyms=dict(lex.demonyms),
        state_voices=tuple(lex.state_voices),
        states=frozenset(lex.states),
        stopwords=frozenset(strings(data, "stopwords")),
        generic_name_words=frozenset(strings(data, "generic_name_words")),
        concepts=_concepts(data),
        cautious_cues=frozenset(strings(data, "cautious_cues")),
        anaphoric_claim_nouns=frozenset(lex.anaphoric_claim_nouns),
        dismissive_re=lex.dismissive_re,
        absent_res=tuple(lex.evidence_res.get("absent", ())),
        fact_denial_cues=frozenset(strings(data, "fact_denial_cues")),
        refusal_nouns=frozenset(lex.np_refusals),
        junk_speakers=frozenset(w.casefold() for w in strings(data, "junk_speakers")),
        titles=frozenset(w.casefold() for t in lex.titles for w in t.split()),
        rebuttal_re=_phrases_re(strings(data, "rebuttal_phrases")),
        accusation_cues=frozenset(strings(data, "accusation_cues")),
    )
