"""The tuning trace in an audit: in the result, the cache, the reports, the CLI and its
configuration, on repositories the tests build (a sweep, a shell loop, a config family, a
history that changes a setting)."""

from __future__ import annotations

import json
import subprocess
import textwrap

import pytest
from click.testing import CliRunner

from paperlint.api import Config, audit
from paperlint.cli import main
from paperlint.model import AuditResult, from_dict, to_dict
from paperlint.report import render
from paperlint.testing import Commit, build_git_repo

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
    reason="needs git",
)

SWEEP = """\
program: train.py
method: grid
metric: {name: val_loss, goal: minimize}
parameters:
  lr:
    values: [1e-3, 3e-4, 1e-4]
  weight_decay:
    values: [0, 1e-4]
"""
PAPER = """\
# A small network

# Method

We train with Adam at a learning rate of 3e-4.

We searched the weight decay over {0, 1e-4} on the validation set.

# Experiments

Our model outperforms the baseline by 1.2 points of accuracy (93.1% vs 91.9%).
"""


def _train(dropout: str) -> str:
    return textwrap.dedent(
        f"""\
        import argparse

        import torch.nn as nn

        parser = argparse.ArgumentParser()
        parser.add_argument("--lr", type=float, default=3e-4)
        DROPOUT = {dropout}
        drop = nn.Dropout(DROPOUT)
        """
    )


@pytest.fixture
def project(tmp_path, monkeypatch):
    repo = build_git_repo(
        tmp_path / "repo",
        [
            Commit("model", {"train.py": _train("0.5"), "sweep.yaml": SWEEP}),
            Commit("dropout 0.3", {"train.py": _train("0.3")}),
            Commit("loop over the batch size", {"run.sh": "for bs in 32 64; do python train.py --batch_size $bs; done\n"}),
            Commit("dropout 0.37", {"train.py": _train("0.37")}),
        ],
    )  # fmt: skip
    (tmp_path / "paper.txt").write_text(PAPER, encoding="utf-8")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("PAPERLINT_CACHE_DIR", str(tmp_path / "cache"))
    return repo


def _rules(result: AuditResult) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in result.findings:
        out.setdefault(f.rule, []).append(f)
    return out


def test_the_audit_traces_sweeps_loops_and_history_and_links_them_to_the_paper(project):
    result = audit(["."], "../paper.txt", Config(cache=False))
    trace = result.trace
    assert trace is not None and trace.coverage.history == "read"
    assert {s.key for s in trace.settings} >= {"lr", "weight_decay", "batch_size", "dropout"}
    assert trace.setting("dropout").values() == ("0.5", "0.3", "0.37")
    assert trace.setting("lr").kept == "3e-4"  # from the argparse default
    reports = {r.key: r for r in result.trace_paper.settings}
    assert reports["weight_decay"].reported and reports["weight_decay"].how == "search space"
    assert reports["lr"].mentioned and not reports["lr"].reported
    flagged = {f.message.split(":")[0] for f in _rules(result)["TR401"]}
    # the learning rate's sweep, the batch size's loop and the dropout's three values
    assert flagged == {"lr", "bs" if "bs" in flagged else "batch_size", "DROPOUT"}
    # the weight decay's search is reported: silent on it
    assert not any(f.message.startswith("weight_decay") for f in _rules(result)["TR401"])
    lr = next(f for f in _rules(result)["TR401"] if f.message.startswith("lr"))
    assert (lr.file, lr.line) == ("sweep.yaml", 5) and lr.confidence == "high"
    assert (
        lr.code_evidence[0].file == "sweep.yaml"
        and "values[1e-3, 3e-4, 1e-4]" in lr.code_evidence[0].what
    )
    assert lr.evidence and "3e-4" in lr.evidence[0].quote
    dropout = next(f for f in _rules(result)["TR401"] if f.message.startswith("DROPOUT"))
    assert dropout.confidence == "low" and all(e.commit for e in dropout.code_evidence)
    assert result.summary["trace"]["settings_searched"] >= 4


def test_a_sweep_files_own_keys_are_not_choices(project):
    result = audit(["."], "../paper.txt", Config(cache=False))
    assert not [c for c in result.choices if c.file == "sweep.yaml"]
    assert [c for c in result.choices if c.file == "train.py"]
    # the twin: the same keys in a config that is not a sweep are read as choices
    (project / "sweep.yaml").write_text("optimizer:\n  lr: 0.001\n  weight_decay: 0.0001\n")
    result = audit(["."], "../paper.txt", Config(cache=False))
    assert [c for c in result.choices if c.file == "sweep.yaml"]


def test_the_result_with_its_trace_survives_json_and_the_cache(project, monkeypatch):
    monkeypatch.delenv("PAPERLINT_NO_CACHE", raising=False)
    first = audit(["."], "../paper.txt", Config())
    assert from_dict(AuditResult, json.loads(json.dumps(to_dict(first)))) == first
    again = audit(["."], "../paper.txt", Config())
    assert again == first
    # a new commit is a new trace (the history is part of the key)
    (project / "train.py").write_text(_train("0.25"))
    subprocess.run(["git", "add", "-A"], check=True, capture_output=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "0.25"],
        check=True,
        capture_output=True,
    )
    after = audit(["."], "../paper.txt", Config())
    assert after.trace.setting("dropout").values()[-1] == "0.25"


def _timeless(result: AuditResult) -> dict:
    """The result as data, but for how long the history took to read."""
    data = to_dict(result)
    data["trace"]["coverage"]["seconds"] = 0.0
    return data


