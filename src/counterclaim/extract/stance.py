"""Stage 8: stance (assert / deny / hedge / question / criticize) and hedges.

The cue's class (lexicon) gives the default stance. Then:

* a negated denial cue ("did not deny") is a hedge; a negated assertive cue with
  no quotation is not a statement at all and is dropped;
* an assertive cue whose content's main event is negated ("insisted it is *not*
  supplying aid", "there is *no* evidence that …", "was not involved") is a
  denial of the positive proposition; a negated copula with an adjective ("is not
  unusual") is an evaluation, not a denial, and stays assert;
* content that asks (a question mark at its end, "whether"/"if" clauses of *ask*)
  is a question.

Hedges are the lexicon's modal verbs, hedge words and phrases found in the cue
and the content; ``hedged`` is true when any is found or the cue itself hedges.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon import Lexicon
from ..nlp import Parse
from ..records import Article, Span
from .candidate import Candidate
from .tree import first_kid, kids

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
def _lower_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


_NEG_DET = {"no", "never", "neither", "nor", "none", "nothing", "nobody"}


def _main_negated(p: Parse, root: int) -> bool:
    """Is the content's main event negated (not an evaluative 'is not unusual')?"""
    t = p.toks[root]
    # follow a leading conjunct chain only at the root
    neg = first_kid(p, root, "neg")
    if neg is not None:
        if t.lemma == "be" and first_kid(p, root, "acomp") is not None:
            return False  # "is not unusual": litotes / evaluation
        if any(k.tag == "MD" for k in kids(p, root, "aux")):
            return False  # "could not identify", "would not accept": ability or intent
        return True
    # "no weapons had been sent", "nobody was hurt": a negated subject
    for k in kids(p, root, "nsubj", "nsubjpass"):
        det = first_kid(p, k.i, "det")
        if (det is not None and det.lower == "no") or k.lower in ("nobody", "nothing", "none"):
            return True
    # "there is no evidence that …": a denial of existence
    if t.lemma == "be" and first_kid(p, root, "expl") is not None:
        for k in kids(p, root, "attr", "nsubj"):
            det = first_kid(p, k.i, "det")
            if (det is not None and det.lower in _NEG_DET) or k.lower in _NEG_DET:
                return True
    aux_never = first_kid(p, root, "advmod")
    return aux_never is not None and aux_never.lower == "never"


_OPEN = {"how", "why", "what", "when", "where", "whether", "who", "whom", "which", "if"}


def _open_question(content: str) -> bool:
    """'did not specify how the cuts would be paid for': a negated cue over a
    question leaves it open; that is a statement (a hedge), unlike 'did not say
    that …', which reports nothing said."""
    words = _lower_words(content)
    return bool(words) and words[0] in _OPEN


_QUESTION = re.compile(r"[^.!?]*\?")


def _rhetorical(content: str, lex: Lexicon) -> bool:
    """Is a question of the content rhetorical ('So why didn't Pell pay his?')?"""
    return any(rx.search(q.group()) for q in _QUESTION.finditer(content)
               for rx in lex.rhetorical_res)


_BACK = re.compile(r"[.!?][\"'”’]*\s+")


def _answers(c: Candidate, text: str, lex: Lexicon) -> bool:
    """Does this negative content rebut something? A rebuttal cue ('insisted it
    was not …'), evidence said to be missing ('there is no evidence'), or a claim
    named in its sentence or the two before it ('Reports said the depot was sold.
    The council said no sale had taken place')."""
    if c.cue is not None and c.cue.lemma in lex.rebuttal_cues:
        return True
    if any(rx.search(c.content.text) for rx in lex.evidence_res.get("absent", ())):
        return True
    start = c.sentence.start
    for _ in range(2):  # back two sentences
        ends = [m.end() for m in _BACK.finditer(text, max(0, start - 400), max(0, start - 1))]
        if not ends:
            start = max(0, start - 400) if start > 400 else 0
            break
        start = ends[-1]
    words = _lower_words(text[start:c.content.end])
    return any(w in lex.rebuttal_words for w in words)


_SENTENCE_END = re.compile(r"[.!?][\"'”’]*\s+\S")


def _one_clause(c: Candidate) -> bool:
    """Is the content one sentence, so that its parsed root speaks for all of it?
    (A multi-sentence quotation's root is only its last sentence's.)"""
    if c.kind != "direct":
        return True
    inner = c.content.text.strip("\"“”‘’' ")
    return c.content_root >= 0 and not _SENTENCE_END.search(inner)


_COPULA = {"is", "are", "was", "were", "be", "been"}
_CLAIMING = ("accus", "alleg", "claim", "rumo", "report", "stor", "charge", "tweet")


def _rebuts(content: str, lex: Lexicon) -> bool:
    """A rebuttal with no denial verb: '<the claims / tweets accusing her> are "lies"'."""
    words = _lower_words(content)
    for k, w in enumerate(words):
        if w not in _COPULA or k == 0:
            continue
        if not any(x.startswith(_CLAIMING) for x in words[:k]):
            return False
        rest = words[k + 1:k + 7]
        j = 0
        while j < len(rest) and rest[j] in _LINKING:
            j += 1
        return lex.dismissive_re is not None and bool(lex.dismissive_re.match(" ".join(rest[j:])))
    return False


