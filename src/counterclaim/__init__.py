"""counterclaim: who claims what, who denies it, how sure they sound, on what evidence.

    >>> import counterclaim
    >>> a = counterclaim.analyze('"We never sold arms to Veldra," the ministry said.')
    >>> [(s.speaker.name, s.stance) for s in a.statements]   # doctest: +SKIP

Public API: :func:`analyze`, :class:`Analyzer`, the records in
:mod:`counterclaim.records` and the errors in :mod:`counterclaim.errors`.
"""

__version__ = "0.1.0"

from .errors import (  # noqa: E402
    CounterclaimError,
    InputError,
    LexiconError,
    ModelError,
    NotFoundError,
    QueryError,
    StoreError,
)
from .pipeline import Analyzer, analyze, get_analyzer  # noqa: E402
from .records import (  # noqa: E402
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

__all__ = [
    "Analysis", "Analyzer", "Article", "CounterclaimError", "Cue", "Dispute", "InputError",
    "LexiconError", "ModelError", "NotFoundError", "Proposition", "QueryError", "Span",
    "SpeakerEntity", "SpeakerRef", "Statement", "StoreError", "__version__", "analyze",
    "get_analyzer",
]
