"""Notebooks: the code cells are the code — a broken cell or large saved outputs cost nothing else."""

from __future__ import annotations

import json
import os

from helpers import extract_files, find

from paperlint.code.stage import Options, extract


def _notebook(*cells, outputs: str = "") -> str:
    def cell(kind: str, src: str) -> dict:
        out = {"cell_type": kind, "source": src.splitlines(keepends=True), "metadata": {}}
        if kind == "code":
            out["outputs"] = (
                [{"output_type": "display_data", "data": {"image/png": outputs}}] if outputs else []
            )
        return out

    return json.dumps(
        {
            "cells": [cell(k, s) for k, s in cells],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


_IMPORTS = "import torch\nimport torch.nn as nn"
_MODEL = "model = nn.Sequential(\n    nn.Linear(10, 64),\n    nn.Dropout(0.2),\n)"
_OPT = "opt = torch.optim.Adam(model.parameters(), lr=3e-4)"


def test_a_cell_that_does_not_parse_is_reported_and_the_other_cells_are_audited(tmp_path):
    nb = _notebook(("code", _IMPORTS), ("code", "tf_logger."), ("code", _MODEL), ("code", _OPT))
    inv = extract_files(tmp_path, {"train.ipynb": nb})
    assert [p.code for p in inv.problems] == ["E112"]
    assert "cell 2" in inv.problems[0].message and inv.problems[0].path == "train.ipynb"
    cs = list(inv.choices)
    assert (find(cs, kind="dropout")[0].cell, find(cs, kind="learning_rate")[0].cell) == (3, 4)
    assert inv.files[0].language == "notebook"


def test_the_same_notebook_without_the_broken_cell_has_no_problem(tmp_path):
    nb = _notebook(("code", _IMPORTS), ("code", _MODEL), ("code", _OPT))
    inv = extract_files(tmp_path, {"train.ipynb": nb})
    assert inv.problems == ()
    assert find(list(inv.choices), kind="learning_rate")


def test_a_notebook_with_only_broken_cells_is_still_a_notebook_with_problems(tmp_path):
    nb = _notebook(("code", "def f(:"), ("code", "x = (1,"))
    inv = extract_files(tmp_path, {"scratch.ipynb": nb})
    assert [p.code for p in inv.problems] == ["E112", "E112"]
    assert [p.message.split(" was")[0] for p in inv.problems] == ["cell 1", "cell 2"]


def test_notebook_lines_count_over_the_code_cells_joined_with_one_newline(tmp_path):
    nb = _notebook(
        ("markdown", "# Setup"),
        ("code", _IMPORTS),  # joined lines 1-2
        ("code", "tf_logger."),  # line 3, skipped but still counted
        ("code", _OPT),  # line 4
    )
    inv = extract_files(tmp_path, {"nb.ipynb": nb})
    lr = find(list(inv.choices), kind="learning_rate")[0]
    assert (lr.line, lr.cell, lr.cell_line) == (4, 4, 1)


def test_a_python2_cell_is_read_as_python2_and_the_others_as_they_are(tmp_path):
    nb = _notebook(("code", _IMPORTS + '\nprint "loaded"'), ("code", _OPT))
    inv = extract_files(tmp_path, {"nb.ipynb": nb})
    assert inv.problems == ()
    assert find(list(inv.choices), kind="learning_rate")[0].line == 4


def _extract(root, files: dict[str, str], max_file_size: int):
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return extract(["."], Options(max_file_size=max_file_size))
    finally:
        os.chdir(cwd)


def test_saved_outputs_do_not_count_against_the_size_cap(tmp_path):
    nb = _notebook(("code", _IMPORTS), ("code", _OPT), outputs="iVBORw0KGgo" * 4000)
    assert len(nb) > 80_000
    inv = _extract(tmp_path, {"plots.ipynb": nb}, max_file_size=20_000)
    assert inv.problems == ()
    assert find(list(inv.choices), kind="learning_rate")


def test_code_cells_over_the_size_cap_are_refused(tmp_path):
    big = "\n".join(f"x{i} = {i}" for i in range(3000))
    nb = _notebook(("code", _IMPORTS), ("code", big), ("code", _OPT))
    inv = _extract(tmp_path, {"long.ipynb": nb}, max_file_size=20_000)
    assert [p.code for p in inv.problems] == ["E103"]
    assert "code cells" in inv.problems[0].message


def test_a_python_file_is_still_held_to_the_cap_as_a_whole(tmp_path):
    inv = _extract(tmp_path, {"big.py": "# " + "x" * 30_000 + "\n"}, max_file_size=20_000)
    assert [p.code for p in inv.problems] == ["E103"]


def test_a_notebook_nested_too_deeply_is_an_invalid_notebook(tmp_path):
    inv = extract_files(tmp_path, {"deep.ipynb": "[" * 100_000 + "]" * 100_000})
    assert [p.code for p in inv.problems] == ["E108"]


def test_the_skipped_input_notice_says_a_notebook_was_audited_in_part():
    from paperlint.checks.notices import skipped_input
    from paperlint.engine import RuleContext, all_rules
    from paperlint.model import Problem

    rule = all_rules()["TN902"]
    problems = (
        Problem("E112", "nb.ipynb", "cell 2 was skipped (line 1: invalid syntax)"),
        Problem("E105", "broken.py", "line 1: invalid syntax"),
    )
    found = list(skipped_input(rule, RuleContext((), {}, None, problems=problems)))
    assert found[0].message.startswith("nb.ipynb was audited in part: cell 2")
    assert found[1].message.startswith("broken.py was not audited")


def test_a_cell_nested_too_deeply_is_skipped_alone(tmp_path):
    deep = "x = " + "(" * 3000 + ")" * 3000
    nb = _notebook(("code", _IMPORTS), ("code", deep), ("code", _OPT))
    inv = extract_files(tmp_path, {"deep.ipynb": nb})
    assert [p.code for p in inv.problems] == ["E112"]
    assert "cell 2" in inv.problems[0].message
    assert find(list(inv.choices), kind="learning_rate")


_TRAIN = """import argparse
import torch
model = torch.nn.Linear(4, 2)
parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--epochs", type=int, default=1)
args = parser.parse_args()
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
"""


def _epochs(inv) -> set[tuple[str, float]]:
    return {(c.file, c.number) for c in find(list(inv.choices), kind="epochs")}


def test_a_notebook_that_runs_a_script_with_arguments_is_its_launcher(tmp_path):
    # a Colab notebook runs the repository's script by the path it was cloned to, one option
    # a line; the run takes the notebook's values, not the script's defaults
    launch = (
        "OUT = 'out'\n!python /content/repo/src/train.py \\\n    --epochs 2 \\\n    --lr 3e-5\n"
    )
    nb = _notebook(("code", "import os"), ("code", launch))
    inv = extract_files(tmp_path, {"src/train.py": _TRAIN, "run.ipynb": nb})
    assert inv.problems == ()  # the continued lines are shell, not a broken cell
    (run,) = inv.runs
    assert (run.kind, run.entry) == ("launch", "src/train.py")
    assert _epochs(inv) == {("run.ipynb", 2.0)}
    lr = find(list(inv.choices), file="run.ipynb", kind="learning_rate")[0]
    assert (lr.number, lr.cell) == (3e-5, 2)


def test_a_shell_cell_launches_too_and_a_notebook_that_only_installs_launches_nothing(tmp_path):
    shell_cell = "%%bash\npython src/train.py --epochs 7\n"
    inv = extract_files(
        tmp_path, {"src/train.py": _TRAIN, "run.ipynb": _notebook(("code", shell_cell))}
    )
    assert _epochs(inv) == {("run.ipynb", 7.0)}
    # the twin: shell escapes that run no script leave the script's defaults as the run
    setup = "!pip install torch\n!git clone https://example.org/repo.git\n"
    inv = extract_files(
        tmp_path / "b", {"src/train.py": _TRAIN, "setup.ipynb": _notebook(("code", setup))}
    )
    assert [r.kind for r in inv.runs] == ["defaults"]
    assert _epochs(inv) == {("src/train.py", 1.0)}
