"""Jupyter notebooks: the code cells, read like one Python file.

The code cells' sources are joined in order, one newline between cells, so a choice's ``line``
is its line in the joined code (stable and unique within the notebook), and its
``cell``/``cell_line`` say where a reader finds it (cell 3, line 4; cells are counted as Jupyter
shows them, markdown included). Magics (``%matplotlib``, ``!pip``) and help lines (``x?``) are
blanked out rather than deleted, so lines never shift.

A notebook is also a launcher: a shell escape (``!python train.py --lr 3e-5``, with the lines
its trailing backslashes continue) or a ``%%bash`` cell runs the project's scripts with their
arguments, as a shell script does, so those commands are kept (:attr:`NotebookCode.shell`) and
read by :mod:`paperlint.code.sources.shell_scripts` at their joined lines. Nothing is run.

Each cell is checked on its own first: a cell that does not parse (a half-typed line left in a
scratch notebook) is blanked and reported (E112, naming the cell), and the other cells are read.
A notebook's saved outputs are not code: the size cap applies to its code cells.
"""

from __future__ import annotations

import json
import re
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
    #: the shell commands of its shell escapes and shell cells: (line text, joined line)
    shell: list[tuple[str, int]] = field(default_factory=list)


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
    shell: list[tuple[str, int]] = []
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
        cell_lines, shell_lines = _cell_lines(src)
        shell.extend((text, len(lines) + li) for text, li in shell_lines)
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
    return NotebookCode("\n".join(lines) + "\n", where, skipped, python2, shell)


#: cell magics whose body is a shell script
_SHELL_CELL = re.compile(r"%%(bash|sh|shell|script\s+(ba|z)?sh)\b")


def _cell_lines(src: str) -> tuple[list[str], list[tuple[str, int]]]:
    """The cell's lines with IPython syntax (magics, shell escapes, help) blanked, and its shell
    commands: (text, line in the cell) for each line of a shell escape, its ``!`` dropped, and
    of a shell cell's body. A shell escape's trailing backslash continues it on the next line."""
    magic_block = src.lstrip().startswith("%%")
    shell_cell = bool(_SHELL_CELL.match(src.lstrip()))
    out: list[str] = []
    shell: list[tuple[str, int]] = []
    continued = False
    for li, line in enumerate(src.split("\n"), start=1):
        stripped = line.lstrip()
        if continued or (stripped.startswith("!") and not magic_block):
            shell.append((stripped.lstrip("!") if not continued else line, li))
            continued = line.rstrip().endswith("\\")
            line = ""
        elif magic_block:
            if shell_cell and li > 1:
                shell.append((line, li))
            line = ""  # a cell magic's body is not Python
        elif stripped.startswith("%") or stripped.rstrip().endswith("?"):
            line = ""  # IPython syntax, not Python
        out.append(line)
    return out, shell


def shell_commands(shell: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The logical shell lines of a notebook's shell commands (``shell`` as kept in
    :attr:`NotebookCode.shell`), a continued command joined, at its first joined line."""
    from paperlint.code.sources.shell_scripts import logical_lines

    out: list[tuple[str, int]] = []
    run: list[str] = []
    first = prev = 0
    for text, line in [*shell, ("", -1)]:
        if run and line != prev + 1:
            out.extend(logical_lines(run, first))
            run = []
        if line < 0:
            break
        if not run:
            first = line
        run.append(text)
        prev = line
    return out


def read_shell(facts: FileFacts, shell: list[tuple[str, int]]) -> None:
    """The launches of a notebook's shell commands, into its facts."""
    if not shell:
        return
    from paperlint.code.sources.shell_scripts import read_commands

    read_commands(shell_commands(shell), facts, {})


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
    read_shell(facts, nb.shell)
    facts.problems.extend(nb.skipped)
    return facts
