"""YAML config files: every key a setting at its ``file:line``, keyed by its path of keys.

Read with ``yaml.compose`` on the safe loader: a node graph with line marks and no object
construction (no tag is ever resolved to a Python object). Keys some other source reads — yacs
``_BASE_``, mmcv ``_base_``, Hydra ``defaults``, a ``_target_``/``target`` naming a callable —
are handed to that source first (the registry's ``yaml_keys``); a key whose value is an
interpolation (``${model.lr}``) is reported where the value it names is written.
"""

from __future__ import annotations

import re

import yaml

from paperlint.code.imports import ImportTable, canonical
from paperlint.code.python import FileFacts, Item, concept_of_string
from paperlint.code.signatures import Callable_, table
from paperlint.code.sources import Source, yaml_readers
from paperlint.code.sources.base import (
    REFERENCE_KINDS,
    ConfigFacts,
    classify_setting,
    is_setting_value,
)
from paperlint.code.values import LIT, Val, lit
from paperlint.errors import PaperlintError

_MAX_NODES = 50_000
_MAX_DEPTH = 40
#: argument kinds whose concept is the kind itself (``lr`` of any optimizer is a learning rate)
_PLAIN_KINDS = frozenset(
    ["learning_rate", "weight_decay", "momentum", "dropout", "kernel_size", "depth", "heads"]
)


class YamlContext:
    """What a source's YAML hook may use while a file is read."""

    def __init__(self, facts: FileFacts) -> None:
        self.facts = facts
        #: the callable the current mapping's keys are arguments of (set by a hook), and
        #: whether they are its siblings (``_target_``) or under ``params`` (OmegaConf)
        self.target: Callable_ | None = None
        self.target_params = False

    @property
    def config(self) -> ConfigFacts:
        return self.facts.config

    def add_setting(
        self, key: str, value: object, line: int, path: list[str], detail: str = ""
    ) -> None:
        add_setting(self.facts, key, value, line, path, detail)

    def add(self, item: Item) -> None:
        self.facts.items.append(item)


def read_file(text: str, path: str, module: str, language: str = "yaml") -> FileFacts:
    facts = FileFacts(path=path, module=module, imports=ImportTable(module=module))
    facts.lines = text.count("\n") + 1
    facts.source_lines = text.splitlines()
    facts.config.is_config = True
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise PaperlintError("E108", path, f"invalid YAML{where}") from None
    except RecursionError:
        raise PaperlintError("E106", path) from None
    if node is not None:
        walk(node, YamlContext(facts))
    return facts


def walk(node: yaml.Node, ctx: YamlContext) -> None:
    _walk_node(node, [], ctx, [0], 0)


def scalar(node: yaml.ScalarNode) -> object:
    if node.tag.endswith((":int", ":float", ":bool", ":null")) or node.style is None:
        return _plain(node.value) if node.value not in ("",) else None
    return node.value


def _plain(text: str) -> object:
    """A plain scalar's value, as ``yaml.safe_load`` reads its text: remembered for the values
    that cannot change (a config repeats ``true``, ``0.1`` and ``none`` everywhere)."""
    got = _PLAIN.get(text, _PLAIN)
    if got is not _PLAIN:
        return got
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        value = text
    if (value is None or type(value) in (bool, int, float, str)) and len(_PLAIN) < 65_536:
        _PLAIN[text] = value
    return value


_PLAIN: dict[str, object] = {}


#: a class named with its module (``models.recurrent@Model``, ``pkg.mod:Class``)
_CLASS_REF = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*[@:][A-Za-z_]\w*")


