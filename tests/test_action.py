"""action.yml, run locally: its `run:` steps executed as the runner would (bash -eo pipefail,
inputs and step outputs substituted, $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY files), on the demo
in a fake workspace. Only the `uses:` steps (setup-python, the SARIF upload) are not run; the
upload's inputs are checked instead. pip is replaced by a stub that records what it would
install, so the test never changes the environment it runs in.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT
from test_report import github_sarif_problems, schema_errors

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Runner:
    """Just enough of a GitHub runner for a composite action's run steps."""

    def __init__(self, workspace: Path, inputs: dict[str, str]) -> None:
        self.workspace = workspace
        self.temp = workspace.parent / "runner-temp"
        self.temp.mkdir(exist_ok=True)
        declared = ACTION["inputs"]
        unknown = set(inputs) - set(declared)
        assert not unknown, f"not inputs of action.yml: {unknown}"
        self.inputs = {k: str(v.get("default", "")) for k, v in declared.items()} | inputs
        self.outputs: dict[str, dict[str, str]] = {}
        self.summary = self.temp / "summary.md"
        self.summary.write_text("")
        self.pip_log = self.temp / "pip.log"
        shim = self.temp / "bin"
        shim.mkdir(exist_ok=True)
        # `python -m pip ...` is recorded; everything else runs the real interpreter
        (shim / "python").write_text(
            "#!/bin/sh\n"
            'if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then echo "$@" >> "$PIP_LOG"; exit 0; fi\n'
            f'exec "{sys.executable}" "$@"\n'
        )
        (shim / "python").chmod(0o755)
        self.path = os.pathsep.join(
            [str(shim), str(Path(sys.executable).parent), os.environ["PATH"]]
        )

    def expand(self, text: str) -> str:
        def one(m: re.Match) -> str:
            expr = m.group(1)
            if expr.startswith("inputs."):
                return self.inputs[expr.removeprefix("inputs.")]
            if expr == "github.action_path":
                return str(ROOT)
            step = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
            if step:
                return self.outputs.get(step[1], {}).get(step[2], "")
            raise AssertionError(f"the test runner does not know ${{{{ {expr} }}}}")

        return EXPR.sub(one, str(text))

    def run(self, step: dict) -> subprocess.CompletedProcess:
        assert step["shell"] == "bash"
        out_file = self.temp / f"output-{step.get('id', 'x')}"
        out_file.write_text("")
        env = {
            **os.environ,
            "PATH": self.path,
            "GITHUB_OUTPUT": str(out_file),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_ACTION_PATH": str(ROOT),
            "RUNNER_TEMP": str(self.temp),
            "PIP_LOG": str(self.pip_log),
            **{k: self.expand(v) for k, v in step.get("env", {}).items()},
        }
        script = self.temp / "step.sh"
        script.write_text(self.expand(step["run"]))
        cwd = self.workspace / self.expand(step.get("working-directory", "."))
        # how the runner runs `shell: bash`
        r = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            capture_output=True, text=True, cwd=cwd, env=env, timeout=300,
        )  # fmt: skip
        if "id" in step:
            pairs = (
                line.split("=", 1) for line in out_file.read_text().splitlines() if "=" in line
            )
            self.outputs[step["id"]] = dict(pairs)
        return r


def steps() -> dict[str, dict]:
    return {s["name"]: s for s in ACTION["runs"]["steps"]}


@pytest.fixture
def workspace(tmp_path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "demo" / "code", ws / "project" / "code")
    shutil.copy(FIXTURES / "demo" / "paper.pdf", ws / "project" / "paper.pdf")
    return ws


def test_action_is_a_composite_that_uploads_sarif():
    assert ACTION["runs"]["using"] == "composite"
    upload = steps()["Upload SARIF to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@v")
    assert "always()" in upload["if"] and "inputs.upload-sarif == 'true'" in upload["if"]
    assert set(upload["with"]) == {"sarif_file", "category"}
    # untrusted inputs reach scripts only through the environment
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


