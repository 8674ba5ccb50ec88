"""Settings in YAML and JSON config files, each at its ``file:line``.

YAML is read with ``yaml.compose`` on the safe loader: a node graph with line marks and no object
construction (no tags are ever resolved to Python objects). JSON is read the same way, since
JSON is YAML; when PyYAML rejects a JSON file, :mod:`json` validates it and keys are located by
scanning. Hydra ``_target_`` entries name a callable: the siblings are read as its arguments.
"""

from __future__ import annotations

import json
import re

import yaml

from paperlint.code import settings as setting_names
from paperlint.code.imports import canonical
from paperlint.code.python import (
    _REFERENCE_KINDS,
    FileFacts,
    Item,
    _is_setting_value,
    concept_of_string,
)
from paperlint.code.signatures import table
from paperlint.code.values import LIT, Val, lit
from paperlint.errors import PaperlintError

_MAX_NODES = 50_000
_MAX_DEPTH = 40


def analyze_config(text: str, path: str, module: str, language: str) -> FileFacts:
    from paperlint.code.imports import ImportTable

    facts = FileFacts(path=path, module=module, imports=ImportTable(module=module))
    facts.lines = text.count("\n") + 1
    facts.source_lines = text.splitlines()
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        if language == "json":
            try:
                data = json.loads(text)
            except ValueError as je:
                raise PaperlintError("E108", path, f"invalid JSON: {je}") from None
            _walk_json(data, text, facts)
            return facts
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise PaperlintError("E108", path, f"invalid YAML{where}") from None
    except RecursionError:
        raise PaperlintError("E106", path) from None
    if node is not None:
        counter = [0]
        _walk_node(node, [], facts, counter, 0)
    return facts


def _scalar(node: yaml.ScalarNode) -> object:
    if node.tag.endswith((":int", ":float", ":bool", ":null")) or node.style is None:
        try:
            return yaml.safe_load(node.value) if node.value not in ("",) else None
        except yaml.YAMLError:
            return node.value
    return node.value


def _walk_node(
    node: yaml.Node, path: list[str], facts: FileFacts, counter: list[int], depth: int
) -> None:
    counter[0] += 1
    if counter[0] > _MAX_NODES or depth > _MAX_DEPTH:
        raise PaperlintError("E106", facts.path, "config nests too deeply or is too large")
    if isinstance(node, yaml.MappingNode):
        pairs = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
        target = next(
            (
                _scalar(v)
                for k, v in pairs
                if k.value == "_target_" and isinstance(v, yaml.ScalarNode)
            ),
            None,
        )
        spec = table().get(canonical(str(target))) if isinstance(target, str) else None
        for k, v in pairs:
            key = str(k.value)
            line = k.start_mark.line + 1
            if isinstance(v, yaml.ScalarNode):
                value = _scalar(v)
                if key == "_target_":
                    if spec is not None and spec.kind:
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
                            )
                        )
                    continue
                if isinstance(value, str) and "${" in value:
                    continue  # an interpolation: reported where the value it names is written
                if spec is not None and spec.param(key) is not None:
                    kind = spec.arg_kinds.get(key, "other")
                    concept = (
                        kind
                        if kind
                        in (
                            "learning_rate",
                            "weight_decay",
                            "momentum",
                            "dropout",
                            "kernel_size",
                            "depth",
                            "heads",
                        )
                        else f"{spec.concept}.{key}"
                    )
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
                        )
                    )
                    continue
                _setting(facts, key, value, line, path)
            elif key == "defaults" and isinstance(v, yaml.SequenceNode) and not path:
                _hydra_defaults(v, facts)
            elif isinstance(v, yaml.SequenceNode) and all(
                isinstance(x, yaml.ScalarNode) for x in v.value
            ):
                values = [_scalar(x) for x in v.value]
                _setting(facts, key, values, line, path)
            else:
                _walk_node(v, [*path, key], facts, counter, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk_node(v, [*path, str(i)], facts, counter, depth + 1)


def _hydra_defaults(node: yaml.SequenceNode, facts: FileFacts) -> None:
    """Hydra's ``defaults:`` list: ``- optimizer: adamw`` selects a config group's option, a
    choice at that line (``_self_`` and ``hydra/...`` entries are plumbing)."""
    for entry in node.value:
        if not isinstance(entry, yaml.MappingNode):
            continue
        for k, v in entry.value:
            if not (isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)):
                continue
            group = str(k.value)
            group = group.removeprefix("override ").strip()
            if group.startswith("hydra") or v.value in (None, "", "null", "_self_"):
                continue
            _setting(
                facts,
                group.rsplit("/", 1)[-1],
                str(v.value),
                k.start_mark.line + 1,
                ["defaults"],
                detail=f"Hydra defaults: `{group}: {v.value}`",
            )


def _setting(
    facts: FileFacts, key: str, value: object, line: int, path: list[str], detail: str = ""
) -> None:
    kind = setting_names.classify(".".join([*path, key]), value)
    if kind is None or not _is_setting_value(value):
        return  # plumbing (paths, devices, seeds) or not a value a paper would state
    if isinstance(value, str) and "${" in value:
        return  # an interpolation: the value it points to is reported where it is written
    concept = kind.concept
    if isinstance(value, str) and kind.kind in _REFERENCE_KINDS:
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
        )
    )


_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


def _walk_json(data: object, text: str, facts: FileFacts) -> None:
    """Fallback for JSON PyYAML rejects: settings at the line where their key first appears."""
    lines_of: dict[str, list[int]] = {}
    for m in _KEY.finditer(text):
        lines_of.setdefault(m.group(1), []).append(text.count("\n", 0, m.start()) + 1)
    used: dict[str, int] = {}

    def walk(obj: object, path: list[str]) -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                k = str(k)
                idx = used.get(k, 0)
                used[k] = idx + 1
                line = lines_of.get(k, [0])[min(idx, len(lines_of.get(k, [0])) - 1)]
                if isinstance(v, (dict, list)) and not (
                    isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v)
                ):
                    walk(v, [*path, k])
                else:
                    _setting(facts, k, v, line, path)
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                walk(v, [*path, str(i)])

    walk(data, [])
