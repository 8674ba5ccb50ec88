"""Ax: a list of parameters ``{"name": "lr", "type": "range", "bounds": [1e-6, 0.4],
"log_scale": True}`` / ``{"type": "choice", "values": [...]}`` given to
``AxClient.create_experiment`` or ``optimize(..., total_trials=N)``, in a script or a config."""

from __future__ import annotations

from paperlint.trace.records import Search, Space
from paperlint.trace.source import Node, SourceFile, callee, keyword, positive_int, space, text_of

LANGUAGES = ("yaml", "json", "python")
HINTS = ("bounds", '"choice"', "'choice'", "choice")


def _parameters(node: Node) -> bool:
    items = node.value if node.is_list else []
    return bool(items) and all(
        i.is_map and i.get("name") is not None and i.get("type") is not None for i in items
    )


def read(src: SourceFile) -> list[Search]:
    lists: list[tuple[Node, int, str]] = []
    if src.language == "python":
        for call in src.calls():
            fn = callee(call).rpartition(".")[2]
            if fn not in ("create_experiment", "optimize", "SearchSpace"):
                continue
            arg = keyword(call, "parameters", 0 if fn == "optimize" else None)
            lit = src.literal(arg) if arg is not None else None
            if lit is not None and _parameters(lit):
                trials = positive_int(text_of(src, keyword(call, "total_trials")))
                lists.append((lit, trials, text_of(src, keyword(call, "objective_name"))))
    else:
        for doc in src.yaml_documents():
            for _, node in [((), doc), *doc.walk()]:
                if _parameters(node):
                    lists.append((node, 0, ""))
    out = []
    for node, trials, objective in lists:
        spaces = [s for s in (_space(p, src.path) for p in node.value) if s is not None]
        if spaces:
            out.append(
                Search(
                    id=f"ax:{src.path}:{node.line}",
                    source="ax",
                    file=src.path,
                    line=node.line,
                    method="bayes",
                    spaces=tuple(spaces),
                    configurations=trials,
                    budget=f"total_trials={trials}" if trials else "",
                    metric=objective,
                    detail="Ax experiment",
                )
            )
    return out


def _space(p: Node, file: str) -> Space | None:
    name, kind = p.get("name"), p.get("type")
    assert name is not None and kind is not None
    if kind.text == "choice":
        values = p.get("values")
        if values is None or not values.is_list:
            return None
        vals = tuple(v.text for v in values.scalars())
        return space(name.text, "values", file, p.line, values=vals)
    if kind.text == "range":
        bounds = p.get("bounds")
        if bounds is None or not bounds.is_list or len(bounds.scalars()) != 2:
            return None
        lo, hi = (b.text for b in bounds.scalars())
        log = p.get("log_scale")
        is_log = log is not None and log.text.lower() == "true"
        vt = p.get("value_type")
        ints = vt is not None and vt.text == "int"
        dist = (
            ("log_int" if is_log else "int") if ints else ("log_uniform" if is_log else "uniform")
        )
        return space(name.text, dist, file, p.line, low=lo, high=hi)
    return None
