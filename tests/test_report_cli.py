"""The output options of the real CLI: --format, --reviewer, colour, the step summary, and
fingerprints that survive code moving."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES
from report_samples import SCRIPT, hostile_project
from test_report import github_sarif_problems, schema_errors


def run(*args: str, cwd=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "paperlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return hostile_project(tmp_path_factory.mktemp("hostile"))


def test_sarif_of_a_real_audit_passes_both_checks(hostile):
    r = run("check", ".", "../paper.pdf", "--format", "sarif", cwd=hostile / "code")
    assert r.returncode == 1, r.stderr
    log = json.loads(r.stdout)
    assert schema_errors(log) == [] and github_sarif_problems(log) == []
    assert {res["ruleId"] for res in log["runs"][0]["results"]} >= {"MM201"}


def test_github_format_annotates_and_writes_the_step_summary(hostile, tmp_path):
    summary = tmp_path / "summary.md"
    r = run(
        "check", ".", "../paper.pdf", "--format", "github",
        cwd=hostile / "code", env={"GITHUB_STEP_SUMMARY": str(summary)},
    )  # fmt: skip
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith("::error file=model.py,line=9,title=paperlint MM201")
    assert all(line.startswith(("::", "paperlint: ")) for line in r.stdout.splitlines())
    text = summary.read_text()
    assert text.startswith("# paperlint audit") and "`model.py:9`" in text
    assert "&lt;script&gt;" in text and SCRIPT not in text


def test_reviewer_mode_writes_markdown_questions(hostile):
    r = run("check", ".", "../paper.pdf", "--reviewer", cwd=hostile / "code")
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith("## Questions for the authors")
    assert "1. **Dropout** `Dropout(0.37)` (`model.py:9`)" in r.stdout and "p. 1" in r.stdout


def test_reviewer_mode_refuses_another_format(hostile):
    r = run("check", ".", "../paper.pdf", "--reviewer", "--format", "json", cwd=hostile / "code")
    assert r.returncode == 2 and "error[E001] --reviewer writes markdown" in r.stderr


def test_no_status_line_when_stderr_is_not_a_terminal(hostile):
    r = run("check", ".", "../paper.pdf", "--format", "json", cwd=hostile / "code")
    assert "auditing" not in r.stderr and "\r" not in r.stderr


def _run_on_a_terminal(args: list[str], cwd, env: dict[str, str]) -> str:
    """Run the CLI with stdout on a pseudo-terminal; return what it printed."""
    main, child = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "paperlint", *args],
            stdout=child,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            env={**os.environ, **env},
        )
        os.close(child)
        chunks = []
        while True:
            try:
                data = os.read(main, 65536)
            except OSError:  # the terminal closed: the child is done
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=120)
    finally:
        os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def test_text_is_coloured_on_a_terminal_unless_no_color(hostile):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    args = ["check", ".", "../paper.pdf"]
    coloured = _run_on_a_terminal(args, hostile / "code", {**env, "NO_COLOR": ""})
    assert "\x1b[31mMM201\x1b[0m" in coloured
    plain = _run_on_a_terminal(args, hostile / "code", {"NO_COLOR": "1"})
    assert "MM201 [high]" in plain and "\x1b[" not in plain
    piped = run(*args, cwd=hostile / "code")
    assert "MM201 [high]" in piped.stdout and "\x1b[" not in piped.stdout


def test_sarif_fingerprints_survive_code_moving(tmp_path):
    work = tmp_path / "demo"
    shutil.copytree(FIXTURES / "demo" / "code", work / "code")
    shutil.copy(FIXTURES / "demo" / "paper.pdf", work / "paper.pdf")

    def alerts() -> dict[str, tuple[str, int]]:
        r = run("check", ".", "../paper.pdf", "--format", "sarif", cwd=work / "code")
        out = {}
        for res in json.loads(r.stdout)["runs"][0]["results"]:
            if res["ruleId"].startswith(("ST", "TN")):
                continue  # paper-level findings are anchored at the top of a file, by design
            loc = res["locations"][0]["physicalLocation"]
            fp = res["partialFingerprints"]["paperlint/v1"]
            out[fp] = (loc["artifactLocation"]["uri"], loc["region"]["startLine"])
        return out

    before = alerts()
    model = work / "code" / "model.py"
    model.write_text("# a new header comment\n\n\n" + model.read_text())
    after = alerts()
    assert before.keys() == after.keys() and len(before) >= 5
    moved = [fp for fp, (uri, line) in before.items() if uri == "model.py"]
    assert moved and all(after[fp][1] == before[fp][1] + 3 for fp in moved)
