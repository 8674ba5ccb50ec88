"""Read Python 2 sources as Python 3, keeping every line where it was.

Old research code is often Python 2 (``print x``, ``except E, e``, tabs mixed with spaces).
Neither ``ast`` nor libcst reads it, but the choices in it are the same. When a file fails to
parse, these line-local rewrites are tried; each keeps the line count, so every choice is still
reported at its real ``file:line``. If the rewritten text does not parse either, the file is
reported as a syntax error like any other.
"""

from __future__ import annotations

import re

_PRINT = re.compile(r"^(\s*)print\b(?!\s*\()(?!\s*=)(\s*>>\s*[^,]+,)?\s*(.*?)(\s*#.*)?$")
_PRINT_BARE = re.compile(r"^(\s*)print\s*$")
_EXCEPT = re.compile(r"^(\s*except\s+[^,:]+?)\s*,\s*([A-Za-z_]\w*)\s*:")
_RAISE = re.compile(r"^(\s*raise\s+[A-Za-z_][\w.]*)\s*,\s*(.+)$")
_EXEC = re.compile(r"^(\s*)exec\s+(?!\()(.+)$")
_OCTAL = re.compile(r"(?<![\w.])0([0-7]+)\b(?!\.)")
_LONG = re.compile(r"\b(\d+)[lL]\b")
_UR = re.compile(r"\b[uU][rR](['\"])")
_BACKTICK = re.compile(r"`([^`\n]+)`")


def rewrite(source: str) -> tuple[str, int]:
    """Python 2 constructs rewritten as Python 3, line by line; returns the text and how many
    lines changed."""
    out = []
    changed = 0
    continuation = False
    for line in source.expandtabs(8).split("\n"):
        new = line
        if not continuation:
            new = _rewrite_line(line)
        stripped = line.rstrip()
        continuation = stripped.endswith("\\")
        if new != line:
            changed += 1
        out.append(new)
    text = "\n".join(out)
    return text, changed + (1 if "\t" in source else 0)


def _rewrite_line(line: str) -> str:
    code, comment = _split_comment(line)
    m = _PRINT_BARE.match(code)
    if m:
        return f"{m.group(1)}print(){comment}"
    m = _PRINT.match(code)
    if (
        m
        and not code.strip().startswith("print(")
        and not code.rstrip().endswith(("\\", "(", "[", "{", ","))
    ):
        indent, redirect, rest = m.group(1), m.group(2), (m.group(3) or "").rstrip()
        trailing = rest.endswith(",")
        rest = rest.rstrip(",").rstrip()
        args = rest
        if redirect:
            target = redirect.strip()[2:].strip().rstrip(",").strip()
            args = f"{rest}, file={target}" if rest else f"file={target}"
        if trailing:
            args = f"{args}, end=' '" if args else "end=' '"
        return f"{indent}print({args}){comment}"
    code = _EXCEPT.sub(r"\1 as \2:", code)
    m = _RAISE.match(code)
    if m and "(" not in m.group(1):
        code = f"{m.group(1)}({m.group(2).strip()})"
    m = _EXEC.match(code)
    if m:
        code = f"{m.group(1)}exec({m.group(2).strip()})"
    code = _OCTAL.sub(r"0o\1", code)
    code = _LONG.sub(r"\1", code)
    code = _UR.sub(r"r\1", code)
    code = _BACKTICK.sub(r"repr(\1)", code)
    code = code.replace("<>", "!=")
    return code + comment


def _split_comment(line: str) -> tuple[str, str]:
    """Split off a trailing comment that is not inside a string literal."""
    quote = ""
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if line.startswith(quote, i):
                i += len(quote)
                quote = ""
                continue
        else:
            if line.startswith(('"""', "'''"), i):
                quote = line[i : i + 3]
                i += 3
                continue
            if ch in "\"'":
                quote = ch
            elif ch == "#":
                return line[:i], line[i:]
        i += 1
    return line, ""
