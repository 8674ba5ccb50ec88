"""Configs that name what they build: Hydra ``_target_: torch.optim.SGD`` with its arguments as
siblings, OmegaConf / Lightning ``target: ldm.models.LatentDiffusion`` with them under
``params:``.

When the signature tables know the callable, its use is a choice (an SGD optimizer) and each
argument is read as that argument (``lr`` of SGD is a learning rate); either way the config
remembers which callable its keys are arguments of.
"""

from __future__ import annotations

import re

import yaml

from paperlint.code.sources import Source
from paperlint.code.sources.yaml_files import component, known_callable, scalar

_DOTTED = re.compile(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+")


def read_yaml(ctx, key: str, value: yaml.Node, path: list[str], line: int) -> bool:
    if not isinstance(value, yaml.ScalarNode):
        return False
    target = scalar(value)
    if key == "target" and not (isinstance(target, str) and _DOTTED.fullmatch(target)):
        return False  # `target: 0.5` is a setting called target
    if not isinstance(target, str):
        return key == "_target_"
    spec = known_callable(target)
    if spec is not None:
        component(ctx.facts, spec, target, line, path)
    ctx.target = spec
    ctx.target_params = key == "target"
    args = ".".join([*path, "params"] if key == "target" else path)
    ctx.config.targets.append((args, target, line))
    return True


SOURCE = Source(
    name="instantiate",
    layer="config",
    doc="configs that name a callable: Hydra `_target_:`, OmegaConf/Lightning `target:`+`params:`",
    yaml_keys=("_target_", "target"),
    read_yaml=read_yaml,
)