def test_an_edit_takes_the_history_from_the_cache_and_a_commit_reads_it_again(project, monkeypatch):
    """The git history depends on the commits, not on the files as they are now: after an
    edit (the trace's readers run again) it comes from the cache, and the result is the one an
    audit without the cache gives; a new commit reads it again."""
    from paperlint.trace import history

    monkeypatch.delenv("PAPERLINT_NO_CACHE", raising=False)
    reads = []
    real = history.read
    monkeypatch.setattr(history, "read", lambda *a: reads.append(a) or real(*a))
    first = audit(["."], "../paper.txt", Config())
    assert len(reads) == 1
    (project / "train.py").write_text(_train("0.4"))  # edited, not committed
    edited = audit(["."], "../paper.txt", Config())
    assert len(reads) == 1  # not read again
    assert edited != first and ("dropout", "0.4") in {(c.concept, c.value) for c in edited.choices}
    assert _timeless(edited) == _timeless(audit(["."], "../paper.txt", Config(cache=False)))
    assert len(reads) == 2  # the audit without the cache read it
    subprocess.run(["git", "add", "-A"], check=True, capture_output=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "0.4"],
        check=True,
        capture_output=True,
    )
    committed = audit(["."], "../paper.txt", Config())
    assert len(reads) == 3
    assert committed.trace.setting("dropout").values()[-1] == "0.4"
    assert committed.trace.coverage.commits == first.trace.coverage.commits + 1


def test_the_reports_carry_the_trace(project):
    result = audit(["."], "../paper.txt", Config(cache=False))
    data = json.loads(render("json", result))
    assert {s["key"] for s in data["trace"]["settings"]} >= {"lr", "dropout"}
    assert data["trace"]["coverage"]["history"] == "read"
    tr401 = [f for f in data["findings"] if f["rule"] == "TR401"]
    assert tr401 and all(f["code_evidence"] for f in tr401)
    html = render("html", result)
    section = html[html.index('id="trace-h"') :]
    assert "Tuning trace" in section and section.count("<svg") >= 3
    assert 'id="trace-dropout"' in section and "values over commits" in section
    text = render("text", result)
    assert "tuning trace:" in text and "code sweep.yaml:5" in text
    sarif = json.loads(render("sarif", result))
    related = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "TR401"]
    assert all(r["relatedLocations"] for r in related)


def test_history_off_from_the_command_line_and_from_pyproject(project, tmp_path):
    out = tmp_path / "r.json"
    r = CliRunner().invoke(
        main, ["check", ".", "../paper.txt", "--no-history", "--format", "json", "-o", str(out)]
    )
    assert r.exit_code in (0, 1), r.output
    assert json.loads(out.read_text())["trace"]["coverage"]["history"] == "off"
    (project / "pyproject.toml").write_text("[tool.paperlint]\nhistory = false\n")
    r = CliRunner().invoke(main, ["check", ".", "../paper.txt", "--format", "json", "-o", str(out)])
    assert json.loads(out.read_text())["trace"]["coverage"]["history"] == "off"
    (project / "pyproject.toml").write_text("[tool.paperlint]\nhistory-max-commits = 1\n")
    r = CliRunner().invoke(main, ["check", ".", "../paper.txt", "--format", "json", "-o", str(out)])
    coverage = json.loads(out.read_text())["trace"]["coverage"]
    assert coverage["history"] == "read" and coverage["stopped"] == "max-commits"
    assert any("read the last 1 of" in n for n in coverage["notes"])


def test_a_wrong_history_setting_is_error_e002(project):
    (project / "pyproject.toml").write_text('[tool.paperlint]\nhistory = "yes"\n')
    r = CliRunner().invoke(main, ["check", ".", "../paper.txt"])
    assert r.exit_code == 2 and "E002" in r.output and "history must be true or false" in r.output


def test_dump_code_shows_the_trace(project):
    r = CliRunner().invoke(main, ["dump-code", "."])
    assert r.exit_code == 0, r.output
    assert "tuning trace:" in r.output and "sweep.yaml:2: W&B sweep (grid" in r.output
    assert "kept 0.37 (train.py:7)" in r.output
    r = CliRunner().invoke(main, ["dump-code", ".", "--format", "json", "--no-history"])
    data = json.loads(r.output)
    assert data["trace"]["coverage"]["history"] == "off" and data["trace"]["searches"]


def test_a_search_the_paper_admits_without_its_space_is_asked_for_its_values(project, tmp_path):
    """ "We sweep the learning rate" admits the search without saying over which values: the
    finding says so (the twin, the paper above, only states the rate: "reports no search")."""
    admitted = PAPER.replace(
        "We train with Adam at a learning rate of 3e-4.",
        "We train with Adam at a learning rate of 3e-4. We sweep the learning rate for each task.",
    )
    (tmp_path / "admitted.txt").write_text(admitted, encoding="utf-8")
    result = audit(["."], "../admitted.txt", Config(cache=False))
    report = {r.key: r for r in result.trace_paper.settings}["lr"]
    assert report.claimed and not report.reported and "sweep" in report.quotes[0].quote.lower()
    (lr,) = [f for f in _rules(result)["TR401"] if f.message.startswith("lr")]
    assert "says it was tuned but not over which values" in lr.message
    plain = audit(["."], "../paper.txt", Config(cache=False))  # the twin
    (lr,) = [f for f in _rules(plain)["TR401"] if f.message.startswith("lr")]
    assert "mentions it but reports no search of it" in lr.message
    # a denied search is no admission
    denied = admitted.replace("We sweep the learning rate", "We did not sweep the learning rate")
    (tmp_path / "denied.txt").write_text(denied, encoding="utf-8")
    result = audit(["."], "../denied.txt", Config(cache=False))
    assert not {r.key: r for r in result.trace_paper.settings}["lr"].claimed
