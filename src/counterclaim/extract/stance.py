"""Stage 8 (placeholder)."""
from __future__ import annotations


def assign(article, found, parses, lex):
    return found
