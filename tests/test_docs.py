"""The docs are checked against the code: every CLI command and option is documented in
its own section of the README or docs/*.md, every web route in docs/web.md, and the
exit codes in the README, docs/cli.md and ``counterclaim --help`` are the ones the
CLI uses. Adding a command, an option or a route without documenting it fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from counterclaim.cli import EXIT_STATUS, main
from counterclaim.errors import EXIT_CODES

ROOT = Path(__file__).resolve().parent.parent
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


# --- the docs as sections ------------------------------------------------------------

def _sections() -> list[tuple[str, str]]:
    """(heading, text) for every Markdown heading in the docs; the text runs to the next
    heading of the same or a higher level, so a section holds its subsections."""
    out = []
    for path in DOC_FILES:
        lines = path.read_text(encoding="utf-8").splitlines()
        heads = [(i, len(m.group(1)), m.group(2)) for i, line in enumerate(lines)
                 if (m := re.match(r"^(#{1,6})\s+(.*)$", line))]
        for n, (i, level, title) in enumerate(heads):
            end = next((j for j, lv, _ in heads[n + 1:] if lv <= level), len(lines))
            out.append((title, "\n".join(lines[i:end])))
    return out


SECTIONS = _sections()


def _commands(cmd: click.Command = main, path: str = "counterclaim"
              ) -> Iterator[tuple[str, click.Command]]:
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        full = f"{path} {name}"
        yield full, sub
        yield from _commands(sub, full)


COMMANDS = list(_commands())


def _section_of(command: str) -> str | None:
    """The section whose heading names exactly this command (`counterclaim eval ggt`)."""
    pattern = re.compile(rf"`?{re.escape(command)}`?\s*$")
    texts = [text for title, text in SECTIONS if pattern.search(title.strip())]
    return "\n".join(texts) if texts else None


def _mentions(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def test_the_cli_has_the_commands_we_expect_to_check():
    names = {c for c, _ in COMMANDS}
    assert {"counterclaim analyze", "counterclaim ingest", "counterclaim eval ggt",
            "counterclaim serve"} <= names


@pytest.mark.parametrize("command", [c for c, _ in COMMANDS])
def test_every_command_has_a_section_in_the_docs(command):
    assert _section_of(command) is not None, (
        f"no heading for `{command}` in README.md or docs/*.md (docs/cli.md is the reference)")


@pytest.mark.parametrize("command,cmd", COMMANDS, ids=[c for c, _ in COMMANDS])
def test_every_option_and_argument_is_in_its_commands_section(command, cmd):
    text = _section_of(command) or ""
    missing = []
    for p in cmd.params:
        if isinstance(p, click.Option):
            missing += [o for o in (*p.opts, *p.secondary_opts) if not _mentions(text, o)]
        elif not _mentions(text, p.human_readable_name.upper()):
            missing.append(p.human_readable_name.upper())
    assert not missing, f"`{command}`: {missing} not documented in its section"


@pytest.mark.parametrize("command,cmd", COMMANDS, ids=[c for c, _ in COMMANDS])
def test_every_command_help_has_an_example_and_the_exit_status(command, cmd):
    if isinstance(cmd, click.Group):
        return
    res = CliRunner().invoke(main, [*command.split()[1:], "--help"])
    assert res.exit_code == 0
    assert "Example" in res.output, f"`{command} --help` shows no example"
    assert "Exit status" in res.output


# --- exit codes ----------------------------------------------------------------------

def _codes_in_table(text: str) -> set[int]:
    return {int(m.group(1)) for m in re.finditer(r"^\|\s*(\d+)\s*\|", text, re.MULTILINE)}


def test_exit_codes_are_documented_where_users_look():
    # 0 is success, 2 is also click's usage error; the rest come from errors.EXIT_CODES.
    used = {0, 2, *EXIT_CODES.values()}
    in_help = {int(m.group(1)) for m in re.finditer(r"^\s+(\d)\s{2}", EXIT_STATUS, re.M)}
    assert in_help == used
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _codes_in_table(readme.split("### Output and exit status", 1)[1]) == used
    assert _codes_in_table(_section_of_heading("Output, progress and exit status")) == used
    top = CliRunner().invoke(main, ["--help"]).output
    assert all(re.search(rf"^\s+{c}\s{{2}}", top, re.M) for c in used)


def _section_of_heading(title: str) -> str:
    return next(text for t, text in SECTIONS if t.strip() == title)


# --- web routes ----------------------------------------------------------------------

def _norm(path: str) -> str:
    """``/disputes/{dispute_id}`` and ``/disputes/{id}`` alike: ``/disputes/{}``."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def _app_routes(routes, prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    from starlette.routing import Mount

    for r in routes:
        inner = getattr(r, "original_router", None)  # FastAPI's included routers
        if inner is not None:
            ctx = getattr(r, "include_context", None)
            yield from _app_routes(inner.routes, prefix + (getattr(ctx, "prefix", "") or ""))
        elif isinstance(r, Mount):
            continue  # static files and the Swagger UI assets: not pages
        elif getattr(r, "path", None):
            yield prefix + r.path, set(getattr(r, "methods", None) or ())


@pytest.fixture(scope="module")
def routes(tmp_path_factory) -> list[tuple[str, set[str]]]:
    pytest.importorskip("fastapi")
    from counterclaim.store import Store
    from counterclaim.web import create_app

    db = tmp_path_factory.mktemp("docs") / "c.db"
    Store(db).close()
    found = list(_app_routes(create_app(str(db)).routes))
    paths = {p for p, _ in found}
    assert {"/", "/api/stats", "/articles/{article_id}"} <= paths, paths  # the walk works
    return found


def test_every_web_route_is_in_web_md(routes):
    text = _norm((ROOT / "docs" / "web.md").read_text(encoding="utf-8"))
    documented = {m.group(1).rstrip(".") for m in re.finditer(r"`(?:[A-Z]+ )?(/[^\s`?]*)", text)}
    missing = sorted({_norm(p) for p, _ in routes} - documented)
    assert not missing, f"routes missing from docs/web.md: {missing}"


def test_every_api_route_is_documented_with_its_method(routes):
    text = _norm((ROOT / "docs" / "web.md").read_text(encoding="utf-8"))
    missing = []
    for path, methods in routes:
        if not path.startswith("/api/"):
            continue
        for m in sorted(methods - {"HEAD", "OPTIONS"}):
            if not re.search(rf"{m} {re.escape(_norm(path))}(?=[`?\s,])", text):
                missing.append(f"{m} {path}")
    assert not missing, f"API routes missing (with their method) from docs/web.md: {missing}"
