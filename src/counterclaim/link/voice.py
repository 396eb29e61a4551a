"""The outlet's own voice: what an article's headline and lede state, in the outlet's name.

A news article does not only relay what others said: its headline and lede state a
claim as fact, relay it as others' claim, or debunk it. That voice is a statement
of its own, derived here from the article (never found at a cue in the text):

* its content is the title, else the first sentence of the body after its dateline
  (:func:`voice_span`);
* its speaker is the outlet (kind ``outlet``, named by ``Article.outlet``; an article
  with no outlet is its own, unnamed outlet, so outlets never merge by accident);
* its side: **denying** (the outlet debunked it) when the headline or the first
  ``voice_chars`` characters of the body debunk (``debunk`` words of
  ``lexicon/data/stories.json``: hoax, fake, not true …), or when the body as a whole
  holds ``body_debunk_min`` of them (a lede that relays the rumour, a body that
  debunks it: the outlet's verdict is the body's); else **other** (the outlet
  only relayed it) when its text attributes the claim to someone the reading found
  there ("X said Y"); else **asserting** (the outlet reported it as fact), *hedged*
  when hedged (``relay`` words: reportedly, allegedly, rumour …), as a hedged
  allegation is still the alleging side.

:func:`article_links` gives the statements the corpus links for one article (the
voice first, then the reading's) and its units: the voice's unit holds the voice and
every article proposition that states its claim
(:func:`~counterclaim.link.propositions.states_core`: the lede's claim, restated or
denied by the people quoted); the corpus puts that unit in its story's claim
proposition. Where the voice debunks, the article's assertions in that unit relay the
claim it debunks (the rumour's source, "a hoax site claimed X"): in that article they
are reported, not asserted, so they take side ``other`` and the article's side is the
outlet's denial (:func:`debunked_relays`). The store and Spark's Stage 1 call it alike.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from ..records import Article, Proposition, Span, SpeakerRef, Statement
from .claims import proposition_text
from .propositions import (
    EMPTY,
    ArticleLinks,
    Signature,
    Unit,
    group_article,
    is_lone_negation,
    rebuttal_signature,
    shares_core,
    signature,
    states_core,
    units_of,
)
from .rules import LinkRules, load_rules
from .sides import statement_side
from .stories import StoryRules, load_story_rules

VOICE = "outlet"  # Statement.construction and SpeakerRef.kind of an outlet's voice
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])")
_MIN_SENTENCE = 40


_KICKER_END = re.compile(r"[.!?:\"”’']$")


def _past_kickers(lead: str, start: int) -> int:
    """Past the short unpunctuated lines a body may open with ('Correction appended',
    'Advertisement', 'Updated 5:40 p.m.'): layout, not the outlet's words."""
    for _ in range(3):
        nl = lead.find("\n", start)
        line = lead[start:nl].strip() if nl >= 0 else ""
        if not line or len(line) >= _MIN_SENTENCE or _KICKER_END.search(line):
            break
        rest = nl + 1
        start = rest + len(lead[rest:]) - len(lead[rest:].lstrip())
    return start


def voice_span(article: Article, rules: StoryRules | None = None) -> Span | None:
    """The text the outlet speaks in: its title (where the text holds it), else the
    body's first sentence (at most ``voice_chars`` characters) after its dateline."""
    rules = rules or load_story_rules()
    title = (article.title or "").strip()
    if title:
        at = article.text.find(title)
        if at >= 0:
            return Span(at, at + len(title), title)
    body = article.body
    lead = body.text[: rules.voice_chars]
    start = len(lead) - len(lead.lstrip())
    dateline = rules.dateline_re.match(lead, start) if rules.dateline_re else None
    if dateline:  # 'MERIN — The ministry said …': the outlet speaks from 'The ministry'
        start = dateline.end()
    start = _past_kickers(lead, start)
    end = len(lead)
    for m in _SENTENCE_END.finditer(lead):
        if m.start() - start >= _MIN_SENTENCE:
            end = m.start()
            break
    text = lead[start:end].rstrip()
    if len(text.split()) < 3:
        return None
    return Span(body.start + start, body.start + start + len(text), text)


def _first(pattern: re.Pattern[str], text: str, regions: list[tuple[int, int]]
           ) -> re.Match[str] | None:
    for start, end in regions:
        m = pattern.search(text, start, end)
        if m:
            return m
    return None


