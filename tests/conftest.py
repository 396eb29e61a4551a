"""Shared fixtures: where ../shared lives, and one analyzer per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    env = os.environ.get("COUNTERCLAIM_SHARED")
    return Path(env) if env else REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    d = shared_dir()
    if not d.is_dir():
        pytest.skip(f"../shared is absent ({d}): evaluation data and the seed are not here")
    return d


@pytest.fixture(scope="session")
def analyzer():
    from counterclaim.pipeline import get_analyzer

    return get_analyzer()
