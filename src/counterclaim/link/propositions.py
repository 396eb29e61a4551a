"""Propositions: what statements are about, without polarity, in one article and across.

One signature and one similarity serve both:

    :func:`signature`    terms (stems of content words, in word classes) and entities
                         (canonical names) of a content; negation and attribution
                         words dropped, so "X" and "not X" share one
    :func:`similarity`   a score in [0, 1]; the same proposition when ``>= THRESHOLD``
    :func:`best_match`   the proposition a signature joins among candidates (best
                         score, ties to the earliest), or None

In one article (:func:`group_article`, stage 10) a statement joins the earlier
group holding its most similar statement, or, when its content names a claim
("rejected the accusations"), the claim another speaker put forward; each group is
an article :class:`~counterclaim.records.Proposition`. Across articles those
propositions are linked whole, as units (:func:`units_of`): a corpus proposition is
a union of article propositions and never splits what the reading put together.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..records import Proposition, Statement
from .claims import accusation_clause, is_negated, main_clause, names_claim, proposition_text, stem
from .rules import LinkRules, load_rules
from .sides import negation_only, side_of, statement_side
from .speakers import canonical_name, is_junk

THRESHOLD = 0.5  # similarity at which two contents state the same thing

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]")
_OPENING_PRONOUN = re.compile(r"^\W*(it|its|they|their|we|our|he|his|she|her)\b", re.I)
# Pronouns read as the speaker anywhere in a content: a state's or a body's own "it"
# ("China … insisted it is not supplying aid") and a group's "they"/"we".
_SELF_PRONOUNS = frozenset({"it", "its", "itself"})
_GROUP_PRONOUNS = frozenset({"they", "their", "them", "themselves", "we", "our", "us"})
_SELF_KINDS = ("government", "organization")
_GROUP_KINDS = ("group", "government", "organization")


@dataclass(frozen=True, slots=True)
class Signature:
    """What a proposition is about: ``terms`` (stems of content words, in their word
    class) and ``entities`` (canonical, casefolded names); no polarity."""

    terms: frozenset[str]
    entities: frozenset[str]

    def to_dict(self) -> dict[str, list[str]]:
        return {"terms": sorted(self.terms), "entities": sorted(self.entities)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Iterable[str]]) -> Signature:
        return cls(frozenset(d.get("terms", ())), frozenset(d.get("entities", ())))

    def index_keys(self) -> list[str]:
        """Keys for an inverted index / blocking: ``t:<term>`` and ``e:<entity>``."""
        return sorted({f"t:{t}" for t in self.terms} | {f"e:{e}" for e in self.entities})


EMPTY = Signature(frozenset(), frozenset())


def entity_key(name: str) -> str:
    """Casefolded entity; a long single word is cut to 6 letters so a name and its
    adjective meet when no alias table lists them (Veldra/Veldran, Ostrava/Ostravan)."""
    key = name.casefold().replace("’", "'").removesuffix("'s")
    if " " not in key and len(key) >= 7:
        return key[:6]
    return key


def _speaker_entities(speaker: str, rules: LinkRules) -> frozenset[str]:
    named = _read(canonical_name(speaker, rules), rules, None, None, opening=False)
    return named.entities or frozenset({entity_key(speaker)})


def signature(content: str, *, speaker: str | None = None, speaker_kind: str | None = None,
              rules: LinkRules | None = None) -> Signature:
    """Terms and entities of a content's claim (:func:`~.claims.proposition_text`).

    A capitalised word that is not a stop word is an entity, read through the alias
    table ("Beijing"/"Chinese" → china); other words are stemmed into their word
    class ("sent arms" and "supplied weapons" meet). The speaker stands for a
    pronoun that opens the content ("it had supplied drones", said by Ostrava), and
    for a state's or a body's own "it"/"its" or a group's "they"/"we" anywhere."""
    rules = rules or load_rules()
    return _read(proposition_text(content), rules, speaker, speaker_kind, opening=True)


