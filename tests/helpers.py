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
