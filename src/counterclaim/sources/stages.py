"""Failures with the step that failed (read, decode, html), from the error's class."""

from __future__ import annotations

from ..errors import BinaryInputError, InputError
from .html import HTMLError
from .records import InputFailure


def failure(source: str, error: InputError) -> InputFailure:
    """An :class:`InputFailure`: stage ``html`` for a page with no article, ``decode``
    for bytes that are no text, ``read`` for everything else."""
    if isinstance(error, HTMLError):
        stage = "html"
    elif isinstance(error, BinaryInputError):
        stage = "decode"
    else:
        stage = "read"
    return InputFailure(source, error, stage)
