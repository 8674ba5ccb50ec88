"""[tool.paperlint] in pyproject.toml, through the CLI: a configured repo audits with
`paperlint` alone; command-line options win; unknown keys and bad values are error E002.

The round trips that matter most run the real CLI in a subprocess; the others run the same
click command in-process (same code path, a tenth of the time).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from paperlint.cli import main
from paperlint.config import KEYS, Settings, from_table
from paperlint.errors import PaperlintError

MODEL = """\
import torch.nn as nn

drop = nn.Dropout(0.37)
"""
PAPER = """\
# Net: a paper for the config tests

# Experiments

We report the best test accuracy over all epochs.
"""


def run(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "paperlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(monkeypatch):
    """The click command in-process, in folder ``cwd``; stderr is mixed into stdout."""

    def invoke(*args: str, cwd) -> Ran:
        monkeypatch.chdir(cwd)
        r = CliRunner().invoke(main, list(args))
        if r.exception and not isinstance(r.exception, SystemExit):
            raise r.exception
        return Ran(r.exit_code, r.output, r.output)

    return invoke


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "model.py").write_text(MODEL)
    (tmp_path / "paper").mkdir()
    (tmp_path / "paper" / "paper.txt").write_text(PAPER)
    return tmp_path


def configure(repo, body: str) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "demo"\n\n[tool.paperlint]\n' + textwrap.dedent(body)
    )


def rules_in(report_path) -> list[str]:
    report = json.loads(report_path.read_text())
    return sorted(f["rule"] for f in report["findings"] if not f["suppressed"])


def test_paperlint_alone_audits_the_configured_code_and_paper(repo):
    configure(
        repo,
        """
        code = ["src"]
        paper = "paper/paper.txt"
        format = "json"
        output = "audit.json"
        """,
    )
    r = run(cwd=repo)
    assert r.returncode == 1, r.stderr
    report = json.loads((repo / "audit.json").read_text())
    assert report["paper"]["path"] == "paper/paper.txt"
    assert {f["rule"] for f in report["findings"]} >= {"CH101", "ST303"}
    assert {c["file"] for c in report["choices"]} == {"src/model.py"}


def test_the_config_is_found_from_a_subfolder_and_paths_stay_relative_to_it(repo, cli):
    configure(repo, 'code = "src"\npaper = "paper/paper.txt"\nformat = "json"\n')
    r = cli("--output", "out.json", cwd=repo / "src")
    assert r.returncode == 1, r.stderr
    assert "ST303" in rules_in(repo / "src" / "out.json")


def test_select_and_ignore_from_the_config(repo, cli):
    configure(
        repo,
        'code = ["src"]\npaper = "paper/paper.txt"\nselect = ["ST", "CH1"]\nignore = ["ST303"]\n',
    )
    r = cli("--format", "json", "--output", "r.json", cwd=repo)
    got = rules_in(repo / "r.json")
    assert "CH101" in got and "ST303" not in got and "TN901" not in got, r.stderr


def test_command_line_select_replaces_and_ignore_adds(repo, cli):
    configure(
        repo, 'code = ["src"]\npaper = "paper/paper.txt"\nselect = ["CH"]\nignore = ["CH102"]\n'
    )
    r = cli(
        "--select", "ST303,CH101", "--ignore", "CH101", "--format", "json", "-o", "r.json", cwd=repo
    )
    assert rules_in(repo / "r.json") == ["ST303"], r.stderr


def test_fail_on_from_the_config_and_overridden_on_the_command_line(repo, cli):
    configure(
        repo, 'code = ["src"]\npaper = "paper/paper.txt"\nselect = ["CH101"]\nfail-on = "high"\n'
    )
    assert cli(cwd=repo).returncode == 0  # CH101 is medium: below the bar
    assert cli("--fail-on", "medium", cwd=repo).returncode == 1


def test_info_notices_do_not_fail_a_run_unless_asked(repo, cli):
    (repo / "short.txt").write_text("# Intro\n\nNothing to see.\n")
    args = ("src/model.py", "short.txt", "--select", "TN901")
    assert cli(*args, cwd=repo).returncode == 0
    r = cli(*args, "--fail-on", "info", cwd=repo)
    assert r.returncode == 1 and "TN901" in r.stdout


def test_an_unknown_key_is_error_e002_with_a_suggestion(repo):
    configure(repo, 'code = ["src"]\nselct = ["CH"]\n')
    r = run(cwd=repo)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "error[E002]" in r.stderr and str(repo / "pyproject.toml") in r.stderr
    assert "unknown key 'selct' in [tool.paperlint] (did you mean 'select'?)" in r.stderr


def test_a_value_of_the_wrong_type_is_error_e002(repo, cli):
    configure(repo, 'code = ["src"]\nfail-on = "critical"\n')
    r = cli(cwd=repo)
    assert r.returncode == 2
    assert "fail-on must be one of info, low, medium, high, got 'critical'" in r.stderr


def test_invalid_toml_is_error_e002(repo, cli):
    (repo / "pyproject.toml").write_text("[tool.paperlint]\ncode = [\n")
    r = cli(cwd=repo)
    assert r.returncode == 2 and "error[E002]" in r.stderr and "not valid TOML" in r.stderr


def test_an_unknown_rule_in_select_is_error_e003(repo, cli):
    configure(repo, 'code = ["src"]\nselect = ["XX9"]\n')
    r = cli(cwd=repo)
    assert r.returncode == 2 and "error[E003] XX9" in r.stderr


def test_isolated_ignores_the_config(repo, cli):
    configure(repo, 'code = ["src"]\nselct = 1\n')
    r = cli("--isolated", "src", "paper/paper.txt", "--select", "ST303", cwd=repo)
    assert r.returncode == 1 and "ST303" in r.stdout


def test_an_explicit_config_file(repo, tmp_path_factory, cli):
    other = tmp_path_factory.mktemp("elsewhere") / "paperlint.toml"
    other.write_text('[tool.paperlint]\nselect = ["ST303"]\n')
    r = cli("src", "paper/paper.txt", "--config", str(other), cwd=repo)
    assert r.returncode == 1 and "ST303" in r.stdout and "CH101" not in r.stdout


def test_without_code_and_without_config_is_a_usage_error(tmp_path):
    r = run(cwd=tmp_path)
    assert r.returncode == 2 and "error[E001] no code given" in r.stderr


def test_every_key_is_accepted_with_a_value_of_its_kind(tmp_path):
    table = {
        "code": ["src"],
        "paper": "p.pdf",
        "select": "CH,ST",
        "extend-select": ["TN9"],
        "ignore": ["CH103"],
        "fail-on": "medium",
        "exclude": ["tests/*"],
        "runs": ["configs/a.yaml"],
        "baseline": "b.json",
        "max-pages": 50,
        "max-file-size": 1000,
        "format": "json",
        "output": "r.json",
        "history": False,
        "history-max-commits": 100,
        "history-timeout": 2.5,
        "daemon": True,
    }
    assert set(table) == set(KEYS)
    s = from_table(table, base=tmp_path)
    assert s == Settings(
        code=(str(tmp_path / "src"),),
        paper=str(tmp_path / "p.pdf"),
        select=("CH", "ST"),
        extend_select=("TN9",),
        ignore=("CH103",),
        fail_on="medium",
        exclude=("tests/*",),
        runs=("configs/a.yaml",),
        baseline=str(tmp_path / "b.json"),
        max_pages=50,
        max_file_size=1000,
        format="json",
        output=str(tmp_path / "r.json"),
        history=False,
        history_max_commits=100,
        history_timeout=2.5,
        daemon=True,
    )


@pytest.mark.parametrize(
    "key, value",
    [
        ("code", 3),
        ("max-pages", 0),
        ("max-pages", True),
        ("select", [""]),
        ("format", "xml"),
        ("history", "yes"),
        ("history-timeout", 0),
    ],
)
def test_bad_values_name_the_key(key, value, tmp_path):
    with pytest.raises(PaperlintError) as e:
        from_table({key: value}, base=tmp_path)
    assert e.value.code == "E002" and f"[tool.paperlint] {key} must be" in e.value.message
