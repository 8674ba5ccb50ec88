"""Jupyter notebooks: the code cells, read like one Python file.

Cells are joined in order; every line keeps its place, so a choice's ``line`` is its line in the
joined code (stable and unique within the notebook), and its ``cell``/``cell_line`` say where a
reader finds it (cell 3, line 4; cells are counted as Jupyter shows them, markdown included).
Magics (``%matplotlib``, ``!pip``) and help lines (``x?``) are blanked out rather than deleted,
so lines never shift.
"""

from __future__ import annotations

import json
from dataclasses import replace

from paperlint.code.python import FileFacts
from paperlint.errors import PaperlintError


def notebook_code(text: str, display: str) -> tuple[str, list[tuple[int, int]]]:
    """The joined code of every code cell, and for each joined line its (cell, line in cell)."""
    try:
        nb = json.loads(text)
    except ValueError as e:
        raise PaperlintError("E108", display, f"not a valid notebook: {e}") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise PaperlintError("E108", display, "not a valid notebook: no cells")
    lines: list[str] = []
    where: list[tuple[int, int]] = []
    for ci, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        if isinstance(src, list):
            src = "".join(s for s in src if isinstance(s, str))
        if not isinstance(src, str):
            continue
        magic_block = src.lstrip().startswith("%%")
        for li, line in enumerate(src.split("\n"), start=1):
            stripped = line.lstrip()
            if magic_block or stripped.startswith(("%", "!")) or stripped.endswith("?"):
                line = ""  # IPython syntax, not Python
            lines.append(line)
            where.append((ci, li))
        lines.append("")
        where.append((ci, 0))
    return "\n".join(lines) + "\n", where


def locate_cells(facts: FileFacts, where: list[tuple[int, int]]) -> None:
    """Name the cell and line of every item in its detail, and keep the map for the choices."""
    facts.cells = where
    for i, it in enumerate(facts.items):
        if 0 < it.line <= len(where):
            cell, line = where[it.line - 1]
            facts.items[i] = replace(it, detail=f"{it.detail} [cell {cell}, line {line}]".strip())


def analyze_notebook(text: str, display: str, module: str) -> FileFacts:
    """The facts of one notebook (the project stage reads notebooks through the same path)."""
    from paperlint.code.project import python_source
    from paperlint.code.python import analyze

    code, where = notebook_code(text, display)
    code, _language, _tree = python_source(code, display)
    facts = analyze(code, display, module)
    locate_cells(facts, where)
    return facts
