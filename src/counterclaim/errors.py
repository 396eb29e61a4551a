"""Every error counterclaim raises on purpose, in one small hierarchy.

    CounterclaimError                 base: catch this to catch them all
    ├── InputError                    an input cannot be read as an article
    │   ├── EmptyInputError           the file or record holds no text
    │   ├── BinaryInputError          the bytes are not text (NUL bytes, undecodable)
    │   ├── RecordError               one line of a .jsonl is malformed (has ``line``)
    │   └── FetchError                a URL, feed or WARC could not be fetched or parsed
    ├── ModelError                    the spaCy pipeline cannot be loaded
    ├── LexiconError                  a lexicon data file is missing or malformed
    ├── StoreError                    the corpus database cannot be opened or written
    │   └── QueryError                a search query or id the store cannot answer
    └── NotFoundError                 an id, speaker or dispute that does not exist

Messages say what went wrong *and* what to do next; ``source`` names the file,
URL or record when there is one. The CLI maps each class to a one-line message
and an exit code (see ``EXIT_CODES``).
"""

from __future__ import annotations


class CounterclaimError(Exception):
    """Base class. ``source`` is the file/URL/record the error is about, if any."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class InputError(CounterclaimError):
    """An input cannot be read as an article."""


class EmptyInputError(InputError):
    """The file or record holds no text."""


class BinaryInputError(InputError):
    """The bytes are not text."""


class RecordError(InputError):
    """One record (a .jsonl line) is malformed."""

    def __init__(self, message: str, *, source: str | None = None,
                 line: int | None = None) -> None:
        self.line = line
        where = f"{source}:{line}" if source and line is not None else source
        super().__init__(message, source=where)


class FetchError(InputError):
    """A URL, feed or WARC could not be fetched or parsed."""


class ModelError(CounterclaimError):
    """The spaCy pipeline cannot be loaded."""


class LexiconError(CounterclaimError):
    """A lexicon data file is missing or malformed."""


class StoreError(CounterclaimError):
    """The corpus database cannot be opened or written."""


class QueryError(StoreError):
    """A query the store cannot answer (e.g. malformed search syntax)."""


class NotFoundError(CounterclaimError):
    """An id, speaker or dispute that does not exist."""


# Exit codes used by the CLI; 1 is left for unexpected crashes.
EXIT_CODES: dict[type[CounterclaimError], int] = {
    InputError: 2,
    ModelError: 3,
    LexiconError: 3,
    StoreError: 4,
    QueryError: 5,
    NotFoundError: 6,
    CounterclaimError: 1,
}


def exit_code_for(exc: CounterclaimError) -> int:
    for klass in type(exc).__mro__:
        if klass in EXIT_CODES:
            return EXIT_CODES[klass]
    return 1
