"""Speakers across articles: the name a speaker is listed under, and the key they merge on.

    :func:`canonical_name`    the metonym table: "Beijing" → China, "China's foreign
                              ministry" → China, "the Republic of Ostrava" → Ostrava
    :func:`adjective_state`   "Ostravan officials" → Ostrava, when Ostrava is a known state
    :func:`speaker_key`       casefolded, no leading "the", no possessive; unresolved
                              speakers never merge, anonymous ones only with their wording
    :func:`name_speakers`     all of it for the speakers of one article, given the states
                              known so far (the corpus's government speakers)

The article reading (stage 10), the corpus store and Spark's Stage 2 all call
:func:`name_speakers`, so a speaker gets the same name and key everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .rules import LinkRules, load_rules

_STATE_FORM = re.compile(r"^(?:(?:Islamic|Federal|Socialist|Arab|Hashemite)\s+)?"
                         r"(?:Republic|Kingdom|State|Federation|Commonwealth|Principality|"
                         r"Sultanate)\s+of\s+(?:the\s+)?")


def _bare(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


def canonical_name(name: str, rules: LinkRules | None = None) -> str:
    """The name a speaker is listed under: a place that stands for a state becomes the
    state ("Beijing", "the Kremlin"); a state's voice becomes the state ("China's
    foreign ministry", "Chinese officials"); a state's formal name its short one ("the
    Republic of Ostrava"; "Democratic Republic of the Congo" stays). Agencies with
    their own identity ("Ukrainian intelligence") are no state voice and stay apart.
    Other names are returned as written, whitespace normalised."""
    rules = rules or load_rules()
    places, demonyms = rules.places, rules.demonyms
    raw = " ".join(name.split())
    bare = _bare(raw)
    if raw in places or bare in places:
        return places.get(raw) or places[bare]
    short = _STATE_FORM.sub("", bare)
    if short != bare and short[:1].isupper():
        return places.get(short, short)
    states = set(places.values()) | set(demonyms.values())
    voices = {v.lower() for v in rules.state_voices}
    words = bare.split()
    for k in range(1, min(4, len(words))):
        head = re.sub(r"['’]s$", "", " ".join(words[:k]))
        rest = " ".join(words[k:]).lower()
        state = demonyms.get(head) or places.get(head) or (head if head in states else None)
        if state and rest in voices:
            return state
    return raw


def adjective_state(name: str, states: Iterable[str],
                    rules: LinkRules | None = None) -> str | None:
    """The state a "<Adjective> <state voice>" speaks for when the adjective is not in
    the demonym table but is a known state's name ("Ostrava's foreign ministry") or
    plainly derives from one ("Ostravan officials" → Ostrava): the adjective starts
    with the state's name less its last letter (four letters at least) and is at most
    three letters longer. The closest such state wins; None when there is none."""
    rules = rules or load_rules()
    words = " ".join(name.split()).removeprefix("the ").removeprefix("The ").split()
    voices = {v.lower() for v in rules.state_voices}
    known = states if isinstance(states, Collection) else set(states)
    for k in (1, 2):
        if len(words) <= k:
            break
        adj, rest = " ".join(words[:k]), " ".join(words[k:]).lower()
        if rest not in voices or not adj[:1].isupper():
            continue
        named = re.sub(r"['’]s$", "", adj)
        if named in known:  # "Ostrava's foreign ministry", "Ostrava officials"
            return named
        best: tuple[int, str] | None = None
        for state in sorted(known):
            stem_ = state[:-1]
            if len(stem_) >= 4 and adj.startswith(stem_) and 0 < len(adj) - len(state) <= 3:
                diff = len(adj) - len(state)
                if best is None or diff < best[0]:
                    best = (diff, state)
        if best:
            return best[1]
    return None


def speaker_key(name: str, kind: str, *, places: Mapping[str, str] | None = None,
                scope: str | None = None) -> str:
    """The key speakers merge on across articles: the name casefolded, without a
    leading "the" or a possessive, a place read as its state. ``unresolved`` speakers
    never merge (``scope``, e.g. the article, keeps them apart); ``anonymous`` ones
    merge only with anonymous ones of the same wording; every other kind merges by
    name (one article may call a state "government", another "organization")."""
    raw = " ".join(name.split())
    if kind == "outlet":  # an outlet's voice: its own name, never a place or a person
        return f"outlet:{raw.casefold()}"
    if places:
        raw = places.get(raw) or places.get(_bare(raw)) or raw
    key = raw.casefold()
    key = re.sub(r"^the\s+", "", key)
    key = re.sub(r"['’]s?$", "", key).strip()
    if kind == "unresolved":
        return f"unresolved:{scope or ''}:{key}"
    if kind == "anonymous":
        return f"anonymous:{key}"
    return key


@dataclass(frozen=True, slots=True)
class SpeakerName:
    """A speaker as the corpus lists it: ``display`` name and merge ``key``."""

    display: str
    key: str
    kind: str


def _first_pass(name: str, kind: str, rules: LinkRules) -> str:
    if kind in ("unresolved", "anonymous", "outlet"):
        return " ".join(name.split())
    return canonical_name(name, rules)


def governments(speakers: Iterable[tuple[str, str]], rules: LinkRules | None = None
                ) -> set[str]:
    """The canonical names of the government speakers among ``(name, kind)`` pairs: the
    states an article (or a corpus) makes known."""
    rules = rules or load_rules()
    return {_first_pass(n, k, rules) for n, k in speakers if k == "government"}


def person_name(name: str, rules: LinkRules | None = None) -> str:
    """A person's name without the titles before it: "Foreign Minister Teodor Sarn" →
    "Teodor Sarn", "Dr. Ilse Varga" → "Ilse Varga" (a title alone stays as it is)."""
    rules = rules or load_rules()
    words = " ".join(name.split()).split(" ")
    last = max((i for i, w in enumerate(words[:-1]) if w.casefold() in rules.titles),
               default=-1)
    rest = words[last + 1:]
    if last < 0 or not rest or not all(w[:1].isupper() for w in rest):
        return " ".join(words)
    return " ".join(rest)


def _people(names: list[str], speakers: Sequence[tuple[str, str]], rules: LinkRules
            ) -> list[str]:
    """One person, one name in an article: titles dropped, and a surname alone
    ("Sarn") read as the one full name in the article that ends with it ("Teodor
    Sarn"); a surname two full names end with stays as it is."""
    out = [person_name(n, rules) if k == "person" else n
           for n, (_, k) in zip(names, speakers, strict=True)]
    full: dict[str, set[str]] = {}
    for n, (_, k) in zip(out, speakers, strict=True):
        if k == "person" and " " in n:
            full.setdefault(n.rsplit(" ", 1)[1].casefold(), set()).add(n)
    return [next(iter(full[n.casefold()])) if k == "person" and " " not in n
            and len(full.get(n.casefold(), ())) == 1 else n
            for n, (_, k) in zip(out, speakers, strict=True)]


def name_speakers(speakers: Sequence[tuple[str, str]], known_states: Collection[str] = (),
                  *, scope: str, rules: LinkRules | None = None) -> list[SpeakerName]:
    """Display name and merge key of each ``(name, kind)`` speaker of one article.

    ``known_states`` are the states known before this article (the corpus's
    government speakers; the lexicon's states are always known); the article's own
    government speakers are known too, whatever their order. ``scope`` keeps the
    article's unresolved speakers apart from every other article's."""
    rules = rules or load_rules()
    first = _people([_first_pass(n, k, rules) for n, k in speakers], speakers, rules)
    known: set[str] | None = None
    out = []
    for (name, kind), canon in zip(speakers, first, strict=True):
        display = canon
        if kind not in ("unresolved", "anonymous", "outlet") and canon == " ".join(
                name.split()):
            if known is None:  # built only when an adjective voice needs it
                known = set(rules.states) | set(known_states) | {
                    c for c, (_, k) in zip(first, speakers, strict=True) if k == "government"}
            display = adjective_state(canon, known, rules) or canon
        out.append(SpeakerName(display, speaker_key(display, kind, places=rules.places,
                                                    scope=scope), kind))
    return out


def statement_refs(entities: Iterable[object], statements: Iterable[object]) -> dict[str, str]:
    """Statement id → the reference of its speaker among :func:`speaker_refs`:
    ``E:<entity id>`` for a speaker grouped into an article entity, else
    ``S:<statement id>`` (a speaker of that statement alone)."""
    ids = {e.id for e in entities}  # type: ignore[attr-defined]
    return {s.id: (f"E:{s.speaker.entity}" if s.speaker.entity in ids  # type: ignore[attr-defined]
                   else f"S:{s.id}") for s in statements}  # type: ignore[attr-defined]


def speaker_refs(entities: Sequence[object], statements: Sequence[object]
                 ) -> list[tuple[str, str, str]]:
    """The speakers of one article in the order the corpus names them, as ``(ref, name,
    kind)``: its entities, then the speakers of statements outside every entity."""
    refs = statement_refs(entities, statements)
    out = [(f"E:{e.id}", e.name, e.kind) for e in entities]  # type: ignore[attr-defined]
    out += [(refs[s.id], s.speaker.name, s.speaker.kind)  # type: ignore[attr-defined]
            for s in statements if refs[s.id].startswith("S:")]  # type: ignore[attr-defined]
    return out
