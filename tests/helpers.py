"""Small helpers shared by the tests."""

from __future__ import annotations

import textwrap

from paperlint.code.project import Project, build_inventory
from paperlint.code.python import analyze
from paperlint.model import Choice


def choices_of(*files: tuple[str, str]) -> list[Choice]:
    """Choices of in-memory Python files: choices_of(("model.py", "...source...")) ."""
    facts = []
    for path, source in files:
        src = textwrap.dedent(source).lstrip("\n")
        facts.append(analyze(src, path, path.removesuffix(".py").replace("/", ".")))
    return list(build_inventory(facts, [], []).choices)


def find(choices: list[Choice], **want: object) -> list[Choice]:
    return [c for c in choices if all(getattr(c, k) == v for k, v in want.items())]


def at(choices: list[Choice], line: int) -> list[Choice]:
    return [c for c in choices if c.line == line]


_ = Project


def extract_files(root, files: dict[str, str]):
    """Write ``files`` (name → dedented text) under ``root`` and extract the folder, with paths
    reported relative to ``root``: returns the CodeInventory."""
    import os
    from pathlib import Path

    from paperlint.code.project import extract

    root = Path(root)
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return extract(["."])
    finally:
        os.chdir(cwd)
