"""Progress for long commands (``analyze``, ``ingest``, ``eval ggt``): count the inputs
first, then show a bar with the total and the time left, on stderr only.

On a terminal the bar is drawn in place (rich) and whatever the command prints
meanwhile appears above it; it is gone when the command ends. When stderr is not a
terminal but progress was asked for (``--progress``), a plain line is written at
every tenth of the total instead, so a log file gets a few lines, not a redraw.

Counting reads only file names and lines: a ``.jsonl`` file counts its non-blank
lines, a feed its ``<item>``/``<entry>`` elements, a directory the files in it that
the command reads, any other file one. Standard input, URLs and WARC files cannot be
counted without reading them, so a run with one of them shows a count without a
total. The counts are the readers' and may drift from them; the bar never ends
below what it saw.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from ..sources.walk import FEED_SUFFIXES, KNOWN_SUFFIXES, suffix_of
from ..sources.warc import WARC_SUFFIXES
from .terminal import plural

_FEED_ENTRY = re.compile(rb"<(?:item|entry)[\s>]")


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many articles (or failures) reading ``paths`` yields, counted the way the
    reader layer walks them (:func:`counterclaim.sources.iter_sources`: the same
    suffixes, hidden files skipped); None when unknowable without reading them (``-``,
    a URL, a WARC, a compressed or Parquet file)."""
    total = 0
    for p in paths:
        if p == "-" or "://" in p:
            return None
        path = Path(p)
        if path.is_dir():
            files = sorted(c for c in path.rglob("*") if c.is_file()
                           and not c.name.startswith(".")
                           and suffix_of(c.name) in KNOWN_SUFFIXES)
            counts = [_count_file(f) for f in files]
            if None in counts:
                return None
            total += sum(c for c in counts if c is not None)
            continue
        n = _count_file(path)
        if n is None:
            return None
        total += n
    return total


def _count_file(path: Path) -> int | None:
    suffix = suffix_of(path.name)
    try:
        if suffix in WARC_SUFFIXES or suffix in (".jsonl.gz", ".parquet"):
            return None
        if suffix in (".jsonl", ".ndjson"):
            with path.open("rb") as fh:
                return max(1, sum(1 for line in fh if line.strip()))  # empty: one failure
        if suffix in FEED_SUFFIXES:
            return max(1, len(_FEED_ENTRY.findall(path.read_bytes())))
    except OSError:
        return 1  # the reader reports it as one failure
    return 1


class Progress:
    """``with Progress(total, "analysing", enabled=...) as bar: bar.advance()``.

    ``total`` may be None (a count without a total). Disabled, it does nothing.
    ``status`` (if given to :meth:`advance`) replaces the text after the counts.
    """

    def __init__(self, total: int | None, verb: str, *, enabled: bool,
                 noun: str = "article", stream: TextIO | None = None) -> None:
        self.total, self.verb, self.noun, self.enabled = total, verb, noun, enabled
        self.stream = stream or sys.stderr
        self.done = 0
        self._live: Any = None
        self._task: Any = None
        self._next_line = max(1, total // 10) if total else 1
        self._printed = 0  # the count at the last plain line
        self._start = time.monotonic()
        self._first: float | None = None  # the first item's time: the model load is over
        self._first_done = 0

    def __enter__(self) -> Progress:
        if not self.enabled:
            return self
        if self.stream.isatty():
            self._live, self._task = _rich_bar(self.total, self.verb, self.noun, self.stream)
            self._live.start()
        return self

    @property
    def stdout_console(self) -> Any:
        """While a bar is drawn on the terminal that stdout is also on: the console to
        print the report with, so its lines appear above the bar (None otherwise)."""
        if self._live is not None and sys.stdout.isatty():
            return self._live.console
        return None

    def error(self, message: str) -> None:
        """``error: message`` on stderr (above the bar while one is drawn)."""
        if self._live is not None:
            self._live.console.print(f"error: {message}", markup=False, highlight=False,
                                     soft_wrap=True)
        else:
            print(f"error: {message}", file=sys.stderr, flush=True)

    def __exit__(self, *exc: Any) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None
        elif self.enabled and self.done and exc[0] is None and self._printed != self.done:
            self._line()

    def advance(self, n: int = 1, status: str | None = None) -> None:
        if self._first is None:
            self._first = time.monotonic()
            self._first_done = n
        self.done += n
        if self.total is not None and self.done > self.total:
            self.total = self.done  # a reader yielded more than we counted
        if not self.enabled:
            return
        if self._live is not None:
            self._live.update(self._task, completed=self.done, total=self.total,
                              status=status or "")
        elif self.done >= self._next_line:
            self._line()

    def _line(self) -> None:
        self._printed = self.done
        now = time.monotonic()
        elapsed = now - self._start
        if self.total:
            msg = f"{self.verb}: {self.done:,}/{plural(self.total, self.noun)}, " \
                  f"{_clock(elapsed)} elapsed"
            since = self.done - self._first_done
            if since > 0 and self._first is not None and self.done < self.total:
                left = (now - self._first) / since * (self.total - self.done)
                msg += f", about {_clock(left)} left"
            self._next_line = self.done + max(1, self.total // 10)
        else:
            msg = f"{self.verb}: {plural(self.done, self.noun)}, {_clock(elapsed)} elapsed"
            self._next_line = self.done + 50
        print(msg, file=self.stream, flush=True)


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 \
        else f"{s // 60}:{s % 60:02d}"


def _rich_bar(total: int | None, verb: str, noun: str, stream: TextIO) -> tuple[Any, Any]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.table import Column
    from rich.text import Text

    class Count(ProgressColumn):
        def render(self, task: Any) -> Text:
            done = int(task.completed)
            if task.total is None:
                return Text(plural(done, noun))
            return Text(f"{done:,}/{plural(int(task.total), noun)}")

    class Left(ProgressColumn):
        def render(self, task: Any) -> Text:
            left = task.time_remaining
            return Text("" if left is None or task.finished else f"about {_clock(left)} left")

    # Plain writes to stdout (print, click.echo) go above the bar only when stdout is
    # the terminal too: a report piped to a file must not land on stderr. (A rich
    # console writes past the redirection: see Progress.stdout_console.)
    def cell(ratio: int | None = None) -> Column:
        return Column(no_wrap=True, overflow="ellipsis", ratio=ratio)

    # One line whatever the width: the status text is cut first, then the bar shrinks.
    bar = Progress(TextColumn(verb, table_column=cell()), BarColumn(bar_width=20),
                   Count(table_column=cell()), TimeElapsedColumn(table_column=cell()),
                   Left(table_column=cell()),
                   TextColumn("{task.fields[status]}", table_column=cell(1)),
                   console=Console(file=stream, highlight=False), transient=True,
                   redirect_stdout=sys.stdout.isatty(), redirect_stderr=True)
    task = bar.add_task(verb, total=total, status="")
    return bar, task
