"""Speakers across articles: the name a speaker is listed under, and the key they merge on.

    :func:`canonical_name`    the metonym table: "Beijing" → China, "China's foreign
                              ministry" → China, "the Republic of Ostrava" → Ostrava
    :func:`adjective_state`   "Ostravan officials" → Ostrava, when Ostrava is a known state
    :func:`speaker_key`       casefolded, no leading "the", no possessive; unresolved
                              speakers never merge, anonymous ones only with their wording
    :func:`name_speakers`     all of it for the speakers of one article, given the states
                              known so far (the corpus's government speakers); a known
                              state is listed as a government, a junk name unresolved
    :func:`story_names`       a surname alone read as the one full name of its story
                              ("Sarn" → Teodor Sarn, named in an earlier article)

The article reading (stage 10), the corpus store and Spark's Stage 2 all call
:func:`name_speakers`, so a speaker gets the same name and key everywhere; the store
and Stage 2 then call :func:`story_names` with the story's people known before the
article (in ingest order), so they merge a surname with its story's full name alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
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


# Kinds a surname alone may be read as besides a person: NER often takes a surname for
# an organisation ("Lonechild said", "Sarn said"). A government never: "Jordan" is a state.
SURNAME_KINDS = frozenset({"person", "organization"})


def _surname_of(name: str, kind: str, full: Mapping[str, set[str]]) -> str | None:
    """The one full name ``name`` is the surname of, when it is a one-word name of a
    kind a surname can take and exactly one full name ends with it; else None."""
    if kind not in SURNAME_KINDS or " " in name:
        return None
    found = full.get(name.casefold(), set())
    return next(iter(found)) if len(found) == 1 else None


def _by_surname(people: Iterable[str]) -> dict[str, set[str]]:
    full: dict[str, set[str]] = {}
    for person in people:
        if " " in person:
            full.setdefault(surname(person), set()).add(person)
    return full


def _people(names: list[str], speakers: Sequence[tuple[str, str]], rules: LinkRules
            ) -> list[tuple[str, str]]:
    """One person, one name in an article: titles dropped, and a surname alone
    ("Sarn", or "Sarn" NER read as an organisation) read as the one full name in the
    article that ends with it ("Teodor Sarn"), a person then; a surname two full names
    end with stays as it is. Returns ``(name, kind)`` per speaker."""
    out = [person_name(n, rules) if k == "person" else n
           for n, (_, k) in zip(names, speakers, strict=True)]
    full = _by_surname(n for n, (_, k) in zip(out, speakers, strict=True) if k == "person")
    res = []
    for n, (_, k) in zip(out, speakers, strict=True):
        person = _surname_of(n, k, full)
        res.append((person, "person") if person else (n, k))
    return res


def is_junk(name: str | None, rules: LinkRules | None = None) -> bool:
    """A name that is no speaker: none, a pronoun, "unresolved", a bare document or
    layout word ("Showing", "Move", "website"; ``junk_speakers`` of linking.json). Such
    a speaker is never listed nor merged, and its statements take no side."""
    rules = rules or load_rules()
    key = " ".join((name or "").split()).casefold()
    return not key or key in rules.junk_speakers or key.removeprefix("the ") in \
        rules.junk_speakers


def listed_kind(kind: str, display: str, known: Callable[[], Collection[str]]) -> str:
    """The kind a speaker is listed under: a junk name (:func:`is_junk`) is unresolved;
    a known state (``known()``: the lexicon's and the corpus's states) is a government
    whatever NER said of one mention ("Veldra said" read as a person), never a person."""
    if kind != "outlet" and is_junk(display):
        return "unresolved"
    if kind == "person" and display in known():
        return "government"
    return kind


def relisted_kind(stored: str, named: str) -> str:
    """The kind a corpus speaker is listed under once another article names it
    ``named``: a speaker first read as a person becomes a government when a later
    article makes its name a known state; any other kind stays as first stored."""
    return "government" if stored == "person" and named == "government" else stored


def name_speakers(speakers: Sequence[tuple[str, str]], known_states: Collection[str] = (),
                  *, scope: str, rules: LinkRules | None = None) -> list[SpeakerName]:
    """Display name, merge key and kind of each ``(name, kind)`` speaker of one article.

    ``known_states`` are the states known before this article (the corpus's
    government speakers; the lexicon's states are always known); the article's own
    government speakers are known too, whatever their order. A person named as a
    known state is listed as a government; a junk name (:func:`is_junk`) as an
    unresolved speaker. ``scope`` keeps the article's unresolved speakers apart from
    every other article's."""
    rules = rules or load_rules()
    read = _people([_first_pass(n, k, rules) for n, k in speakers], speakers, rules)
    first = [n for n, _ in read]
    cache: list[set[str]] = []

    def known() -> set[str]:  # built only when a voice or a person needs it
        if not cache:
            cache.append(set(rules.states) | set(known_states) | {
                c for c, (_, k) in zip(first, speakers, strict=True) if k == "government"})
        return cache[0]

    out = []
    for (name, _), (canon, kind) in zip(speakers, read, strict=True):
        display = canon
        if kind not in ("unresolved", "anonymous", "outlet") and canon == " ".join(
                name.split()):
            display = adjective_state(canon, known(), rules) or canon
        kind = listed_kind(kind, display, known)
        out.append(SpeakerName(display, speaker_key(display, kind, places=rules.places,
                                                    scope=scope), kind))
    return out


def surname(name: str) -> str:
    """The casefolded last word of a name (the word a surname alone is matched on)."""
    return name.rsplit(" ", 1)[-1].casefold()


def story_people(names: Iterable[SpeakerName]) -> set[str]:
    """The full names (two words at least) of the persons among one article's named
    speakers: what the article makes known to the later articles of its story."""
    return {n.display for n in names if n.kind == "person" and " " in n.display}


def story_names(names: Sequence[SpeakerName], known_people: Iterable[str], *,
                rules: LinkRules | None = None) -> list[SpeakerName]:
    """One article's named speakers (:func:`name_speakers`) read within its story: a
    person still named by a surname alone ("Sarn", "Minister Sarn" once its title is
    dropped, or "Sarn" NER read as an organisation) becomes the one full name ending
    with it among ``known_people`` (the full names of the story's earlier articles)
    and the article's own; when two full names end with it, or none does, it stays as
    it is. Only within a story: across stories a surname alone merges with nothing but
    the same surname alone."""
    rules = rules or load_rules()
    full = _by_surname({*known_people, *story_people(names)})
    out = []
    for n in names:
        person = _surname_of(n.display, n.kind, full)
        if person:
            n = SpeakerName(person, speaker_key(person, "person", places=rules.places),
                            "person")
        out.append(n)
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
