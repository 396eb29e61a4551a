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
side is taken toward its positive form. The reading's stance already turns an
assertion whose parsed main clause is negated into a denial (``negated``); where
the parse did not see a negation the text shows ("said no weapons had been sent"),
an asserting statement is denying and a denying one asserting ("denied that it
had never paid").
"""

from __future__ import annotations

from typing import Literal

from .claims import is_negated, names_claim
from .rules import LinkRules, load_rules

Side = Literal["asserting", "denying", "hedging", "other"]
SIDES: tuple[str, ...] = ("asserting", "denying", "hedging")
ALL_SIDES: tuple[str, ...] = (*SIDES, "other")


def side_of(stance: str, *, hedged: bool = False, content: str = "", negated: bool = False,
            claim_named: bool = False, cue_lemma: str | None = None,
            rules: LinkRules | None = None) -> str:
    """The side of one statement (see the module docstring). ``claim_named``: its
    content names an earlier claim (:func:`~counterclaim.link.claims.names_claim`)."""
    if stance == "deny":
        side = "denying"
    elif stance == "question":
        return "hedging"
    elif stance in ("assert", "hedge"):
        rules = rules or load_rules()
        if claim_named and (hedged or (cue_lemma or "") in rules.cautious_cues):
            return "hedging"
        side = "asserting"
    else:
        return "other"
    if not negated and is_negated(content):
        return "denying" if side == "asserting" else "asserting"
    return side


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
                   cue_lemma=cue.lemma if cue else None, rules=rules)
