"""Command lines made from a function's signature: ``fire.Fire(main)``, ``typer.run(main)``,
``jsonargparse.CLI(main)``.

The function's parameters are the program's options and their defaults the code defaults of
its runs (``def main(lr=3e-4, epochs=10)``); a launcher's ``--lr 1e-3`` sets ``lr``. The file
is an entry point.
"""

from __future__ import annotations

import libcst as cst

from paperlint.code.sources import Source
from paperlint.code.sources.base import CodeContext
from paperlint.code.values import dotted_name

CLI_CALLS = frozenset(["fire.Fire", "typer.run", "jsonargparse.CLI", "jsonargparse.auto_cli"])


def read_call(ctx: CodeContext, node: cst.Call, dotted: str, line: int) -> bool:
    q = ctx.qualify(dotted) or dotted
    if q not in CLI_CALLS:
        return False
    entry = ctx.config.entry
    entry.main = True
    target = node.args[0].value if node.args else None
    name = dotted_name(target) if target is not None else None
    if name and name not in entry.functions:
        entry.functions.append(name)
    return True


SOURCE = Source(
    name="function_cli",
    layer="code",
    doc="command lines from a function's signature: `fire.Fire(main)`, `typer.run(main)`",
    calls=("Fire", "run", "CLI", "auto_cli"),
    read_call=read_call,
)
