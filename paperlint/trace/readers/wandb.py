"""Weights & Biases sweeps: a YAML file (or the dict a script gives ``wandb.sweep``) with a
``method`` and ``parameters``, each parameter a list of ``values``, a ``min``/``max`` range
with a ``distribution``, or nested ``parameters``; ``metric`` names what selects the winner and
``run_cap`` (or ``wandb.agent(..., count=N)``) bounds the number of runs."""

from __future__ import annotations

import ast
import math

from paperlint.trace.records import Search, Space
from paperlint.trace.source import Node, SourceFile, grid_size, number, positive_int, space

LANGUAGES = ("yaml", "json", "python")
HINTS = ("parameters",)
METHODS = frozenset({"grid", "random", "bayes"})
#: W&B distribution → the trace's; the ``log_uniform`` / ``q_log_uniform`` bounds are exponents
DISTRIBUTIONS = {
    "uniform": "uniform",
    "q_uniform": "uniform",
    "int_uniform": "int",
    "log_uniform_values": "log_uniform",
    "q_log_uniform_values": "log_uniform",
    "inv_log_uniform_values": "log_uniform",
    "log_uniform": "log_uniform",
    "q_log_uniform": "log_uniform",
    "normal": "normal",
    "q_normal": "normal",
    "log_normal": "normal",
    "q_log_normal": "normal",
    "beta": "beta",
    "q_beta": "beta",
}


def read(src: SourceFile) -> list[Search]:
    if src.language == "python":
        return _read_python(src)
    out = []
    for doc in src.yaml_documents():
        if _is_sweep(doc):
            out.append(sweep(doc, src.path))
    return [s for s in out if s.spaces]


def _is_sweep(doc: Node) -> bool:
    params = doc.get("parameters")
    if params is None or not params.is_map:
        return False
    method = doc.get("method")
    marks = ("program", "command", "metric", "early_terminate", "run_cap")
    return (method is not None and method.text in METHODS) or any(doc.get(k) for k in marks)


def sweep(doc: Node, file: str, count: int = 0) -> Search:
    """The search one sweep definition describes."""
    method = doc.get("method")
    params = doc.get("parameters")
    spaces: list[Space] = []
    if params is not None:
        _parameters(params, "", file, spaces)
    how = method.text if method is not None else ""
    cap = doc.get("run_cap")
    run_cap = positive_int(cap.text) if cap is not None else 0
    configurations = grid_size(spaces) if how == "grid" else 0
    if run_cap:
        configurations = min(configurations, run_cap) if configurations else run_cap
    elif count and not configurations:
        configurations = count
    metric = doc.get("metric")
    name = metric.get("name") if metric is not None else None
    goal = metric.get("goal") if metric is not None else None
    return Search(
        id=f"wandb:{file}:{doc.line}",
        source="wandb",
        file=file,
        line=(method.at if method is not None else params.at if params else doc.line),
        method=how,
        spaces=tuple(spaces),
        configurations=configurations,
        budget=f"run_cap: {run_cap}" if run_cap else (f"count={count}" if count else ""),
        metric=name.text if name is not None else "",
        goal=goal.text if goal is not None else "",
        detail="W&B sweep",
    )


def _parameters(params: Node, prefix: str, file: str, out: list[Space]) -> None:
    for name, spec in params.items():
        full = f"{prefix}{name}"
        if not spec.is_map:
            continue
        nested = spec.get("parameters")
        if nested is not None and nested.is_map:
            _parameters(nested, f"{full}.", file, out)
            continue
        values = spec.get("values")
        if values is not None and values.is_list:
            listed = tuple(v.text if v.is_scalar else str(v.plain()) for v in values.value)
            got = space(full, "values", file, spec.at, values=listed)
        elif spec.get("min") is not None and spec.get("max") is not None:
            low, high = spec.get("min"), spec.get("max")
            assert low is not None and high is not None
            dist = spec.get("distribution")
            given = dist.text if dist is not None else ""
            if not given:  # W&B infers it from the bounds' types
                ints = all("." not in b.text and "e" not in b.text.lower() for b in (low, high))
                given = "int_uniform" if ints else "uniform"
            lo, hi = low.text, high.text
            if given in ("log_uniform", "q_log_uniform"):  # bounds are natural-log exponents
                lo, hi = _exp(lo), _exp(hi)
            q = spec.get("q")
            got = space(
                full,
                DISTRIBUTIONS.get(given, given),
                file,
                spec.at,
                low=lo,
                high=hi,
                step=q.text if q is not None else "",
            )
        elif spec.get("mu") is not None:
            mu, sigma = spec.get("mu"), spec.get("sigma")
            got = space(
                full, "normal", file, spec.at, low=mu.text, high=sigma.text if sigma else ""
            )  # type: ignore[union-attr]
        else:
            continue  # `value:` pins it: not searched
        if got is not None:
            out.append(got)


def _exp(text: str) -> str:
    n = number(text)
    if n is None or abs(n) > 700:
        return f"exp({text})"
    return f"{math.exp(n):.3g}"


def _read_python(src: SourceFile) -> list[Search]:
    """``wandb.sweep(config)`` and dicts with ``method`` + ``parameters`` built in a script."""
    count = 0
    for call in src.calls():
        if isinstance(call.func, ast.Attribute) and call.func.attr == "agent":
            for kw in call.keywords:
                if kw.arg == "count":
                    count = positive_int(src.segment(kw.value))
    found: dict[int, Search] = {}
    candidates: list[ast.AST] = []
    for call in src.calls():
        if isinstance(call.func, ast.Attribute) and call.func.attr == "sweep" and call.args:
            candidates.append(call.args[0])
    tree = src.python()
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Dict) and any(
            isinstance(k, ast.Constant) and k.value == "method" for k in node.keys
        ):
            candidates.append(node)
    for node in candidates:
        doc = src.literal(node)
        if doc is None or not doc.is_map or not _is_sweep(doc):
            continue
        s = sweep(doc, src.path, count)
        if s.spaces:
            found.setdefault(doc.line, s)
    return list(found.values())
