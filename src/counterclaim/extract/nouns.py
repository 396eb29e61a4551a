"""Speech without a cue verb of its own subject (stage 5).

* ``according to X, …`` and ``…, according to X``; ``In the governor's view, …``;
* noun-complement claims with a source: ``X's claim that …``, ``allegations by X
  that …``, ``Pell's claims of fraud``;
* speech whose source the text leaves out (speaker ``absent``, never guessed): an
  agentless passive (``It was announced that …``, ``Ortiz was asked why …``) and a
  sourceless speech noun (``The announcement that the plant would close …``,
  ``Questions about whether Ortiz knew …``).
"""

from __future__ import annotations

from dataclasses import replace

from ..lexicon import Lexicon
from ..nlp import Parse, Tok
from ..records import Article, Cue, Span, SpeakerRef
from .candidate import Candidate
from .clauses import claim_complement, content_range, cue_text, kind_of, make
from .phrases import view_frame
from .segments import Quotation
from .tree import WH_WORDS, first_kid, is_negated, kids, tok_span

_CONCESSIVE = {"though", "although", "whereas", "while"}


def according_to(article: Article, p: Parse, pi: int, quotes: list[Quotation],
                  lex: Lexicon) -> list[Candidate]:
    text = article.text
    out = []
    for tok in p.toks:
        frame = view_frame(p, tok, lex)
        if frame is not None:  # "In the governor's view, the tax cut will pay for itself"
            src, fa, fb = frame
            sa, sb = p.sents[tok.sent]
            rest = tok_span(text, p, fb, sb) if fa - sa <= 1 else None
            if rest is not None and len(rest.text.split()) >= 3:
                out.append(replace(make(article, p, pi, tok, None, src, rest, "indirect",
                                         "view-frame", fb), marker=tok_span(text, p, fa, fb)))
            continue
        if tok.lower != "according":
            continue
        to = next((k for k in kids(p, tok.i) if k.lower == "to"), None)
        if to is None and tok.i + 1 < len(p.toks) and p.toks[tok.i + 1].lower == "to":
            to = p.toks[tok.i + 1]
        if to is None:
            continue
        pobj = first_kid(p, to.i, "pobj")
        if pobj is None:
            continue
        pp_a = tok.i
        pp_b = max(p.subtree(tok.i)[1], p.subtree(to.i)[1])
        sa, sb = p.sents[tok.sent]
        while sb > sa and p.toks[sb - 1].pos == "PUNCT":
            sb -= 1
        if pp_a - sa <= 1:
            pieces = [(pp_b, sb)]
        elif pp_b >= sb - 1:
            pieces = [(sa, pp_a)]
        elif p.toks[pp_b].lower in _CONCESSIVE:
            pieces = [(sa, pp_a)]  # "…, according to Y, though no one was hurt"
        else:  # "X, according to Y, is Z": both sides, as the GGT annotates them
            pieces = [(sa, pp_a), (pp_b, sb)]
        marker = Span(tok.start, to.end, text[tok.start:to.end])
        for a, b in pieces:
            content = tok_span(text, p, a, b)
            if content is None or (len(pieces) == 1 and len(content.text.split()) < 3):
                continue
            kind, widened = kind_of(content, quotes)
            content = widened
            out.append(replace(make(article, p, pi, tok, None, pobj, content, kind,
                                     "according-to", a), marker=marker))
    return out


ABSENT = SpeakerRef(name="unnamed source", kind="unresolved", resolved_by="absent")


def passive(article: Article, p: Parse, pi: int, quotes: list[Quotation],
             lex: Lexicon) -> list[Candidate]:
    """'It was announced that the plant would close', 'Ortiz was asked why …': an
    agentless passive speech verb in a main clause; the text names no source, so
    the speaker is ``absent`` (said so, never guessed)."""
    text = article.text
    out = []
    for tok in p.toks:
        if tok.tag != "VBN" or tok.lemma not in lex.passive_cues or tok.pos != "VERB":
            continue
        if first_kid(p, tok.i, "auxpass") is None or first_kid(p, tok.i, "agent") is not None:
            continue
        if not (tok.dep == "ROOT" or (tok.dep == "conj" and p.toks[tok.head].dep == "ROOT")):
            continue  # "Asked whether …, he said": the reporter's question
        comp = first_kid(p, tok.i, "ccomp")
        if comp is None or comp.i < tok.i:
            continue
        a, b = content_range(p, comp)
        content = tok_span(text, p, a, b)
        if content is None or len(content.text.split()) < 3 or not (
                article.body.start <= content.start and content.end <= article.body.end):
            continue
        kind, content = kind_of(content, quotes)
        span, lemma = cue_text(p, tok, text)
        cue = Cue(span, lemma, lex.cue_class.get(tok.lemma, "neutral"))
        made = make(article, p, pi, tok, cue, None, content, kind, "passive", comp.i,
                     negated=is_negated(p, tok.i))
        out.append(replace(made, speaker=ABSENT, quote=False))  # no source: no quotation
    return out


