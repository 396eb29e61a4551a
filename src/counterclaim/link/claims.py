"""Reading a statement's content as a claim: what it claims, whether it negates it,
whether it names another claim instead of stating one.

Pure text functions over plain strings (and :class:`~.rules.LinkRules`, or any
object with the same attribute names, e.g. the lexicon):

:func:`proposition_text`   "no evidence to support claims that X" → X
:func:`is_negated`         "no weapons had been sent", "it did not arm" → True
:func:`main_clause`        "he did not see it, because …" → "he did not see it"
:func:`names_claim`        "rejected the accusations", "called the reports baseless"
:func:`accusation_clause`  "[accused] X of secretly arming Y" → "X was secretly arming Y"
:func:`stem`               supplying/supplied/supplies → supply
"""

from __future__ import annotations

import re
from typing import Any

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

_INNER_CLAIM = re.compile(
    r"\b(?:claims?|allegations?|accusations?|reports?|suggestions?|assertions?|charges?|"
    r"rumou?rs?)\s+(?:that|of)\s+(.+)$", re.IGNORECASE | re.DOTALL)
_CONCESSIVE = re.compile(r",\s+(?:though|although|even though|but|while|whereas)\b.*$",
                         re.IGNORECASE | re.DOTALL)
_FACTIVE_FRAME = re.compile(
    r"^(?:[\w’'-]+\s+){1,4}(?:confirmed|confirms|showed|shows|proved|proves|found|finds|"
    r"demonstrated|demonstrates|established|establishes|revealed|reveals)\s+that\s+",
    re.IGNORECASE)


def proposition_text(content: str) -> str:
    """The claim a content is about: 'no evidence to support claims that X' → X; 'the
    report proved that X' → X; without a trailing concessive clause (', though …')."""
    m = _INNER_CLAIM.search(content)
    text = m.group(1) if m and len(m.group(1).split()) >= 3 else content
    f = _FACTIVE_FRAME.match(text)
    if f and len(text[f.end():].split()) >= 3:
        text = text[f.end():]
    return _CONCESSIVE.sub("", text)


_ACCUSED = re.compile(
    r"^(?P<who>(?:\S+\s+){0,7}?\S+)\s+(?:of|with|for)\s+(?P<adv>(?:[a-z]+ly\s+)?)"
    r"(?P<verb>[a-z]{2,}ing)\b(?P<rest>.*)$", re.DOTALL)


def accusation_clause(content: str) -> str:
    """The claim of an accusation's object as a clause: 'accused [the Republic of
    Ostrava of secretly supplying drones]' → 'the Republic of Ostrava was secretly
    supplying drones'; 'of having lied' → 'had lied'; 'of being a spy' → 'was a spy'.
    Past progressive needs no inflection table and keeps the accusation's time vague.
    A content of another shape is returned unchanged."""
    m = _ACCUSED.match(content)
    if m is None:
        return content
    who, verb = m.group("who"), m.group("verb")
    head = who.split()[-1]
    plural = head.islower() and head.endswith("s") and not head.endswith(("ss", "us", "is"))
    be = "were" if plural else "was"
    if verb == "having":
        phrase = "had"
    elif verb == "being":
        phrase = be
    else:
        phrase = f"{be} {m.group('adv')}{verb}"
    return f"{who} {phrase}{m.group('rest')}"