def entities_of(text: str, rules: LinkRules | None = None) -> frozenset[str]:
    """The entities :func:`signature` reads in a text (no speaker), without stemming
    its other words: for a reader of many sentences that needs only their actors."""
    rules = rules or load_rules()
    return _read(proposition_text(text), rules, None, None, opening=False,
                 words=False).entities


def _read(text: str, rules: LinkRules, speaker: str | None, kind: str | None, *,
          opening: bool, words: bool = True) -> Signature:
    aliases = rules.aliases
    stop = rules.stopwords
    terms: set[str] = set()
    entities: set[str] = set()
    me: frozenset[str] | None = None
    usable = bool(speaker) and kind not in ("unresolved", "anonymous")
    tokens = _TOKEN.findall(text)
    i = 0
    while i < len(tokens):
        tok = tokens[i].strip(".'’-")
        low = tok.lower().replace("’", "'")
        if not tok or low.endswith("n't") or low.startswith("i'"):
            # a negation ("wasn't": polarity is the side's business) or "I'm", "I've"
            i += 1
            continue
        if i + 1 < len(tokens):  # two-word aliases first ("White House", "New Delhi")
            pair = f"{tok} {tokens[i + 1].strip('.')}"
            if pair in aliases:
                entities.add(entity_key(aliases[pair]))
                i += 2
                continue
        if usable and ((low in _SELF_PRONOUNS and kind in _SELF_KINDS)
                       or (low in _GROUP_PRONOUNS and kind in _GROUP_KINDS)):
            me = me if me is not None else _speaker_entities(speaker or "", rules)
            entities |= me
        elif tok in aliases:
            entities.add(entity_key(aliases[tok]))
        elif low in rules.generic_name_words and tok[0].isupper():
            pass
        elif tok[0].isupper() and low not in stop and len(tok) > 1:
            entities.add(entity_key(tok))
        elif words and low not in stop and len(low) > 2:
            s = stem(low)
            if s not in stop:
                terms.add(rules.concepts.get(s, s))
        i += 1
    if opening and speaker and not me and _OPENING_PRONOUN.match(text):
        # In news prose the pronoun opening a reported content is the speaker.
        entities |= _speaker_entities(speaker, rules)
    return Signature(frozenset(terms - entities), frozenset(entities))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    inter = len(a & b)
    if not inter:
        return 0.0
    return 0.5 * (2 * inter / (len(a) + len(b))) + 0.5 * (inter / min(len(a), len(b)))


def similarity(a: Signature, b: Signature) -> float:
    """Score in [0, 1] that two signatures state the same thing (polarity ignored).

    Topic words carry 60 % and must overlap, by two words unless one side has at
    most two (shared entities alone never link: "China supplies drones to Russia" is
    not "Chinese nationals fight for Russia"); entities carry 40 % when both name
    some, and a pair naming disjoint entities is halved (other actors). When one
    side names nobody the topic decides, slightly discounted; when neither does,
    common words are weak evidence and the topic is discounted more."""
    shared = len(a.terms & b.terms)
    if shared == 0 or (shared == 1 and min(len(a.terms), len(b.terms)) > 2):
        return 0.0
    topic = _overlap(a.terms, b.terms)
    if a.entities & b.entities:
        # About the same actors, three shared topic words make a strong topic even
        # between long contents, which Dice alone calls weak.
        topic = max(topic, min(1.0, (shared - 1) / 3))
    if a.entities and b.entities:
        ent = _overlap(a.entities, b.entities)
        score = 0.6 * topic + 0.4 * ent
        return score * 0.5 if ent == 0.0 else score
    if a.entities or b.entities:
        return 0.9 * topic
    return 0.85 * topic


def best_match(sig: Signature, candidates: Iterable[tuple[object, Signature]]
               ) -> object | None:
    """The candidate (``(id, signature)`` pairs, oldest first) ``sig`` joins: the best
    score at or over :data:`THRESHOLD`, ties going to the earliest; None when none."""
    best: tuple[float, object] | None = None
    for cid, other in candidates:
        s = similarity(sig, other)
        if s >= THRESHOLD and (best is None or s > best[0]):
            best = (s, cid)
    return best[1] if best else None


