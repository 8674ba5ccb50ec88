"""Each measurable rule's docs carry its precision and recall on the labelled corpus
(rules/validation.yaml, written by scripts/validate_rules.py); `paperlint explain` shows them.
The corpus is not needed here: the data file's form is checked, and the script's counting runs
on a labelled case made up below."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from click.testing import CliRunner

from paperlint import resources
from paperlint.cli import main
from paperlint.engine import all_rules

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location(
        "paperlint_validate_rules", ROOT / "scripts" / "validate_rules.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_validation_data_names_known_rules_with_consistent_figures():
    data = resources.load_yaml("validation.yaml")
    rules = all_rules()
    assert data["cases"] and data["labelled_choices"] > 0
    assert set(data["rules"]) | set(data["not_measured"]) == set(rules)
    for rule_id, r in data["rules"].items():
        assert rule_id in rules and r["label"]
        tp, fp, fn = r["tp"], r["fp"], r["fn"]
        assert all(isinstance(x, int) and x >= 0 for x in (tp, fp, fn))
        assert r["precision"] == (round(tp / (tp + fp), 2) if tp + fp else None)
        assert r["recall"] == (round(tp / (tp + fn), 2) if tp + fn else None)


def test_explain_shows_a_measured_rules_precision_and_recall():
    out = CliRunner().invoke(main, ["explain", "CH101"]).output
    section = out.split("## Validation", 1)[1].split("##", 1)[0]
    figures = resources.load_yaml("validation.yaml")["rules"]["CH101"]
    assert f"Precision {figures['precision']:.2f}, recall {figures['recall']:.2f}" in section
    # a rule the labels say nothing about says so, instead of showing figures
    paper_rule = CliRunner().invoke(main, ["explain", "ST301"]).output
    assert "Not measured" in paper_rule.split("## Validation", 1)[1].split("##", 1)[0]


def test_the_script_counts_a_rule_against_the_labels():
    script = _script()
    truth = [
        {"code": "m.py:3", "kind": "dropout", "justified": "none", "ablated": False,
         "mismatch": False, "paper_mentions": True},  # should be flagged, is: tp
        {"code": "m.py:9", "kind": "optimizer", "justified": "citation", "ablated": False,
         "mismatch": True, "paper_mentions": True},  # justified, flagged anyway: fp; mismatch missed
        {"code": "m.py:20", "kind": "depth", "justified": "none", "ablated": False,
         "mismatch": False, "paper_mentions": False},  # not found by the reader: fn
    ]  # fmt: skip
    report = {
        "choices": [
            {"id": "a", "file": "m.py", "line": 4, "kind": "dropout"},
            {"id": "b", "file": "m.py", "line": 9, "kind": "optimizer"},
        ],
        "findings": [
            {"rule": "CH101", "choice": "a"},
            {"rule": "CH101", "choice": "b"},
            {"rule": "CH101", "choice": "b", "suppressed": "ablated in Table 9"},
        ],
    }
    got = script.count(truth, report)
    assert got["CH101"] == {"tp": 1, "fp": 1, "fn": 1}
    assert got["MM201"] == {"tp": 0, "fp": 0, "fn": 1}
    assert script.figures(got["CH101"])["precision"] == 0.5


def test_a_grouped_finding_counts_for_its_groups_choices():
    script = _script()
    truth = [
        {"code": "a.yaml:3", "kind": "learning_rate", "justified": "none", "ablated": False,
         "mismatch": False, "paper_mentions": True},
        {"code": "b.yaml:3", "kind": "learning_rate", "justified": "none", "ablated": False,
         "mismatch": False, "paper_mentions": True},
    ]  # fmt: skip
    choices = [
        {"id": "a", "file": "a.yaml", "line": 3, "kind": "learning_rate"},
        {"id": "b", "file": "b.yaml", "line": 3, "kind": "learning_rate"},
    ]
    grouped = {"choices": choices, "findings": [{"rule": "CH101", "choice": "a", "group": ["b"]}]}
    alone = {"choices": choices, "findings": [{"rule": "CH101", "choice": "a"}]}  # the twin
    assert script.count(truth, grouped)["CH101"] == {"tp": 2, "fp": 0, "fn": 0}
    assert script.count(truth, alone)["CH101"] == {"tp": 1, "fp": 0, "fn": 1}
