"""The corpus store: every SQL statement of counterclaim lives in this package.

    >>> from counterclaim.store import Store
    >>> with Store("counterclaim.db") as store:          # doctest: +SKIP
    ...     store.add(analysis, source="article.txt")     # one transaction per article
    ...     store.disputes(limit=10)                      # plain dicts, paged
    >>> Store("counterclaim.db", readonly=True)          # doctest: +SKIP

The store writes what :mod:`counterclaim.link` decided and answers queries; it
makes no linking decision and reads no lexicon. See docs/corpus.md for the schema
and the query API.
"""

from .schema import MIGRATIONS, SCHEMA_VERSION
from .sqlite import DEFAULT_DB, AddResult, Store

__all__ = ["DEFAULT_DB", "MIGRATIONS", "SCHEMA_VERSION", "AddResult", "Store"]
