"""Inline suppressions `# paperlint: ignore[ID] -- reason`: the reason is required (TN911),
unknown ids and unused comments are noted (TN912, TN913), and the report shows what was
silenced and why."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from paperlint.cli import main

PAPER = "# Net\n\n# Method\n\nWe train a small network.\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "paper.txt").write_text(PAPER)

    def audit(model: str, *args: str) -> tuple[int, dict]:
        (tmp_path / "model.py").write_text(model)
        r = CliRunner().invoke(
            main,
            [
                "model.py",
                "paper.txt",
                "--format",
                "json",
                "-o",
                "r.json",
                "--select",
                "CH101,TN91",
                *args,
            ],
        )
        if r.exception and not isinstance(r.exception, SystemExit):
            raise r.exception
        return r.exit_code, json.loads((tmp_path / "r.json").read_text())

    return audit


def active(report) -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for f in report["findings"] if not f["suppressed"]]


def test_a_suppression_with_a_reason_silences_the_finding_and_shows_why(tmp_path):
    (tmp_path / "model.py").write_text(
        "import torch.nn as nn\n\n"
        "drop = nn.Dropout(0.37)  # paperlint: ignore[CH101] -- tuned in Table 9\n"
    )
    (tmp_path / "paper.txt").write_text(PAPER)
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "paperlint",
            "model.py",
            "paper.txt",
            "--select",
            "CH101,TN91",
            "--format",
            "json",
            "-o",
            "r.json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    report = json.loads((tmp_path / "r.json").read_text())
    assert r.returncode == 0, r.stderr
    (f,) = [f for f in report["findings"] if f["rule"] == "CH101"]
    assert f["line"] == 3 and f["suppressed"] == "tuned in Table 9"
    s = report["summary"]
    assert s["findings"] == 0 and s["suppressed"] == 1
    assert s["suppressions"]["inline"] == 1
    assert s["suppressions"]["comments"] == [
        {
            "file": "model.py",
            "line": 3,
            "rules": ["CH101"],
            "reason": "tuned in Table 9",
            "silenced": 1,
        }
    ]


def test_the_text_report_counts_suppressed_findings(project, tmp_path):
    (tmp_path / "model.py").write_text(
        "import torch.nn as nn\n\ndrop = nn.Dropout(0.37)  # paperlint: ignore[CH101] -- Table 9\n"
    )
    r = CliRunner().invoke(main, ["model.py", "paper.txt", "--select", "CH101"])
    assert r.exit_code == 0 and "0 findings (1 suppressed)" in r.output


def test_a_suppression_without_a_reason_still_applies_but_fails_the_run(project):
    code, report = project(
        "import torch.nn as nn\n\ndrop = nn.Dropout(0.37)  # paperlint: ignore[CH101]\n"
    )
    assert code == 1
    assert active(report) == [("TN911", 3)]
    (tn,) = [f for f in report["findings"] if f["rule"] == "TN911"]
    assert "gives no reason" in tn["message"]
    assert report["summary"]["suppressions"]["without_reason"] == 1


def test_a_suppression_on_the_line_above_applies(project):
    code, report = project(
        "import torch.nn as nn\n\n# paperlint: ignore[CH101] -- ablated in the appendix\ndrop = nn.Dropout(0.37)\n"
    )
    assert code == 0 and active(report) == []


def test_ids_in_a_suppression_are_case_insensitive(project):
    code, _ = project(
        "import torch.nn as nn\n\ndrop = nn.Dropout(0.37)  # paperlint: ignore[ch101] -- Table 9\n"
    )
    assert code == 0


def test_a_suppression_of_another_rule_does_not_apply(project):
    code, report = project(
        "import torch.nn as nn\n\ndrop = nn.Dropout(0.37)  # paperlint: ignore[CH103] -- Table 9\n"
    )
    assert code == 1 and ("CH101", 3) in active(report)


def test_an_unknown_id_is_noted_and_suppresses_nothing(project):
    code, report = project(
        "import torch.nn as nn\n\ndrop = nn.Dropout(0.37)  # paperlint: ignore[CH110] -- Table 9\n"
    )
    assert code == 1
    assert sorted(active(report)) == [("CH101", 3), ("TN912", 3)]


def test_an_unused_suppression_is_noted_without_failing(project):
    code, report = project("x = 1  # paperlint: ignore[CH101] -- nothing here\n")
    assert code == 0 and active(report) == [("TN913", 1)]


def test_unused_is_not_claimed_for_rules_that_did_not_run(project):
    code, report = project("x = 1  # paperlint: ignore[CH103] -- not selected\n")
    assert code == 0 and active(report) == []
