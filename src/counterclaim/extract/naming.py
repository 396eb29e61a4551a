"""Canonical names and kinds for speaker mentions, from the lexicon's data tables.

``Beijing`` → China (a metonym); ``the Chinese Ministry of Foreign Affairs``,
``China's foreign ministry`` and ``Chinese officials`` → China (a state's own
voices); ``Ukraine's Defense Intelligence`` and ``Ukrainian intelligence officials``
→ ``Ukrainian intelligence`` (an agency keeps its identity, named by its state);
``some Western intelligence sources`` → anonymous ``Western intelligence sources``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import Lexicon

_DETS = re.compile(
    r"^(?:the|a|an|some|several|many|one|two|three|four|five|other|another|certain|these|"
    r"those|this|that|its|their|his|her|our|both|all|most|few|a few|various|multiple|"
    r"numerous)\s+", re.IGNORECASE)
_POSS = re.compile(r"^(.+?)(?:'s|’s|'|’)\s+(.+)$")


@dataclass(frozen=True, slots=True)
class Naming:
    name: str
    kind: str
    anonymous: bool = False
    via: str = "name"  # name | metonym | state-voice | agency


def strip_det(text: str) -> str:
    prev = None
    while prev != text:
        prev = text
        text = _DETS.sub("", text)
    text = re.sub(r"(?:'s|’s|'|’)$", "", text.strip(" ,"))  # "the court's" → "court"
    return text.strip(" ,")


_DEMONYM_CACHE: dict[int, dict[str, str]] = {}


def _demonym_of(lex: Lexicon) -> dict[str, str]:
    """Country → its first listed demonym (for naming agencies: Ukraine → Ukrainian)."""
    out = _DEMONYM_CACHE.get(id(lex))
    if out is None:
        out = {}
        for dem, country in lex.demonyms.items():
            out.setdefault(country, dem)
        _DEMONYM_CACHE[id(lex)] = out
    return out


def state_of(word: str, lex: Lexicon) -> str | None:
    """The state a word or phrase stands for (name, metonym or demonym), if any."""
    w = word.strip()
    if w in lex.states:
        return w
    bare = w[4:] if w.lower().startswith("the ") else w
    return lex.places.get(w) or lex.places.get(bare) or lex.demonyms.get(w) or (
        bare if bare in lex.states else None)


def _split_state(text: str, lex: Lexicon) -> tuple[str | None, str]:
    """('China', 'foreign ministry') for "China's foreign ministry", "Chinese foreign ministry"."""
    m = _POSS.match(text)
    if m:
        st = state_of(m.group(1), lex)
        if st:
            return st, m.group(2)
    words = text.split()
    for n in (2, 1):  # "South Korean officials" before "Korean"
        if len(words) > n:
            st = state_of(" ".join(words[:n]), lex)
            if st:
                return st, " ".join(words[n:])
    return None, text


def _has_word(phrase: str, words: tuple[str, ...] | frozenset[str] | list[str]) -> str | None:
    low = phrase.lower()
    for w in sorted(words, key=len, reverse=True):
        if re.search(r"\b" + re.escape(w.lower()) + r"\b", low):
            return w
    return None


def name_mention(text: str, lex: Lexicon, *, ent_label: str = "", head_lemma: str = "",
                 plural: bool = False) -> Naming:
    """Canonical name and kind of a speaker mention as written."""
    n = _name_mention(text, lex, ent_label=ent_label, head_lemma=head_lemma, plural=plural)
    if n.name[:1].islower() and ent_label != "PERSON":
        n = Naming(n.name[:1].upper() + n.name[1:], n.kind, n.anonymous, n.via)  # "Court"
    return n


def _name_mention(text: str, lex: Lexicon, *, ent_label: str = "", head_lemma: str = "",
                  plural: bool = False) -> Naming:
    core = strip_det(text)
    if not core:
        return Naming(text, "unresolved")
    state = state_of(core, lex)
    if state:
        return Naming(state, "government", via="metonym" if state != core else "name")
    st, rest = _split_state(core, lex)
    head = head_lemma.lower()
    if st:
        agency = _has_word(rest, tuple(lex.agency_heads))
        if agency:
            dem = _demonym_of(lex).get(st, st)
            return Naming(f"{dem} {lex.agency_heads[agency]}", "organization", via="agency")
        if _has_word(rest, lex.state_voices):
            return Naming(st, "government", via="state-voice")
    low_first = text.strip().lower().split(" ", 1)[0] if text.strip() else ""
    anonymous = (head in lex.anonymous_heads and ent_label != "PERSON" and (
        low_first in lex.anonymous_modifiers or (plural and core == text.strip()
                                                 and not st and head in ("source", "sources"))))
    if anonymous:
        return Naming(core, "anonymous", anonymous=True)
    if ent_label == "PERSON":
        return Naming(core, "person")
    if ent_label in ("GPE",):
        return Naming(core, "government")
    if ent_label in ("ORG", "NORP", "FAC"):
        return Naming(core, "organization")
    if head in lex.document_nouns:
        return Naming(core, "document")
    if head in lex.group_heads or plural:
        return Naming(core[:1].upper() + core[1:], "group")
    if head in lex.org_nouns:
        return Naming(core, "organization")
    if head in lex.person_nouns:
        return Naming(core, "person")
    return Naming(core, "person" if ent_label == "" and core[:1].isupper() else "unresolved")
