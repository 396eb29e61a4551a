"""``counterclaim serve`` on a database file and a folder it may not write to: it
serves every page, and the file is byte-identical afterwards with nothing created
beside it. Run as an unprivileged user (``nobody`` via setpriv when the tests run as
root, who may write anywhere)."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_helpers import S, make_analysis
from counterclaim.store import Store

pytest.importorskip("fastapi", reason="the web extra is not installed")

SETPRIV = shutil.which("setpriv")
NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_reader(cmd: list[str]) -> list[str]:
    """``cmd`` run by a user who may not write the folder."""
    if os.geteuid() != 0:
        return cmd
    if SETPRIV is None:
        pytest.skip("running as root without setpriv: cannot drop write permission")
    return [SETPRIV, *NOBODY, *cmd]


@pytest.fixture()
def locked(tmp_path: Path) -> Iterator[Path]:
    """A WAL-mode corpus in a folder of its own, file and folder read-only, in /tmp
    (so another user can reach it)."""
    folder = Path(tempfile.mkdtemp(prefix="cc-ro-"))
    db = folder / "c.db"
    with Store(db) as store:
        for i in range(3):
            claim = f"the Orrin dam number {i} would hold"
            store.add(make_analysis(f"a{i}", [S("Engineer Tomas Quill", "assert", claim,
                                                prop="d"),
                                              S("The Orrin water board", "deny", claim,
                                                prop="d")],
                                    title=f"Dam {i}", filler=3), source=f"t:{i}")
    assert not (folder / "c.db-wal").exists()  # closed cleanly: merged
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield db
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_serve_on_a_read_only_file_and_folder(locked: Path) -> None:
    before = hashlib.sha256(locked.read_bytes()).hexdigest()
    listing = sorted(p.name for p in locked.parent.iterdir())
    port = _free_port()
    exe = Path(sys.executable).with_name("counterclaim")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c",
                                          "from counterclaim.cli import main; main()"]
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(as_reader([*cmd, "serve", "--db", str(locked), "--port",
                                       str(port)]), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    got: dict[str, int] = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/api/stats", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail("serve did not start: " + log.read().decode(errors="replace"))
                time.sleep(0.2)
        for path in ["/", "/api/stats", "/api/disputes", "/disputes/1", "/api/disputes/1",
                     "/articles/1", "/api/articles", "/speakers/Engineer%20Tomas%20Quill",
                     "/search?q=dam", "/api/search?q=dam", "/api/failures", "/analyze"]:
            try:
                with urllib.request.urlopen(base + path, timeout=30) as r:
                    got[path] = r.status
            except urllib.error.HTTPError as exc:
                got[path] = exc.code
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert set(got.values()) == {200}, got
    assert hashlib.sha256(locked.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in locked.parent.iterdir()) == listing  # no -wal, no -shm


def test_a_store_refuses_clearly_when_unmerged_changes_cannot_be_read(locked: Path) -> None:
    # A -wal file with content next to a file in a folder nobody may write: say so.
    locked.parent.chmod(0o755)
    wal = locked.with_name("c.db-wal")
    wal.write_bytes(b"\0" * 64)
    wal.chmod(0o444)
    locked.parent.chmod(0o555)
    code = ("from counterclaim.store import Store\n"
            "from counterclaim.errors import StoreError\n"
            "try:\n"
            f"    Store({str(locked)!r}, readonly=True)\n"
            "except StoreError as e:\n"
            "    print('StoreError', e)\n")
    out = subprocess.run(as_reader([sys.executable, "-c", code]), capture_output=True,
                         text=True, timeout=60)
    assert "Traceback" not in out.stderr, out.stderr
    assert out.stdout.startswith("StoreError") and "-wal file holds changes" in out.stdout, (
        out.stdout, out.stderr)
