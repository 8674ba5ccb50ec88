"""Baselines through the CLI: --write-baseline records the accepted findings, --baseline fails
only on new ones, and the fingerprints survive moved lines but not changed values."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from paperlint.baseline import dumps, load
from paperlint.cli import main
from paperlint.errors import PaperlintError
from paperlint.model import Finding

MODEL = """\
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.37)
        self.head = nn.Linear(64, 10)
"""
PAPER = "# Net\n\n# Method\n\nWe train a small network.\n"
SELECT = ("--select", "CH1,MM,ST")


def run(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "paperlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "model.py").write_text(MODEL)
    (tmp_path / "paper.txt").write_text(PAPER)
    return tmp_path


@pytest.fixture
def cli(repo, monkeypatch):
    monkeypatch.chdir(repo)

    def invoke(*args: str) -> tuple[int, dict]:
        r = CliRunner().invoke(
            main, ["model.py", "paper.txt", *SELECT, "--format", "json", "-o", "r.json", *args]
        )
        if r.exception and not isinstance(r.exception, SystemExit):
            raise r.exception
        return r.exit_code, json.loads((repo / "r.json").read_text())

    return invoke


def active(report) -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for f in report["findings"] if not f["suppressed"]]


def test_write_then_use_a_baseline_round_trip(repo):
    r = run(
        "model.py", "paper.txt", *SELECT, "--write-baseline", "paperlint-baseline.json", cwd=repo
    )
    assert r.returncode == 0, r.stderr
    assert "wrote 2 accepted findings to paperlint-baseline.json" in r.stderr
    data = json.loads((repo / "paperlint-baseline.json").read_text())
    assert data["schema"] == "paperlint-baseline/1"
    assert sorted(e["rule"] for e in data["findings"]) == ["CH101", "CH101"]
    assert all("line" not in e for e in data["findings"])  # lines would churn the file

    r = run(
        "model.py",
        "paper.txt",
        *SELECT,
        "--baseline",
        "paperlint-baseline.json",
        "--format",
        "json",
        "-o",
        "r.json",
        cwd=repo,
    )
    assert r.returncode == 0, r.stderr
    report = json.loads((repo / "r.json").read_text())
    assert active(report) == []
    assert all(f["suppressed"].startswith("baseline: ") for f in report["findings"])
    s = report["summary"]["suppressions"]
    assert s["baseline"] == 2 and s["baseline_file"]["stale"] == 0

    # a new choice fails the run; only it is reported as active
    (repo / "model.py").write_text(MODEL + "        self.extra = nn.Dropout(0.21)\n")
    r = run(
        "model.py",
        "paper.txt",
        *SELECT,
        "--baseline",
        "paperlint-baseline.json",
        "--format",
        "json",
        "-o",
        "r.json",
        cwd=repo,
    )
    assert r.returncode == 1
    report = json.loads((repo / "r.json").read_text())
    # the new dropout is asked in the accepted dropout question, which is therefore new: the
    # question (at the first dropout) is active again, and it names the new choice
    new_choice = next(c["id"] for c in report["choices"] if c["line"] == 9)
    (question,) = [f for f in report["findings"] if not f["suppressed"]]
    assert question["rule"] == "CH101" and new_choice in [question["choice"], *question["group"]]


def test_moved_lines_keep_the_baseline_valid(repo, cli):
    assert cli("--write-baseline", "b.json")[0] == 0
    (repo / "model.py").write_text('"""A docstring that moves every line down."""\n\n\n' + MODEL)
    code, report = cli("--baseline", "b.json")
    assert code == 0 and active(report) == []


def test_a_changed_value_is_a_new_finding_and_its_old_entry_is_stale(repo, cli):
    cli("--write-baseline", "b.json")
    (repo / "model.py").write_text(MODEL.replace("0.37", "0.4"))
    code, report = cli("--baseline", "b.json")
    assert code == 1 and active(report) == [("CH101", 7)]
    assert report["summary"]["suppressions"]["baseline_file"]["stale"] == 1


def test_identical_findings_are_counted(repo, cli):
    twice = MODEL + "        self.drop2 = nn.Dropout(0.37)\n"
    (repo / "model.py").write_text(twice)
    cli("--write-baseline", "b.json")
    entries = json.loads((repo / "b.json").read_text())["findings"]
    assert any(e["count"] == 2 for e in entries) or len(entries) == 3
    (repo / "model.py").write_text(twice + "        self.drop3 = nn.Dropout(0.37)\n")
    code, report = cli("--baseline", "b.json")
    dropouts = [f for f in report["findings"] if "dropout" in f["message"] and not f["suppressed"]]
    assert code == 1 and len(dropouts) == 1


def test_the_baseline_can_be_set_in_the_config(repo, cli):
    cli("--write-baseline", "b.json")
    (repo / "pyproject.toml").write_text('[tool.paperlint]\nbaseline = "b.json"\n')
    code, report = cli()
    assert code == 0 and report["summary"]["suppressions"]["baseline"] == 2


def test_inline_suppressed_findings_are_not_written_to_the_baseline():
    kept = Finding("CH101", "medium", "medium", "a", file="m.py", line=1, fingerprint="f1")
    silenced = Finding("CH101", "medium", "medium", "b", fingerprint="f2", suppressed="reason")
    data = json.loads(dumps([kept, silenced]))
    assert [e["fingerprint"] for e in data["findings"]] == ["f1"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "baseline is not valid JSON"),
        ('{"schema": "other/1", "findings": []}', "not a paperlint-baseline/1 file"),
        (
            '{"schema": "paperlint-baseline/1", "findings": [{"count": 1}]}',
            "findings[0] has no fingerprint",
        ),
        (
            '{"schema": "paperlint-baseline/1", "findings": [{"fingerprint": "x", "count": 0}]}',
            "count must be",
        ),
    ],
)
def test_a_malformed_baseline_is_error_e004(tmp_path, content, message):
    p = tmp_path / "b.json"
    p.write_text(content)
    with pytest.raises(PaperlintError) as e:
        load(p)
    assert e.value.code == "E004" and message in e.value.message


def test_a_missing_baseline_is_error_e004_and_exit_two(repo):
    r = run("model.py", "paper.txt", "--baseline", "missing.json", cwd=repo)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert (
        "error[E004] missing.json: baseline file not found (write one with --write-baseline FILE)"
        in r.stderr
    )
