"""The tuning trace's charts for the HTML report (paperlint/report/trace_chart.py)."""

from __future__ import annotations

from paperlint.report.trace_chart import chart
from paperlint.trace.records import SettingTrace, Space, Tried


def _setting(values, source="wandb", kept="", ranges=()):
    tried = tuple(
        Tried(
            v,
            float(v) if v.replace(".", "").replace("e-", "").isdigit() else None,
            "f",
            1,
            source,
            f"c{i}",
            1_600_000_000 + i * 86_400,
            f"commit {i}",
        )
        for i, v in enumerate(values)
    )
    return SettingTrace(
        "lr",
        "lr",
        "learning_rate",
        "learning_rate",
        tried,
        ranges=ranges,
        distinct=len(values),
        kept=kept,
    )


def test_a_history_is_drawn_over_commits_with_the_kept_value_ringed():
    c = chart(_setting(["0.5", "0.3", "0.37"], source="history"))
    assert c.mode == "history" and not c.log
    assert [p.x for p in c.points] == sorted(p.x for p in c.points)  # oldest on the left
    assert [p.kept for p in c.points] == [False, False, True]
    assert c.line.startswith("M") and "H" in c.line  # a step line: a value holds until changed
    assert "commit 2" in c.points[-1].title


def test_values_spanning_decades_are_drawn_on_a_log_axis():
    c = chart(_setting(["1e-3", "1e-2", "1e-1"], kept="1e-2"))
    assert c.mode == "values" and c.log
    xs = [p.x for p in c.points]
    assert abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 1  # evenly spaced on a log axis
    assert [p.kept for p in c.points] == [False, True, False]
    narrow = chart(_setting(["0.1", "0.2", "0.3"]))
    assert not narrow.log


def test_a_range_is_a_bar_and_words_are_categories():
    r = Space("lr", "lr", "learning_rate", "learning_rate", "log_uniform", low="1e-5", high="1e-2")
    c = chart(_setting([], ranges=(r,)))
    assert c.mode == "values" and len(c.bars) == 1 and c.bars[0].x1 < c.bars[0].x2
    words = chart(_setting(["adam", "sgd"], kept="sgd"))
    assert words.mode == "categories" and [p.kept for p in words.points] == [False, True]
