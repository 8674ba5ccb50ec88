"""Dataclass and pydantic fields, and ``HfArgumentParser`` over them.

``learning_rate: float = field(default=5e-5, metadata=...)`` in a class body is a setting with
its default at that line (``field(default=...)``, pydantic's ``Field(5e-5)`` and a plain
``lr: float = 0.1`` alike). ``HfArgumentParser((ModelArguments, TrainingArguments))`` makes the
file an entry point whose command-line options are those classes' fields: a launcher's
``--learning_rate 5e-4`` sets the field ``learning_rate``.
"""

from __future__ import annotations

import libcst as cst

from paperlint.code.sources import Source
from paperlint.code.sources.base import CodeContext, keyword
from paperlint.code.values import LIT, Val, dotted_name

_FIELD_CALLS = frozenset(["field", "Field", "attr.ib", "attrib", "ib"])


def field_default(node: cst.BaseExpression | None) -> cst.BaseExpression | None:
    """The default a field spec gives: ``field(default=3)`` → ``3``, ``Field(3)`` → ``3``;
    ``field(default_factory=list)`` and anything else → the node itself (or None)."""
    if not isinstance(node, cst.Call):
        return node
    name = dotted_name(node.func) or ""
    if name.rsplit(".", 1)[-1] not in _FIELD_CALLS and name not in _FIELD_CALLS:
        return node
    default = keyword(node, "default")
    if default is not None:
        return default
    positional = [a for a in node.args if a.keyword is None and not a.star]
    if positional and name.rsplit(".", 1)[-1] == "Field":
        return positional[0].value  # pydantic: Field(default, ...)
    return None


def read_assign(
    ctx: CodeContext,
    target: cst.BaseExpression,
    value: cst.BaseExpression | None,
    line: int,
    annotated: bool,
) -> bool:
    if not annotated or ctx.scope_kind() != "class" or not isinstance(target, cst.Name):
        return False
    default = field_default(value)
    if default is None:
        return True  # a field without a default: required, decided by whoever builds it
    v = ctx.eval(default)
    if v.state == LIT:
        ctx.add_setting(
            target.value, Val(LIT, v.value, v.text, line=line), line, "field", bools="none"
        )
    return True


def read_call(ctx: CodeContext, node: cst.Call, dotted: str, line: int) -> bool:
    classes = node.args[0].value if node.args else None
    names: list[str] = []
    if isinstance(classes, (cst.Tuple, cst.List)):
        names = [d for el in classes.elements if (d := dotted_name(el.value))]
    elif classes is not None and (d := dotted_name(classes)):
        names = [d]
    entry = ctx.config.entry
    entry.main = True
    entry.dataclasses.extend(n for n in names if n not in entry.dataclasses)
    return False


SOURCE = Source(
    name="dataclass",
    layer="code",
    doc="dataclass / pydantic fields (`lr: float = field(default=0.1)`) and `HfArgumentParser`",
    calls=("HfArgumentParser",),
    assigns=True,
    read_call=read_call,
    read_assign=read_assign,
)
