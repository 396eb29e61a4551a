"""Errors reach the user as one line with the exit code of their class."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from counterclaim.cli import main
from counterclaim.errors import EXIT_CODES, ModelError


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_unknown_model_is_one_line_and_exit_code(tmp_path, jobs):
    f = tmp_path / "a.txt"
    f.write_text('"We never sold arms," the ministry said.\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", "--model", "no_such_pipeline", "--jobs", jobs,
                                       str(f)])
    assert result.exit_code == EXIT_CODES[ModelError]
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:")
    assert "no_such_pipeline" in lines[0] and "Traceback" not in result.output
