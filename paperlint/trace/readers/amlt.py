"""Cluster job searches (Microsoft's Amulet ``amlt`` and its Philly/AML forerunners): a
``search:`` with a ``job_template`` (the command, with ``{lr}`` placeholders), a ``type`` (grid,
random, hyperdrive), ``max_trials`` and ``params``, each a ``name`` with ``values`` (``spec:
discrete``) or a ``min``/``max`` range."""

from __future__ import annotations

from paperlint.trace.records import Search, Space
from paperlint.trace.source import Node, SourceFile, grid_size, positive_int, space

LANGUAGES = ("yaml",)
HINTS = ("job_template",)


def read(src: SourceFile) -> list[Search]:
    out = []
    for doc in src.yaml_documents():
        search = doc.get("search") if doc.is_map else None
        if search is None or not search.is_map or search.get("job_template") is None:
            continue
        params = search.get("params")
        if params is None or not params.is_list:
            continue
        spaces = [s for s in (_space(p, src.path) for p in params.value) if s is not None]
        if not spaces:
            continue
        kind = search.get("type")
        method = kind.text if kind is not None and kind.is_scalar else ""
        trials = search.get("max_trials")
        n = positive_int(trials.text) if trials is not None else 0
        grid = grid_size(spaces) if method == "grid" else 0
        out.append(
            Search(
                id=f"amlt:{src.path}:{params.at}",
                source="amlt",
                file=src.path,
                line=params.at,
                method=method,
                spaces=tuple(spaces),
                configurations=min(n, grid) if n and grid else (n or grid),
                budget=f"max_trials: {n}" if n else "",
                metric=_metric(search),
                detail="cluster job search (amlt)",
            )
        )
    return out


def _metric(search: Node) -> str:
    for key in ("metric", "primary_metric"):
        m = search.get(key)
        if m is not None and m.is_scalar:
            return m.text
        if m is not None and m.get("name") is not None:
            return m.get("name").text  # type: ignore[union-attr]
    return ""


def _space(p: Node, file: str) -> Space | None:
    name = p.get("name") if p.is_map else None
    if name is None or not name.is_scalar:
        return None
    values = p.get("values")
    if values is not None and values.is_list:
        vals = tuple(v.text for v in values.scalars())
        return space(name.text, "values", file, p.at, values=vals) if len(vals) >= 2 else None
    low, high = p.get("min"), p.get("max")
    if low is None or high is None:
        return None
    spec = p.get("spec")
    log = spec is not None and "log" in spec.text.lower()
    return space(
        name.text, "log_uniform" if log else "uniform", file, p.at, low=low.text, high=high.text
    )
