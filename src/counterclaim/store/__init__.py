"""The corpus store: every SQL statement of counterclaim lives in this package.

    >>> from counterclaim.store import Store
    >>> with Store("counterclaim.db") as store:          # doctest: +SKIP
    ...     store.add(analysis, source="article.txt")     # one transaction per article
    ...     store.disputes(limit=10)                      # plain dicts, paged

See docs/corpus.md for the schema and the query API.
"""

from .schema import MIGRATIONS, SCHEMA_VERSION
from .sqlite import DEFAULT_DB, AddResult, Fingerprint, Store, parse_date

__all__ = ["DEFAULT_DB", "MIGRATIONS", "SCHEMA_VERSION", "AddResult", "Fingerprint", "Store",
           "parse_date"]
