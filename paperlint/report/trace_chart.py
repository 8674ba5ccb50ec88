"""The tuning trace's small charts for the HTML report: one inline SVG per searched setting.

A setting the history changed is drawn as its values over commits (a step line, oldest on the
left, the kept value ringed); a setting a search definition lists is drawn on one axis, its
values as dots and its ranges as bars; values that are not numbers (``adam``, ``sgd``) as
labelled dots in a row. The axis is logarithmic when the values are positive and span a factor
of ten or more (learning rates). Geometry is computed here, the template only draws it.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from paperlint.trace.records import SettingReport, SettingTrace
from paperlint.trace.source import number

WIDTH, HEIGHT = 360, 110
LEFT, RIGHT, TOP, BOTTOM = 62, 14, 20, 26


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    title: str  # the tooltip: the value and where it comes from
    kept: bool = False


@dataclass(frozen=True)
class Bar:
    x1: float
    x2: float
    y: float
    title: str


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str
    anchor: str = "middle"


@dataclass(frozen=True)
class TraceChart:
    key: str
    name: str
    mode: str  # history | values | categories
    points: tuple[Point, ...]
    bars: tuple[Bar, ...] = ()
    line: str = ""  # an SVG path through the points (history)
    ticks: tuple[Tick, ...] = ()
    log: bool = False
    width: int = WIDTH
    height: int = HEIGHT
    description: str = ""  # the chart's content as text, for screen readers


def _fmt(v: float) -> str:
    return f"{v:.3g}"


def _scale(values: list[float]) -> tuple[bool, float, float]:
    lo, hi = min(values), max(values)
    log = lo > 0 and hi / lo >= 10
    if log:
        lo, hi = math.log10(lo), math.log10(hi)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    return log, lo, hi


def _pos(v: float, log: bool, lo: float, hi: float, a: float, b: float) -> float:
    t = ((math.log10(v) if log else v) - lo) / (hi - lo)
    return round(a + t * (b - a), 1)


def _day(ts: int) -> str:
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%d")


def chart(s: SettingTrace) -> TraceChart | None:
    """The chart of one setting (None when there is nothing to draw)."""
    history = list(s.history_place()) or [t for t in s.tried if t.source == "history"]
    if len(history) >= 2 and all(number(t.value) is not None for t in history):
        return _history_chart(s, history)
    nums = [number(v) for v in s.values()]
    bounds = [number(b) for r in s.ranges for b in (r.low, r.high)]
    if all(n is not None for n in nums + bounds) and (nums or bounds):
        return _values_chart(s)
    return _categories_chart(s)


def _history_chart(s: SettingTrace, history: list) -> TraceChart:
    values = [number(t.value) or 0.0 for t in history]
    log, lo, hi = _scale(values)
    x0, x1 = LEFT, WIDTH - RIGHT
    y0, y1 = HEIGHT - BOTTOM, TOP  # bottom → top
    n = len(history)
    points = []
    for i, (t, v) in enumerate(zip(history, values, strict=True)):
        x = round(x0 + (x1 - x0) * (i / (n - 1) if n > 1 else 0.5), 1)
        y = _pos(v, log, lo, hi, y0, y1)
        when = f"{_day(t.time)} " if t.time else ""
        commit = f"{t.commit} " if t.commit else ""
        points.append(
            Point(
                x,
                y,
                t.value,
                f"{s.name} = {t.value}: {commit}{when}{t.subject}".strip(),
                i == n - 1,
            )
        )
    path = []
    for i, p in enumerate(points):
        if i == 0:
            path.append(f"M{p.x},{p.y}")
        else:
            path.append(f"H{p.x}V{p.y}")  # a value holds until the next commit changes it
    ticks = [
        Tick(LEFT - 6, y0 + 4, _fmt(min(values)), "end"),
        Tick(LEFT - 6, y1 + 8, _fmt(max(values)), "end"),
    ]
    if history[0].time and history[-1].time:
        ticks += [
            Tick(x0, HEIGHT - 6, _day(history[0].time), "start"),
            Tick(x1, HEIGHT - 6, _day(history[-1].time), "end"),
        ]
    return TraceChart(
        s.key,
        s.name,
        "history",
        tuple(points),
        line=" ".join(path),
        ticks=tuple(ticks),
        log=log,
        description=f"{s.name} in {history[0].file} over {n} commits: "
        + ", ".join(t.value for t in history),
    )


def _values_chart(s: SettingTrace) -> TraceChart:
    listed = [(v, number(v)) for v in s.values()]
    bounds = [(r, number(r.low), number(r.high)) for r in s.ranges]
    everything = [n for _, n in listed if n is not None] + [
        x for _, a, b in bounds for x in (a, b) if x is not None
    ]
    log, lo, hi = _scale(everything)
    x0, x1 = LEFT, WIDTH - RIGHT
    axis_y = HEIGHT - BOTTOM - 10
    kept = number(s.kept) if s.kept else None
    points = tuple(
        Point(
            _pos(n, log, lo, hi, x0, x1),
            axis_y,
            v,
            f"{s.name} = {v}",
            kept is not None and abs(n - kept) <= 1e-9 * max(abs(n), abs(kept), 1e-300),
        )
        for v, n in listed
        if n is not None
    )
    bars = tuple(
        Bar(
            _pos(a, log, lo, hi, x0, x1),
            _pos(b, log, lo, hi, x0, x1),
            TOP + 14 + 12 * i,
            f"{s.name}: {r.spec()}",
        )
        for i, (r, a, b) in enumerate(bounds[:3])
        if a is not None and b is not None
    )
    lo_v = min(everything)
    hi_v = max(everything)
    ticks = (
        Tick(x0, HEIGHT - 6, _fmt(lo_v), "start"),
        Tick(x1, HEIGHT - 6, _fmt(hi_v), "end"),
    )
    what = ", ".join(v for v, _ in listed)
    ranges = "; ".join(r.spec() for r, _, _ in bounds)
    return TraceChart(
        s.key,
        s.name,
        "values",
        points,
        bars=bars,
        ticks=ticks,
        log=log,
        description=f"{s.name}: " + "; ".join(x for x in (what, ranges) if x),
    )


def _categories_chart(s: SettingTrace) -> TraceChart | None:
    values = list(s.values())
    if not values:
        return None
    step = (WIDTH - LEFT - RIGHT) / max(1, len(values))
    y = HEIGHT / 2
    points = tuple(
        Point(
            round(LEFT + step * (i + 0.5), 1),
            y,
            v,
            f"{s.name} = {v}",
            bool(s.kept) and s.kept.strip("'\"").lower() == v.strip("'\"").lower(),
        )
        for i, v in enumerate(values[:8])
    )
    return TraceChart(
        s.key,
        s.name,
        "categories",
        points,
        description=f"{s.name}: " + ", ".join(values),
    )


@dataclass(frozen=True)
class Row:
    """One searched setting in the report: the trace, the paper's side, the chart."""

    setting: SettingTrace
    paper: SettingReport | None
    chart: TraceChart | None
    status: str  # reported | unreported | no paper


def rows(result: object) -> list[Row]:
    """The report's rows: every setting with a search (or several values in the history)."""
    trace = getattr(result, "trace", None)
    if trace is None:
        return []
    paper = getattr(result, "trace_paper", None)
    out = []
    for s in trace.settings:
        if not (s.searched or s.history_values >= 2):
            continue
        report = paper.setting(s.key) if paper is not None else None
        status = (
            "no paper"
            if paper is None
            else ("reported" if report and report.reported else "unreported")
        )
        out.append(Row(s, report, chart(s), status))
    out.sort(key=lambda r: (r.status != "unreported", r.setting.key))
    return out
