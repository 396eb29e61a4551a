"""Versioned rule data (cue verbs, hedges, evidence phrases, metonyms, speaker words).

The rules live in ``lexicon/data/*.json``; this module loads and validates them
once and hands the extraction stages ready-to-use lookups. ``Lexicon.versions``
goes into every output so a reading can be traced to the rules that made it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import LexiconError

_FILES = ("cues", "hedges", "evidence", "metonyms", "speakers", "propositions", "layout", "linking", "stories")

# Default stance for each cue class.
STANCE_OF_CLASS = {
    "neutral": "assert",
    "factive": "assert",
    "distancing": "assert",
    "denial": "deny",
    "hedge": "hedge",
    "criticism": "criticize",
    "question": "question",
}


def _load(name: str) -> dict[str, Any]:
    try:
        raw = resources.files(__package__).joinpath("data", f"{name}.json").read_text("utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(f"lexicon file {name}.json is missing; reinstall counterclaim",
                           source=f"lexicon/data/{name}.json") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LexiconError(f"malformed JSON ({exc}); fix the file or reinstall",
                           source=f"lexicon/data/{name}.json") from exc
    if "version" not in data:
        raise LexiconError("has no 'version' field", source=f"lexicon/data/{name}.json")
    return data


def load_data(name: str) -> dict[str, Any]:
    """One data file (``lexicon/data/<name>.json``), parsed and checked for a version."""
    return _load(name)


@dataclass(frozen=True)
class Lexicon:
    versions: dict[str, str]
    cue_class: dict[str, str]  # lemma -> class (first class listed wins)
    cue_phrases: tuple[tuple[tuple[str, ...], str], ...]
    claim_nouns: dict[str, str]  # noun lemma -> class
    sourceless_nouns: dict[str, str]  # 'The announcement that …' (no source named) -> class
    noun_preps: dict[str, frozenset[str]]  # 'claims of fraud': a noun's content prepositions
    document_nouns: frozenset[str]
    according_to: tuple[str, ...]
    object_cues: frozenset[str]
    document_subject_cues: frozenset[str]
    needs_that: frozenset[str]
    dismissive_re: re.Pattern[str] | None
    weak_triggers: frozenset[str]
    directive_cues: frozenset[str]
    commissive_cues: frozenset[str]
    passive_cues: frozenset[str]  # 'It was announced that …': speech with no source
    rebuttal_cues: frozenset[str]  # 'insisted it was not …': a negative that answers
    rebuttal_words: frozenset[str]  # a claim named nearby: the negative rebuts it
    rhetorical_res: tuple[re.Pattern[str], ...]  # 'So why didn't Pell pay his?': criticism
    view_nouns: frozenset[str]
    view_preps: frozenset[str]
    surface_cues: frozenset[str]
    forward_cues: frozenset[str]
    cognition_cues: frozenset[str]
    generic_subjects: frozenset[str]
    position_cues: frozenset[str]
    np_content: dict[str, frozenset[str]]
    np_prep_only: frozenset[str]  # content only through a preposition ('warned residents')
    np_asides: frozenset[str]  # '…, citing sources': the reason of another statement
    np_habitual: frozenset[str]  # 'she writes about style': a beat, in the simple present
    np_not_content: frozenset[str]  # 'on condition of anonymity': circumstances, not content
    np_refusals: frozenset[str]  # 'denied a request', 'rejected the bill': acts, not speech
    evidence_like_cues: frozenset[str]
    non_speech_governors: frozenset[str]
    hedge_modals: frozenset[str]
    hedge_words: frozenset[str]
    hedge_phrase_re: re.Pattern[str] | None
    not_hedge_res: tuple[re.Pattern[str], ...]
    evidence_order: tuple[str, ...]
    evidence_res: dict[str, tuple[re.Pattern[str], ...]]
    places: dict[str, str]
    demonyms: dict[str, str]
    state_voices: tuple[str, ...]
    agency_heads: dict[str, str]
    anonymous_heads: frozenset[str]
    anonymous_modifiers: frozenset[str]
    group_heads: frozenset[str]
    org_nouns: frozenset[str]
    generic_org_heads: frozenset[str]
    person_nouns: frozenset[str]
    titles: frozenset[str]
    name_titles: frozenset[str]  # 'Lady Gaga': a title that can be part of a name
    states: frozenset[str]
    furniture_re: re.Pattern[str]
    caption_re: re.Pattern[str]
    dateline_re: re.Pattern[str]
    subhead_re: re.Pattern[str]
    short_line_words: int
    abbreviations: frozenset[str]
    anaphoric_claim_nouns: frozenset[str]

    def stance_of(self, cue_class: str | None) -> str:
        return STANCE_OF_CLASS.get(cue_class or "neutral", "assert")


def _words_re(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alts = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.IGNORECASE)


def _np_list(cues: dict[str, Any], key: str, field: str) -> frozenset[str]:
    """One word list of ``cues.json`` ``np_content`` (empty when the file has none)."""
    return frozenset(w.lower() for w in cues.get("np_content", {}).get(key, {}).get(field, []))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = {name: _load(name) for name in _FILES}
    cues = data["cues"]
    cue_class: dict[str, str] = {}
    for klass, lemmas in cues["classes"].items():
        if klass not in STANCE_OF_CLASS:
            raise LexiconError(f"unknown cue class {klass!r}", source="lexicon/data/cues.json")
        for lemma in lemmas:
            cue_class.setdefault(lemma.lower(), klass)
    # A lemma listed under a more specific class overrides 'neutral'.
    for klass in ("question", "denial", "hedge", "criticism", "distancing", "factive"):
        for lemma in cues["classes"].get(klass, []):
            cue_class[lemma.lower()] = klass
    phrases = tuple((tuple(p["lemmas"]), p["class"]) for p in cues.get("phrases", []))
    ev = data["evidence"]
    try:
        evidence_res = {k: tuple(re.compile(p, re.IGNORECASE) for p in v)
                        for k, v in ev["patterns"].items()}
    except re.error as exc:
        raise LexiconError(f"bad evidence pattern: {exc}",
                           source="lexicon/data/evidence.json") from exc
    met = data["metonyms"]
    spk = data["speakers"]
    places = dict(met["places"])
    demonyms = dict(met["demonyms"])
    return Lexicon(
        versions={name: str(data[name]["version"]) for name in _FILES},
        cue_class=cue_class,
        cue_phrases=phrases,
        claim_nouns={k.lower(): v for k, v in cues["nouns"]["claim"].items()},
        sourceless_nouns={k.lower(): v for k, v in
                          cues.get("noun_cues", {}).get("sourceless", {}).items()},
        noun_preps={k.lower(): frozenset(v) for k, v in
                    cues.get("noun_cues", {}).get("preps", {}).items()},
        document_nouns=frozenset(n.lower() for n in cues["nouns"]["document"]),
        according_to=tuple(cues.get("according_to", [])),
        object_cues=frozenset(cues.get("object_content", {}).get("lemmas", [])),
        position_cues=frozenset(cues.get("object_content", {}).get("position_lemmas", [])),
        np_content={k.lower(): frozenset(v) for k, v in
                    cues.get("np_content", {}).get("lemmas", {}).items()},
        np_prep_only=_np_list(cues, "prep_only", "lemmas"),
        np_asides=_np_list(cues, "asides", "lemmas"),
        np_habitual=_np_list(cues, "habitual", "lemmas"),
        np_not_content=_np_list(cues, "not_content", "words"),
        np_refusals=_np_list(cues, "refusals", "words"),
        evidence_like_cues=frozenset(cues.get("evidence_like_cues", {}).get("lemmas", [])),
        non_speech_governors=frozenset(cues.get("non_speech_governors", {}).get("lemmas", [])),
        cognition_cues=frozenset(cues.get("cognition", {}).get("lemmas", [])),
        generic_subjects=frozenset(cues.get("cognition", {}).get("generic_subjects", [])),
        surface_cues=frozenset(cues.get("surface_cues", {}).get("lemmas", [])),
        forward_cues=frozenset(cues.get("surface_cues", {}).get("forward_lemmas", [])),
        directive_cues=frozenset(cues.get("directive", {}).get("lemmas", [])),
        commissive_cues=frozenset(cues.get("commissive", {}).get("lemmas", [])),
        passive_cues=frozenset(cues.get("passive", {}).get("lemmas", [])),
        rebuttal_cues=frozenset(cues.get("rebuttal", {}).get("cues", [])),
        rebuttal_words=frozenset(cues.get("rebuttal", {}).get("claim_words", [])),
        rhetorical_res=tuple(re.compile(x, re.IGNORECASE) for x in
                             cues.get("rhetorical", {}).get("patterns", [])),
        view_nouns=frozenset(cues.get("view_frames", {}).get("nouns", [])),
        view_preps=frozenset(cues.get("view_frames", {}).get("preps", [])),
        weak_triggers=frozenset(cues.get("weak_triggers", {}).get("lemmas", [])),
        dismissive_re=_words_re(cues.get("dismissive", {}).get("words", [])),
        needs_that=frozenset(cues.get("needs_that", {}).get("lemmas", [])),
        document_subject_cues=frozenset(cues.get("document_subject_cues", {}).get("lemmas", [])),
        hedge_modals=frozenset(m.lower() for m in data["hedges"]["modals"]),
        hedge_words=frozenset(w.lower() for w in data["hedges"]["words"]),
        hedge_phrase_re=_words_re(data["hedges"]["phrases"]),
        not_hedge_res=tuple(re.compile(x, re.IGNORECASE) for x in
                            data["hedges"].get("not_hedges", {}).get("patterns", [])),
        evidence_order=tuple(ev["order"]),
        evidence_res=evidence_res,
        places=places,
        demonyms=demonyms,
        state_voices=tuple(sorted(met["state_voices"], key=len, reverse=True)),
        agency_heads=dict(met["agency_heads"]),
        anonymous_heads=frozenset(spk["anonymous_heads"]),
        anonymous_modifiers=frozenset(spk["anonymous_modifiers"]),
        group_heads=frozenset(spk["group_heads"]),
        org_nouns=frozenset(spk["org_nouns"]),
        generic_org_heads=frozenset(spk.get("generic_org_heads", [])),
        person_nouns=frozenset(spk["person_nouns"]),
        titles=frozenset(spk["titles"]),
        name_titles=frozenset(spk.get("name_titles", {}).get("words", [])),
        states=frozenset(places.values()) | frozenset(demonyms.values()),
        furniture_re=re.compile("|".join(f"(?:{p})" for p in data["layout"]["furniture_prefixes"])),
        caption_re=re.compile(data["layout"]["caption_credit"]),
        dateline_re=re.compile("(?:" + data["layout"]["dateline"] + ")|(?:" + data["layout"].get(
            "dateline_agency", {}).get("pattern", "(?!)") + ")"),
        subhead_re=re.compile(data["layout"]["quoted_subhead"]),
        short_line_words=int(data["layout"]["short_unpunctuated_max_words"]),
        abbreviations=frozenset(w.lower() for w in data["layout"].get("abbreviations", {})
                                .get("words", [])),
        anaphoric_claim_nouns=frozenset(data["propositions"]["anaphoric_claim_nouns"]),
    )


@dataclass(frozen=True)
class CheckCues:
    """The claim check's cue lists (``check.json``), as whole-word patterns."""

    version: str
    debunk: re.Pattern[str]
    report: re.Pattern[str]
    confirm: re.Pattern[str]
    negation: re.Pattern[str]


@lru_cache(maxsize=1)
def load_check_cues() -> CheckCues:
    """The claim check's cues from ``lexicon/data/check.json``, checked and compiled."""
    data = _load("check")
    pats = {}
    for key in ("debunk", "report", "confirm", "negation"):
        words = data.get(key)
        if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
            raise LexiconError(f"'{key}' must be a non-empty list of strings",
                               source="lexicon/data/check.json")
        pat = _words_re(words)
        assert pat is not None
        pats[key] = pat
    return CheckCues(version=str(data["version"]), **pats)