CROSS_STORY = 0.8  # the similarity at which a statement links across stories


def best_in_corpus(sig: Signature, story: object,
                   candidates: Iterable[tuple[object, Signature, object]]) -> object | None:
    """The corpus proposition (``(id, signature, home story)`` candidates, oldest
    first) a unit of an article in ``story`` joins: the best score at or over
    :data:`THRESHOLD` in its own story, over :data:`CROSS_STORY` across stories (a
    proposition links stories only on strong evidence); ties to the earliest."""
    best: tuple[float, object] | None = None
    for cid, other, home in candidates:
        s = similarity(sig, other)
        need = THRESHOLD if story is not None and home == story else CROSS_STORY
        if s >= need and (best is None or s > best[0]):
            best = (s, cid)
    return best[1] if best else None


def explain(sig: Signature, other: Signature) -> dict[str, object]:
    """Why a unit joined a proposition: the score and the terms and entities shared
    (stored with each statement and shown on the dispute page)."""
    return {"score": round(similarity(sig, other), 3),
            "terms": sorted(sig.terms & other.terms),
            "entities": sorted(sig.entities & other.entities)}


def prefer_text(current_side: str | None, new_side: str | None) -> bool:
    """Whether a proposition takes a newly joined unit's wording: an assertion's
    wording replaces any other, and is never replaced."""
    return new_side == "asserting" and current_side != "asserting"


# --- one article --------------------------------------------------------------------

