"""paperlint only reads: an audit hook (PEP 578) watches a whole audit of hostile code and
proves that no audited code is compiled, executed or imported, no program is started and no
network socket is opened."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from hostile_support import DEMO, copy_hostile_code

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def marked_code(tmp_path_factory):
    """The demo code and the hostile code, each file carrying a unique marker string."""
    root = tmp_path_factory.mktemp("marked") / "code"
    shutil.copytree(DEMO / "code", root)
    copy_hostile_code(root)
    marker = f"AUDITED-{uuid.uuid4().hex}"
    for f in root.iterdir():
        if f.suffix == ".py":
            data = f.read_bytes()
            if b"\x00" not in data:
                f.write_bytes(data + f"\n__marker__ = '{marker}'\n".encode())
    return root, marker


@pytest.mark.parametrize("sandbox", ["0", "1"], ids=["in-process", "sandboxed"])
def test_an_audit_never_runs_imports_or_connects(marked_code, tmp_path, sandbox):
    root, marker = marked_code
    env = {**os.environ, "PAPERLINT_SANDBOX": sandbox, "PAPERLINT_PWNED": str(tmp_path / "pwned")}
    p = subprocess.run(
        [sys.executable, str(HERE / "audit_hook_probe.py"), str(root), str(DEMO / "paper.pdf"),
         marker],
        capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    seen = json.loads(p.stdout.strip().splitlines()[-1])
    assert seen["violations"] == []
    assert "model.py" in " ".join(seen["files"]) and seen["paper"]  # it did audit
    assert "runs_code_if_imported.py" in " ".join(seen["files"])  # read, never run
    if sandbox == "0":
        assert seen["compile_events"] > 0  # the hook saw ast.parse at work
    assert not (tmp_path / "pwned").exists()


def test_the_hook_would_see_a_violation(marked_code, tmp_path):
    root, marker = marked_code
    env = {**os.environ, "PAPERLINT_SANDBOX": "0", "PROBE_SELF_TEST": "1"}
    p = subprocess.run(
        [sys.executable, str(HERE / "audit_hook_probe.py"), str(root), str(DEMO / "paper.pdf"),
         marker],
        capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path,
    )  # fmt: skip
    seen = json.loads(p.stdout.strip().splitlines()[-1])
    kinds = " ".join(seen["violations"])
    assert "compile of audited text" in kinds
    assert "exec of audited code" in kinds
    assert "import of audited module" in kinds
    assert "socket.getaddrinfo" in kinds


# calls that would run, import or deserialize untrusted input, by module-qualified name
_FORBIDDEN = {
    "eval",
    "exec",
    "compile",
    "__import__",
    "yaml.load",
    "yaml.load_all",
    "yaml.unsafe_load",
    "yaml.full_load",
    "yaml.Loader",
    "yaml.FullLoader",
    "yaml.UnsafeLoader",
    "pickle.load",
    "pickle.loads",
    "marshal.loads",
    "os.system",
    "os.popen",
    "subprocess.run",
    "subprocess.Popen",
    "subprocess.call",
    "subprocess.check_output",
    "runpy.run_path",
    "runpy.run_module",
    "importlib.util.spec_from_file_location",
}
#: the one place a pickle is read: the worker reading its task from paperlint itself (trusted);
#: the programs paperlint starts: git, to read the audited repository's history, with hooks,
#: pagers, external diffs, text conversions, signatures and protocols off
#: (tests/test_trace_history.py shows a repository's own config cannot make it run anything),
#: and git again in the test harness, to build the rule examples' repositories from our files
_ALLOWED = {
    ("paperlint/sandbox.py", "pickle.loads"),
    ("paperlint/trace/history.py", "subprocess.run"),
    ("paperlint/trace/history.py", "subprocess.Popen"),
    ("paperlint/testing.py", "subprocess.run"),
    # the daemon starts paperlint's own module with this interpreter, in the socket's folder
    # (never the audited project's): no audited code is run or made importable
    ("paperlint/daemon.py", "subprocess.Popen"),
}


def _dotted(node) -> str:
    import ast

    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def test_paperlint_source_never_runs_or_unpickles_what_it_reads():
    """A static check of paperlint itself: no eval/exec/compile, no unsafe YAML loader, no
    pickle (but the worker's own task), no programs started."""
    import ast

    root = HERE.parents[1]
    found = []
    for path in sorted((root / "paperlint").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Call, ast.Attribute)):
                name = _dotted(node.func if isinstance(node, ast.Call) else node)
                if name in _FORBIDDEN and (rel, name) not in _ALLOWED:
                    found.append(f"{rel}:{node.lineno}: {name}")
    assert found == []
