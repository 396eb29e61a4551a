"""Reading articles from files, JSON Lines and stdin (the CLI's inputs)."""

from .readers import (
           ArticleInput,
           InputFailure,
           decode_text,
           iter_inputs,
           read_jsonl,
           read_text_file,
)

__all__ = ["ArticleInput", "InputFailure", "decode_text", "iter_inputs", "read_jsonl",
           "read_text_file"]