def test_action_steps_run_locally(workspace):
    runner = Runner(
        workspace,
        {
            "paper": "paper.pdf",
            "paths": "code",
            "working-directory": "project",
            "args": '--ignore CH103 --exclude "no such dir/*"',
        },
    )
    install = runner.run(steps()["Install paperlint"])
    assert install.returncode == 0, install.stderr
    assert runner.pip_log.read_text().split()[-1] == str(ROOT)  # the action's own checkout

    run = runner.run(steps()["Run paperlint"])
    assert run.returncode == 0, run.stderr  # findings do not fail this step
    assert runner.outputs["run"] == {"exit-code": "1", "sarif-file": "paperlint.sarif"}
    annotations = [ln for ln in run.stdout.splitlines() if ln.startswith("::")]
    assert annotations and annotations[0].startswith("::error file=project/code/model.py,line=")

    # the upload step's inputs: a SARIF file GitHub accepts, with the repository's paths
    upload = steps()["Upload SARIF to code scanning"]
    sarif_file = workspace / runner.expand(upload["with"]["sarif_file"])
    log = json.loads(sarif_file.read_text())
    assert schema_errors(log) == [] and github_sarif_problems(log) == []
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    # code findings point at the code; paper-level findings (ST3xx) at the paper in the repository
    assert {"project/code/model.py", "project/code/train.py"} & uris
    assert uris <= {"project/code/model.py", "project/code/train.py", "project/paper.pdf"}
    assert runner.expand(upload["with"]["category"]) == "paperlint"

    summary = runner.summary.read_text()
    assert summary.startswith("# paperlint audit") and "`project/code/train.py:15`" in summary

    final = steps()["Fail on findings or unreadable inputs"]
    assert runner.run(final).returncode == 0  # findings alone: the alerts are the signal
    runner.inputs["fail-on-findings"] = "true"
    assert runner.run(final).returncode == 1


def test_action_inputs_cannot_run_shell_code(workspace):
    runner = Runner(
        workspace,
        {
            "paper": "paper.pdf",
            "paths": "code $(touch PWNED) `touch PWNED2`",
            "working-directory": "project",
        },
    )
    run = runner.run(steps()["Run paperlint"])
    assert run.returncode == 0, run.stderr
    assert not list(workspace.rglob("PWNED*"))
    assert runner.outputs["run"]["exit-code"] == "2"  # "$(touch" is no file: an error, named
    assert "::error file=project/$(touch" in run.stdout
    final = runner.run(steps()["Fail on findings or unreadable inputs"])
    assert final.returncode == 2 and "::error title=paperlint::" in final.stdout


def test_action_installs_a_requested_version(workspace):
    runner = Runner(workspace, {"paper": "p.pdf", "version": "paperlint==1.2.3"})
    assert runner.run(steps()["Install paperlint"]).returncode == 0
    assert runner.pip_log.read_text().split()[-1] == "paperlint==1.2.3"


HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_pre_commit_hook_runs_on_the_configured_pair(workspace):
    (hook,) = HOOKS
    # what pre-commit's manifest requires, and what this hook relies on
    assert {"id", "name", "entry", "language"} <= hook.keys() and hook["language"] == "python"
    assert hook["pass_filenames"] is False  # the configured pair, not the staged files
    assert re.search(hook["files"], "src/model.py") and re.search(hook["files"], "paper.pdf")
    assert not re.search(hook["files"], "README.rst")
    # run it as pre-commit would, with a user's `args: [code/, paper.pdf]`
    cmd = [*hook["entry"].split(), "code/", "paper.pdf"]
    bin_dir = Path(sys.executable).parent
    r = subprocess.run(
        cmd, capture_output=True, text=True, cwd=workspace / "project", timeout=300,
        env={**os.environ, "PATH": os.pathsep.join([str(bin_dir), os.environ["PATH"]])},
    )  # fmt: skip
    assert r.returncode == 1 and "code/model.py:" in r.stdout  # findings block the commit
    # without args it says what is missing
    r = subprocess.run(hook["entry"].split(), capture_output=True, text=True, cwd=workspace, timeout=120,
                       env={**os.environ, "PATH": os.pathsep.join([str(bin_dir), os.environ["PATH"]])})  # fmt: skip
    assert r.returncode == 2 and "error[E001] no code given" in r.stderr