def _body_debunk(article: Article, rules: StoryRules) -> re.Match[str] | None:
    """The first debunk word of a body that holds ``body_debunk_min`` of them: one
    stray 'fake' in a long story is no verdict, a body that keeps calling the claim a
    hoax is the outlet debunking it, though its lede relays the rumour first."""
    found = rules.debunk_re.finditer(article.text, article.body.start, article.body.end)
    hits = list(itertools.islice(found, rules.body_debunk_min))
    return hits[0] if len(hits) >= rules.body_debunk_min else None


def outlet_name(article: Article) -> str:
    """The name the outlet's voice is listed under."""
    return (article.outlet or "").strip() or f"{article.id} (outlet)"


def _attributed(span: Span, statements: Sequence[Statement]) -> bool:
    """Whether the voice's text holds a statement the reading attributed to someone."""
    for st in statements:
        for part in (st.content, st.cue.span if st.cue else None, st.marker):
            if part is not None and span.start <= part.start < span.end:
                return True
    return False


def outlet_voice(article: Article, statements: Sequence[Statement] = (),
                 rules: StoryRules | None = None) -> Statement | None:
    """The outlet's statement of what its headline and lede claim (module docstring).
    A voice whose text attributes the claim to someone the reading found there
    (``statements``) only relays it: side ``other``, unless it debunks."""
    rules = rules or load_story_rules()
    span = voice_span(article, rules)
    if span is None:
        return None
    regions = [(article.body.start, min(article.body.end, article.body.start + rules.voice_chars))]
    if article.title and span.end <= article.body.start:
        regions.insert(0, (span.start, span.end))
    debunk = _first(rules.debunk_re, article.text, regions) or _body_debunk(article, rules)
    relay = None if debunk else _first(rules.relay_re, article.text, regions)
    hedges = (Span(relay.start(), relay.end(), relay.group(0)),) if relay else ()
    sid = "ov_" + hashlib.sha1(f"{article.id}|{span.start}|{span.end}".encode()).hexdigest()[:12]
    # (A lede's negation is no debunk: news ledes negate for effect — "nothing tops
    # off a holiday like …", "could not stem the bleeding"; measured on fnc1-dev.)
    relayed = _attributed(span, statements)
    return Statement(
        id=sid, speaker=SpeakerRef(name=outlet_name(article), kind=VOICE,  # type: ignore[arg-type]
                                   resolved_by=VOICE),  # type: ignore[arg-type]
        cue=None, content=span, kind="indirect", stance="deny" if debunk else (
            "hedge" if relay else "assert"), hedged=relay is not None, hedges=hedges,
        evidence="none", confidence=0.5, construction=VOICE,
        side="denying" if debunk else ("other" if relayed else "asserting"))


VERDICTS = {"asserting": "reported as fact", "denying": "debunked", "other": "relayed",
            "hedging": "relayed"}


def verdict(side: str, hedged: bool = False) -> str:
    """How an outlet's voice reported a claim: reported as fact (hedged), relayed
    others' claim, or debunked it."""
    if side == "asserting" and hedged:
        return "reported, hedged"
    return VERDICTS.get(side, "relayed")


def is_voice(st: object) -> bool:
    """Whether a statement (record or stored row's construction) is an outlet's voice."""
    return getattr(st, "construction", st) == VOICE


def _rebuts_nothing(unit: Unit, voice: Signature, by_id: dict[str, Statement],
                    rules: LinkRules | None = None) -> bool:
    """A unit of denials that only negate their own words and share too little of the
    lede's claim to rebut it ('most employees were not involved in the offer' under
    'employees crafted a proposal'): the same test a negation meets in its article
    (:func:`~counterclaim.link.propositions.shares_core` of its main clause)."""
    if unit.text_side != "denying":
        return False
    rules = rules or load_rules()
    denials = [st for st in (by_id.get(i) for i in unit.statements)
               if st is not None and statement_side(st, rules) == "denying"]
    return bool(denials) and all(
        is_lone_negation(st, "denying", rules)
        and not shares_core(rebuttal_signature(st, rules), voice) for st in denials)


