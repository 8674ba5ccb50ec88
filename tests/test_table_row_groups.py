"""A table whose stub column names groups of rows ("Aster-Base" set once beside its rows, then
"Aster-Large" beside the next ones): each row is read with its group's label, and a value is
compared with the choice's run by the group that names it best among the rows of one label."""

from __future__ import annotations

from dataclasses import replace

from helpers import setting, view_of

from paperlint.link.scopes import CONFLICT, MATCH, UNKNOWN
from paperlint.paper.layout import merge_table_rows
from paperlint.paper.pdf import Line, PageText


def _cell(text: str, x0: float, y0: float) -> Line:
    return Line(text, x0, y0, x0 + 5.0 * len(text), y0 + 9.0, 9.0, False, 0)


def _grouped_table(label_x: float = 140.0) -> PageText:
    """Two groups of three rows (label at x=200, value at x=300), each group's label on a
    baseline of its own beside its middle, left of the rows."""
    lines = []
    y = 700.0
    for group in ("Aster-Base", "Aster-Large"):
        for label, value in (("Batch Size", "16"), ("Rank", "8"), ("Epochs", "30")):
            lines += [_cell(label, 200, y), _cell(value, 300, y)]
            y -= 10.0
        lines.append(_cell(group, label_x, y + 15.0))
        y -= 5.0
    return PageText(1, 612.0, 792.0, tuple(lines))


def _rows(page: PageText) -> list[str]:
    merged = merge_table_rows(page)
    return [ln.text for ln in sorted(merged.lines, key=lambda ln: -ln.y1)]


def test_rows_beside_a_group_label_are_read_with_it():
    assert _rows(_grouped_table()) == [
        "Aster-Base  Batch Size  16",
        "Aster-Base  Rank  8",
        "Aster-Base  Epochs  30",
        "Aster-Large  Batch Size  16",
        "Aster-Large  Rank  8",
        "Aster-Large  Epochs  30",
    ]


def test_a_label_inside_the_rows_columns_is_no_group():
    # the same lines, the label now right of the rows' stub: a cell, not a group's label
    rows = _rows(_grouped_table(label_x=260.0))
    assert "Aster-Base  Batch Size  16" not in rows
    assert "Batch Size  16" in rows


_PAPER = """# Adapters for Aster models

# Hyperparameters

| Model | Setting | Value |
| Aster-Base | Rank | 8 |
| Aster-Base | Batch Size | 16 |
| Aster-Large | Rank | 16 |
| Aster-Large | Batch Size | 32 |
| Aster-Large | Epochs | 10 |

Table 7: The hyperparameters of the adapters.
"""


def _verdict(file: str, row: str) -> str:
    view = view_of(_PAPER)
    choice = replace(setting("rank", 8.0), file=file)
    i = next(s.index for s in view.index.document.sentences if s.text.startswith(row))
    return view.values.scopes.row_group_verdict(choice, i)


def test_the_group_naming_the_run_best_matches_and_the_others_conflict():
    assert _verdict("aster_base_task.sh", "Aster-Base  Rank") == MATCH
    assert _verdict("aster_base_task.sh", "Aster-Large  Rank") == CONFLICT
    assert _verdict("aster_large_task.sh", "Aster-Large  Rank") == MATCH


def test_a_run_no_group_names_or_a_label_of_one_group_is_not_judged():
    assert _verdict("train.sh", "Aster-Base  Rank") == UNKNOWN
    assert _verdict("aster_base_task.sh", "Aster-Large  Epochs") == UNKNOWN


def test_a_label_far_left_of_the_rows_is_no_group():
    # a line across the page's gutter (the other column's text) is not the table's
    rows = _rows(_grouped_table(label_x=40.0))
    assert "Batch Size  16" in rows
    assert not any(r.startswith(("Aster-Base  ", "Aster-Large  ")) for r in rows)
