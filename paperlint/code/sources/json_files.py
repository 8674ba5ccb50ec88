"""JSON config files: every key a setting at its ``file:line``, keyed by its path of keys.

JSON is YAML, so a JSON file is read by :mod:`paperlint.code.sources.yaml_files` (line marks,
no object construction). When PyYAML rejects a file that is valid JSON (tabs, some escapes),
:mod:`json` reads it and each key is placed at the line where it first appears.
"""

from __future__ import annotations

import json
import re

import yaml

from paperlint.code.imports import ImportTable
from paperlint.code.python import FileFacts
from paperlint.code.sources import Source
from paperlint.code.sources.yaml_files import YamlContext, add_setting, walk
from paperlint.errors import PaperlintError

_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


def read_file(text: str, path: str, module: str) -> FileFacts:
    facts = FileFacts(path=path, module=module, imports=ImportTable(module=module))
    facts.lines = text.count("\n") + 1
    facts.source_lines = text.splitlines()
    facts.config.is_config = True
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        try:
            data = json.loads(text)
        except ValueError as je:
            raise PaperlintError("E108", path, f"invalid JSON: {je}") from None
        _walk_json(data, text, facts)
        return facts
    except RecursionError:
        raise PaperlintError("E106", path) from None
    if node is not None:
        walk(node, YamlContext(facts))
    return facts


def _walk_json(data: object, text: str, facts: FileFacts) -> None:
    """JSON that PyYAML rejects: settings at the line where their key first appears."""
    lines_of: dict[str, list[int]] = {}
    for m in _KEY.finditer(text):
        lines_of.setdefault(m.group(1), []).append(text.count("\n", 0, m.start()) + 1)
    used: dict[str, int] = {}

    def walk_(obj: object, path: list[str], depth: int) -> None:
        if depth > 40:
            raise PaperlintError("E106", facts.path, "config nests too deeply")
        if isinstance(obj, dict):
            for k, v in obj.items():
                k = str(k)
                idx = used.get(k, 0)
                used[k] = idx + 1
                line = lines_of.get(k, [0])[min(idx, len(lines_of.get(k, [0])) - 1)]
                if isinstance(v, (dict, list)) and not (
                    isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v)
                ):
                    walk_(v, [*path, k], depth + 1)
                else:
                    add_setting(facts, k, v, line, path)
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                walk_(v, [*path, str(i)], depth + 1)

    walk_(data, [], 0)


SOURCE = Source(
    name="json",
    layer="config",
    doc="JSON config files: nested keys, each a setting at its line",
    read_file=read_file,
)
