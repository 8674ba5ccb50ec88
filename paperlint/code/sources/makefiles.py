"""Makefiles: each target's recipe is a launcher (``train: ; python main.py --lr 1e-3``).

Variables (``LR = 1e-3``, ``LR := ...``, ``LR ?= ...``) are expanded where a recipe uses them
(``$(LR)``, ``${LR}``); each recipe line is read as a shell command
(:mod:`paperlint.code.sources.shell_scripts`), and a Python command it runs is a run named
``Makefile:target``. Nothing is run.
"""

from __future__ import annotations

import re

from paperlint.code.imports import ImportTable
from paperlint.code.python import FileFacts
from paperlint.code.sources import Source
from paperlint.code.sources.shell_scripts import Env, logical_lines, read_commands

_ASSIGNMENT = re.compile(
    r"^(?:export\s+|override\s+)*([A-Za-z_][A-Za-z0-9_.-]*)\s*(\?=|::=|:=|\+=|!=|=)\s*(.*)$"
)
_RULE = re.compile(r"^([^\s:=#][^:=#]*?)\s*::?(?!=)(.*)$")
_MAKE_VAR = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")


def read_file(text: str, path: str, module: str) -> FileFacts:
    facts = FileFacts(path=path, module=module, imports=ImportTable(module=module))
    lines = text.splitlines()
    facts.lines = len(lines)
    facts.source_lines = lines
    variables: Env = {}
    target = ""
    for logical, start in logical_lines(lines):
        if logical.startswith("\t"):
            if target:
                _recipe(logical[1:], start, target, variables, facts)
            continue
        stripped = logical.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _ASSIGNMENT.match(stripped)
        if m:
            value = m.group(3).split(" #", 1)[0].strip()
            if m.group(2) == "?=" and m.group(1) in variables:
                continue
            if m.group(2) == "+=" and m.group(1) in variables:
                old = variables[m.group(1)]
                variables[m.group(1)] = (f"{old[0]} {value}", start, old[2])
                continue
            variables[m.group(1)] = (value, start, "$(" in value or m.group(2) == "!=")
            continue
        r = _RULE.match(stripped)
        if r:
            names = r.group(1).split()
            target = names[0] if names else ""
            inline = r.group(2).split(";", 1)
            if len(inline) == 2 and inline[1].strip():
                _recipe(inline[1], start, target, variables, facts)
    return facts


def _recipe(text: str, start: int, target: str, variables: Env, facts: FileFacts) -> None:
    text = text.replace("$$", "\x00")
    text = _MAKE_VAR.sub(r"${\1}", text).replace("\x00", "$")
    text = text.lstrip(" \t@-+")
    read_commands([(text, start)], facts, dict(variables), name=target)


SOURCE = Source(
    name="make",
    layer="launch",
    doc="Makefiles: the Python commands of each target's recipe, with make variables expanded",
    read_file=read_file,
)
