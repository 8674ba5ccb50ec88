"""Each rule's examples (rules/packs/examples/<ID>/) run as tests: the rule fires on every line
marked `ruleid` and nowhere else. See rules/packs/examples/README.md for the format."""

from __future__ import annotations

import textwrap

import pytest

from paperlint.testing import cases, markers_in, run_case

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_example_behaves_as_marked(case, tmp_path):
    outcome = run_case(case, tmp_path)
    assert not outcome.errors, "\n".join(outcome.errors)


# ── the harness itself ──────────────────────────────────────────────────────────────────────


def _case(tmp_path, rule, files):
    folder = tmp_path / "examples" / rule
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (case,) = cases(rule, root=tmp_path / "examples")
    return case


def test_markers_point_at_the_next_non_marker_line(tmp_path):
    p = tmp_path / "m.py"
    p.write_text("x = 1\n# ruleid: CH101\n# ok: CH103, ch102\ny = 2\n")
    got = [(m.kind, m.rule, m.line, m.target, m.text) for m in markers_in(p)]
    assert got == [
        ("ruleid", "CH101", 2, 4, "y = 2"),
        ("ok", "CH103", 3, 4, "y = 2"),
        ("ok", "CH102", 3, 4, "y = 2"),
    ]


def test_a_missing_finding_is_reported_with_its_line(tmp_path):
    case = _case(
        tmp_path,
        "ST303",
        {"p.txt": "# T\n\n# Experiments\n\n<!-- ruleid: ST303 -->\nWe use a validation set.\n"},
    )
    errors = run_case(case, tmp_path / "work").errors
    assert errors == ("p.txt:6: ST303 must fire here but did not: 'We use a validation set.'",)


def test_an_unmarked_finding_is_reported(tmp_path):
    case = _case(
        tmp_path,
        "ST303",
        {
            "p.txt": """
            # T

            # Experiments

            <!-- ok: ST303 -->
            We report the best test accuracy over all epochs.
            """
        },
    )
    (error,) = run_case(case, tmp_path / "work").errors
    assert error.startswith("p.txt:6: ST303 fired on an `ok` line: selection on the test set")


def test_a_todoruleid_that_starts_firing_must_be_promoted(tmp_path):
    case = _case(
        tmp_path,
        "ST303",
        {
            "p.txt": """
            # T

            # Experiments

            <!-- todoruleid: ST303 -->
            We report the best test accuracy over all epochs.
            """
        },
    )
    errors = run_case(case, tmp_path / "work").errors
    assert any("now fires at a `todoruleid` line" in e for e in errors), errors


def test_code_findings_are_located_by_file_and_line(tmp_path):
    case = _case(
        tmp_path,
        "CH101",
        {
            "m.py": """
            import torch.nn as nn

            # ruleid: CH101
            drop = nn.Dropout(0.37)
            """,
            "m.txt": "# T\n\n# Method\n\nWe use a network.\n",
        },
    )
    outcome = run_case(case, tmp_path / "work")
    assert not outcome.errors, outcome.errors
    assert [(file, line) for file, line, _ in outcome.fired] == [("m.py", 4)]


def test_byte_compiled_examples_are_not_examples(tmp_path):
    """pip byte-compiles every .py it installs, the examples in the wheel's _rules too: a
    __pycache__ beside an example is no tree case and its .pyc is never read as text."""
    import compileall

    case = _case(tmp_path, "CH101", {"drop.py": "# ruleid: CH101\nx = 1\n", "drop.txt": "Text.\n"})
    assert [c.id for c in cases(root=tmp_path / "examples")] == [case.id]
    assert compileall.compile_dir(tmp_path / "examples", quiet=1)
    assert (tmp_path / "examples" / "CH101" / "__pycache__").is_dir()  # the twin: it is there
    (again,) = cases(root=tmp_path / "examples")
    assert again.id == case.id and again.tree is None
    assert [m.rule for m in again.markers()] == ["CH101"]
