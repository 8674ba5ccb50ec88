"""Hyperopt: ``hp.choice``, ``hp.uniform``, ``hp.quniform``, ``hp.loguniform`` (whose bounds are
natural logs: ``np.log(1e-5)`` is read as ``1e-5``), ``hp.randint``, ``hp.normal`` in a search
space, bounded by ``fmin(..., max_evals=N)``."""

from __future__ import annotations

import ast
import math

from paperlint.trace.records import Search, Space
from paperlint.trace.source import (
    SourceFile,
    callee,
    keyword,
    number,
    positive_int,
    space,
    text_of,
)

LANGUAGES = ("python",)
HINTS = ("hyperopt",)
#: hp.<fn> → (distribution, bounds are logs)
FUNCTIONS: dict[str, tuple[str, bool]] = {
    "uniform": ("uniform", False),
    "quniform": ("uniform", False),
    "uniformint": ("int", False),
    "loguniform": ("log_uniform", True),
    "qloguniform": ("log_uniform", True),
    "normal": ("normal", False),
    "qnormal": ("normal", False),
    "lognormal": ("normal", False),
    "randint": ("int", False),
}


def read(src: SourceFile) -> list[Search]:
    if not src.imports("hyperopt"):
        return []
    spaces: dict[str, Space] = {}
    evals, first = 0, 0
    for call in src.calls():
        name = callee(call)
        head, _, fn = name.rpartition(".")
        if name.endswith("fmin"):
            evals = evals or positive_int(text_of(src, keyword(call, "max_evals", 3)))
            continue
        if head.rpartition(".")[2] != "hp":
            continue
        got = _hp(src, call, fn)
        if got is not None:
            spaces.setdefault(got.name, got)
            first = first or call.lineno
    if not spaces:
        return []
    return [
        Search(
            id=f"hyperopt:{src.path}:{first}",
            source="hyperopt",
            file=src.path,
            line=first,
            method="tpe",
            spaces=tuple(spaces.values()),
            configurations=evals,
            budget=f"max_evals={evals}" if evals else "",
            detail="Hyperopt fmin",
        )
    ]


def _bound(src: SourceFile, node: ast.AST | None, logs: bool) -> str:
    if node is None:
        return ""
    if logs and isinstance(node, ast.Call) and callee(node).rpartition(".")[2] == "log":
        return src.segment(node.args[0]) if node.args else ""
    text = text_of(src, node)
    if logs:
        n = number(text)
        return f"{math.exp(n):.3g}" if n is not None and abs(n) < 700 else ""
    return text


def _hp(src: SourceFile, call: ast.Call, fn: str) -> Space | None:
    label = text_of(src, keyword(call, "label", 0))
    if not label:
        return None
    if fn in ("choice", "pchoice"):
        arg = keyword(call, "options", 1)
        lit = src.literal(arg) if arg is not None else None
        if lit is None or not lit.is_list:
            return None
        if fn == "pchoice":  # [(probability, value), ...]
            vals = tuple(v.value[1].text for v in lit.value if v.is_list and len(v.value) == 2)
        else:
            vals = tuple(v.text if v.is_scalar else "?" for v in lit.value)
        return space(label, "values", src.path, call.lineno, values=vals)
    if fn not in FUNCTIONS:
        return None
    dist, logs = FUNCTIONS[fn]
    if fn == "randint" and len(call.args) == 2:  # randint(label, upper)
        return space(label, "int", src.path, call.lineno, low="0", high=text_of(src, call.args[1]))
    low = _bound(src, keyword(call, "low", 1), logs)
    high = _bound(src, keyword(call, "high", 2), logs)
    if not (low and high):
        return None
    step = text_of(src, keyword(call, "q", 3)) if fn.startswith("q") else ""
    return space(label, dist, src.path, call.lineno, low=low, high=high, step=step)
