"""Stage 5 (placeholder while the real extractor lands)."""
from __future__ import annotations


def find(article, parses, quotes, lex):
    return []