def dismisses_claim(content: str, lex: Lexicon) -> bool:
    """Does the content name a claim and dismiss it? ('the reports "unsubstantiated"',
    'Veldra has made a serious charge without providing evidence'). A claim noun
    with its own 'that' clause is the claim itself, not a dismissal of it."""
    words = _lower_words(content)
    nouns = [i for i, w in enumerate(words) if w in lex.anaphoric_claim_nouns]
    if not nouns or any(i + 1 < len(words) and words[i + 1] == "that" for i in nouns):
        return False
    for i in nouns:
        # the dismissal must follow the claim noun closely, with nothing but
        # linking words between ('the claims as reckless and unfounded')
        rest = words[i + 1:i + 7]
        k = 0
        while k < len(rest) and rest[k] in _LINKING:
            k += 1
        tail = " ".join(rest[k:])
        if lex.dismissive_re is not None and lex.dismissive_re.match(tail):
            return True
        if tail and any(rx.match(tail) for rx in lex.evidence_res.get("absent", ())):
            return True
    return False


_LINKING = {"as", "and", "or", "to", "be", "being", "were", "are", "is", "was", "totally",
            "completely", "entirely", "utterly", "simply", "wholly", "a", "an", "the",
            "both", "so", "very", "all"}


def hedges_in(text: str, span: Span, lex: Lexicon) -> list[Span]:
    out: list[Span] = []
    seg = text[span.start:span.end]
    for m in _WORD.finditer(seg):
        w = m.group().lower()
        if (w in lex.hedge_modals and m.group().islower()) or w in lex.hedge_words:
            s = span.start + m.start()
            out.append(Span(s, s + len(m.group()), m.group()))
    if lex.hedge_phrase_re is not None:
        for m in lex.hedge_phrase_re.finditer(seg):
            s = span.start + m.start()
            sp = Span(s, s + len(m.group()), m.group())
            out = [h for h in out if not sp.overlaps(h)] + [sp]
    for rx in lex.not_hedge_res:  # "likely voters", "appeared at a rally", "you might ask"
        for m in rx.finditer(seg):
            no = Span(span.start + m.start(), span.start + m.end(), "")
            out = [h for h in out if not (no.start <= h.start and h.end <= no.end)]
    return sorted(out, key=lambda h: h.start)


def assign(article: Article, found: list[Candidate], parses: list[Parse],
           lex: Lexicon) -> list[Candidate]:
    text = article.text
    out = []
    for c in found:
        cls = c.cue.cue_class if c.cue else "neutral"
        stance = lex.stance_of(cls)
        negated_content = False
        if c.parse_index >= 0 and c.content_root >= 0 and _one_clause(c):
            negated_content = _main_negated(parses[c.parse_index], c.content_root)
        unsaid = False
        if c.negated:
            if cls == "denial":
                stance = "hedge"  # "did not deny", "refused to deny"
            elif c.kind == "indirect" and not _open_question(c.content.text):
                continue  # "did not say that …" reports no statement
            else:
                # "did not specify how the cuts would be paid for": a question left
                # open, no words quoted (quote: false)
                stance, unsaid = "hedge", c.kind == "indirect"
        elif stance == "assert" and negated_content and cls != "factive" and \
                _answers(c, text, lex):
            stance = "deny"  # a negative that rebuts something; else a plain assertion
        elif stance in ("assert", "criticize") and dismisses_claim(c.content.text, lex):
            stance = "deny"  # 'called the reports "unsubstantiated"': a claim dismissed
        content_text = c.content.text.rstrip("\"”’' ")
        lemma = c.cue.lemma if c.cue else ""
        if stance == "assert" and not c.negated and _rebuts(c.content.text, lex):
            stance = "deny"  # 'the tweets accusing her are "lies and conspiracy theories"'
        proposing = cls == "hedge" and c.source in ("np-object", "np-prep")
        if proposing:
            stance = "assert"  # "She suggested a new vote": a proposal, not a hedge
        if stance == "assert" and (content_text.endswith("?") or lemma in ("ask", "wonder")):
            stance = "question"
        if stance in ("question", "assert") and _rhetorical(c.content.text, lex):
            stance = "criticize"  # "So why didn't Pell pay his?": the answer is asserted
        hedges = hedges_in(text, c.content, lex)
        if c.cue is not None and (c.cue.lemma in lex.hedge_words or cls == "hedge") \
                and not proposing:
            hedges = [c.cue.span] + hedges
        hedged = bool(hedges) or (cls == "hedge" and not proposing)
        confidence = _confidence(c)
        out.append(replace(c, stance=stance, hedged=hedged, hedges=tuple(hedges),
                           content_negated=negated_content, confidence=confidence,
                           quote=c.quote and not unsaid))
    return out


def _confidence(c: Candidate) -> float:
    """A rough prior by construction and how the speaker was found."""
    base = {"quote": 0.9, "clause": 0.85, "according-to": 0.85, "claim-object": 0.8,
            "predicative": 0.75, "object": 0.7, "noun-claim": 0.7, "xcomp": 0.7,
            "call-for": 0.7, "prep": 0.6, "quote-only": 0.7}.get(c.source, 0.6)
    how = c.speaker.resolved_by if c.speaker else "unresolved"
    factor = {"mention": 1.0, "metonym": 1.0, "apposition": 1.0, "nominal": 0.9,
              "document": 0.9, "pronoun": 0.85, "continuation": 0.85, "context": 0.7,
              "unresolved": 0.5}.get(how, 0.8)
    return round(base * factor, 3)
