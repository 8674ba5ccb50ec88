"""gin-config bindings: ``train.learning_rate = 0.001`` is a setting at its line, keyed by the
binding (``train.learning_rate``); ``train.optimizer = @tf.train.AdamOptimizer`` chooses a
configurable by reference."""

from __future__ import annotations

import ast
import re

from paperlint.code.imports import ImportTable
from paperlint.code.python import FileFacts, Item
from paperlint.code.sources import Source
from paperlint.code.sources.base import classify_setting, is_setting_value
from paperlint.code.values import LIT, Val

_BINDING = re.compile(r"^\s*([A-Za-z_][\w./]*)\s*=\s*(.+?)\s*(#.*)?$")


def read_file(text: str, display: str, module: str) -> FileFacts:
    facts = FileFacts(path=display, module=module, imports=ImportTable(module=module))
    facts.config.is_config = True
    facts.source_lines = text.splitlines()
    facts.lines = len(facts.source_lines)
    for n, line in enumerate(facts.source_lines, start=1):
        m = _BINDING.match(line)
        if not m:
            continue
        name = m.group(1).rsplit(".", 1)[-1].rsplit("/", 1)[-1]
        raw = m.group(2).strip()
        if raw.startswith("@"):
            _reference(facts, n, m.group(1), name, raw)
            continue
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError, RecursionError):
            continue
        kind = classify_setting(m.group(1).replace("/", "."), value)
        if kind is None or not is_setting_value(value):
            continue
        facts.items.append(
            Item(
                kind.kind,
                kind.concept,
                Val(LIT, value, m.group(2), line=n),
                n,
                "",
                "config",
                symbol=m.group(1),
                param=name,
                framework="gin",
                detail=f"gin binding `{m.group(1)}`",
                key=m.group(1).replace("/", "."),
                origin="gin",
            )
        )
    return facts


def _reference(facts: FileFacts, line: int, binding: str, name: str, raw: str) -> None:
    """``train.optimizer = @tf.train.AdamOptimizer``: a configurable chosen by reference."""
    from paperlint.code.imports import canonical
    from paperlint.code.signatures import table

    target = raw[1:].rstrip("()").strip()
    spec = table().get(canonical(target))
    kind = classify_setting(binding.replace("/", "."))
    if spec is not None and spec.kind:
        k, concept = spec.kind, spec.concept
    elif kind is not None and kind.kind != "other":
        k, concept = kind.kind, kind.concept
    else:
        return
    short = target.rsplit(".", 1)[-1].rsplit("/", 1)[-1]
    facts.items.append(
        Item(
            k,
            concept,
            Val(LIT, short, short, line=line),
            line,
            "",
            "config",
            symbol=spec.qualname if spec else target,
            param=name,
            framework="gin",
            detail=f"gin binding `{binding} = {raw}`",
            key=binding.replace("/", "."),
            origin="gin",
        )
    )


SOURCE = Source(
    name="gin",
    layer="config",
    doc="gin-config bindings: `train.learning_rate = 0.001`, `train.optimizer = @Adam`",
    read_file=read_file,
)
