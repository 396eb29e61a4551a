"""counterclaim: who claims what, who denies it, how sure they sound, on what evidence.

    >>> import counterclaim
    >>> a = counterclaim.analyze('"We never sold arms to Veldra," the ministry said.')
    >>> [(s.speaker.name, s.stance) for s in a.statements]   # doctest: +SKIP

Public API: :func:`analyze`, :class:`Analyzer`, :func:`check` (a claim against a
corpus: ``counterclaim.check(claim, store)``), the records in
:mod:`counterclaim.records` and the errors in :mod:`counterclaim.errors`.
"""

from typing import TYPE_CHECKING, Any

from .errors import (
    CounterclaimError,
    InputError,
    LexiconError,
    ModelError,
    NotFoundError,
    QueryError,
    StoreError,
)
from .records import (
    Analysis,
    Article,
    Cue,
    Dispute,
    Proposition,
    Span,
    SpeakerEntity,
    SpeakerRef,
    Statement,
)
from .version import __version__

if TYPE_CHECKING:
    from .corpus.check import check
    from .pipeline import Analyzer, analyze, get_analyzer


def __getattr__(name: str) -> Any:
    # The pipeline (and spaCy behind it) loads on first use, so that importing a
    # light module (counterclaim.link on a Spark executor, counterclaim.records) stays
    # light.
    if name in ("Analyzer", "analyze", "get_analyzer"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "check":
        from .corpus.check import check

        return check
    raise AttributeError(f"module 'counterclaim' has no attribute {name!r}")


__all__ = [
    "Analysis", "Analyzer", "Article", "CounterclaimError", "Cue", "Dispute", "InputError",
    "LexiconError", "ModelError", "NotFoundError", "Proposition", "QueryError", "Span",
    "SpeakerEntity", "SpeakerRef", "Statement", "StoreError", "__version__", "analyze", "check",
    "get_analyzer",
]
