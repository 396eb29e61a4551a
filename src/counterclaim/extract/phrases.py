"""Noun-phrase and prepositional content of speech verbs (issue 12 §2.1).

*Mayor Lena Ortiz praised the new transit plan*, *Pell referred to the audit as
a whitewash*, *He expressed concern about the cuts*: the content is the object
phrase or the prepositional phrase the lexicon lists for the cue
(``cues.json`` ``np_content``). Only a subject that can speak takes such a
reading (:func:`animate`).
"""

from __future__ import annotations

from ..lexicon import Lexicon
from ..nlp import Parse, Tok
from .tree import first_kid, kids

NP_HOWS = ("np-object", "np-prep")


def animate(p: Parse, subj: Tok, lex: Lexicon) -> bool:
    """Can this subject speak (a person, an organisation, a document, a pronoun)?"""
    if subj.pos in ("PROPN", "PRON") or subj.ent_type in ("PERSON", "ORG", "GPE", "NORP"):
        return subj.ent_type not in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL")
    lemma = subj.lemma
    return (lemma in lex.person_nouns or lemma in lex.org_nouns or lemma in lex.group_heads
            or subj.lower in lex.group_heads or lemma in lex.anonymous_heads
            or lemma in lex.document_nouns)


def is_document(tok: Tok, lex: Lexicon) -> bool:
    """A document, poll or study noun ('audits' too, which the tagger may not lemmatise)."""
    return tok.lemma in lex.document_nouns or (
        tok.lower.endswith("s") and tok.lower[:-1] in lex.document_nouns)


def object_range(p: Parse, tok: Tok, obj: Tok) -> tuple[int, int]:
    """The object with the cue's 'as/for/of/over' complement ('dismissed X as "Y"')."""
    a, b = p.subtree(obj.i)
    for prep in kids(p, tok.i, "prep"):
        if prep.lower in ("as", "for", "of", "over") and prep.i >= b:
            b = max(b, p.subtree(prep.i)[1])
    return a, b


def np_prep(p: Parse, tok: Tok, lex: Lexicon) -> tuple[int, int, int, str] | None:
    """Prepositional content: 'talked about the border', 'referred to the audit as a
    whitewash' (the object of the preposition, with a later 'as …')."""
    preps = lex.np_content.get(tok.lemma)
    if not preps:
        return None
    for prep in _content_preps(p, tok, preps):
        pobj = first_kid(p, prep.i, "pobj", "pcomp")
        if pobj is not None and prep.i > tok.i:
            a, b = object_range(p, tok, pobj)
            return a, b, pobj.i, "np-prep"
    return None


def _content_preps(p: Parse, tok: Tok, preps: frozenset[str]) -> list[Tok]:
    """The cue's content prepositions, also one hanging on a manner phrase the
    parser attached them to ('talked at length about the drought')."""
    out = []
    for prep in kids(p, tok.i, "prep"):
        if prep.lower in preps:
            out.append(prep)
            continue
        pobj = first_kid(p, prep.i, "pobj")
        if pobj is not None and pobj.lemma not in preps:
            out.extend(k for k in kids(p, pobj.i, "prep") if k.lower in preps)
    return out


def view_frame(p: Parse, tok: Tok, lex: Lexicon) -> tuple[Tok, int, int] | None:
    """'In the governor's view, …': (the possessor, the frame's token range [a, b))."""
    if tok.lower not in lex.view_preps or tok.dep != "prep":
        return None
    noun = first_kid(p, tok.i, "pobj")
    if noun is None or (noun.lemma not in lex.view_nouns and noun.lower not in lex.view_nouns):
        return None
    if lex.cue_class.get(p.toks[tok.head].lemma) is not None:
        return None  # "In his view, the judge said …": the verb attributes the content
    src = first_kid(p, noun.i, "poss")
    if src is None or src.pos not in ("PROPN", "NOUN", "PRON"):
        return None
    a, b = p.subtree(tok.i)
    return src, a, b


_NAMED = ("PERSON", "ORG", "NORP", "GPE")
_RELATIVES = frozenset({"which", "who", "whom", "whose", "what"})  # a misparsed relative


def speech_act(p: Parse, tok: Tok, subj: Tok, root: Tok, how: str, lex: Lexicon) -> bool:
    """Is this noun-phrase, prepositional or promise reading a speech act of its own?

    Not when the subject is generic ('anyone who disagrees with them'), the cue is
    an aside of another statement ('…, citing unnamed sources'), a topic verb in
    the simple present describes a beat ('a journalist who writes about civic
    affairs'), the phrase names the circumstances ('spoke on condition of
    anonymity'), or a denial refuses something or someone ('denied a request',
    'rejected the bill', 'denied the Flames', 'denied Republicans the votes').
    """
    if subj.lower in lex.generic_subjects or subj.lemma in lex.generic_subjects:
        return False
    if how not in NP_HOWS:
        return True
    if tok.tag == "VBG" and tok.lemma in lex.np_asides and first_kid(p, tok.i, "nsubj") is None:
        return False
    if how == "np-prep" and tok.tag in ("VBZ", "VBP") and tok.lemma in lex.np_habitual:
        return False
    if root.lemma in lex.np_not_content or root.lower in lex.np_not_content or \
            root.lower in _RELATIVES:
        return False
    if lex.cue_class.get(tok.lemma) == "denial" and how == "np-object":
        if root.lemma in lex.np_refusals or root.lower in lex.np_refusals:
            return False
        if first_kid(p, tok.i, "dative") is not None or root.ent_type in _NAMED or \
                root.pos == "PROPN":
            return False
    return True
