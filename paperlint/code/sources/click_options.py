"""click: ``@click.option("--lr", default=0.1)``; ``@click.command()`` makes an entry point."""

from __future__ import annotations

import libcst as cst

from paperlint.code import settings as setting_names
from paperlint.code.sources import Source
from paperlint.code.sources.base import CodeContext, keyword, string_arg
from paperlint.code.values import Val


def read_call(ctx: CodeContext, node: cst.Call, dotted: str, line: int) -> bool:
    if not dotted.startswith("click."):
        return False
    last = dotted.rsplit(".", 1)[-1]
    if last in ("command", "group"):
        ctx.config.entry.main = True
        return False
    flags = [string_arg(a) for a in node.args if a.keyword is None]
    name = next((f for f in flags if f.startswith("--")), flags[0] if flags else "")
    if not name:
        return True
    default_node = keyword(node, "default")
    default = ctx.eval(default_node) if default_node is not None else None
    ctx.add_setting(
        setting_names.normalize_name(name),
        default or Val("unset", None, "(no default)"),
        line,
        "click",
    )
    return True


SOURCE = Source(
    name="click",
    layer="code",
    doc="click options: `@click.option('--lr', default=0.1)`",
    calls=("option", "argument", "command", "group"),
    read_call=read_call,
)
