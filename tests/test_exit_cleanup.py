"""A finished audit leaves nothing in the temporary directory: ``paperlint`` ends with
``os._exit`` (:func:`paperlint.launcher.quick_exit`), which skips the exit handlers that would
have removed multiprocessing's folder for the fork server's socket (``pymp-*``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import FIXTURES, ROOT

#: starts a fork server (as paperlint's sandbox does), then ends as the ``END`` line says
_WITH_A_FORK_SERVER = """
import multiprocessing, os
ctx = multiprocessing.get_context("forkserver")
p = ctx.Process(target=os.getpid)
p.start()
p.join()
END
"""


def _left_behind(tmp_path, end: str) -> list[str]:
    temp = tmp_path / "temp"
    temp.mkdir()
    code = _WITH_A_FORK_SERVER.replace("END", end)
    env = dict(os.environ, TMPDIR=str(temp), PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    return sorted(os.listdir(temp))


def test_quick_exit_removes_the_fork_servers_folder(tmp_path):
    assert _left_behind(tmp_path, "from paperlint.launcher import quick_exit; quick_exit(0)") == []


def test_a_bare_os_exit_leaves_the_fork_servers_folder(tmp_path):
    # the twin: what quick_exit guards against
    left = _left_behind(tmp_path, "os._exit(0)")
    assert len(left) == 1 and left[0].startswith("pymp-")


def test_an_audit_with_its_workers_leaves_an_empty_temporary_directory(tmp_path):
    shutil.copytree(FIXTURES / "demo", tmp_path / "demo")
    temp, trace = tmp_path / "temp", tmp_path / "trace.txt"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), PAPERLINT_TRACE=str(trace))
    env.pop("PAPERLINT_SANDBOX", None)  # the sandbox on, as users run it
    r = subprocess.run(
        [sys.executable, "-m", "paperlint", "check", ".", "../paper.pdf", "--format", "json",
         "--output", str(tmp_path / "r.json")],
        cwd=tmp_path / "demo" / "code", env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode in (0, 1), r.stderr
    assert "start analyze_file" in trace.read_text()  # the code was read in a worker
    assert os.listdir(temp) == []