def noun_claims(article: Article, p: Parse, pi: int, quotes: list[Quotation],
                 lex: Lexicon) -> list[Candidate]:
    """'X's claim that …', 'allegations by X that …', 'reports from X that …';
    'Pell's claims of fraud' (a prepositional content, with a source); 'The
    announcement that the plant would close …' (a sourceless noun: speaker absent)."""
    text = article.text
    out = []
    for tok in p.toks:
        if tok.pos != "NOUN" or not (tok.lemma in lex.claim_nouns
                                     or tok.lemma in lex.sourceless_nouns):
            continue
        comp, how = _noun_content(p, tok, lex)
        if comp is None:
            continue
        src = _noun_source(p, tok)
        if src is not None and src.pos == "DET":
            continue
        if src is None and (tok.lemma not in lex.sourceless_nouns or how == "np"
                            or lex.cue_class.get(p.toks[tok.head].lemma) is not None):
            continue  # "denied allegations that …": the governing cue's statement
        a, b = content_range(p, comp) if how == "clause" else p.subtree(comp.i)
        content = tok_span(text, p, a, b)
        if content is None:
            continue
        cls = lex.claim_nouns.get(tok.lemma) or lex.sourceless_nouns[tok.lemma]
        kind, content = kind_of(content, quotes)
        made = make(article, p, pi, tok, Cue(Span(tok.start, tok.end, tok.text), tok.lemma,
                                              cls), src, content, kind, "noun-claim", comp.i)
        if src is None:
            made = replace(made, speaker=ABSENT, quote=False)
        if how == "np" and kind == "indirect":
            made = replace(made, quote=False)  # "Pell's claims of fraud": no quotation
        out.append(made)
    return out


def _noun_content(p: Parse, tok: Tok, lex: Lexicon) -> tuple[Tok | None, str]:
    """A speech noun's content: its clause ('claim that …', 'questions about whether
    …') or its prepositional noun phrase ('claims of fraud')."""
    if tok.lemma in lex.claim_nouns:
        comp = claim_complement(p, tok, lex)
        if comp is not None:
            return comp, "clause"
    else:
        for k in kids(p, tok.i, "acl", "ccomp", "appos", "relcl"):
            mark = first_kid(p, k.i, "mark")
            if mark is not None and mark.lower in ("that", "whether", "if"):
                return k, "clause"
    for prep in kids(p, tok.i, "prep"):
        if prep.lower not in lex.noun_preps.get(tok.lemma, ()) or prep.i < tok.i:
            continue
        pc = first_kid(p, prep.i, "pcomp")
        if pc is not None and (first_kid(p, pc.i, "mark") is not None or any(
                k.lower in WH_WORDS or k.tag in ("WRB", "WP") for k in kids(p, pc.i))):
            return pc, "clause"  # "questions about whether Ortiz knew …"
        pobj = first_kid(p, prep.i, "pobj")
        if pobj is not None and pobj.pos in ("NOUN", "PROPN"):
            return pobj, "np"
    return None, ""


def _noun_source(p: Parse, tok: Tok) -> Tok | None:
    """Who made the claim: 'X's claim', 'allegations by X', 'claims made by X'."""
    src = first_kid(p, tok.i, "poss")
    if src is not None:
        return src
    for prep in kids(p, tok.i, "prep"):
        if prep.lower in ("by", "from"):
            return first_kid(p, prep.i, "pobj")
    for acl in kids(p, tok.i, "acl"):
        agent = first_kid(p, acl.i, "agent")
        if agent is not None:
            return first_kid(p, agent.i, "pobj")
    return None
