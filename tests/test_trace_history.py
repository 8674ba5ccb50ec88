"""The trace's git history (paperlint/trace/history.py) on repositories the tests build: values
a setting took over commits, commits that record test results, the bounds, and that a
repository's own git configuration cannot make paperlint run a program."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest

from paperlint.testing import Commit, build_git_repo
from paperlint.trace import history
from paperlint.trace.build import build
from paperlint.trace.history import HistoryOptions, assignments, results_file

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
    reason="needs git",
)


def _train(lr: str, dropout: str) -> str:
    return (
        "import argparse\n"
        "parser = argparse.ArgumentParser()\n"
        f"parser.add_argument('--lr', type=float, default={lr})\n"
        f"DROPOUT = {dropout}\n"
    )


@pytest.fixture
def repo(tmp_path):
    return build_git_repo(
        tmp_path / "repo",
        [
            Commit("first model", {"train.py": _train("0.1", "0.5"), "README.md": "hi"}),
            Commit("smaller lr", {"train.py": _train("0.01", "0.5")}),
            Commit("dropout 0.3", {"train.py": _train("0.01", "0.3")}),
            Commit("update readme", {"README.md": "hello"}),
            Commit("add predictions", {"preds/sst-test-out.csv": "id,label\n"}),
            Commit("dropout 0.37 works better", {"train.py": _train("0.01", "0.37")}),
        ],
    )


def test_each_setting_takes_its_values_in_commit_order(repo):
    h = history.read([repo], HistoryOptions())
    # the commits that touch files holding settings: not the README, not the predictions
    assert h.status == "read" and h.commits == 4 and h.total == 4 and not h.stopped
    by_key = {}
    for c in h.changes:
        by_key.setdefault(c.key, []).append((c.value, c.subject))
    assert by_key["lr"] == [("0.1", "first model"), ("0.01", "smaller lr")]
    assert [v for v, _ in by_key["dropout"]] == ["0.5", "0.3", "0.37"]


def test_the_trace_keeps_the_last_value_and_counts_the_values_of_one_place(repo, monkeypatch):
    monkeypatch.chdir(repo)
    h = history.read(["."], HistoryOptions())
    trace = build((), h)
    dropout = trace.setting("dropout")
    assert dropout is not None
    assert dropout.values() == ("0.5", "0.3", "0.37")
    assert dropout.history_values == 3 and dropout.kept == "0.37"
    assert dropout.kept_at == "train.py:4"
    assert dropout.confidence == "low" and not dropout.searched  # the history alone
    assert [t.commit for t in dropout.tried] == [c.commit for c in h.changes if c.key == "dropout"]


def test_commits_that_record_test_results_by_message_and_by_file(repo):
    h = history.read([repo], HistoryOptions())
    assert [(r.subject, r.why) for r in h.results] == [
        ("add predictions", "it changes preds/sst-test-out.csv"),
    ]
    assert history.results_in_message("small model: test acc 91.2")
    assert history.results_in_message("update the test predictions")
    assert history.results_in_message("results on the test set for the paper")
    # not results: unit tests, the code that computes a metric, a metric without a number
    assert not history.results_in_message("Add unit tests for the data loader")
    assert not history.results_in_message("Fix NaN error for test loss")
    assert not history.results_in_message("log the test accuracy every epoch")


def test_files_that_hold_test_results_are_told_from_tests_and_test_data():
    assert results_file("results/test_acc.json")
    assert results_file("predictions/finetune-sst-test-out.csv")
    assert results_file("logs/test.log")
    assert not results_file("tests/test_model.py")
    assert not results_file("data/test.txt")
    assert not results_file("test_utils.py")


@pytest.mark.parametrize(
    ("line", "language", "found"),
    [
        ("parser.add_argument('--lr', type=float, default=3e-4)", "python", [("lr", "3e-4")]),
        ("flags.DEFINE_float('dropout', 0.5, 'rate')", "python", [("dropout", "0.5")]),
        ("_C.SOLVER.BASE_LR = 0.01", "python", [("_C.SOLVER.BASE_LR", "0.01")]),
        (
            "opt = Adam(params, lr=1e-3, weight_decay=5e-4)",
            "python",
            [("lr", "1e-3"), ("weight_decay", "5e-4")],
        ),
        (
            "config = {'batch_size': 64, 'epochs': 10}",
            "python",
            [("batch_size", "64"), ("epochs", "10")],
        ),
        ("  learning_rate: 0.001  # tuned", "yaml", [("learning_rate", "0.001")]),
        ('  "dropout": 0.1,', "json", [("dropout", "0.1")]),
        (
            "python train.py --lr 1e-3 --batch-size 32",
            "shell",
            [("lr", "1e-3"), ("batch-size", "32")],
        ),
        # not settings: layer sizes, loop counters, seeds, comparisons, comments
        ("self.fc = nn.Linear(512, 10)", "python", []),
        # a call's wiring: an axis, a layer's width or kernel (a training knob counts, above)
        ("h = torch.cat([a, b], dim=1)", "python", []),
        ("conv = nn.Conv2d(3, 64, kernel_size=3)", "python", []),
        ("for i in range(10):", "python", []),
        ("seed = 42", "python", []),
        ("if lr == 0.1:", "python", []),
        ("# lr = 0.1", "python", []),
    ],
)
def test_a_diff_line_gives_the_settings_it_assigns(line, language, found):
    assert assignments(line, language) == found


def test_the_history_stops_at_max_commits_and_says_so(repo):
    h = history.read([repo], HistoryOptions(max_commits=2))
    assert h.commits == 2 and h.total == 4 and h.stopped == "max-commits"
    assert any("read the last 2 of 4 commits" in n for n in h.notes)
    # the last two commits: the dropout's changes, not the first model's values
    assert [c.subject for c in h.changes] == ["dropout 0.3", "dropout 0.37 works better"]


def test_the_history_stops_at_its_time_bound_and_says_so(repo):
    h = history.read([repo], HistoryOptions(timeout=1e-9))
    assert h.stopped == "time"
    assert any("stopped after" in n for n in h.notes)


def test_off_no_git_and_untracked_are_said_apart(tmp_path, repo):
    assert history.read([repo], HistoryOptions(enabled=False)).status == "off"
    plain = tmp_path / "plain"
    plain.mkdir()
    assert history.read([plain], HistoryOptions()).status == "no-git"
    ignored = repo / "scratch"
    ignored.mkdir()
    (ignored / "a.py").write_text("lr = 0.1\n")
    got = history.read([ignored], HistoryOptions())
    assert got.status == "untracked" and got.notes


def test_a_subfolder_is_traced_within_its_repository(repo, tmp_path):
    build_git_repo(
        tmp_path / "mono",
        [
            Commit("a", {"src/train.py": _train("0.1", "0.5"), "other/x.py": "lr = 1\n"}),
            Commit("b", {"src/train.py": _train("0.2", "0.5"), "other/x.py": "lr = 2\n"}),
        ],
    )
    h = history.read([tmp_path / "mono" / "src"], HistoryOptions())
    assert {c.file for c in h.changes} == {"src/train.py"}


def _trap(path, marker):
    path.write_text(f"#!/bin/sh\necho ran >> {marker}\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_the_repositorys_own_git_config_cannot_run_a_program(repo, tmp_path):
    marker = tmp_path / "ran.txt"
    trap = _trap(tmp_path / "trap.sh", marker)
    (repo / ".gitattributes").write_text("*.py diff=evil\n")
    for key, value in [
        ("core.pager", str(trap)),
        ("core.fsmonitor", str(trap)),
        ("core.hooksPath", str(tmp_path)),
        ("diff.external", str(trap)),
        ("diff.evil.textconv", str(trap)),
        ("diff.evil.command", str(trap)),
        ("log.showSignature", "true"),
        ("gpg.program", str(trap)),
        ("core.sshCommand", str(trap)),
    ]:
        subprocess.run(["git", "-C", str(repo), "config", key, value], check=True)
    for hook in ("post-checkout", "pre-commit", "post-index-change", "reference-transaction"):
        _trap(tmp_path / hook, marker)
    h = history.read([repo], HistoryOptions())
    assert h.status == "read" and h.commits == 4
    assert any(c.key == "dropout" for c in h.changes)
    assert not marker.exists(), marker.read_text()
    # the twin: a plain `git log -p` in that repository runs the trap
    subprocess.run(["git", "-C", str(repo), "log", "-p"], capture_output=True, check=False)
    assert marker.exists()


def test_the_users_git_environment_is_not_inherited(repo, tmp_path, monkeypatch):
    other = build_git_repo(tmp_path / "other", [Commit("x", {"a.py": "lr = 5\n"})])
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    h = history.read([repo], HistoryOptions())
    assert h.commits == 4 and all(c.file == "train.py" for c in h.changes)
    assert os.environ["GIT_DIR"]  # left as it was for the caller


def test_a_search_definition_the_repository_deleted_is_read_from_its_history(tmp_path, monkeypatch):
    from paperlint.trace.stage import read_trace

    sweep = "method: grid\nparameters:\n  lr:\n    values: [0.1, 0.01, 0.001]\n"
    repo = build_git_repo(
        tmp_path / "repo",
        [
            Commit("model", {"train.py": _train("0.1", "0.5"), "sweep.yaml": sweep}),
            Commit("the sweep is done", {"sweep.yaml": None}),
            # the twin: a config that is not a search, deleted too, is not read again
            Commit("config", {"model.yaml": "lr: 0.1\n"}),
            Commit("drop the config", {"model.yaml": None}),
        ],
    )
    monkeypatch.chdir(repo)
    h = history.read(["."], HistoryOptions())
    assert [(p, s) for p, _c, _t, s, _x in h.deleted] == [("sweep.yaml", "the sweep is done")]
    trace, problems = read_trace(["."])
    assert not problems
    (search,) = trace.searches
    assert search.deleted_in and search.file == "sweep.yaml" and "deleted in" in search.detail
    assert trace.setting("lr").values() == ("0.1", "0.01", "0.001")
