"""absl / TensorFlow flags: ``flags.DEFINE_float("learning_rate", 0.001, "...")``.

Each flag is a setting with its default at the ``DEFINE_*`` line; ``app.run(main)`` makes the
file an entry point.
"""

from __future__ import annotations

import libcst as cst

from paperlint.code.sources import Source
from paperlint.code.sources.base import CodeContext, keyword, string_arg, string_value
from paperlint.code.values import Val


def read_call(ctx: CodeContext, node: cst.Call, dotted: str, line: int) -> bool:
    last = dotted.rsplit(".", 1)[-1]
    if last == "run":
        q = ctx.qualify(dotted) or dotted
        if q.endswith(("absl.app.run", "tensorflow.app.run", "tf.app.run")):
            ctx.config.entry.main = True
        return False
    if not node.args:
        return False
    name_node = keyword(node, "name")
    name = string_value(name_node) if name_node is not None else string_arg(node.args[0])
    if not name:
        return True
    default_node = keyword(node, "default")
    if default_node is None:
        positional = [a for a in node.args if a.keyword is None]
        default_node = positional[1].value if len(positional) > 1 else None
    v = ctx.eval(default_node) if default_node is not None else Val("unset", None, "(no default)")
    v = Val(v.state, v.value, v.text, v.name, line=line)
    ctx.add_setting(name, v, line, "flag")
    return True


SOURCE = Source(
    name="absl",
    layer="code",
    doc="absl / TensorFlow flags: `flags.DEFINE_float('lr', 0.001, ...)`, `app.run(main)`",
    calls=("DEFINE_*", "run"),
    read_call=read_call,
)
