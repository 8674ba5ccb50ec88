"""KerasTuner: ``hp.Choice``, ``hp.Int``, ``hp.Float``, ``hp.Boolean`` in a model-building
function; the tuner (``RandomSearch``, ``BayesianOptimization``, ``Hyperband``, ``GridSearch``)
gives ``objective`` and ``max_trials``."""

from __future__ import annotations

import ast

from paperlint.trace.records import Search, Space
from paperlint.trace.source import SourceFile, callee, keyword, positive_int, space, text_of

LANGUAGES = ("python",)
HINTS = ("keras_tuner", "kerastuner")
TUNERS = frozenset({"RandomSearch", "BayesianOptimization", "Hyperband", "GridSearch", "Sklearn"})


def read(src: SourceFile) -> list[Search]:
    if not src.imports("keras_tuner", "kerastuner"):
        return []
    spaces: dict[str, Space] = {}
    trials, objective, method, first = 0, "", "", 0
    for call in src.calls():
        if not isinstance(call.func, ast.Attribute):
            continue
        fn = call.func.attr
        if fn in ("Choice", "Int", "Float", "Boolean"):
            got = _hp(src, call, fn)
            if got is not None:
                spaces.setdefault(got.name, got)
                first = first or call.lineno
        elif fn in TUNERS or callee(call).rpartition(".")[2] in TUNERS:
            method = method or fn
            trials = trials or positive_int(text_of(src, keyword(call, "max_trials")))
            objective = objective or text_of(src, keyword(call, "objective"))
    for call in src.calls():  # a tuner imported by name: RandomSearch(build, ...)
        name = callee(call)
        if name in TUNERS:
            method = method or name
            trials = trials or positive_int(text_of(src, keyword(call, "max_trials")))
            objective = objective or text_of(src, keyword(call, "objective"))
    if not spaces:
        return []
    return [
        Search(
            id=f"keras_tuner:{src.path}:{first}",
            source="keras_tuner",
            file=src.path,
            line=first,
            method={"RandomSearch": "random", "GridSearch": "grid"}.get(method, "bayes"),
            spaces=tuple(spaces.values()),
            configurations=trials,
            budget=f"max_trials={trials}" if trials else "",
            metric=objective,
            detail=f"KerasTuner {method}".strip(),
        )
    ]


def _hp(src: SourceFile, call: ast.Call, fn: str) -> Space | None:
    name = text_of(src, keyword(call, "name", 0))
    if not name:
        return None
    if fn == "Boolean":
        return space(name, "values", src.path, call.lineno, values=("False", "True"))
    if fn == "Choice":
        arg = keyword(call, "values", 1)
        lit = src.literal(arg) if arg is not None else None
        if lit is None or not lit.is_list:
            return None
        vals = tuple(v.text for v in lit.scalars())
        return space(name, "values", src.path, call.lineno, values=vals)
    low = text_of(src, keyword(call, "min_value", 1))
    high = text_of(src, keyword(call, "max_value", 2))
    if not (low and high):
        return None
    step = text_of(src, keyword(call, "step", 3))
    log = text_of(src, keyword(call, "sampling")).lower() in ("log", "reverse_log")
    dist = ("log_int" if log else "int") if fn == "Int" else ("log_uniform" if log else "uniform")
    return space(name, dist, src.path, call.lineno, low=low, high=high, step=step)
