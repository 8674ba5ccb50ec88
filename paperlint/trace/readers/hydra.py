"""Hydra sweeps: ``hydra.sweeper.params`` in a config (the basic sweeper's comma lists, the Optuna
sweeper's ``choice(...)``, ``range(...)``, ``interval(...)``, ``tag(log, ...)``) with its
``n_trials``; the command-line form ``-m lr=1e-3,1e-4`` is read by the shell reader through
:func:`sweep_values`."""

from __future__ import annotations

import re

from paperlint.trace.records import Search, Space
from paperlint.trace.source import Node, SourceFile, grid_size, number, positive_int, space

LANGUAGES = ("yaml",)
HINTS = ("params", "search_space")

_CALL = re.compile(
    r"^\s*(?P<fn>choice|range|interval|tag|glob|shuffle|sort)\s*\((?P<args>.*)\)\s*$"
)


def _split(args: str) -> list[str]:
    """Top-level comma-separated parts (brackets and quotes respected)."""
    parts, depth, cur, quote = [], 0, [], ""
    for ch in args:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    if cur or parts:
        parts.append("".join(cur).strip())
    return [p.strip("'\"") for p in parts]


def sweep_values(text: str) -> tuple[str, tuple[str, ...], str, str, str] | None:
    """A Hydra sweep value as (distribution, values, low, high, step); None when ``text`` is
    one value (no sweep). ``1e-3,1e-4`` → values; ``range(1,5)`` → values 1..4 (an int range
    when long); ``interval(0,1)`` → uniform; ``tag(log, interval(a,b))`` → log_uniform."""
    text = text.strip()
    m = _CALL.match(text)
    if m is None:
        parts = _split(text)
        if len(parts) >= 2 and all(parts):
            return "values", tuple(parts), "", "", ""
        return None
    fn, args = m.group("fn"), _split(m.group("args"))
    if fn in ("shuffle", "sort") and len(args) == 1:
        return sweep_values(args[0])
    if fn == "tag":
        inner = sweep_values(args[-1]) if args else None
        if inner and "log" in args[:-1] and inner[0] == "uniform":
            return ("log_uniform", *inner[1:])
        if inner and "log" in args[:-1] and inner[0] == "int":
            return ("log_int", *inner[1:])
        return inner
    if fn == "choice":
        return ("values", tuple(args), "", "", "") if len(args) >= 2 else None
    if fn == "interval" and len(args) == 2:
        return "uniform", (), args[0], args[1], ""
    if fn == "range" and args:
        pos = [a for a in args if "=" not in a]
        step = next((a.split("=", 1)[1] for a in args if a.startswith("step=")), "")
        if len(pos) >= 3:
            step = pos[2]
        lo, hi = (pos[0], pos[1]) if len(pos) >= 2 else ("0", pos[0])
        a, b, s = number(lo), number(hi), number(step or "1")
        if a is not None and b is not None and s and 0 < (b - a) / s <= 32:
            count = int((b - a) / s + 1e-9)
            vals = [a + i * s for i in range(count) if a + i * s < b]
            return "values", tuple(_fmt(v) for v in vals), "", "", ""
        return "int", (), lo, hi, step
    return None


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


def read(src: SourceFile) -> list[Search]:
    out = []
    for doc in src.yaml_documents():
        if not doc.is_map:
            continue
        sweeper = _sweeper(doc)
        if sweeper is None:
            continue
        params = sweeper.get("params")
        spaces: list[Space] = []
        if params is not None and params.is_map:
            for name, value in params.items():
                got = _space(name, value, src.path)
                if got is not None:
                    spaces.append(got)
        else:  # the Optuna sweeper before Hydra 1.2: search_space with type/low/high/choices
            params = sweeper.get("search_space")
            if params is None or not params.is_map:
                continue
            for name, spec in params.items():
                got = _typed_space(name, spec, src.path)
                if got is not None:
                    spaces.append(got)
        if not spaces:
            continue
        trials = sweeper.get("n_trials")
        n = positive_int(trials.text) if trials is not None else 0
        direction = sweeper.get("direction")
        target = sweeper.get("_target_")
        optuna = (target is not None and "optuna" in target.text.lower()) or trials is not None
        method = "tpe" if optuna else "grid"
        out.append(
            Search(
                id=f"hydra:{src.path}:{params.at}",
                source="hydra",
                file=src.path,
                line=params.at,
                method=method,
                spaces=tuple(spaces),
                configurations=n or (grid_size(spaces) if method == "grid" else 0),
                budget=f"n_trials: {n}" if n else "",
                goal=direction.text if direction is not None and direction.is_scalar else "",
                detail="Hydra " + ("Optuna sweeper" if optuna else "multirun sweeper"),
            )
        )
    return out


def _sweeper(doc: Node) -> Node | None:
    """``hydra: {sweeper: ...}``, a dotted ``hydra.sweeper`` key, or a sweeper config file
    itself (``_target_: ...Sweeper`` with ``params``)."""
    hydra = doc.get("hydra")
    if hydra is not None and hydra.get("sweeper") is not None:
        return hydra.get("sweeper")
    if doc.get("hydra.sweeper") is not None:
        return doc.get("hydra.sweeper")
    if doc.get("hydra.sweeper.params") is not None:
        return Node({"params": doc.get("hydra.sweeper.params")}, doc.line)  # type: ignore[dict-item]
    target = doc.get("_target_")
    if target is not None and "sweeper" in target.text.lower():
        return doc
    return None


def _typed_space(name: str, spec: Node, file: str) -> Space | None:
    """``{type: float, low: 1e-5, high: 1e-1, log: true}``, ``{type: categorical, choices: [...]}``."""
    kind = spec.get("type")
    if kind is None:
        return None
    if kind.text == "categorical":
        choices = spec.get("choices")
        vals = tuple(v.text for v in choices.scalars()) if choices is not None else ()
        return space(name, "values", file, spec.at, values=vals) if len(vals) >= 2 else None
    low, high = spec.get("low"), spec.get("high")
    if low is None or high is None:
        return None
    log = spec.get("log")
    is_log = log is not None and log.text.lower() == "true"
    step = spec.get("step")
    if kind.text == "int":
        dist = "log_int" if is_log else "int"
    else:
        dist = "log_uniform" if is_log else "uniform"
    return space(
        name, dist, file, spec.at, low=low.text, high=high.text, step=step.text if step else ""
    )


def _space(name: str, value: Node, file: str) -> Space | None:
    if value.is_list:
        vals = tuple(v.text for v in value.scalars())
        return space(name, "values", file, value.at, values=vals) if len(vals) >= 2 else None
    if not value.is_scalar:
        return None
    got = sweep_values(value.text)
    if got is None:
        return None
    dist, vals, lo, hi, step = got
    return space(name, dist, file, value.at, values=vals, low=lo, high=hi, step=step)
