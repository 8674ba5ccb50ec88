"""Hyperparameter classes: ``class Config: def __init__(self): self.learning_rate = 1e-3``.

In the constructor of a class whose name says it holds a configuration (``Config``, ``HParams``,
``TrainingArgs``, ``Options``), every literal assigned to ``self.x`` is a setting ``x`` with its
default at that line, as a dataclass field would be. (Literals assigned to ``self.x`` in other
classes are read by the Python visitor as values written into a model's constructor.)
"""

from __future__ import annotations

import re

import libcst as cst

from paperlint.code.sources import Source
from paperlint.code.sources.base import CodeContext
from paperlint.code.values import LIT

#: Classes whose constructor parameters and attributes are a configuration.
CONFIG_CLASS = re.compile(r"(Config|Configuration|Args|Arguments|Params|Hparams|HParams|Options)$")


def is_config_class(name: str) -> bool:
    """``BertConfig``, ``TrainingArguments``, ``HParams``: a class that holds settings."""
    return bool(CONFIG_CLASS.search(name))


def read_assign(
    ctx: CodeContext,
    target: cst.BaseExpression,
    value: cst.BaseExpression | None,
    line: int,
    annotated: bool,
) -> bool:
    if (
        value is None
        or not isinstance(target, cst.Attribute)
        or not isinstance(target.value, cst.Name)
        or target.value.value != "self"
        or ctx.method_name() != "__init__"
        or not is_config_class(ctx.class_name())
    ):
        return False
    v = ctx.eval(value)
    if v.state != LIT:
        return False  # `self.hidden = hidden`: a parameter, bound where the class is built
    name = target.attr.value
    ctx.add_setting(
        name, v, line, "field", bools="none", detail=f"`self.{name}` set in the constructor"
    )
    return True


SOURCE = Source(
    name="config_classes",
    layer="code",
    doc="hyperparameter classes: `self.learning_rate = 1e-3` in a `Config` class's `__init__`",
    assigns=True,
    read_assign=read_assign,
)
