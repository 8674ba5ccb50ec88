"""Optuna: ``trial.suggest_float/int/categorical`` (and the older ``suggest_uniform``,
``suggest_loguniform``, ``suggest_discrete_uniform``) in an objective, bounded by
``study.optimize(objective, n_trials=N)``; ``create_study(direction=...)`` gives the goal."""

from __future__ import annotations

import ast

from paperlint.trace.records import Search, Space
from paperlint.trace.source import SourceFile, keyword, positive_int, space, text_of

LANGUAGES = ("python",)
HINTS = ("suggest_",)


def read(src: SourceFile) -> list[Search]:
    spaces: list[Space] = []
    trials, direction, first = 0, "", 0
    for call in src.calls():
        if not isinstance(call.func, ast.Attribute):
            continue
        method = call.func.attr
        if method.startswith("suggest_"):
            got = _suggest(src, call, method)
            if got is not None:
                spaces.append(got)
                first = first or call.lineno
        elif method == "optimize":
            trials = trials or positive_int(text_of(src, keyword(call, "n_trials", 2)))
        elif method == "create_study":
            direction = direction or text_of(src, keyword(call, "direction"))
    if not spaces:
        return []
    # one value per name: an objective that suggests "lr" in two branches searches it once
    by_name: dict[str, Space] = {}
    for s in spaces:
        by_name.setdefault(s.name, s)
    return [
        Search(
            id=f"optuna:{src.path}:{first}",
            source="optuna",
            file=src.path,
            line=first,
            method="tpe",
            spaces=tuple(by_name.values()),
            configurations=trials,
            budget=f"n_trials={trials}" if trials else "",
            goal=direction,
            detail="Optuna study",
        )
    ]


def _suggest(src: SourceFile, call: ast.Call, method: str) -> Space | None:
    name = text_of(src, keyword(call, "name", 0))
    if not name:
        return None
    line = call.lineno
    if method == "suggest_categorical":
        choices = keyword(call, "choices", 1)
        lit = src.literal(choices) if choices is not None else None
        if lit is None or not lit.is_list:
            return None
        values = tuple(v.text if v.is_scalar else "?" for v in lit.value)
        return space(name, "values", src.path, line, values=values)
    low = text_of(src, keyword(call, "low", 1))
    high = text_of(src, keyword(call, "high", 2))
    if not (low and high):
        return None
    if method == "suggest_loguniform":
        return space(name, "log_uniform", src.path, line, low=low, high=high)
    if method == "suggest_discrete_uniform":
        q = text_of(src, keyword(call, "q", 3))
        return space(name, "uniform", src.path, line, low=low, high=high, step=q)
    log = text_of(src, keyword(call, "log")).lower() == "true"
    step = text_of(src, keyword(call, "step", 3 if method == "suggest_int" else None))
    if method == "suggest_int":
        dist = "log_int" if log else "int"
    else:
        dist = "log_uniform" if log else "uniform"
    return space(name, dist, src.path, line, low=low, high=high, step=step)
