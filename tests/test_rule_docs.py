"""Every rule carries its docs in ruff's sections, runnable checks, and tested examples;
`paperlint rules` and `paperlint explain` show all of it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from paperlint.checks import CHECKS
from paperlint.cli import main
from paperlint.engine import DOC_SECTIONS, DOC_TITLES, all_rules
from paperlint.model import CONFIDENCES, SEVERITIES
from paperlint.testing import cases

RULES = list(all_rules())


@pytest.mark.parametrize("rule_id", RULES)
def test_rule_is_documented_and_runnable(rule_id):
    rule = all_rules()[rule_id]
    for section in DOC_SECTIONS:
        assert section in rule.docs, f"{rule_id} lacks the docs section {section!r}"
        if section != "references":
            assert str(rule.docs[section]).strip(), f"{rule_id}: empty {section!r}"
    assert rule.check in CHECKS, f"{rule_id} names an unknown check {rule.check!r}"
    assert rule.severity in SEVERITIES and rule.confidence in CONFIDENCES
    assert rule.summary and rule.message and rule.fix


@pytest.mark.parametrize("rule_id", RULES)
def test_rule_has_must_fire_and_must_not_fire_examples(rule_id):
    markers = [m for case in cases(rule_id) for m in case.markers()]
    kinds = {m.kind for m in markers}
    assert cases(rule_id), f"{rule_id} has no example cases in rules/packs/examples/{rule_id}/"
    assert "ruleid" in kinds, f"{rule_id}: no example where it must fire (`ruleid` marker)"
    assert "ok" in kinds, f"{rule_id}: no example where it must stay silent (`ok` marker)"


def test_every_example_folder_belongs_to_a_rule():
    orphans = {c.rule for c in cases()} - set(RULES)
    assert not orphans, f"example folders without a rule: {sorted(orphans)}"


@pytest.mark.parametrize("rule_id", RULES)
def test_explain_prints_every_docs_section(rule_id):
    r = CliRunner().invoke(main, ["explain", rule_id.lower()])
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"{rule_id} (")
    for section in DOC_SECTIONS:
        assert f"## {DOC_TITLES[section]}" in r.output
    assert f"## Test cases (rules/packs/examples/{rule_id}/)" in r.output


def test_explain_accepts_a_rule_name():
    r = CliRunner().invoke(main, ["explain", "unjustified-choice"])
    assert r.exit_code == 0 and r.output.startswith("CH101 (unjustified-choice)")


def test_explain_unknown_rule_is_a_usage_error():
    r = subprocess.run(
        [sys.executable, "-m", "paperlint", "explain", "XX999"], capture_output=True, text=True
    )
    assert r.returncode == 2 and "error[E003] XX999" in r.stderr


def test_rules_lists_every_rule_by_family():
    r = subprocess.run([sys.executable, "-m", "paperlint", "rules"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for rule in all_rules().values():
        assert f"{rule.id}  {rule.name}" in r.stdout
    for family in (
        "choices (CH1xx)",
        "mismatch (MM2xx)",
        "statistics (ST3xx)",
        "tuning (TR4xx)",
        "notices (TN9xx)",
    ):
        assert family in r.stdout


def test_rules_json_has_the_docs():
    r = CliRunner().invoke(main, ["rules", "--format", "json"])
    data = json.loads(r.output)
    assert [d["id"] for d in data] == RULES
    assert all(set(DOC_SECTIONS) <= d["docs"].keys() for d in data)


def test_rule_ids_are_grouped_by_family():
    prefixes = {
        "choices": "CH1",
        "mismatch": "MM2",
        "statistics": "ST3",
        "tuning": "TR4",
        "notices": "TN9",
    }
    for rule in all_rules().values():
        assert rule.id.startswith(prefixes[rule.family]), rule.id
