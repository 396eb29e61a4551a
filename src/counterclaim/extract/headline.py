"""A headline that carries a claim, read as a statement (issue 12 §2.7).

Headlines are written in title case or sentence case and spaCy's small model
parses them poorly, so the title line is read by word order instead:

* ``<Speaker> <cue in -s form> <claim>`` — *Pell Warns New Tax Would Cost
  Velden 3,000 Jobs*, *Ortiz denies knowing of the contract*;
* ``<Speaker>: <claim>`` — *Ortiz: The tax cut will pay for itself*.

The speaker is one to five capitalised words (a name, a title and name, an
organisation); the claim at least three words. The statement has construction
``headline`` and ``quote: false`` (quote annotation leaves titles out); its
speaker is resolved in stage 6 like any named mention (surname → full name).
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..records import Article, Cue, Span
from .candidate import Candidate
from .segments import word_forms

_SPEAKER = r"((?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*)"
_COLON = re.compile(_SPEAKER + r"\s*:\s+(\S.*\S)\s*$")
_LOWER_START = {"the", "a", "an", "in", "on", "at", "as", "after", "before", "how", "why",
                "what", "when", "where", "who", "new", "more", "no"}


def _cue_forms(lex: Lexicon) -> dict[str, str]:
    """Third-person present forms of the speech cues ('warns' → 'warn')."""
    out: dict[str, str] = {}
    for lemma in lex.cue_class:
        if lemma in lex.weak_triggers or lemma in lex.cognition_cues:
            continue
        for form in word_forms(lemma):
            if form.endswith("s") and form != lemma:
                out.setdefault(form, lemma)
    return out


def find(article: Article, lex: Lexicon) -> list[Candidate]:
    """The headline's statement, if the title line of the text states one."""
    if article.body_start <= 0:
        return []
    line = article.text[:article.body_start].rstrip("\n")
    lead = len(line) - len(line.lstrip())
    line = line.strip()
    if not line:
        return []
    forms = _cue_forms(lex)
    words = list(re.finditer(r"\S+", line))
    for k, w in enumerate(words[1:6], start=1):
        lemma = forms.get(w.group().lower())
        if lemma is None:
            continue
        speaker = line[:words[k - 1].end()]
        if not all(x.group()[:1].isupper() for x in words[:k]) or \
                words[0].group().lower() in _LOWER_START:
            return []
        rest = words[k + 1:]
        if len(rest) < 3:
            return []
        start = rest[0].start()
        if line[start:].lower().startswith("that "):
            start += 5
        return [_candidate(article, lead, (0, len(speaker)), (w.start(), w.end()), lemma,
                           (start, len(line)), lex)]
    m = _COLON.match(line)
    if m and len(m.group(2).split()) >= 3 and m.group(1).split()[0].lower() not in _LOWER_START:
        return [_candidate(article, lead, m.span(1), None, None, m.span(2), lex)]
    return []


def _candidate(article: Article, lead: int, who: tuple[int, int], cue: tuple[int, int] | None,
               lemma: str | None, what: tuple[int, int], lex: Lexicon) -> Candidate:
    text = article.text

    def span(a: int, b: int) -> Span:
        a, b = lead + a, lead + b
        while b > a and text[b - 1] in " .?!,;:\"'”’":
            b -= 1
        return Span(a, b, text[a:b])

    content = span(*what)
    sentence = span(0, what[1])
    cue_rec = None
    if cue is not None and lemma is not None:
        c = span(*cue)
        cue_rec = Cue(c, lemma, lex.cue_class.get(lemma, "neutral"))
    return Candidate(content=content, kind="indirect", cue=cue_rec, sentence=sentence,
                     mention=span(*who), mention_type="name", source="headline", quote=False)
