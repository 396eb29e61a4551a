"""What every command prints with: a console as wide as the terminal, tables that fit
it, words in the singular or plural as the number says, and wrapped prose lines.

The width is the terminal's; when the output is not a terminal, ``COLUMNS`` when it is
set, else 80. Tables share one style (a rule under the header, no vertical lines, so
the columns get the room) and never split a word of a header: each column is at least
as wide as its header, and numbers never wrap.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from dataclasses import dataclass
from typing import Any

# Plurals the rule "add s" gets wrong; the rule handles -y, -s, -x, -ch, -sh.
_IRREGULAR = {"analysis": "analyses", "was": "were", "is": "are", "has": "have"}


def plural_word(word: str) -> str:
    """The plural of one English word (the ones this CLI counts)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|ch|sh)$", word):
        return word + "es"
    return word + "s"


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``"1 article"``, ``"2 articles"``, ``"3 syndicated copies"``, ``"1,520 quotes"``.

    The last word of ``noun`` takes the plural unless ``many`` says otherwise.
    """
    if n == 1:
        return f"1 {noun}"
    if many is None:
        head, _, last = noun.rpartition(" ")
        many = f"{head} {plural_word(last)}" if head else plural_word(last)
    return f"{n:,} {many}"


def width() -> int:
    """The terminal's width (``COLUMNS`` or 80 when it is not a terminal)."""
    return shutil.get_terminal_size((80, 24)).columns


