"""Stage 10 (placeholder)."""
from __future__ import annotations


def link(article, found, lex):
    return (), (), ()
