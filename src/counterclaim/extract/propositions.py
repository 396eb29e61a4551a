"""Proposition terms: what a statement's content is about, without its polarity.

Pure text functions (no parse, no SQL) so that the corpus store and the Spark
path link propositions across articles with exactly the rules used inside one
article. ``terms()`` lower-cases, drops stopwords and polarity words, maps
demonyms and metonyms to their state ("Chinese" → "china", "Beijing" → "china"),
replaces the speaker's own pronouns ("it is not supplying aid", said by China →
"china … aid"), stems crudely and applies the lexicon's equivalences.
"""

from __future__ import annotations

import math
import re

from ..corpus.linking import stem  # one stemmer for in-article and cross-article linking
from ..lexicon import Lexicon
from .naming import state_of

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_INNER_CLAIM = re.compile(
    r"\b(?:claims?|allegations?|accusations?|reports?|suggestions?|assertions?|charges?|"
    r"rumou?rs?)\s+(?:that|of)\s+(.+)$", re.IGNORECASE | re.DOTALL)
_SELF_PRONOUNS = {"it", "its", "itself"}
_GROUP_PRONOUNS = {"they", "their", "them", "themselves", "we", "our", "us"}


_CONCESSIVE = re.compile(r",\s+(?:though|although|even though|but|while|whereas)\b.*$",
                         re.IGNORECASE | re.DOTALL)


_FACTIVE_FRAME = re.compile(
    r"^(?:[\w’'-]+\s+){1,4}(?:confirmed|confirms|showed|shows|proved|proves|found|finds|"
    r"demonstrated|demonstrates|established|establishes|revealed|reveals)\s+that\s+",
    re.IGNORECASE)


def proposition_text(content: str) -> str:
    """The claim a content is about: 'no evidence to support claims that X' → X,
    without a trailing concessive clause (', though they have yet to …')."""
    m = _INNER_CLAIM.search(content)
    text = m.group(1) if m and len(m.group(1).split()) >= 3 else content
    f = _FACTIVE_FRAME.match(text)
    if f and len(text[f.end():].split()) >= 3:
        text = text[f.end():]  # "it confirmed that X", "the report proved that X" → X
    return _CONCESSIVE.sub("", text)


def terms(content: str, lex: Lexicon, *, speaker: str | None = None,
          speaker_kind: str | None = None) -> frozenset[str]:
    out: set[str] = set()
    text = proposition_text(content)
    words = _WORD.findall(text)
    k = 0
    while k < len(words):
        w = words[k].strip("'’-")
        low = w.lower()
        # two-word places first ("New Delhi", "White House")
        if k + 1 < len(words):
            two = f"{w} {words[k + 1]}"
            st = state_of(two, lex)
            if st:
                out.add(st.lower())
                k += 2
                continue
        st = state_of(w, lex) if w[:1].isupper() else None
        if st:
            out.add(st.lower())
        elif speaker and ((low in _SELF_PRONOUNS and speaker_kind in ("government",
                                                                      "organization"))
                          or (low in _GROUP_PRONOUNS and speaker_kind in ("group", "government",
                                                                          "organization"))):
            out.add(speaker.lower())
        elif low not in lex.stopwords and len(low) > 1:
            s = stem(low)
            out.add(lex.equivalents.get(s, lex.equivalents.get(low, s)))
        k += 1
    return frozenset(out)


def similarity(a: frozenset[str], b: frozenset[str], weights: dict[str, float] | None = None,
               entities: frozenset[str] = frozenset()) -> float:
    """Weighted overlap coefficient of two term sets.

    At least two shared terms, and at least one that is not an entity name
    (two statements that merely both mention China and Russia are not about the
    same thing). ``weights`` (e.g. inverse frequency over the article's or the
    corpus's statements) make common terms count less.
    """
    if not a or not b:
        return 0.0
    shared = a & b
    if len(shared) < 2 or not (shared - entities):
        return 0.0
    w = weights or {}

    def mass(ts: frozenset[str]) -> float:
        # fsum is exact, so the result does not depend on the set's iteration
        # order (which changes with PYTHONHASHSEED) and near-ties stay stable
        return math.fsum(w.get(t, 1.0) for t in ts)

    return mass(shared) / min(mass(a), mass(b))


def idf_weights(term_sets: list[frozenset[str]]) -> dict[str, float]:
    """log(1 + N/df) for every term of a collection of term sets."""
    df: dict[str, int] = {}
    for ts in term_sets:
        for t in ts:
            df[t] = df.get(t, 0) + 1
    n = max(1, len(term_sets))
    return {t: math.log(1 + n / d) for t, d in df.items()}


def entity_terms(lex: Lexicon) -> frozenset[str]:
    return frozenset(s.lower() for s in lex.states)


SAME_PROPOSITION = 0.4  # similarity at which two contents state the same thing


_POINTING = ("the", "these", "those", "such", "this", "its", "their", "all")


def is_anaphoric_claim(content: str, lex: Lexicon) -> bool:
    """'the accusations', 'overinterpreting such reports': a claim named, not stated."""
    words = [w.lower() for w in _WORD.findall(content)[:8]]
    for i, w in enumerate(words[:6]):
        if w in _POINTING:
            for j in (i + 1, i + 2):
                if j < len(words) and words[j] in lex.anaphoric_claim_nouns:
                    return "that" not in words[j + 1:j + 2]
    return False