def console(**kw: Any) -> Any:
    """A rich console for stdout: no guessed highlighting, text wrapped at the width."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, **kw)


@dataclass(frozen=True)
class Col:
    """One table column. ``kind``: "text" (wraps at word boundaries, shares the
    spare room by ``ratio``), "num" (right-aligned, never wraps), "tag" (a short
    word such as a stance or a date, never wraps). ``--json`` has what a dropped
    column held."""

    header: str
    kind: str = "text"
    ratio: int = 1
    style: str | None = None
    min_width: int = 0  # at least this wide (the longest word, up to 14, is the default)
    drop: int = 0  # when the table cannot fit: columns with a rank go, highest first


def table(title: str | None, cols: list[Col]) -> Any:
    """A rich Table in the house style; add rows, then print ``fit(t)``."""
    from rich import box
    from rich.table import Table

    t = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
              pad_edge=False, show_edge=False, header_style="bold")
    for c in cols:
        if c.kind == "text":
            t.add_column(c.header, overflow="fold", style=c.style)
        else:
            t.add_column(c.header, no_wrap=True, style=c.style,
                         justify="right" if c.kind == "num" else "left")
    t.cols = cols  # read by fit()
    return t


def fit(t: Any, cols: int | None = None) -> Any:
    """Give ``t``'s text columns widths that fill at most ``cols`` (the terminal width):
    a column narrower than its share keeps its natural width, the others share what
    is left by ratio, none narrower than its longest word (up to 14 characters; fewer
    under 80 columns) or its header.
    When even that is too wide, the columns with a ``drop`` rank go, highest first."""
    cols = cols or width()
    while True:
        specs: list[Col] = t.cols
        natural = [max([_cell_width(x) for x in col._cells] + [len(col.header)])
                   for col in t.columns]
        text = [i for i, c in enumerate(specs) if c.kind == "text"]
        cap = 14 if cols >= 80 else max(8, cols // 6)  # narrower: long words fold sooner
        floor = {i: max(len(specs[i].header), specs[i].min_width,
                        longest_word((_plain(x) for x in t.columns[i]._cells), cap))
                 for i in text}
        need = sum(floor[i] if i in floor else natural[i] for i in range(len(specs)))
        droppable = [i for i, c in enumerate(specs) if c.drop]
        if need + _overhead(len(specs)) <= cols or not droppable:
            break
        gone = max(droppable, key=lambda i: specs[i].drop)
        del t.columns[gone]
        for i, col in enumerate(t.columns):
            col._index = i  # rich pads the first and last columns by their index
        t.cols = specs[:gone] + specs[gone + 1:]
    spare = cols - _overhead(len(specs))
    spare -= sum(natural[i] for i in range(len(specs)) if i not in text)
    # Water-filling: a column whose natural width is under its share keeps it, and
    # the others share the rest by ratio; none goes under its floor.
    widths: dict[int, int] = {}
    open_ = list(text)
    budget = spare
    while open_:
        ratio = sum(specs[i].ratio for i in open_)
        fits = [i for i in open_ if natural[i] <= budget * specs[i].ratio / ratio]
        if not fits:
            break
        for i in fits:
            widths[i] = natural[i]
            budget -= natural[i]
            open_.remove(i)
    ratio = sum(specs[i].ratio for i in open_) or 1
    for i in open_:
        widths[i] = max(floor[i], budget * specs[i].ratio // ratio)
    while sum(widths.values()) > spare:  # the floors overshot: take from the roomiest
        j = max(text, key=lambda k: widths[k] - floor[k])
        if widths[j] <= floor[j]:
            break  # wider than the terminal at the floors; rich folds the rest
        widths[j] -= 1
    for i in text:
        t.columns[i].width = widths[i]
    return t


def _overhead(n: int) -> int:
    """Columns a table of ``n`` columns spends outside its cells: a separator and its
    padding between columns (none at the edges)."""
    return 3 * (n - 1)


def _plain(x: Any) -> str:
    return x.plain if hasattr(x, "plain") else str(x)


def _cell_width(x: Any) -> int:
    return max((len(line) for line in _plain(x).split("\n")), default=0)


def wrap(text: str, cols: int | None = None, *, indent: str | None = None) -> str:
    """Each line of ``text`` wrapped at ``cols`` (the terminal width). Continuation
    lines start under the line's last column of text in its first half (after a run
    of two spaces: "   4  boundary    content boundary: …" continues under
    "content"), else under its first word plus two spaces; or at ``indent``."""
    cols = cols or width()
    out = []
    for line in text.splitlines():
        if len(line) <= cols:
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        if indent is not None:
            cont = indent
        else:
            starts = [m.end() for m in re.finditer(r"\S {2,}(?=\S)", line[: cols // 2])]
            cont = " " * (starts[-1] if starts else len(lead) + 2)
        out.extend(textwrap.wrap(line.strip(), cols, initial_indent=lead, subsequent_indent=cont,
                                 break_on_hyphens=False, break_long_words=True))
    return "\n".join(out)


def pack(parts: list[str], cols: int | None = None, *, sep: str = " · ",
         indent: str = "") -> str:
    """``parts`` joined by ``sep`` on as few lines as fit ``cols``, breaking only
    between parts (a part longer than a line is wrapped on its own)."""
    cols = cols or width()
    lines: list[str] = []
    cur = ""
    for p in parts:
        trial = cur + sep + p if cur else p
        if cur and len(indent) + len(trial) > cols:
            lines.append(cur)
            cur = p
        else:
            cur = trial
    lines.append(cur)
    return "\n".join(wrap(indent + x, cols, indent=indent + "  ") for x in lines)


def hang(label: str, text: str, cols: int | None = None) -> str:
    """``label`` then ``text``, wrapped with every continuation under the text's start."""
    cols = cols or width()
    pad = " " * len(label)
    if len(pad) > cols // 2:  # a long label: continue under it instead
        pad = "    "
    return "\n".join(textwrap.wrap(text, cols, initial_indent=label, subsequent_indent=pad,
                                   break_on_hyphens=False)) or label.rstrip()


def longest_word(texts: Any, cap: int = 14) -> int:
    """The longest word in ``texts`` (at most ``cap``): a column's minimum width."""
    return min(cap, max((len(w) for t in texts for w in str(t or "").split()), default=0))