def _walk_node(
    node: yaml.Node, path: list[str], ctx: YamlContext, counter: list[int], depth: int
) -> None:
    facts = ctx.facts
    counter[0] += 1
    if counter[0] > _MAX_NODES or depth > _MAX_DEPTH:
        raise PaperlintError("E106", facts.path, "config nests too deeply or is too large")
    if isinstance(node, yaml.MappingNode):
        pairs = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
        outer = (ctx.target, ctx.target_params)
        inherited = ctx.target if ctx.target_params and path and path[-1] == "params" else None
        ctx.target, ctx.target_params = inherited, False
        hooks = yaml_readers()
        handled: set[int] = set()
        for i, (k, v) in enumerate(pairs):
            reader = hooks.get(str(k.value))
            if reader is not None and reader.read_yaml(
                ctx, str(k.value), v, path, k.start_mark.line + 1
            ):
                handled.add(i)
        spec = ctx.target
        siblings = spec is not None and not ctx.target_params
        for i, (k, v) in enumerate(pairs):
            if i in handled:
                continue
            key = str(k.value)
            line = k.start_mark.line + 1
            if isinstance(v, yaml.ScalarNode):
                value = scalar(v)
                if isinstance(value, str) and "${" in value:
                    continue  # an interpolation: reported where the value it names is written
                if isinstance(value, str) and _CLASS_REF.fullmatch(value):
                    # `name: models.recurrent@Model`: the class the code loads by this name
                    facts.config.selects.append((".".join([*path, key]), value, line))
                if siblings and spec is not None and spec.param(key) is not None:
                    _argument(facts, spec, key, value, line, path)
                    continue
                add_setting(facts, key, value, line, path)
            elif isinstance(v, yaml.SequenceNode) and all(
                isinstance(x, yaml.ScalarNode) for x in v.value
            ):
                values = [scalar(x) for x in v.value]
                add_setting(facts, key, values, line, path)
            else:
                _walk_node(v, [*path, key], ctx, counter, depth + 1)
        ctx.target, ctx.target_params = outer
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk_node(v, [*path, str(i)], ctx, counter, depth + 1)


def _argument(
    facts: FileFacts, spec: Callable_, key: str, value: object, line: int, path: list[str]
) -> None:
    """A key of a mapping that instantiates a known library callable: that argument."""
    kind = spec.arg_kinds.get(key, "other")
    concept = kind if kind in _PLAIN_KINDS else f"{spec.concept}.{key}"
    facts.items.append(
        Item(
            kind,
            concept,
            Val(LIT, value, repr(value), line=line),
            line,
            "",
            "config",
            symbol=spec.qualname,
            param=key,
            framework="config",
            detail=f"{'.'.join([*path, key])}",
            key=".".join([*path, key]),
            origin=SOURCE.name,
        )
    )


def component(facts: FileFacts, spec: Callable_, target: str, line: int, path: list[str]) -> None:
    """The component a ``_target_`` names, when the signature tables know it."""
    if not spec.kind:
        return
    short = spec.qualname.rsplit(".", 1)[-1]
    facts.items.append(
        Item(
            spec.kind,
            spec.concept,
            lit(short),
            line,
            "",
            "config",
            symbol=spec.qualname,
            framework="config",
            detail=f"_target_: {target}",
            display=short,
            key=".".join([*path, "_target_"]),
            origin=SOURCE.name,
        )
    )


def known_callable(target: object) -> Callable_ | None:
    return table().get(canonical(str(target))) if isinstance(target, str) else None


def add_setting(
    facts: FileFacts, key: str, value: object, line: int, path: list[str], detail: str = ""
) -> None:
    """A config key with a literal value, if its name is a setting's (not plumbing)."""
    kind = classify_setting(".".join([*path, key]), value)
    if isinstance(value, str) and "${" in value:
        return  # an interpolation: the value it points to is reported where it is written
    if kind is None or not is_setting_value(value):
        if kind is None and is_setting_value(value):
            # plumbing or a switch (``BOX_ONLY: True``): no choice, but a value the code's
            # conditions may test
            facts.config.switches.append(
                Item(
                    "switch",
                    "",
                    Val(LIT, value, repr(value), line=line),
                    line,
                    "",
                    "config",
                    symbol=key,
                    param=key,
                    key=".".join([*path, key]),
                    origin=SOURCE.name,
                )
            )
        return  # plumbing (paths, devices, seeds) or not a value a paper would state
    concept = kind.concept
    if isinstance(value, str) and kind.kind in REFERENCE_KINDS:
        concept = concept_of_string(value, kind.kind) or concept
    if isinstance(value, list):
        value = list(value)
    facts.items.append(
        Item(
            kind.kind,
            concept,
            Val(LIT, value, repr(value), line=line),
            line,
            "",
            "config",
            symbol=key,
            param=key,
            framework="config",
            detail=detail or f"config key `{'.'.join([*path, key])}`",
            key=".".join([*path, key]),
            origin=SOURCE.name,
        )
    )


SOURCE = Source(
    name="yaml",
    layer="config",
    doc="YAML config files: nested keys, each a setting at its line",
    read_file=read_file,
)
