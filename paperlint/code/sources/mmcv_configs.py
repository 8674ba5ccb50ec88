"""mmcv / mmengine Python configs: ``_base_ = ['../_base_/models/fcn_r50.py', ...]`` and
``_delete_=True``.

A config file names the files it inherits in ``_base_`` (a string or a list, paths relative to
the file); their dicts are merged key by key, the inheriting file winning, except that a dict
written with ``_delete_=True`` replaces the inherited dict whole. The settings themselves are
the file's dict entries (:mod:`paperlint.code.sources.dict_configs`); mmengine's YAML configs
use the same ``_base_`` key.
"""

from __future__ import annotations

import libcst as cst
import yaml

from paperlint.code.sources import Source
from paperlint.code.sources.base import CodeContext, ConfigBase, string_value
from paperlint.code.values import LIT


def read_assign(
    ctx: CodeContext,
    target: cst.BaseExpression,
    value: cst.BaseExpression | None,
    line: int,
    annotated: bool,
) -> bool:
    if not (isinstance(target, cst.Name) and target.value == "_base_") or value is None:
        return False
    if ctx.scope_kind() != "module":
        return False
    items = value.elements if isinstance(value, (cst.List, cst.Tuple)) else [value]
    for el in items:
        node = el.value if isinstance(el, cst.BaseElement) else el
        path = string_value(node)
        if path:
            ctx.config.bases.append(ConfigBase(path, ctx.line_of(node) or line, "mmcv"))
    ctx.config.is_config = True
    return True


def read_dict(ctx, entries, in_call: bool, path: list[str]) -> None:
    for key, value_node, _line in entries:
        if key == "_delete_":
            v = ctx.eval(value_node)
            if v.state == LIT and v.value is True and path:
                ctx.config.replaces.append(".".join(path))


def read_yaml(ctx, key: str, value: yaml.Node, path: list[str], line: int) -> bool:
    if key == "_delete_":
        flag = isinstance(value, yaml.ScalarNode) and str(value.value).lower() == "true"
        if flag and path:
            ctx.config.replaces.append(".".join(path))
        return True
    if path:
        return False
    targets = value.value if isinstance(value, yaml.SequenceNode) else [value]
    for t in targets:
        if isinstance(t, yaml.ScalarNode) and t.value:
            ctx.config.bases.append(ConfigBase(str(t.value), t.start_mark.line + 1, "mmcv"))
    return True


SOURCE = Source(
    name="mmcv",
    layer="config",
    doc="mmcv / mmengine configs: `_base_ = [...]` inheritance and `_delete_=True`",
    assigns=True,
    dicts=True,
    yaml_keys=("_base_", "_delete_"),
    read_assign=read_assign,
    read_dict=read_dict,
    read_yaml=read_yaml,
)
