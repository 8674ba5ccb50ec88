"""scikit-learn searches: ``GridSearchCV(estimator, param_grid)``, ``RandomizedSearchCV(estimator,
param_distributions, n_iter=N)``, their halving variants, ``ParameterGrid`` and
``ParameterSampler`` (and scikit-optimize's ``BayesSearchCV``). A grid is a dict (or a list of
dicts) of lists; a distribution is ``loguniform(a, b)``, ``uniform(loc, scale)``, ``randint(a,
b)`` or skopt's ``Real``/``Integer``/``Categorical``. ``pipe__clf__C`` is the setting ``C``.
Selection is by cross-validation on the training data, scored by ``scoring``."""

from __future__ import annotations

import ast

from paperlint.trace.records import Search, Space
from paperlint.trace.source import (
    SourceFile,
    callee,
    grid_size,
    keyword,
    number,
    positive_int,
    space,
    text_of,
)

LANGUAGES = ("python",)
HINTS = ("SearchCV", "ParameterGrid", "ParameterSampler")
#: the searching callable → (its grid's keyword, the grid's position, grid or random)
SEARCHES: dict[str, tuple[str, int, str]] = {
    "GridSearchCV": ("param_grid", 1, "grid"),
    "HalvingGridSearchCV": ("param_grid", 1, "grid"),
    "RandomizedSearchCV": ("param_distributions", 1, "random"),
    "HalvingRandomSearchCV": ("param_distributions", 1, "random"),
    "BayesSearchCV": ("search_spaces", 1, "bayes"),
    "ParameterGrid": ("param_grid", 0, "grid"),
    "ParameterSampler": ("param_distributions", 0, "random"),
}


def read(src: SourceFile) -> list[Search]:
    out = []
    for call in src.calls():
        fn = callee(call).rpartition(".")[2]
        if fn not in SEARCHES:
            continue
        kw, pos, method = SEARCHES[fn]
        grid = keyword(call, kw, pos)
        if grid is None:
            continue
        spaces, configurations = _grid(src, grid)
        if not spaces:
            continue
        n_iter = positive_int(text_of(src, keyword(call, "n_iter", 2 if pos == 0 else None)))
        if method != "grid":
            configurations = n_iter or (10 if fn.startswith("Randomized") else 0)
        cv = text_of(src, keyword(call, "cv"))
        scoring = text_of(src, keyword(call, "scoring"))
        out.append(
            Search(
                id=f"sklearn:{src.path}:{call.lineno}",
                source="sklearn",
                file=src.path,
                line=call.lineno,
                method=method,
                spaces=tuple(spaces),
                configurations=configurations,
                budget=f"n_iter={n_iter}" if n_iter else "",
                metric=scoring or "cross-validation score",
                goal="maximize",
                detail=f"scikit-learn {fn}" + (f", cv={cv}" if cv else ""),
            )
        )
    return out


def _resolve(src: SourceFile, node: ast.AST, depth: int = 0) -> ast.AST:
    if isinstance(node, ast.Name) and depth < 5:
        target = src.assigned().get(node.id)
        if target is not None:
            return _resolve(src, target, depth + 1)
    return node


def _grid(src: SourceFile, node: ast.AST) -> tuple[list[Space], int]:
    """The spaces of a grid (a dict, or a list of dicts whose configurations add up)."""
    node = _resolve(src, node)
    if isinstance(node, (ast.List, ast.Tuple)):
        spaces, total = [], 0
        for item in node.elts:
            got, n = _grid(src, item)
            spaces.extend(got)
            total += n
        return _merge(spaces), total
    if not isinstance(node, ast.Dict):
        return [], 0
    spaces = []
    for k, v in zip(node.keys, node.values, strict=True):
        if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
            continue
        got = _value_space(src, k.value, _resolve(src, v))
        if got is not None:
            spaces.append(got)
    return spaces, grid_size(spaces)


def _merge(spaces: list[Space]) -> list[Space]:
    """One space per setting: the values of every sub-grid that lists it."""
    by: dict[str, Space] = {}
    for s in spaces:
        if s.name in by and not s.is_range and not by[s.name].is_range:
            old = by[s.name]
            values = tuple(dict.fromkeys((*old.values, *s.values)))
            by[s.name] = Space(**{**old.__dict__, "values": values})
        else:
            by.setdefault(s.name, s)
    return list(by.values())


def _value_space(src: SourceFile, name: str, value: ast.AST) -> Space | None:
    line = getattr(value, "lineno", 0)
    if isinstance(value, ast.Call):
        fn = callee(value).rpartition(".")[2]
        args = [text_of(src, a) for a in value.args]
        if fn in ("loguniform", "reciprocal") and len(args) >= 2:
            return space(name, "log_uniform", src.path, line, low=args[0], high=args[1])
        if fn == "uniform" and len(args) >= 2:  # scipy: uniform(loc, scale) is [loc, loc+scale]
            lo, scale = number(args[0]), number(args[1])
            hi = f"{lo + scale:g}" if lo is not None and scale is not None else ""
            return space(name, "uniform", src.path, line, low=args[0], high=hi)
        if fn == "randint" and len(args) >= 2:
            return space(name, "int", src.path, line, low=args[0], high=args[1])
        if fn in ("Real", "Integer") and len(args) >= 2:
            prior = text_of(src, keyword(value, "prior", 2))
            dist = "int" if fn == "Integer" else "uniform"
            if "log" in prior:
                dist = "log_" + ("int" if fn == "Integer" else "uniform")
            return space(name, dist, src.path, line, low=args[0], high=args[1])
        if fn == "Categorical" and value.args:
            value = value.args[0]
        else:
            return None
    lit = src.literal(value)
    if lit is None or not lit.is_list:
        return None
    vals = tuple(v.text if v.is_scalar else "?" for v in lit.value)
    return space(name, "values", src.path, line, values=vals)
