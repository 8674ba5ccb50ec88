"""Each evidence recogniser's examples (rules/cues/examples/<name>/) run as tests: the linker
quotes (or does not quote) every marked line as the markers say, and assesses the marked code
lines as their verdicts say. See rules/cues/examples/README.md for the format."""

from __future__ import annotations

import textwrap

import pytest

from paperlint.link.evidence import CANDIDATE_KINDS, recognisers
from paperlint.testing import evidence_cases, evidence_examples_dir, run_evidence_case

CASES = evidence_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_evidence_example_behaves_as_marked(case, tmp_path):
    outcome = run_evidence_case(case, tmp_path)
    assert not outcome.errors, "\n".join(outcome.errors)


@pytest.mark.parametrize("recogniser", recognisers(), ids=[r.name for r in recognisers()])
def test_every_recogniser_proposes_on_a_marked_line_of_its_examples(recogniser, tmp_path):
    mine = [c for c in CASES if c.rule == recogniser.name]
    assert mine, f"rules/cues/examples/{recogniser.name}/ has no example"
    assert any(run_evidence_case(c, tmp_path / c.name).proposed_on_marked for c in mine), (
        f"{recogniser.name}: no example where it proposes a candidate on a marked line"
    )


def test_every_example_folder_is_a_registered_recogniser():
    names = {r.name for r in recognisers()}
    folders = {p.name for p in evidence_examples_dir().iterdir() if p.is_dir()}
    assert folders <= names, sorted(folders - names)


def test_every_recogniser_says_what_it_finds_and_the_pattern_it_recognises():
    for r in recognisers():
        assert r.about.strip(), r.name
        assert set(r.finds) <= set(CANDIDATE_KINDS), r.name


# ── the harness itself ──────────────────────────────────────────────────────────────────────


def _case(tmp_path, name, files):
    folder = tmp_path / "examples" / name
    folder.mkdir(parents=True)
    for file, text in files.items():
        (folder / file).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (case,) = evidence_cases(name, root=tmp_path / "examples")
    return case


CODE = """
import torch.nn as nn

# verdict: justification=reasoning
drop = nn.Dropout(0.3)
"""


def test_a_marker_that_does_not_hold_is_reported_with_its_line(tmp_path):
    case = _case(
        tmp_path,
        "stated_reason",
        {
            "c.py": CODE,
            "c.txt": """
            # Method

            <!-- evidence: citation -->
            We apply dropout of 0.3 to reduce overfitting.
            """,
        },
    )
    errors = run_evidence_case(case, tmp_path / "work").errors
    assert any(e.startswith("c.txt:4: `evidence: citation` does not hold") for e in errors), errors
    # the same case with the right type holds
    fixed = case.paper.read_text().replace("evidence: citation", "evidence: justification")
    case.paper.write_text(fixed)
    assert not run_evidence_case(case, tmp_path / "work2").errors


def test_a_todo_marker_that_holds_must_be_promoted(tmp_path):
    case = _case(
        tmp_path,
        "stated_reason",
        {
            "c.py": CODE,
            "c.txt": """
            # Method

            <!-- todo-evidence: justification -->
            We apply dropout of 0.3 to reduce overfitting.
            """,
        },
    )
    errors = run_evidence_case(case, tmp_path / "work").errors
    assert any("drop the `todo-`" in e for e in errors), errors


def test_a_wrong_verdict_is_reported(tmp_path):
    case = _case(
        tmp_path,
        "stated_reason",
        {
            "c.py": CODE.replace("justification=reasoning", "justification=citation"),
            "c.txt": """
            # Method

            <!-- evidence: justification -->
            We apply dropout of 0.3 to reduce overfitting.
            """,
        },
    )
    errors = run_evidence_case(case, tmp_path / "work").errors
    assert any("`verdict: justification=citation` does not hold" in e for e in errors), errors
