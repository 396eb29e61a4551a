"""The readable terminal report (rich) for ``counterclaim analyze``."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..records import Analysis

STANCE_STYLE = {"assert": "green", "deny": "red", "hedge": "yellow", "question": "cyan",
                "criticize": "magenta"}


class Report:
    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(highlight=False, soft_wrap=False,
                                          width=None if sys.stdout.isatty() else 160)
        self.totals = {"articles": 0, "statements": 0, "disputes": 0}

    def show(self, a: Analysis) -> None:
        c = self.console
        art = a.article
        self.totals["articles"] += 1
        self.totals["statements"] += len(a.statements)
        self.totals["disputes"] += len(a.disputes)
        head = art.title or art.id
        meta = " · ".join(x for x in (art.outlet, art.published, art.url) if x)
        c.rule(Text(head, style="bold"))
        if meta:
            c.print(Text(meta, style="dim"))
        table = Table(show_lines=False, expand=True, title=f"{len(a.statements)} statements")
        table.add_column("#", style="dim", no_wrap=True)
        table.add_column("speaker", ratio=2)
        table.add_column("cue", ratio=1)
        table.add_column("stance", no_wrap=True)
        table.add_column("hedges", ratio=1)
        table.add_column("evidence", no_wrap=True)
        table.add_column("content", ratio=5)
        for n, s in enumerate(a.statements, 1):
            sp = s.speaker
            who = Text(sp.name or "?")
            if sp.mention and sp.mention.text != sp.name:
                who.append(f"\n“{sp.mention.text}”", style="dim")
            if sp.resolved_by not in ("mention", "name"):
                who.append(f"\n({sp.resolved_by})", style="dim italic")
            content = s.content.text
            if len(content) > 240:
                content = content[:237] + "…"
            table.add_row(
                str(n), who, s.cue.span.text if s.cue else (s.marker.text if s.marker else "—"),
                Text(s.stance + (" ~" if s.hedged else ""), style=STANCE_STYLE.get(s.stance, "")),
                ", ".join(h.text for h in s.hedges) or "", s.evidence if s.evidence != "none" else "",
                Text(content) + Text(f"  [{s.kind}]", style="dim"),
            )
        c.print(table)
        if a.disputes:
            c.print(Text(f"Disputes ({len(a.disputes)})", style="bold"))
            for d in a.disputes:
                c.print(Text.assemble(("• ", "bold"), (d.proposition_text[:200], "")))
                c.print(Text.assemble(("   asserted by: ", "green"), ", ".join(d.asserted_by)))
                c.print(Text.assemble(("   denied by:   ", "red"), ", ".join(d.denied_by)))
                if d.hedged_by:
                    c.print(Text.assemble(("   hedged by:   ", "yellow"), ", ".join(d.hedged_by)))
        else:
            c.print(Text("No disputes in this article.", style="dim"))
        c.print()

    def summary(self) -> None:
        t = self.totals
        self.console.print(Text(
            f"{t['articles']} articles · {t['statements']} statements · {t['disputes']} disputes",
            style="bold"))
