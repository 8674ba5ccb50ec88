"""Jupyter notebooks: the code cells, read like one Python file.

The code cells' sources are joined in order, one newline between cells, so a choice's ``line``
is its line in the joined code (stable and unique within the notebook), and its
``cell``/``cell_line`` say where a reader finds it (cell 3, line 4; cells are counted as Jupyter
shows them, markdown included). Magics (``%matplotlib``, ``!pip``) and help lines (``x?``) are
blanked out rather than deleted, so lines never shift.

Each cell is checked on its own first: a cell that does not parse (a half-typed line left in a
scratch notebook) is blanked and reported (E112, naming the cell), and the other cells are read.
A notebook's saved outputs are not code: the size cap applies to its code cells.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from paperlint.code import py2, syntax
from paperlint.code.python import FileFacts
from paperlint.errors import CODES, PaperlintError
from paperlint.model import Problem


@dataclass
class NotebookCode:
    """The joined code of a notebook's code cells, and what was left out of it."""

    text: str
    #: for each joined line, its (cell, line in cell); cells counted as Jupyter shows them
    cells: list[tuple[int, int]]
    #: code cells that cannot be read (a syntax error, nesting too deep), blanked: E112 each
    skipped: list[Problem] = field(default_factory=list)
    python2: bool = False  # some cell was read as Python 2


def notebook_code(text: str, display: str, max_code_size: int | None = None) -> NotebookCode:
    """The code of every code cell, joined; a cell that does not parse is blanked (E112).

    Raises E108 for a file that is not a notebook and E103 when the code cells alone exceed
    ``max_code_size`` bytes."""
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise PaperlintError("E108", display, f"not a valid notebook: {e}") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise PaperlintError("E108", display, "not a valid notebook: no cells")
    lines: list[str] = []
    where: list[tuple[int, int]] = []
    skipped: list[Problem] = []
    python2 = False
    size = 0
    for ci, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        if isinstance(src, list):
            src = "".join(s for s in src if isinstance(s, str))
        if not isinstance(src, str):
            continue
        size += len(src.encode("utf-8", "replace")) + 1
        if max_code_size is not None and size > max_code_size:
            raise PaperlintError(
                "E103",
                display,
                f"code cells too large (over {max_code_size:,} bytes of code, outputs aside)",
            )
        cell_lines = _python_lines(src)
        code, problem = _parsed(cell_lines)
        if problem is None:
            if code is not cell_lines:
                python2 = True
            cell_lines = code
        else:
            skipped.append(
                Problem(
                    "E112",
                    display,
                    f"cell {ci} was skipped ({problem}); the other cells were audited",
                    CODES["E112"].hint,
                )
            )
            cell_lines = [""] * len(cell_lines)
        for li, line in enumerate(cell_lines, start=1):
            lines.append(line)
            where.append((ci, li))
    return NotebookCode("\n".join(lines) + "\n", where, skipped, python2)


def _python_lines(src: str) -> list[str]:
    """The cell's lines, IPython syntax (magics, shell escapes, help) blanked."""
    magic_block = src.lstrip().startswith("%%")
    out = []
    for line in src.split("\n"):
        stripped = line.lstrip()
        if magic_block or stripped.startswith(("%", "!")) or stripped.rstrip().endswith("?"):
            line = ""  # IPython syntax, not Python
        out.append(line)
    return out


def _parsed(cell_lines: list[str]) -> tuple[list[str], str | None]:
    """The cell's lines as Python 3 (Python 2 rewritten line by line), or why they cannot be
    read: a syntax error, or nesting too deep for a static reader (a cell libcst must not see)."""
    from paperlint.code.project import MAX_AST_DEPTH, ast_depth, too_deep

    text = "\n".join(cell_lines)
    try:
        tree = syntax.parse(text)
    except SyntaxError as e:
        if too_deep(str(e.msg)):
            return cell_lines, f"line {e.lineno}: {e.msg}"
        first = f"line {e.lineno}: {e.msg}"
    except (RecursionError, MemoryError):
        return cell_lines, "nested too deeply"
    except ValueError as e:
        return cell_lines, f"{type(e).__name__}: {e}"[:200]
    else:
        if ast_depth(tree) > MAX_AST_DEPTH:
            return cell_lines, f"expressions nest more than {MAX_AST_DEPTH} levels deep"
        return cell_lines, None
    rewritten, _n = py2.rewrite(text)
    try:
        tree = syntax.parse(rewritten)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return cell_lines, first
    if ast_depth(tree) > MAX_AST_DEPTH:
        return cell_lines, f"expressions nest more than {MAX_AST_DEPTH} levels deep"
    return rewritten.split("\n"), None


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

    nb = notebook_code(text, display)
    code, _language, _tree = python_source(nb.text, display)
    facts = analyze(code, display, module)
    locate_cells(facts, nb.cells)
    facts.problems.extend(nb.skipped)
    return facts