def debunked_relays(voice: Statement, statements: Sequence[Statement], unit: set[str],
                    rules: StoryRules | None = None) -> tuple[Statement, ...]:
    """The statements with their side in an article whose outlet debunks the claim:
    an assertion of the claim it debunks (in the voice's ``unit``, by statement id), or
    one anywhere under a cue that relays a claim (``relay_cue_classes``: 'claimed',
    'alleged'), is the rumour relayed to be debunked, side ``other``; the others, and
    every statement of an article whose outlet does not debunk, as read."""
    if voice.side != "denying":
        return tuple(statements)
    rules = rules or load_story_rules()

    def relays(st: Statement) -> bool:
        return st.id in unit or (st.cue is not None
                                 and st.cue.cue_class in rules.relay_cue_classes)
    return tuple(replace(st, side="other") if st.side == "asserting" and relays(st) else st
                 for st in statements)


def _voice_units(article: Article, statements: Sequence[Statement],
                 propositions: Sequence[Proposition]
                 ) -> tuple[Statement | None, Signature, list[Unit], list[Unit]]:
    """The voice, its signature, and the article's units that state its claim (taken)
    and the rest."""
    units = units_of(propositions, statements)
    voice = outlet_voice(article, statements)
    if voice is None:
        return None, EMPTY, [], units
    sig = signature(voice.content.text)
    by_id = {s.id: s for s in statements}
    taken = [u for u in units
             if states_core(sig, u.signature) and not _rebuts_nothing(u, sig, by_id)]
    return voice, sig, taken, [u for u in units if u not in taken]


def relay_sides(article: Article, statements: Sequence[Statement],
                propositions: Sequence[Proposition]) -> tuple[Statement, ...]:
    """Stage 10, after the sides of :func:`~.propositions.group_article`: in an article
    whose outlet debunks the claim, its relays of that claim take side ``other``
    (:func:`debunked_relays`), so the reading and the corpus agree. Deciding it again
    on statements it decided changes nothing."""
    voice, _, taken, _ = _voice_units(article, statements, propositions)
    if voice is None:
        return tuple(statements)
    return debunked_relays(voice, statements, {sid for u in taken for sid in u.statements})


def link_article(article: Article, statements: Sequence[Statement]) -> ArticleLinks:
    """Stage 10's linking of one article: its propositions and each statement's side
    (:func:`~.propositions.group_article`), the relays of a claim its outlet debunks
    then set apart (:func:`relay_sides`). The reading and a relink of a cached reading
    both call this."""
    linked = group_article(article.id, statements)
    return ArticleLinks(relay_sides(article, linked.statements, linked.propositions),
                        linked.propositions)


def corpus_side(side: str, proposition: object, voice_side: str | None,
                voice_proposition: object) -> str:
    """The side a statement is stored with once its article's units have joined the
    corpus's propositions: an assertion that lands in the proposition of its outlet's
    debunking voice is the rumour the outlet relays to debunk it (``other``), as
    :func:`debunked_relays` decides within the article; the same rule for the store
    and Spark's Stage 2. Within the article the two propositions may differ (the
    corpus joins on a looser bar), hence this second look."""
    if side == "asserting" and voice_side == "denying" and proposition == voice_proposition:
        return "other"
    return side


def article_links(article: Article, statements: Sequence[Statement],
                  propositions: Sequence[Proposition]
                  ) -> tuple[tuple[Statement, ...], list[Unit], str | None]:
    """The statements the corpus stores for an article (the outlet's voice first) and
    its linking units; the third value is the id of the voice's unit (None: no voice).
    The voice's unit takes in every article proposition that states its claim."""
    voice, sig, taken, rest = _voice_units(article, statements, propositions)
    if voice is None:
        return tuple(statements), rest, None
    members = [voice.id, *(sid for u in taken for sid in u.statements)]
    # a reading made before stage 10 decided the relays (a stored analysis): decide now
    statements = debunked_relays(voice, statements, set(members))
    # one line of text: a lede may run over a paragraph break ('Move over, X.\nWord is …')
    text = " ".join(proposition_text(voice.content.text).strip("“”\"' ,.").split())
    side = voice.side
    if side != "asserting":  # a relayed lede ("X said Y"): the claim in the quoted words
        stated = next((u for u in taken if u.text_side == "asserting"), None)
        if stated is not None:
            text, side = stated.text, stated.text_side
    vu = Unit(f"v:{voice.id}", tuple(members), sig, text, side)
    return (voice, *statements), [vu, *rest], vu.id
