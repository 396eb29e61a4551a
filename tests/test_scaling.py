"""Extraction grows linearly with article length (issue 12: a 1.95 MB article took 14 min).

Operation counts, not timings: the Python calls made inside ``counterclaim.extract``
(cProfile's call counts are deterministic) for an invented article of N and of 2N
paragraphs. Linear work doubles; a scan over every quotation or statement per
statement would quadruple.
"""

from __future__ import annotations

import cProfile
import pstats

from hypothesis import given, settings
from hypothesis import strategies as st

from counterclaim.extract import attribution, evidence, segments, speakers, stance
from counterclaim.extract.intervals import Cover
from counterclaim.pipeline import get_analyzer
from long_article import long_article


def _extract_calls(paragraphs: int) -> int:
    an = get_analyzer()
    lex = an.lexicon
    from counterclaim.extract import metadata

    article = metadata.read_article(long_article(paragraphs))
    paras = segments.paragraphs(article, lex)
    quotes = segments.quotations(article.text, paras)
    chosen = segments.select(article.text, paras, quotes, lex)
    parses = an.parser.parse(article.text, chosen)
    prof = cProfile.Profile()
    prof.enable()
    found = attribution.find(article, parses, quotes, lex)
    found = speakers.resolve(article, parses, found, lex)
    found, _entities = speakers.group(article, found, lex)
    found = stance.assign(article, found, parses, lex)
    evidence.assign(article, found, parses, lex)
    prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    assert found, "the invented article must hold statements"
    return sum(v[1] for k, v in stats.items() if "counterclaim/extract/" in k[0].replace("\\", "/"))


def test_extraction_calls_grow_linearly() -> None:
    small, large = _extract_calls(120), _extract_calls(240)
    ratio = large / small
    assert ratio < 2.3, f"{small} → {large} calls: ×{ratio:.2f} for twice the text"


_SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1])),
                  max_size=25)


@settings(max_examples=200, deadline=None)
@given(_SPANS, st.integers(-2, 85), st.booleans(), st.integers(0, 25))
def test_cover_agrees_with_a_scan(spans: list[tuple[int, int]], x: int, strict: bool,
                                  pick: int) -> None:
    cover = Cover(spans)
    exclude = spans[pick] if spans and pick < len(spans) else None
    want = any((a < x if strict else a <= x) and x < b for a, b in spans if (a, b) != exclude)
    assert cover.inside(x, strict_start=strict, exclude=exclude) == want
    assert cover.overlaps(x, x + 5) == any(a < x + 5 and x < b for a, b in spans)
