"""Config objects set attribute by attribute: yacs ``_C.SOLVER.BASE_LR = 0.01``, ml_collections
``config.optim.lr = 0.1``, EasyDict ``__C.TRAIN.LR = 0.001``, ``cfg["lr"] = 0.1``. A plotting
library's own settings (``plt.rcParams["figure.dpi"] = 80``) are none.

A name bound to a config node (``_C = CN()``, ``cfg = edict()``, or an alias of one) is a root;
every literal assigned along an attribute chain from a root, or from an object named like a
config (``cfg``, ``args``, ``self.config``), is a setting whose key is the chain after the root
(``SOLVER.BASE_LR``). Assigning a new node (``_C.MODEL = CN()``) opens a subtree, no setting.
A file that merges a config file and ``KEY VALUE`` pairs into a node (``merge_from_file``,
``merge_from_list``) loads yacs configs: a launcher's ``--config-file x.yaml SOLVER.BASE_LR 0.02``
is read as that run's config file and overrides. yacs YAML files inherit with ``_BASE_:``.
"""

from __future__ import annotations

import libcst as cst
import yaml

from paperlint.code.sources import Source
from paperlint.code.sources.base import CodeContext, ConfigBase
from paperlint.code.values import LIT, SETTING_OBJECTS, dotted_name, setting_key

#: callables that build a config node
NODE_CLASSES = frozenset(
    [
        "yacs.config.CfgNode",
        "fvcore.common.config.CfgNode",
        "detectron2.config.CfgNode",
        "detectron2.config.config.CfgNode",
        "ml_collections.ConfigDict",
        "ml_collections.config_dict.ConfigDict",
        "ml_collections.FrozenConfigDict",
        "easydict.EasyDict",
        "addict.Dict",
        "attrdict.AttrDict",
        "omegaconf.OmegaConf.create",
    ]
)
_NODE_NAMES = frozenset(["CN", "CfgNode", "ConfigDict", "EasyDict", "edict", "AttrDict"])
_CONFIG_SUFFIXES = ("args", "config", "cfg", "flags", "params")


def _builds_node(ctx: CodeContext, value: cst.BaseExpression | None) -> bool:
    if not isinstance(value, cst.Call):
        return False
    d = dotted_name(value.func)
    if d is None:
        return False
    q = ctx.qualify(d)
    return (q is not None and q in NODE_CLASSES) or d.rsplit(".", 1)[-1] in _NODE_NAMES


def _display_settings(ctx: CodeContext, obj: cst.BaseExpression) -> bool:
    """A plotting library's own settings (matplotlib's ``rcParams``): they set how figures look,
    not what a model or its training does."""
    d = dotted_name(obj)
    if d is None:
        return False
    q = ctx.qualify(d) or d
    return q.rsplit(".", 1)[-1] in _DISPLAY_SETTINGS or q.split(".", 1)[0] in _PLOTTING


#: the settings objects of plotting libraries, and the libraries
_DISPLAY_SETTINGS = frozenset(["rcParams", "rcParamsDefault"])
_PLOTTING = frozenset(["matplotlib", "pylab", "seaborn", "plotly"])


def _chain_key(parts: list[str], roots: set[str]) -> list[str]:
    """The setting key of an attribute chain: the parts after its root object."""
    if parts[0] in roots:
        return parts[1:]
    for i, p in enumerate(parts[:-1]):
        if p in SETTING_OBJECTS or p.lower().endswith(_CONFIG_SUFFIXES):
            return parts[i + 1 :]
    return []


def read_assign(
    ctx: CodeContext,
    target: cst.BaseExpression,
    value: cst.BaseExpression | None,
    line: int,
    annotated: bool,
) -> bool:
    roots = ctx.config.roots
    if isinstance(target, cst.Name):
        # `_C = CN()` or `cfg = _C`: a name for a config node (the statement is read as usual)
        if _builds_node(ctx, value) or (isinstance(value, cst.Name) and value.value in roots):
            roots.add(target.value)
        return False
    if value is None:
        return False
    if isinstance(target, cst.Subscript):
        if _display_settings(ctx, target.value):
            return True  # `plt.rcParams["figure.dpi"] = 80`: how figures look, no setting
        key = setting_key(target)
        v = ctx.eval(value)
        if key is not None and v.state == LIT:
            ctx.add_setting(key, v, line, "attr", bools="none", detail=f"config entry `{key}`")
        return key is not None
    if not isinstance(target, cst.Attribute):
        return False
    chain = dotted_name(target)
    if chain is None:
        return False
    parts = chain.split(".")
    if parts[0] == "self" and len(parts) == 2:
        return False  # `self.lr = ...`: an attribute of an object, read by the visitor
    key = _chain_key(parts, roots)
    if not key:
        return False
    if _builds_node(ctx, value):
        return True  # `_C.MODEL = CN()`: a subtree
    v = ctx.eval(value)
    if v.state == LIT:
        ctx.add_setting(
            key[-1],
            v,
            line,
            "attr",
            key=".".join(key),
            bools="all" if parts[0] in roots else "none",
            detail=f"config entry `{'.'.join(key)}`",
        )
    return True


def read_call(ctx: CodeContext, node: cst.Call, dotted: str, line: int) -> bool:
    ctx.config.entry.yacs = True  # merge_from_file / merge_from_list
    return False


def read_yaml(ctx, key: str, value: yaml.Node, path: list[str], line: int) -> bool:
    """``_BASE_: "../Base-RCNN-FPN.yaml"`` at the top of a yacs (detectron2, fvcore) YAML."""
    if path:
        return False
    if isinstance(value, yaml.ScalarNode) and value.value:
        ctx.config.bases.append(ConfigBase(str(value.value), line, "yacs"))
    return True


SOURCE = Source(
    name="config_objects",
    layer="code",
    doc="config objects set by attribute: yacs `_C.SOLVER.BASE_LR = 0.01`, ml_collections, "
    "EasyDict, `cfg['lr'] = 0.1`; yacs `_BASE_:` in YAML",
    calls=("merge_from_file", "merge_from_list", "merge_from_other_cfg"),
    assigns=True,
    yaml_keys=("_BASE_",),
    read_call=read_call,
    read_assign=read_assign,
    read_yaml=read_yaml,
)
