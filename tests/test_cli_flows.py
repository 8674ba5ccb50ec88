"""The flows a user of ruff, pre-commit and code scanning expects, through the real CLI, in a
scratch git repository built by each test (issue 20): paperlint never audits its own outputs,
a configured baseline is written and applied, SARIF names files from the repository's top,
texts leak no internals, every error has a code, and ruff's options work."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT
from test_report import github_sarif_problems, schema_errors

MODEL = """\
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.37)
        self.head = nn.Linear(64, 10)
"""
PAPER = """\
# Net

# Method

We train a small network with a dropout of 0.3 before the classifier.

# Experiments

We report the best test accuracy over all epochs, 91.2%.
"""


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "paperlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=180,
    )


def git_repo(root: Path) -> Path:
    """A scratch git repository: src/model.py, paper/paper.txt, README.md."""
    (root / "src").mkdir(parents=True)
    (root / "src" / "model.py").write_text(MODEL)
    (root / "paper").mkdir()
    (root / "paper" / "paper.txt").write_text(PAPER)
    (root / "README.md").write_text("# net\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True, timeout=60)
    return root


@pytest.fixture
def repo(tmp_path) -> Path:
    return git_repo(tmp_path / "repo")


def configure(repo: Path, body: str) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "net"\n\n[tool.paperlint]\n' + textwrap.dedent(body)
    )


def findings(report: Path) -> list[dict]:
    return json.loads(report.read_text())["findings"]


# ── 1. its own outputs are never inputs ──────────────────────────────────────────────────────


def test_a_report_written_into_the_audited_folder_is_not_audited_next_time(repo):
    args = (".", "paper/paper.txt", "--format", "json", "--output", "audit.json")
    first = run(*args, cwd=repo)
    assert first.returncode == 1, first.stderr
    before = findings(repo / "audit.json")
    # more outputs of our own, under names a config could have: a baseline, a SARIF log
    assert (
        run(".", "paper/paper.txt", "--write-baseline", "accepted.json", cwd=repo).returncode == 0
    )
    run(".", "paper/paper.txt", "--format", "sarif", "-o", "scan.json", cwd=repo)
    second = run(*args, cwd=repo)
    report = json.loads((repo / "audit.json").read_text())
    assert [f["fingerprint"] for f in report["findings"]] == [f["fingerprint"] for f in before]
    assert {f["path"] for f in report["files"]} == {"src/model.py"}
    assert second.returncode == 1
    # the twin: a JSON config beside them is read (it is no output of ours)
    (repo / "src" / "train.json").write_text('{"lr": 0.0003, "batch_size": 96}\n')
    run(*args, cwd=repo)
    files = {f["path"] for f in json.loads((repo / "audit.json").read_text())["files"]}
    assert files == {"src/model.py", "src/train.json"}


def test_outputs_are_recognised_by_their_contents():
    from paperlint.outputs import looks_like_output

    assert (
        looks_like_output(b'{\n  "schema": "paperlint-report/1",\n  "tool": {}') == "paperlint json"
    )
    assert looks_like_output(b'{"schema": "paperlint-baseline/1", "findings": []}')
    assert looks_like_output(b'{"format": "paperlint-cache/1", "kind": "code"}\n{}')
    sarif = b'{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version"'
    assert looks_like_output(sarif) == "sarif"
    assert looks_like_output(b'{"version": "2.1.0", "runs": []}') == "sarif"
    assert looks_like_output(b'<meta name="generator" content="paperlint 0.1.0">')
    # configs that merely mention such words are configs
    assert looks_like_output(b'{"schema": "my-model/1", "lr": 0.1}') == ""
    assert looks_like_output(b'{"lr": 0.1, "note": "paperlint-report/1"}') == ""
    assert looks_like_output(b"version: 2.1.0\nruns: 3\n") == ""


# ── 2. a configured baseline ─────────────────────────────────────────────────────────────────


def test_write_baseline_alone_writes_the_configured_baseline_which_then_applies(repo):
    configure(
        repo, 'code = ["src"]\npaper = "paper/paper.txt"\nbaseline = "paperlint-baseline.json"\n'
    )
    assert run(cwd=repo).returncode == 2  # the baseline does not exist yet: E004
    w = run("--write-baseline", cwd=repo)
    assert w.returncode == 0, w.stderr
    assert re.search(r"wrote \d+ accepted findings to paperlint-baseline\.json", w.stderr)
    data = json.loads((repo / "paperlint-baseline.json").read_text())
    assert data["schema"] == "paperlint-baseline/1" and data["findings"]
    again = run(cwd=repo)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 stale entries" in again.stdout and "stale" not in again.stderr
    # a changed value: a new finding, and the old entry is reported as stale
    (repo / "src" / "model.py").write_text(MODEL.replace("0.37", "0.41"))
    changed = run(cwd=repo)
    assert changed.returncode == 1
    assert re.search(
        r"\d+ (entry|entries) of the baseline paperlint-baseline\.json match no finding",
        changed.stderr,
    )
    # writing again drops the stale entries and accepts the new finding
    assert run("--write-baseline", cwd=repo).returncode == 0
    assert run(cwd=repo).returncode == 0


def test_write_baseline_without_a_file_or_config_is_a_usage_error(repo):
    r = run("src", "paper/paper.txt", "--write-baseline", cwd=repo)
    assert r.returncode == 2 and "error[E001] --write-baseline needs a FILE" in r.stderr


def test_write_baseline_never_replaces_a_file_that_is_no_baseline(repo):
    # the optional FILE takes the next word: here the code file
    r = run("--write-baseline", "src/model.py", "src", "paper/paper.txt", cwd=repo)
    assert r.returncode == 2 and "error[E301] src/model.py: refusing to replace" in r.stderr
    assert (repo / "src" / "model.py").read_text() == MODEL
    # the twin: an existing baseline is replaced
    assert run("src", "paper/paper.txt", "--write-baseline=b.json", cwd=repo).returncode == 0
    assert run("src", "paper/paper.txt", "--write-baseline=b.json", cwd=repo).returncode == 0


# ── 3. SARIF for code scanning ───────────────────────────────────────────────────────────────


def sarif_uris(log: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for res in log["runs"][0]["results"]:
        loc = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert loc["uriBaseId"] == "%SRCROOT%"
        out.setdefault(res["ruleId"], set()).add(loc["uri"])
    return out


def test_sarif_from_a_subfolder_names_files_from_the_repository_top(repo):
    r = run(".", "../paper/paper.txt", "--format", "sarif", cwd=repo / "src")
    assert r.returncode == 1, r.stderr
    log = json.loads(r.stdout)
    assert schema_errors(log) == [] and github_sarif_problems(log) == []
    uris = sarif_uris(log)
    assert uris["MM201"] == {"src/model.py"}  # not "model.py": the path code scanning knows
    assert uris["ST303"] == {"paper/paper.txt"}  # about the paper: at the paper
    run_ = log["runs"][0]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    assert run_["invocations"][0]["executionSuccessful"] is True
    driver = run_["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    assert all(rule["helpUri"].startswith("https://") for rule in driver["rules"])
    # the text report keeps the paths as typed, relative to where it ran
    text = run(".", "../paper/paper.txt", cwd=repo / "src").stdout
    assert "model.py:7: MM201" in text and "src/model.py" not in text


def test_sarif_paper_level_findings_point_at_the_readme_when_the_paper_is_elsewhere(repo, tmp_path):
    outside = tmp_path / "paper.txt"
    outside.write_text(PAPER)
    r = run("src", str(outside), "--format", "sarif", cwd=repo)
    uris = sarif_uris(json.loads(r.stdout))
    assert uris["ST303"] == {"README.md"} and uris["MM201"] == {"src/model.py"}
    configure(repo, "fail-on = 'low'\n")
    uris = sarif_uris(json.loads(run("src", str(outside), "--format", "sarif", cwd=repo).stdout))
    assert uris["ST303"] == {"pyproject.toml"}  # the configuration, before a README


def test_sarif_with_a_missing_paper_is_not_a_successful_execution(repo):
    r = run("src", "paper/nothere.pdf", "--format", "sarif", cwd=repo)
    assert r.returncode == 2
    log = json.loads(r.stdout)
    assert schema_errors(log) == [] and github_sarif_problems(log) == []
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "E201" and "paper/nothere.pdf" in note["message"]["text"]
    # no result pretends the missing file has a line 1
    uris = {u for us in sarif_uris(log).values() for u in us}
    assert "paper/nothere.pdf" not in uris


# ── 5. texts that leaked internals ───────────────────────────────────────────────────────────


def test_text_names_no_none_line_no_empty_path_and_counts_in_english(repo):
    r = run("src", "nothere.py", cwd=repo)
    assert r.returncode == 2
    assert ":None" not in r.stdout and not re.search(r"^: ", r.stdout, re.M)
    assert "nothere.py: TN902" in r.stdout and "paperlint: TN903" in r.stdout
    # the error is printed once, on stderr
    assert r.stderr.count("error[E101] nothere.py") == 1 and "error[E101]" not in r.stdout
    assert "1 input could not be audited" in r.stdout
    one = run("src/model.py", "--select", "TN903", cwd=repo)
    assert "1 finding (0 suppressed) in 1 file; no paper." in one.stdout
    paper = run("src", "paper/paper.txt", cwd=repo).stdout
    assert re.search(r"paper/paper\.txt: 1 page, 3 sections\.", paper), paper[-300:]


def test_github_summary_has_no_none_line(repo, tmp_path):
    summary = tmp_path / "summary.md"
    r = run(
        "src", "paper/nope.pdf", "--format", "github",
        cwd=repo, env={"GITHUB_STEP_SUMMARY": str(summary)},
    )  # fmt: skip
    assert r.returncode == 2
    text = summary.read_text()
    assert "paper/nope.pdf" in text and "None" not in text and "None" not in r.stdout


# ── 6. errors have codes ─────────────────────────────────────────────────────────────────────

#: What a user without read permission sees, simulated for a test that runs as root: every
#: process (the readers' too) finds files named "unreadable*" unreadable.
UNREADABLE_SHIM = """\
import builtins, errno, io, os

