"""Whether a Python file does work at its top level, read from its text.

A file says it is a program with an ``if __name__ == "__main__":`` block or a parser of
command-line arguments (``EntryHints.main``). A file without either still runs as a program when
its top level does work: a call written as a statement (``main()``, ``df.to_csv(out)``), a loop
or a ``with`` block at the left margin. A module of helpers only defines: imports, functions,
classes and assignments. Read from the text, never by running it; a call at the top of a helper
module (``warnings.filterwarnings(...)``) reads as work too, which only ever keeps code
(:func:`paperlint.scope.unloaded_modules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: a statement at the left margin that does work: a call, a loop, a ``with`` block
_WORK = re.compile(r"(?:for|while|with|async\s+for|async\s+with)\b|[A-Za-z_][\w.]*\s*\(")


def does_work_at_top_level(lines: Iterable[str]) -> bool:
    """The file's top level runs something: a statement at the left margin is a call, a loop
    or a ``with`` block (a line inside brackets or a string is not a statement)."""
    depth = 0
    quote = ""
    for line in lines:
        if (
            not quote
            and depth == 0
            and _WORK.match(line)
            and not line.startswith(("def ", "class "))
        ):
            return True
        quote, depth = _scan(line, quote, depth)
    return False


#: the characters that can open or close a string, a comment or a bracket outside a string
_CODE_MARK = re.compile(r"[#\"'()\[\]{}]")
#: the characters that can end a triple-quoted string or escape the next one inside it
_STRING_MARK = {q: re.compile(re.escape(q[0]) + r"|\\") for q in ('"""', "'''")}


def _scan(line: str, quote: str, depth: int) -> tuple[str, int]:
    """The open triple-quoted string and the bracket depth after ``line`` (the characters that
    change neither are skipped over in one search)."""
    i = 0
    while i < len(line):
        if quote:
            m = _STRING_MARK[quote].search(line, i)
            if m is None:
                break
            i = m.start()
            if line.startswith(quote, i):
                i += len(quote)
                quote = ""
                continue
            i += 2 if line[i] == "\\" else 1
            continue
        m = _CODE_MARK.search(line, i)
        if m is None:
            break
        i = m.start()
        c = line[i]
        if c == "#":
            break
        if line.startswith(('"""', "'''"), i):
            quote = line[i : i + 3]
            i += 3
            continue
        if c in "\"'":
            end = line.find(c, i + 1)
            while end > 0 and line[end - 1] == "\\":
                end = line.find(c, end + 1)
            i = len(line) if end < 0 else end + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)
        i += 1
    return quote, depth
