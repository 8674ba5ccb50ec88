"""Ray Tune: ``tune.grid_search([...])``, ``tune.choice``, ``tune.uniform``, ``tune.loguniform``,
``tune.randint`` ... as the values of a config dict; ``num_samples``, ``metric`` and ``mode`` of
``tune.run`` / ``tune.TuneConfig`` bound and select the search."""

from __future__ import annotations

import ast

from paperlint.trace.records import Search, Space
from paperlint.trace.source import SourceFile, callee, keyword, positive_int, space, text_of

LANGUAGES = ("python",)
HINTS = ("tune",)

#: Ray Tune sampler → (distribution, the positions of low, high and step)
SAMPLERS: dict[str, tuple[str, int, int, int]] = {
    "uniform": ("uniform", 0, 1, -1),
    "quniform": ("uniform", 0, 1, 2),
    "loguniform": ("log_uniform", 0, 1, -1),
    "qloguniform": ("log_uniform", 0, 1, 2),
    "randint": ("int", 0, 1, -1),
    "qrandint": ("int", 0, 1, 2),
    "lograndint": ("log_int", 0, 1, -1),
    "qlograndint": ("log_int", 0, 1, 2),
    "randn": ("normal", 0, 1, -1),
    "qrandn": ("normal", 0, 1, 2),
}
LISTS = ("grid_search", "choice")


def _tune_names(tree: ast.AST | None) -> set[str]:
    """Local names of Ray Tune's samplers: ``tune.x`` always; bare ``x`` when imported from
    ``ray.tune``."""
    names: set[str] = set()
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ray.tune"):
            names.update(a.asname or a.name for a in node.names)
    return names


def read(src: SourceFile) -> list[Search]:
    if not src.imports("ray"):
        return []
    tree = src.python()
    if tree is None:
        return []
    bare = _tune_names(tree)
    spaces: list[Space] = []
    grid = 1
    samples, metric, mode, first = 0, "", "", 0
    for parent_key, value in _keyed_values(tree):
        if not isinstance(value, ast.Call):
            continue
        name = callee(value)
        head, _, fn = name.rpartition(".")
        if not (head.endswith("tune") or (not head and fn in bare)):
            continue
        got = _sampler(src, parent_key, fn, value)
        if got is None:
            continue
        spaces.append(got)
        first = first or value.lineno
        if fn == "grid_search":
            grid *= max(1, len(got.values))
    for call in src.calls():
        fn = callee(call).rpartition(".")[2]
        if fn in ("run", "TuneConfig", "Tuner", "tune"):
            samples = samples or positive_int(text_of(src, keyword(call, "num_samples")))
            metric = metric or text_of(src, keyword(call, "metric"))
            mode = mode or text_of(src, keyword(call, "mode"))
    if not spaces:
        return []
    # Ray runs every grid point num_samples times (once by default), each drawing the samplers
    sampled = any(s.is_range for s in spaces) or grid == 1
    configurations = (samples or 1) * grid
    goal = {"min": "minimize", "max": "maximize"}.get(mode, mode)
    return [
        Search(
            id=f"ray:{src.path}:{first}",
            source="ray",
            file=src.path,
            line=first,
            method="grid" if grid > 1 and not sampled else "random",
            spaces=tuple(spaces),
            configurations=configurations,
            budget=f"num_samples={samples}" if samples else "",
            metric=metric,
            goal=goal,
            detail="Ray Tune",
        )
    ]


def _keyed_values(tree: ast.AST):
    """(key, value) of every dict entry with a string key, ``dict(key=value)`` keyword and
    ``x["key"] = value`` assignment in the file."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=True):
                if isinstance(k, ast.Constant) and isinstance(k.value, str):
                    yield k.value, v
        elif isinstance(node, ast.Call) and callee(node) == "dict":
            for kw in node.keywords:
                if kw.arg:
                    yield kw.arg, kw.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            t = node.targets[0]
            if (
                isinstance(t, ast.Subscript)
                and isinstance(t.slice, ast.Constant)
                and isinstance(t.slice.value, str)
            ):
                yield t.slice.value, node.value


def _sampler(src: SourceFile, name: str, fn: str, call: ast.Call) -> Space | None:
    if fn in LISTS:
        arg = keyword(call, "values" if fn == "grid_search" else "categories", 0)
        lit = src.literal(arg) if arg is not None else None
        if lit is None or not lit.is_list:
            return None
        values = tuple(v.text if v.is_scalar else "?" for v in lit.value)
        return space(name, "values", src.path, call.lineno, values=values)
    if fn not in SAMPLERS:
        return None
    dist, lo, hi, q = SAMPLERS[fn]
    low = text_of(src, keyword(call, "lower", lo))
    high = text_of(src, keyword(call, "upper", hi))
    if fn in ("randn", "qrandn"):
        low = text_of(src, keyword(call, "mean", lo))
        high = text_of(src, keyword(call, "sd", hi))
    step = text_of(src, keyword(call, "q", q)) if q >= 0 else ""
    if not (low and high):
        return None
    return space(name, dist, src.path, call.lineno, low=low, high=high, step=step)
