"""NNI search spaces: ``{"lr": {"_type": "loguniform", "_value": [1e-4, 0.1]}, ...}`` in a
``search_space.json``, under ``searchSpace:`` of an experiment config (with
``maxTrialNumber``), or as a dict in a script."""

from __future__ import annotations

import ast

from paperlint.trace.records import Search, Space
from paperlint.trace.source import Node, SourceFile, grid_size, positive_int, space

LANGUAGES = ("yaml", "json", "python")
HINTS = ("_type",)
#: NNI type → (distribution, positions of low, high and step in _value)
TYPES: dict[str, tuple[str, int, int, int]] = {
    "randint": ("int", 0, 1, -1),
    "uniform": ("uniform", 0, 1, -1),
    "quniform": ("uniform", 0, 1, 2),
    "loguniform": ("log_uniform", 0, 1, -1),
    "qloguniform": ("log_uniform", 0, 1, 2),
    "normal": ("normal", 0, 1, -1),
    "qnormal": ("normal", 0, 1, 2),
    "lognormal": ("normal", 0, 1, -1),
    "qlognormal": ("normal", 0, 1, 2),
}
_TRIALS = ("maxTrialNumber", "max_trial_number", "maxTrialNum", "max_trial_num")


def _is_space(node: Node) -> bool:
    entries = list(node.items())
    return bool(entries) and all(v.is_map and v.get("_type") is not None for _, v in entries)


def read(src: SourceFile) -> list[Search]:
    out = []
    if src.language == "python":
        tree = src.python()
        for n in ast.walk(tree) if tree is not None else ():
            if isinstance(n, ast.Dict) and n.keys:
                lit = src.literal(n)
                if lit is not None and lit.is_map and _is_space(lit):
                    out.append(_search(lit, src.path, 0))
        return [s for s in out if s.spaces]
    for doc in src.yaml_documents():
        if not doc.is_map:
            continue
        trials = next((doc.get(k) for k in _TRIALS if doc.get(k) is not None), None)
        n = positive_int(trials.text) if trials is not None else 0
        for holder in (doc, doc.get("searchSpace"), doc.get("search_space")):
            if holder is not None and holder.is_map and _is_space(holder):
                out.append(_search(holder, src.path, n))
    return [s for s in out if s.spaces]


def _search(node: Node, file: str, trials: int) -> Search:
    spaces: list[Space] = []
    for name, spec in node.items():
        kind = spec.get("_type")
        value = spec.get("_value")
        if kind is None or value is None or not value.is_list:
            continue
        items = [v.text if v.is_scalar else "?" for v in value.value]
        if kind.text == "choice":
            got = space(name, "values", file, spec.at, values=tuple(items))
        elif kind.text in TYPES:
            dist, lo, hi, q = TYPES[kind.text]
            if len(items) <= hi:
                continue
            step = items[q] if 0 <= q < len(items) else ""
            got = space(name, dist, file, spec.at, low=items[lo], high=items[hi], step=step)
        else:
            continue
        if got is not None:
            spaces.append(got)
    grid = grid_size(spaces)
    return Search(
        id=f"nni:{file}:{node.at}",
        source="nni",
        file=file,
        line=node.at,
        method="",
        spaces=tuple(spaces),
        configurations=trials or grid,
        budget=f"maxTrialNumber: {trials}" if trials else "",
        detail="NNI search space",
    )
