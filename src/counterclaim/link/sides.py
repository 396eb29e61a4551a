"""The side a statement takes on its proposition: asserting, denying, hedging, other.

One rule, decided once per statement when the article is read (stage 10) and
carried on :attr:`Statement.side <counterclaim.records.Statement.side>`; the corpus
store and Spark store that value and never decide it again.

From the stance:

* ``deny`` → denying;
* ``question`` → hedging (asking whether X is so puts X in doubt);
* ``assert`` and ``hedge`` → asserting: a speaker who suggests X still puts X
  forward; but a hedged or cautious comment on a claim *named* rather than stated
  ("caution against overinterpreting such reports") → hedging;
* ``criticize`` → other (a criticism takes no side on a claim).

Then polarity: a proposition has no polarity ("X" and "not X" share one), so the
side is taken toward its positive form. An assertion whose parsed main clause is
negated (``negated``) is denying: the reading makes it a ``deny`` stance when it
answers a claim of its article and leaves it ``assert`` when it answers nothing
there, and :func:`counterclaim.link.propositions.group_article` then decides
whether it rebuts a claim of its group (else: other). Where
the parse did not see a negation the text shows ("said no weapons had been sent"),
an asserting statement is denying and a denying one asserting ("denied that it
had never paid").
"""

from __future__ import annotations

import re
from typing import Literal

from .claims import dismisses_claim, is_conditional, is_negated, names_claim
from .rules import LinkRules, load_rules

Side = Literal["asserting", "denying", "hedging", "other"]
SIDES: tuple[str, ...] = ("asserting", "denying", "hedging")
ALL_SIDES: tuple[str, ...] = (*SIDES, "other")

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NOUN_OBJECTS = ("np-object", "object")
_DETERMINERS = frozenset({"the", "a", "an", "any", "all", "its", "their", "his", "her", "our",
                          "this", "that", "these", "those", "some", "such", "every"})


def _opposes_a_thing(content: str, cue_lemma: str | None, construction: str | None,
                     rules: LinkRules) -> bool:
    """A denial verb with a bare noun object that names no claim: 'rejected a Brexit
    deal', 'rebuffed the pressure', 'dismissed any concerns', 'denied a request',
    'denied Republicans' — opposition to a thing, not the denial of a claim. A
    fact-denial verb ('denied wrongdoing', 'disputed the figures') denies its object."""
    if construction not in _NOUN_OBJECTS or names_claim(content, rules):
        return False
    words = _WORD.findall(content)
    low = [w.lower() for w in words[:6]]
    if any(w in rules.anaphoric_claim_nouns for w in low):
        return False  # 'rejected the Veldran claims as reckless'
    if (cue_lemma or "") not in rules.fact_denial_cues:
        return True
    rest = [w for w in words if w.lower() not in _DETERMINERS]
    head = next((w for w in rest if w[:1].islower()), "")  # past "Mr. Hemming's"
    low = head.lower()
    if low in rules.refusal_nouns or low.removesuffix("s") in rules.refusal_nouns:
        # 'denied a request for phone numbers': the reading's own refusal list (a
        # reading made before it had the list is stored or cached as it was)
        return True
    # a bare name is who was refused ('denied Republicans', 'denied the Flames')
    return 0 < len(rest) <= 3 and all(w[:1].isupper() for w in rest)


def side_of(stance: str, *, hedged: bool = False, content: str = "", negated: bool = False,
            claim_named: bool = False, cue_lemma: str | None = None,
            construction: str | None = None, rules: LinkRules | None = None) -> str:
    """The side of one statement (see the module docstring). ``claim_named``: its
    content names an earlier claim (:func:`~counterclaim.link.claims.names_claim`);
    ``construction``: the reading's construction (a denial verb with a bare noun
    object that names no claim opposes a thing: side ``other``)."""
    rules = rules or load_rules()
    if stance == "deny":
        if _opposes_a_thing(content, cue_lemma, construction, rules):
            return "other"
        if is_conditional(content) and (cue_lemma or "") not in rules.fact_denial_cues:
            return "other"  # 'said if the sign had stood he would never have crashed'
        side = "denying"
    elif stance == "question":
        return "hedging"
    elif stance in ("assert", "hedge"):
        if claim_named and (hedged or (cue_lemma or "") in rules.cautious_cues):
            return "hedging"
        side = "asserting"
    else:
        return "other"
    if negated:
        # The parse saw the content's main clause negated. The reading keeps stance
        # "assert" for a negative that answers nothing in its own article ("no decision
        # had been made"); toward the positive form it is still the denying side, and
        # group_article decides whether it rebuts a claim stated there (else: other).
        return "denying" if stance == "assert" else side
    if is_negated(content):
        if side == "denying" and (claim_named or _rebuts(content, rules)):
            # 'denied: "reports of his death are not accurate"': the negation is the
            # denial itself, not a double negative ('denied it had never paid')
            return "denying"
        return "denying" if side == "asserting" else "asserting"
    return side


def _rebuts(content: str, rules: LinkRules) -> bool:
    """Rebuttal wording in a content: 'not true', 'inaccurate', 'baseless', 'false'."""
    return dismisses_claim(content, rules) or any(
        rx.search(content) for rx in (rules.dismissive_re, rules.rebuttal_re) if rx)


def negation_only(stance: str, side: str, *, content: str, cue_class: str | None,
                  rules: LinkRules | None = None) -> bool:
    """Whether a denying statement denies only by negating its own words ('said that's
    not happening'): no denial verb, no rebuttal wording ('false', 'baseless', 'no
    evidence'). Such a denial rebuts a claim only when it shares that claim's core
    (:func:`counterclaim.link.propositions.group_article` checks it)."""
    if side != "denying" or (stance == "deny" and cue_class == "denial"):
        return False
    rules = rules or load_rules()
    if _rebuts(content, rules):
        return False  # rebuttal wording: 'the story is false', 'that never happened'
    return not any(rx.search(content) for rx in rules.absent_res)


def statement_side(st: object, rules: LinkRules | None = None) -> str:
    """The side of a :class:`~counterclaim.records.Statement` (or anything with its
    fields): its own ``side`` when the reading decided one, else the rule above."""
    decided = getattr(st, "side", None)
    if decided:
        return decided
    rules = rules or load_rules()
    content = st.content.text  # type: ignore[attr-defined]
    cue = st.cue  # type: ignore[attr-defined]
    return side_of(st.stance, hedged=st.hedged, content=content,  # type: ignore[attr-defined]
                   negated=st.negated,  # type: ignore[attr-defined]
                   claim_named=names_claim(content, rules),
                   cue_lemma=cue.lemma if cue else None,
                   construction=getattr(st, "construction", None), rules=rules)