def _denied(path):
    return os.path.basename(os.fsdecode(path)).startswith("unreadable")

def _error(path):
    return PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))

_access, _open, _bopen = os.access, os.open, builtins.open

def access(path, mode, *a, **k):
    return False if _denied(path) and mode & os.R_OK else _access(path, mode, *a, **k)

def os_open(path, *a, **k):
    if _denied(path):
        raise _error(path)
    return _open(path, *a, **k)

def b_open(file, *a, **k):
    if isinstance(file, (str, bytes, os.PathLike)) and _denied(file):
        raise _error(file)
    return _bopen(file, *a, **k)

os.access, os.open, builtins.open, io.open = access, os_open, b_open, b_open
"""


def test_an_unreadable_file_on_the_command_line_gets_its_code_and_the_rest_is_audited(
    repo, tmp_path
):
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(UNREADABLE_SHIM)
    (repo / "src" / "unreadable.py").write_text("import torch.nn as nn\nx = nn.Dropout(0.5)\n")
    env = {"PYTHONPATH": str(shim)}
    r = run("src/model.py", "src/unreadable.py", "paper/paper.txt", cwd=repo, env=env)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "error[E101] src/unreadable.py: cannot open: Permission denied" in r.stderr
    assert "Traceback" not in r.stderr and "Invalid value" not in r.stderr
    assert "src/model.py:7: MM201" in r.stdout  # the other file was audited
    # the twin: without the shim the same file is read
    ok = run("src/model.py", "src/unreadable.py", "paper/paper.txt", "--format", "json", cwd=repo)
    assert {f["path"] for f in json.loads(ok.stdout)["files"]} == {
        "src/model.py",
        "src/unreadable.py",
    }


def test_a_broken_pyproject_is_error_e002_not_ignored(repo):
    (repo / "pyproject.toml").write_text('[tool.paperlint\ncode = ["src"]\n')
    r = run(cwd=repo)
    assert r.returncode == 2
    assert "error[E002]" in r.stderr and "not valid TOML" in r.stderr
    assert "no code given" not in r.stderr
    # the twin: the same table with its bracket
    configure(repo, 'code = ["src"]\npaper = "paper/paper.txt"\n')
    assert run(cwd=repo).returncode == 1


def test_an_unreachable_dask_scheduler_is_error_e006_with_exit_two(repo):
    pytest.importorskip("distributed", reason="Dask distributed is not installed")
    (repo / "pairs.tsv").write_text("src\tpaper/paper.txt\n")
    with socket.socket() as s:  # a port on this machine that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = run(
        "batch", "pairs.tsv", "-o", "out", "--scheduler", f"tcp://127.0.0.1:{port}",
        cwd=repo, env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"},
    )  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert f"error[E006] tcp://127.0.0.1:{port}: cannot reach the Dask scheduler" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.splitlines()) <= 2


def _audit_in_a_daemon(path: str, queue) -> None:
    from paperlint.api import Config, audit

    result = audit([path], None, Config(cache=False))
    queue.put([(p.code, p.hint) for p in result.problems])


def test_a_daemonic_worker_is_told_the_readmes_remedy(tmp_path):
    import multiprocessing

    if os.environ.get("PAPERLINT_SANDBOX") == "0":
        pytest.skip("the readers run in-process: no worker to start")
    (tmp_path / "model.py").write_text(MODEL)
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    p = ctx.Process(
        target=_audit_in_a_daemon, args=(str(tmp_path / "model.py"), queue), daemon=True
    )
    p.start()
    problems = queue.get(timeout=120)
    p.join(30)
    assert problems, "a daemonic process cannot start the readers' processes"
    _, hint = problems[0]
    assert "DASK_DISTRIBUTED__WORKER__DAEMON=False" in hint and "PAPERLINT_SANDBOX=0" not in hint
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "DASK_DISTRIBUTED__WORKER__DAEMON=False dask worker" in readme


def test_usage_errors_are_coded_on_one_line(repo):
    r = run("src", "--output-format", "xml", cwd=repo)
    assert r.returncode == 2 and r.stderr.startswith("paperlint: error[E001] Invalid value")
    assert len(r.stderr.strip().splitlines()) == 1


# ── what ruff users expect ───────────────────────────────────────────────────────────────────


def test_output_format_is_format(repo):
    a = run("src", "paper/paper.txt", "--output-format", "json", cwd=repo)
    b = run("src", "paper/paper.txt", "--format", "json", cwd=repo)
    assert json.loads(a.stdout)["findings"] == json.loads(b.stdout)["findings"] != []


def test_exit_zero_quiet_and_statistics(repo):
    base = ("src", "paper/paper.txt")
    assert run(*base, cwd=repo).returncode == 1
    assert run(*base, "--exit-zero", cwd=repo).returncode == 0
    assert run("src", "nothere.txt", "--exit-zero", cwd=repo).returncode == 2  # errors stay 2
    loud, quiet = run(*base, cwd=repo), run(*base, "-q", cwd=repo)
    assert "choices (" in loud.stdout and "choices (" not in quiet.stdout
    assert "src/model.py:7: MM201" in quiet.stdout
    stats = run(*base, "--statistics", cwd=repo)
    assert stats.returncode == 1
    lines = [line.split("\t") for line in stats.stdout.splitlines()]
    by_rule = {cols[1]: int(cols[0]) for cols in lines}
    report = json.loads(run(*base, "--format", "json", cwd=repo).stdout)
    assert by_rule == report["summary"]["by_rule"]
    assert "MM201" in by_rule and all(len(cols) == 4 for cols in lines)


def test_select_all_and_extend_select(repo):
    base = ("src", "paper/paper.txt", "--format", "json")

    def rules(*args: str) -> set[str]:
        r = run(*base, *args, cwd=repo)
        return {f["rule"] for f in json.loads(r.stdout)["findings"]}

    everything = rules()
    assert rules("--select", "ALL") == everything
    assert rules("--select", "MM") == {"MM201"}
    assert rules("--select", "MM", "--extend-select", "ST3") == {"MM201"} | {
        r for r in everything if r.startswith("ST3")
    }
    configure(repo, 'select = ["MM"]\nextend-select = ["CH1"]\n')
    assert rules() == {r for r in everything if r.startswith(("MM", "CH1"))}


def test_color_always_never_and_the_environment(repo):
    base = ("src", "paper/paper.txt")
    env = {"NO_COLOR": "", "FORCE_COLOR": ""}
    assert "\x1b[" not in run(*base, cwd=repo, env=env).stdout  # a pipe: auto is plain
    assert "\x1b[31mMM201" in run(*base, "--color", "always", cwd=repo, env=env).stdout
    assert "\x1b[31mMM201" in run(*base, cwd=repo, env={**env, "FORCE_COLOR": "1"}).stdout
    forced_off = run(*base, cwd=repo, env={"NO_COLOR": "1", "FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in forced_off  # NO_COLOR wins in auto
    never = run(*base, "--color", "never", cwd=repo, env={**env, "FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in never


def test_show_settings_says_where_each_value_came_from(repo):
    configure(repo, 'code = ["src"]\npaper = "paper/paper.txt"\nfail-on = "medium"\n')
    r = run("--show-settings", "--ignore", "CH103", cwd=repo)
    assert r.returncode == 0, r.stderr
    rows = {line.split(" = ")[0].strip(): line for line in r.stdout.splitlines()}
    source = str((repo / "pyproject.toml").resolve())
    assert rows["fail-on"].endswith(f'"medium"  # {source}')
    assert rows["ignore"].endswith('["CH103"]  # command line')
    assert rows["output-format"].endswith('"text"  # default')
    assert f"# {source}" in rows["code"] and "src" in rows["code"]
    assert not (repo / "audit.json").exists() and "finding" not in r.stdout  # nothing audited


def test_explain_an_error_code_and_rule_as_ruff_spells_it(repo):
    e = run("explain", "E203", cwd=repo)
    assert e.returncode == 0 and e.stdout.startswith("E203 no text layer")
    assert "ocrmypdf" in e.stdout and "When:" in e.stdout
    a, b = run("rule", "CH101", cwd=repo), run("explain", "CH101", cwd=repo)
    assert a.returncode == 0 and a.stdout == b.stdout and "CH101" in a.stdout
    bad = run("rule", "ZZ999", cwd=repo)
    assert bad.returncode == 2 and "error[E003]" in bad.stderr


def test_every_error_code_has_its_explanation():
    from paperlint.errors import CODES

    for code in CODES.values():
        assert code.title and code.hint and code.when, code.code
        assert code.explain().startswith(f"{code.code} {code.title}")


# ── the README documents what a user meets ───────────────────────────────────────────────────


def test_the_readme_documents_every_option_and_error_code():
    from paperlint.cli import main
    from paperlint.errors import CODES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = []
    for name, command in main.commands.items():
        if f"paperlint {name}" not in readme:
            missing.append(f"command {name}")
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("-") and f"`{opt}" not in readme and f"{opt}`" not in readme:
                    missing.append(f"{name} {opt}")
    table = {m.group(1) for m in re.finditer(r"^\| (E\d{3}) \|", readme, re.M)}
    missing += [f"error code {c}" for c in CODES if c not in table]
    assert missing == []
    # every code used in the source is a known code with a row in the table
    used = set()
    for path in (ROOT / "paperlint").rglob("*.py"):
        used |= set(
            re.findall(r"error\[(E\d{3})\]|PaperlintError\(\s*\"(E\d{3})\"", path.read_text())
        )
    used_codes = {c for pair in used for c in pair if c}
    assert used_codes and used_codes <= set(CODES)


def test_pdfminer_is_pinned_to_a_range_that_holds_the_tested_version():
    """paper/content.py re-implements pdfminer.six's content tokenizer and paper/pdf.py patches
    PDFObjRef.resolve: the dependency has an upper bound, and the installed (tested) release
    is inside it."""
    from importlib import metadata

    from packaging.requirements import Requirement

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    (req,) = [Requirement(d) for d in deps if d.lower().startswith("pdfminer")]
    assert any(spec.operator in ("<", "<=", "~=", "==") for spec in req.specifier), req
    assert req.specifier.contains(metadata.version("pdfminer.six"))
