"""Hydra: ``@hydra.main(config_path="conf", config_name="config")`` and ``defaults:`` lists.

An entry point decorated with ``hydra.main`` composes its config from ``config_path/
config_name.yaml``; that file's ``defaults:`` list selects one option of each config group
(``- optimizer: adamw`` reads ``conf/optimizer/adamw.yaml`` and mounts its keys under
``optimizer``). A selection is itself a choice at its line (``_self_`` and Hydra's own
``hydra/...`` groups are plumbing). Launch-time overrides (``lr=1e-4``, ``+x=1``,
``optimizer=sgd``) are read from the launcher's command by the effective configuration.
"""

from __future__ import annotations

import libcst as cst
import yaml

from paperlint.code.sources import Source
from paperlint.code.sources.base import CodeContext, ConfigBase, keyword, string_value

HYDRA_MAIN = frozenset(["hydra.main"])


def read_call(ctx: CodeContext, node: cst.Call, dotted: str, line: int) -> bool:
    q = ctx.qualify(dotted) or dotted
    if q not in HYDRA_MAIN:
        return False
    entry = ctx.config.entry
    entry.main = True
    path = keyword(node, "config_path")
    name = keyword(node, "config_name")
    positional = [a.value for a in node.args if a.keyword is None]
    if path is None and positional:
        path = positional[0]
    if name is None and len(positional) > 1:
        name = positional[1]
    entry.hydra_path = string_value(path) if path is not None else ""
    entry.hydra_name = string_value(name) if name is not None else ""
    return True


def read_yaml(ctx, key: str, value: yaml.Node, path: list[str], line: int) -> bool:
    if path or not isinstance(value, yaml.SequenceNode):
        return False
    for entry in value.value:
        if isinstance(entry, yaml.ScalarNode):
            name = str(entry.value)
            if name and name != "_self_":
                ctx.config.bases.append(ConfigBase(name, entry.start_mark.line + 1, "hydra"))
            continue
        if not isinstance(entry, yaml.MappingNode):
            continue
        for k, v in entry.value:
            if not (isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)):
                continue
            group = str(k.value).removeprefix("override ").strip()
            option = v.value
            if group.startswith("hydra") or option in (None, "", "null", "_self_"):
                continue
            k_line = k.start_mark.line + 1
            ctx.config.bases.append(ConfigBase(str(option), k_line, "hydra", group=group))
            ctx.add_setting(
                group.rsplit("/", 1)[-1],
                str(option),
                k_line,
                ["defaults"],
                detail=f"Hydra defaults: `{group}: {option}`",
            )
    return True


SOURCE = Source(
    name="hydra",
    layer="config",
    doc="Hydra: `@hydra.main(config_path, config_name)` and `defaults:` group selections",
    calls=("main",),
    yaml_keys=("defaults",),
    read_call=read_call,
    read_yaml=read_yaml,
)
