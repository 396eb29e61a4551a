"""The web interface and HTTP API over a corpus (``counterclaim serve``; docs/web.md).

    >>> from counterclaim.web import create_app          # doctest: +SKIP
    >>> app = create_app("news.db")                       # read-only
"""

from .app import create_app

__all__ = ["create_app"]
