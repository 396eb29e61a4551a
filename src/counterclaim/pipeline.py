"""The extraction pipeline: one article in, an :class:`Analysis` out.

Each stage is a pure function over records (offsets into the article text); the
only impure step is the spaCy parse, done in :mod:`counterclaim.nlp`. The
sequence, in order:

 1. metadata   headline line → title, trailing ``Source: …`` → outlet; the body range
 2. segments   paragraphs of the body, and the quotations in them (multi-paragraph
               quotes, curly/straight marks, unbalanced marks closed at paragraph end)
 3. select     keep only paragraphs that can hold an attribution (quote marks, cue
               words, "according to") plus the context speaker resolution needs
 4. parse      spaCy over the selected paragraphs only
 5. attribute  find statements: direct quotes, partial quotes, indirect speech,
               according-to, noun-complement claims, document sources; a headline
               that states a claim ("Pell Warns New Tax Would Cost Jobs", quote: false)
 6. resolve    speakers: names, pronouns, nominal anaphora, appositions, metonyms,
               anonymous sources; unresolvable ones are marked unresolved
 7. group      canonical speakers per article (China = Beijing = its ministry …)
 8. stance     assert / deny / hedge / question / criticize, hedge markers
 9. evidence   cited / absent / not_released / disputed / none
10. link       Statement records; then counterclaim.link groups them into propositions,
               decides each one's side and finds the disputes (the corpus's rules)
11. assemble   the Analysis, with the versions of the pipeline, model and lexicon
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .extract import (
    attribution,
    disputes,
    evidence,
    headline,
    metadata,
    segments,
    speakers,
    stance,
)
from .lexicon import Lexicon, load_data, load_lexicon
from .link import voice as link_voice
from .nlp import Parser
from .records import Analysis, Article
from .version import __version__ as PIPELINE_VERSION


class Analyzer:
    """Holds a loaded spaCy pipeline and the lexicon; analyses many articles."""

    def __init__(self, model: str | None = None, *, select: bool = True) -> None:
        self.parser = Parser(model)
        self.lexicon: Lexicon = load_lexicon()
        self.select = select
        self.versions = _versions(f"{self.parser.model_name}-{self.parser.model_version}",
                                  self.lexicon)

    def analyze(self, text: str, *, id: str | None = None, title: str | None = None,
                outlet: str | None = None, url: str | None = None,
                published: str | None = None, **_ignored: Any) -> Analysis:
        lex = self.lexicon
        # 1. metadata: title line, Source line, body range (never statements).
        article = metadata.read_article(text, id=id, title=title, outlet=outlet, url=url,
                                        published=published)
        # 2. segments: paragraphs and quotation spans over the body.
        paragraphs = segments.paragraphs(article, lex)
        quotes = segments.quotations(article.text, paragraphs)
        # 3. select: only paragraphs that can hold an attribution, plus context.
        chosen = (segments.select(article.text, paragraphs, quotes, lex) if self.select
                  else paragraphs)
        # 4. parse the chosen paragraphs (article offsets throughout).
        parses = self.parser.parse(article.text, chosen)
        # 5. attribute: candidate statements with speaker mentions, cues, content.
        found = attribution.find(article, parses, quotes, lex)
        found = headline.find(article, lex) + found  # a title that states a claim
        # 6. resolve speakers (pronouns, nominal anaphora, metonyms, appositions).
        found = speakers.resolve(article, parses, found, lex)
        # 7. group mentions into canonical speakers for this article.
        found, entities = speakers.group(article, found, lex)
        # 8. stance and hedges.
        found = stance.assign(article, found, parses, lex)
        # 9. evidence status from phrases in or right around each statement.
        found = evidence.assign(article, found, parses, lex)
        # 10. statements, propositions, sides and disputes (counterclaim.link).
        statements, propositions, found_disputes = disputes.link(article, found)
        # 11. assemble.
        return Analysis(article=article, statements=statements, speakers=entities,
                        propositions=propositions, disputes=found_disputes,
                        versions=dict(self.versions))


def _versions(model: str, lexicon: Lexicon) -> dict[str, str]:
    """What a reading carries in ``Analysis.versions``: package, model, lexicon files."""
    return {"counterclaim": PIPELINE_VERSION, "pipeline": PIPELINE_VERSION, "model": model,
            **{f"lexicon.{k}": v for k, v in lexicon.versions.items()}}


# The lexicon files only stage 10 (counterclaim.link) reads: a reading cached before
# one of them changed is still that reading, and :func:`relink` brings it up to date.
LINK_LEXICONS = ("linking", "stories")


def reading_versions(versions: dict[str, str]) -> dict[str, str]:
    """The versions a reading up to stage 9 depends on (the link-only lexicon files
    left out): what a cache of readings is keyed by."""
    return {k: v for k, v in sorted(versions.items())
            if k.removeprefix("lexicon.") not in LINK_LEXICONS}


def current_versions(model: str | None = None) -> dict[str, str]:
    """The versions a reading made now would carry, the model by the name asked for
    (no spaCy load): what a cache of readings is keyed by."""
    return _versions(model or "default", load_lexicon())


def relink(analysis: Analysis) -> Analysis:
    """Stage 10's linking again, with the current rules, over a reading made before
    (a cached analysis): propositions, sides and disputes are decided afresh from the
    statements of stages 1–9, and the link lexicons' versions are today's."""
    bare = [replace(s, proposition=None, side="") for s in analysis.statements]
    linked = link_voice.link_article(analysis.article, bare)
    found = disputes.article_disputes(analysis.article, linked.statements,
                                      linked.propositions)
    versions = dict(analysis.versions)
    for name in LINK_LEXICONS:
        versions[f"lexicon.{name}"] = str(load_data(name)["version"])
    return replace(analysis, statements=linked.statements, propositions=linked.propositions,
                   disputes=found, versions=versions)


_DEFAULT: dict[str | None, Analyzer] = {}


def get_analyzer(model: str | None = None) -> Analyzer:
    """The process-wide analyzer for ``model`` (loaded once)."""
    if model not in _DEFAULT:
        _DEFAULT[model] = Analyzer(model)
    return _DEFAULT[model]


def analyze(text: str, *, model: str | None = None, **metadata_fields: Any) -> Analysis:
    """Read one article: ``analyze(text, id=..., title=..., outlet=..., url=..., published=...)``."""
    return get_analyzer(model).analyze(text, **metadata_fields)


__all__ = ["Analyzer", "Article", "analyze", "get_analyzer", "current_versions", "reading_versions", "relink"]
