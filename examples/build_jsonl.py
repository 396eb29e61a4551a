"""Build ``examples/articles.jsonl`` from the bundled ``.txt`` articles.

Each ``.txt`` file is one invented news article: the first line is the headline,
the last line is ``Source: <Outlet>``. The JSON Lines file carries the same
articles as records (``id``, ``title``, ``outlet``, ``published``, ``url``,
``text``), with the headline and the Source line moved out of ``text`` into
``title`` and ``outlet``. Dates and URLs are not in the text, so they come from
the table below. Run from the repository root or from ``examples/``:

    python examples/build_jsonl.py            # (re)writes examples/articles.jsonl
    python examples/build_jsonl.py --check    # exit 1 if the jsonl is out of date
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "articles.jsonl"

# file stem -> (published, url). Everything here is invented.
METADATA: dict[str, tuple[str, str]] = {
    "01-veldra-accuses-ostrava": (
        "2026-03-02", "https://example.org/astarra-herald/2026/03/02/veldra-accuses-ostrava-drones"),
    "02-ostrava-rejects-accusations": (
        "2026-03-03", "https://example.org/merin-ledger/2026/03/03/ostrava-rejects-drone-claims"),
    "03-halvik-civilian-buyers": (
        "2026-03-04", "https://example.org/cws/2026/03/04/halvik-civilian-buyers"),
    "04-halvik-civilian-buyers-northgate": (
        "2026-03-05", "https://example.org/northgate-tribune/2026/03/05/drone-maker-denies"),
    "05-what-we-know": (
        "2026-03-07", "https://example.org/global-affairs-review/2026/03/07/veldra-ostrava-explainer"),
    "06-veldra-publishes-photographs": (
        "2026-03-10", "https://example.org/veldran-observer/2026/03/10/drone-photographs"),
    "07-monitoring-group-report": (
        "2026-03-14", "https://example.org/harbor-post/2026/03/14/arms-trace-report"),
    "08-council-opens-inquiry": (
        "2026-03-20", "https://example.org/ostravan-public-radio/2026/03/20/council-inquiry"),
}

_SOURCE = re.compile(r"^Source:\s*(.+?)\s*$")


def record(path: Path) -> dict[str, str]:
    raw = path.read_text(encoding="utf-8")
    lines = raw.rstrip("\n").split("\n")
    title = lines[0].strip()
    m = _SOURCE.match(lines[-1])
    if not m:
        raise SystemExit(f"{path}: last line is not 'Source: <Outlet>'")
    body = "\n".join(lines[1:-1]).strip("\n") + "\n"
    try:
        published, url = METADATA[path.stem]
    except KeyError:
        raise SystemExit(f"{path}: add it to METADATA in {Path(__file__).name}") from None
    return {"id": path.stem, "title": title, "outlet": m.group(1), "published": published,
            "url": url, "text": body}


def build() -> str:
    paths = sorted(HERE.glob("*.txt"))
    missing = set(METADATA) - {p.stem for p in paths}
    if missing:
        raise SystemExit(f"METADATA names files that do not exist: {sorted(missing)}")
    return "".join(json.dumps(record(p), ensure_ascii=False) + "\n" for p in paths)


def main(argv: list[str]) -> int:
    content = build()
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != content:
            print(f"{OUT} is out of date; run python {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(content, encoding="utf-8")
    print(f"wrote {content.count(chr(10))} articles to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