def stem(word: str) -> str:
    """A light, deterministic suffix stripper (supplying/supplied/supplies → supply)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("ied"):
        return w[:-3] + "y"
    for suf in ("ing", "ed"):
        if len(w) > len(suf) + 2 and w.endswith(suf):  # arming, armed → arm
            w = w[: -len(suf)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # running → run
            return w
    if len(w) > 3 and w.endswith("es") and w[-3] in "sxz":
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss") and not w.endswith("us"):
        return w[:-1]
    return w


# A content that negates its own main claim: "no weapons had been sent", "it did not
# arm", "Ostrava isn't involved", "had never", "As he said, neither X nor Y …".
# Contrasts ("the parts, not the politics") and "not only" are left alone.
_NEGATED = re.compile(
    r"^\W*(?:no|none|nobody|nothing|neither|never)\b"
    r"|\bthat\s+(?:no|none|nobody|nothing|neither)\b"
    r"|,\s+(?:neither|nobody|no\s+one|none\s+of)\b"
    r"|\b(?:do|does|did|is|are|was|were|has|have|had|will|would|could|can|should|must)"
    r"\s+(?:not|never)\b(?!\s+only)"
    r"|\b(?:do|does|did|is|are|was|were|has|have|had|wo|would|could|ca|should)n['’]t\b"
    r"|\b(?:has|have|had|is|are|was|were)\s+(?:no|never|nothing)\b",
    re.IGNORECASE)
# Where the main claim ends: a negation in a relative or contrastive clause after it
# ("…, which the government has not allowed") does not negate the claim.
_CLAUSE_END = re.compile(r",?\s+(?:which|who|whom|whose|where|while|although|though|because|"
                         r"but|whereas)\b|[;:]", re.IGNORECASE)


# A second main clause ("…, and the company asked …"): a negation's scope ends there.
_COORDINATED = re.compile(r",\s+(?:and|or|nor)\s+(?!not\b)", re.IGNORECASE)
# The first sentence of a content: a negation in a later sentence of a long quote
# ("… I'm not kidding.") does not negate what the speaker first said.
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’']?\s+(?=[\"“‘']?[A-Z])")
# A content opening with a condition states no fact to deny ("If a sign had been put
# up, he would never have crashed").
_CONDITIONAL = re.compile(r"^\W*(?:but\s+|and\s+)?(?:if|unless|even\s+if|only\s+if|had|were)\b",
                          re.IGNORECASE)


def is_conditional(text: str) -> bool:
    """Whether a content opens with a condition ('If …', 'Unless …', 'Had …')."""
    return bool(_CONDITIONAL.match(text))


def main_clause(text: str) -> str:
    """The part of a content that states its main claim: its first sentence up to the
    first relative, contrastive or coordinated clause ('he did not see the road |
    because the sign was down'). What a negation there denies is in these words, not
    in the reason or the aside that follows them."""
    s = _SENTENCE_END.search(text)
    first = text[:s.start()] if s else text
    m = _CLAUSE_END.search(first)
    first = first[:m.start()] if m else first
    m = _COORDINATED.search(first)
    return first[:m.start()] if m else first


def is_negated(text: str) -> bool:
    """Whether a content negates its own main claim (:func:`main_clause`, a rough
    reading); a conditional ('If … would never …') negates no claim."""
    s = _SENTENCE_END.search(text)
    if is_conditional(text[:s.start()] if s else text):
        return False
    return bool(_NEGATED.search(main_clause(text)))


_POINTING = ("the", "these", "those", "such", "this", "its", "their", "all")


def is_anaphoric_claim(content: str, rules: Any) -> bool:
    """'the accusations', 'overinterpreting such reports': a claim named, not stated
    (a claim noun with its own 'that' clause states the claim)."""
    words = [w.lower() for w in _WORD.findall(content)[:8]]
    for i, w in enumerate(words[:6]):
        if w in _POINTING:
            for j in (i + 1, i + 2):
                if j < len(words) and words[j] in rules.anaphoric_claim_nouns:
                    return "that" not in words[j + 1:j + 2]
    return False


_LINKING = {"as", "and", "or", "to", "be", "being", "were", "are", "is", "was", "totally",
            "completely", "entirely", "utterly", "simply", "wholly", "a", "an", "the",
            "both", "so", "very", "all"}


def dismisses_claim(content: str, rules: Any) -> bool:
    """Does the content name a claim and dismiss it? ('the reports "unsubstantiated"',
    'a serious charge without providing evidence'). A claim noun with its own 'that'
    clause is the claim itself, not a dismissal of it. ``rules`` needs
    ``anaphoric_claim_nouns``, ``dismissive_re`` and ``absent_res``."""
    words = [w.lower() for w in _WORD.findall(content)]
    nouns = [i for i, w in enumerate(words) if w in rules.anaphoric_claim_nouns]
    if not nouns or any(i + 1 < len(words) and words[i + 1] == "that" for i in nouns):
        return False
    for i in nouns:
        # the dismissal follows the claim noun closely, with nothing but linking
        # words between ('the claims as reckless and unfounded')
        rest = words[i + 1:i + 7]
        k = 0
        while k < len(rest) and rest[k] in _LINKING:
            k += 1
        tail = " ".join(rest[k:])
        if rules.dismissive_re is not None and rules.dismissive_re.match(tail):
            return True
        if tail and any(rx.match(tail) for rx in rules.absent_res):
            return True
    return False


def names_claim(content: str, rules: Any) -> bool:
    """Whether a content names an earlier claim instead of stating one: it then joins
    the claim it names (see :func:`counterclaim.link.propositions.group_article`)."""
    return is_anaphoric_claim(content, rules) or dismisses_claim(content, rules)
