"""Stage 6–7 (placeholder)."""
from __future__ import annotations


def resolve(article, parses, found, lex):
    return found


def group(article, found, lex):
    return found, ()