def _h(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


@dataclass
class _Group:
    members: list[int] = field(default_factory=list)
    anaphoric: set[int] = field(default_factory=set)


_CLAIMING = ("distancing", "hedge")
_NAMING_WORDS = 8  # an assertion naming a claim in more words states something else


def _speaker_name(st: Statement) -> str | None:
    return st.speaker.name if st.speaker else None


def _claim_antecedent(sts: Sequence[Statement], groups: list[_Group], group_of: dict[int, int],
                      k: int) -> int | None:
    """The group a claim noun points to ('the accusations'): most recent first, one
    someone *else* put forward as a claim (an alleging or suggesting cue, a
    noun-complement claim) before one merely asserted. A negation puts no claim
    forward: 'welcomed the report' after 'she said the distributor had not answered'
    names the report, not her denial."""
    me = _speaker_name(sts[k])
    order = sorted({group_of[j] for j in range(k) if j in group_of},
                   key=lambda g: max(sts[m].content.start for m in groups[g].members),
                   reverse=True)
    fallback = None
    for g_idx in order:
        g = groups[g_idx]
        others = [m for m in g.members if m not in g.anaphoric and _speaker_name(sts[m])
                  and _speaker_name(sts[m]) != me and sts[m].stance in ("assert", "hedge")
                  and not (sts[m].negated or is_negated(sts[m].content.text))]
        if not others:
            continue
        if any((sts[m].cue and sts[m].cue.cue_class in _CLAIMING)
               or sts[m].construction == "noun-claim" for m in others):
            return g_idx
        if fallback is None:
            fallback = g_idx
    return fallback


REBUTTAL_DICE = 0.3  # how much of their topic words a negation and its claim share


def states_core(a: Signature, b: Signature) -> bool:
    """Two contents state one claim: similar signatures sharing two words of its core —
    two topic words, or a topic word and an actor. One shared word ("the inquiry") is
    no claim in common, however similar the short contents score."""
    if not a.terms or not b.terms:
        return False
    core = len(a.terms & b.terms) + min(1, len(a.entities & b.entities))
    return core >= 2 and similarity(a, b) >= THRESHOLD


def shares_core(a: Signature, b: Signature) -> bool:
    """A negation and a claim state one core (:func:`states_core`) and share a good
    part of their topic words (Dice ≥ :data:`REBUTTAL_DICE`): a long quote that meets
    a claim in one word and one name ("refugees … in Canada") is about something else."""
    shared = len(a.terms & b.terms)
    dice = 2 * shared / (len(a.terms) + len(b.terms)) if a.terms or b.terms else 0.0
    return dice >= REBUTTAL_DICE and states_core(a, b)


def rebuttal_signature(st: Statement, rules: LinkRules) -> Signature:
    """What a negation denies: the signature of its main clause
    (:func:`~counterclaim.link.claims.main_clause`), so that 'he did not see the road
    because the sign was down' rebuts a claim about the road, not one about the sign."""
    return signature(main_clause(st.content.text), speaker=_speaker_name(st),
                     speaker_kind=st.speaker.kind if st.speaker else None, rules=rules)


def is_lone_negation(st: Statement, side: str, rules: LinkRules) -> bool:
    """A denying statement that denies only by negating its own words
    (:func:`~counterclaim.link.sides.negation_only`)."""
    return negation_only(st.stance, side, content=st.content.text,
                         cue_class=st.cue.cue_class if st.cue else None, rules=rules)


def _checked_sides(sts: Sequence[Statement], sides: list[str], sigs: list[Signature],
                   groups: list[_Group], rules: LinkRules) -> list[str]:
    """The sides a dispute can trust: a junk speaker takes none, an assertion naming a
    claim in a long content says something else about it (other), and a denial that only
    negates its own words ('that's not happening') denies the claim of its group only
    when it shares that claim's core with an assertion by someone else in it (else it
    rebuts nothing there: side ``other``). A lone negation keeps its side: the claim
    it answers may be stated in another article."""
    out = list(sides)
    for k, s in enumerate(sts):
        if is_junk(_speaker_name(s), rules):
            out[k] = "other"
    for g in groups:
        for k in g.anaphoric:
            # 'repeated the accusations' puts the claim named forward; 'each of the
            # charges carries a penalty of 30 years' says something else about it
            if out[k] == "asserting" and len(sts[k].content.text.split()) > _NAMING_WORDS:
                out[k] = "other"
        for k in g.members:
            if not is_lone_negation(sts[k], out[k], rules):
                continue
            me = _speaker_name(sts[k])
            claims = [m for m in g.members if out[m] == "asserting" and m not in g.anaphoric
                      and _speaker_name(sts[m]) != me]
            negation = rebuttal_signature(sts[k], rules)
            if claims and not any(shares_core(negation, sigs[m]) for m in claims):
                out[k] = "other"
    return out


@dataclass(frozen=True, slots=True)
class ArticleLinks:
    """Stage 10's linking of one article: the statements with ``proposition`` and
    ``side`` set, and the article's propositions."""

    statements: tuple[Statement, ...]
    propositions: tuple[Proposition, ...]


def group_article(article_id: str, statements: Sequence[Statement],
                  rules: LinkRules | None = None) -> ArticleLinks:
    """Group one article's statements (in reading order) into propositions and decide
    each statement's side. A statement is scored only against the earlier ones sharing
    a topic word with it (an inverted index; the same groups as scoring all of them)."""
    rules = rules or load_rules()
    named = [names_claim(s.content.text, rules) for s in statements]
    sigs = [signature(s.content.text, speaker=_speaker_name(s),
                      speaker_kind=s.speaker.kind if s.speaker else None, rules=rules)
            for s in statements]
    groups: list[_Group] = []
    group_of: dict[int, int] = {}
    # Blocking: only statements sharing a topic word can be similar (similarity needs
    # one), so each statement is scored against those, not against every earlier one.
    by_term: dict[str, list[int]] = {}
    for k in range(len(statements)):
        target = _claim_antecedent(statements, groups, group_of, k) if named[k] else None
        if target is None and sigs[k].terms:
            near = sorted({m for t in sigs[k].terms for m in by_term.get(t, ())},
                          key=lambda m: (group_of[m], m))  # the order of a full scan
            target = best_match(sigs[k], ((group_of[m], sigs[m]) for m in near)
                                )  # type: ignore[assignment]
        if target is None:
            groups.append(_Group())
            target = len(groups) - 1
        groups[target].members.append(k)
        if named[k]:
            groups[target].anaphoric.add(k)
        else:
            for t in sigs[k].terms:
                by_term.setdefault(t, []).append(k)
        group_of[k] = target
    sides = [side_of(s.stance, hedged=s.hedged, content=s.content.text, negated=s.negated,
                     claim_named=named[k], cue_lemma=s.cue.lemma if s.cue else None,
                     construction=s.construction, rules=rules)
             for k, s in enumerate(statements)]
    sides = _checked_sides(statements, sides, sigs, groups, rules)
    props: list[Proposition] = []
    for g in groups:
        pid = "pr_" + _h(article_id, *[statements[m].id for m in g.members])
        rep = next((m for m in g.members if sides[m] == "asserting" and m not in g.anaphoric),
                   g.members[0])
        text = proposition_text(statements[rep].content.text).strip("“”\"' ,.")
        if (statements[rep].cue and statements[rep].cue.lemma in rules.accusation_cues
                and rep not in g.anaphoric):
            text = accusation_clause(text)  # 'X of arming Y' reads 'X was arming Y'
        sig = sigs[rep] if rep not in g.anaphoric else EMPTY
        if sides[rep] == "denying" and is_lone_negation(statements[rep], "denying", rules):
            # a group of denials that only negate their own words states what its
            # first negates: the corpus links it on those words, not on a reason or
            # an aside ('not involved in the offer, and the company asked …')
            sig = rebuttal_signature(statements[rep], rules)
        props.append(Proposition(id=pid, text=text, terms=tuple(sorted(sig.terms)),
                                 statements=tuple(statements[m].id for m in g.members),
                                 entities=tuple(sorted(sig.entities)),
                                 text_side=sides[rep]))
    linked = tuple(replace(s, proposition=props[group_of[k]].id, side=sides[k])
                   for k, s in enumerate(statements))
    return ArticleLinks(linked, tuple(props))


# --- across articles ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Unit:
    """An article proposition as the corpus links it: whole, by its signature."""

    id: str                       # the article proposition's id
    statements: tuple[str, ...]   # its statements' ids
    signature: Signature
    text: str
    text_side: str | None


def units_of(propositions: Iterable[Proposition], statements: Iterable[Statement],
             rules: LinkRules | None = None) -> list[Unit]:
    """The linking units of an article: its propositions, with the signature the
    reading computed. A record made before the reading carried one (no
    ``text_side``) is read from its text and first statement the same way, and a
    statement left without a proposition is a unit of its own."""
    by_id = {s.id: s for s in statements}
    units = []
    for p in propositions:
        if p.text_side is not None:
            sig = Signature(frozenset(p.terms), frozenset(p.entities))
            units.append(Unit(p.id, tuple(p.statements), sig, p.text, p.text_side))
            continue
        first = by_id.get(p.statements[0]) if p.statements else None
        units.append(_unit_from_text(p.id, tuple(p.statements), p.text, first, rules))
    covered = {sid for u in units for sid in u.statements}
    for s in by_id.values():
        if s.id not in covered:
            units.append(_unit_from_text(f"s:{s.id}", (s.id,), proposition_text(
                s.content.text).strip("“”\"' ,."), s, rules))
    return units


def _unit_from_text(uid: str, members: tuple[str, ...], text: str, voice: Statement | None,
                    rules: LinkRules | None) -> Unit:
    rules = rules or load_rules()
    speaker = voice.speaker if voice is not None else None
    sig = signature(text, speaker=speaker.name if speaker else None,
                    speaker_kind=speaker.kind if speaker else None, rules=rules)
    return Unit(uid, members, sig, text, statement_side(voice, rules) if voice else None)
