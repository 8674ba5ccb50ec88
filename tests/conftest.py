from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def pytest_configure(config):
    """No test reads or fills the user's cache: the cache is off (tests of the cache turn it on
    with their own folder), and any entry would go to a folder of this session."""
    import os
    import tempfile

    os.environ["PAPERLINT_NO_CACHE"] = "1"
    os.environ["PAPERLINT_CACHE_DIR"] = config._paperlint_cache = tempfile.mkdtemp(
        prefix="paperlint-test-cache-"
    )


def pytest_unconfigure(config):
    """The session's cache folder goes with the session."""
    import shutil

    folder = getattr(config, "_paperlint_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def write(tmp_path):
    """Write dedented files into a temporary project: write("model.py", "...") → path."""

    def _write(name: str, text: str) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return p

    return _write


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path
