"""paperlint imports most of its own modules inside functions (so a run loads only the readers it
needs); ruff does not check such imports, and a module that moved breaks only the runs that reach
it. Every `from paperlint.x import y` in the source must name a module and a name that exist."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "paperlint"


def unresolved(source: str) -> list[str]:
    """The paperlint imports in ``source`` whose module or name does not exist."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if not node.module.startswith("paperlint"):
                continue
            try:
                module = importlib.import_module(node.module)
            except ImportError:
                out.append(node.module)
                continue
            for alias in node.names:
                if alias.name == "*" or hasattr(module, alias.name):
                    continue
                try:
                    importlib.import_module(f"{node.module}.{alias.name}")
                except ImportError:
                    out.append(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("paperlint"):
                    try:
                        importlib.import_module(alias.name)
                    except ImportError:
                        out.append(alias.name)
    return out


def test_a_moved_module_is_caught():
    source = "def f():\n    from paperlint.link.numbers import parse_number\n"
    assert unresolved(source) == ["paperlint.link.numbers"]
    assert unresolved(source.replace("link.numbers", "paper.numbers")) == []  # the twin
    assert unresolved("from paperlint.paper.numbers import no_such_name\n") == [
        "paperlint.paper.numbers.no_such_name"
    ]


def test_every_import_of_paperlints_own_modules_resolves():
    problems = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "examples" in path.relative_to(PACKAGE).parts:
            continue  # audited example code, never imported
        bad = unresolved(path.read_text(encoding="utf-8"))
        if bad:
            problems[path.relative_to(PACKAGE).as_posix()] = bad
    assert problems == {}
