"""Reports are written atomically and never through a planted link; a killed run leaves the
old report and no reader processes behind."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_support import MODEL, check_contract, hostile, run_cli


@pytest.fixture
def project(tmp_path):
    (tmp_path / "model.py").write_text(MODEL, encoding="utf-8")
    return tmp_path


def test_a_symlink_planted_at_the_output_path_is_replaced_not_followed(project):
    victim = project.parent / f"{project.name}-bashrc"
    victim.write_text("export PATH=/usr/bin\n")
    os.symlink(victim, project / "audit.json")
    r = run_cli("check", "model.py", "--format", "json", "-o", "audit.json", cwd=project)
    check_contract(r, r.code)
    assert victim.read_text() == "export PATH=/usr/bin\n"
    assert not (project / "audit.json").is_symlink()
    assert json.loads((project / "audit.json").read_text())["schema"] == "paperlint-report/1"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_planted_at_the_output_path_does_not_block(project):
    os.mkfifo(project / "audit.json")
    r = run_cli("check", "model.py", "--format", "json", "-o", "audit.json", cwd=project, limit=30)
    check_contract(r, r.code)
    assert stat.S_ISREG(os.lstat(project / "audit.json").st_mode)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod needs root")
def test_a_device_at_the_output_path_is_never_replaced(project):
    os.mknod(project / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
    r = run_cli("check", "model.py", "-o", "null", cwd=project)
    check_contract(r, 2, ("E301",))
    assert stat.S_ISCHR(os.lstat(project / "null").st_mode)


def test_a_standard_stream_is_written_to(project):
    """`-o /dev/fd/N` (what `>(...)` gives) is a stream the user named: written, not replaced."""
    if not Path("/dev/fd").is_dir():
        pytest.skip("no /dev/fd")
    read, write = os.pipe()
    p = subprocess.Popen(
        [sys.executable, "-m", "paperlint", "check", "model.py", "--format", "json", "-o",
         f"/dev/fd/{write}"],
        cwd=project, pass_fds=(write,), stderr=subprocess.PIPE,
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    p.wait(timeout=60)
    assert json.loads(data)["schema"] == "paperlint-report/1"


def test_an_output_folder_that_does_not_exist_is_one_error_line(project):
    r = run_cli("check", "model.py", "-o", "no/such/folder/audit.txt", cwd=project)
    check_contract(r, 2, ("E301",))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_report_gets_the_permissions_of_any_new_file(project):
    run_cli("check", "model.py", "-o", "audit.txt", cwd=project)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(project / "audit.txt").st_mode) == 0o666 & ~umask


def test_a_failed_write_leaves_the_old_report(project, monkeypatch):
    from paperlint import cli
    from paperlint.errors import PaperlintError

    (project / "audit.json").write_text("old report")
    monkeypatch.chdir(project)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", broken_replace)
    with pytest.raises(PaperlintError) as e:
        cli._write('{"new": "report"}', "audit.json")
    assert e.value.code == "E301"
    assert (project / "audit.json").read_text() == "old report"
    assert [p.name for p in project.iterdir() if p.name.endswith(".tmp")] == []


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_run_leaves_the_old_report_and_no_reader_running(project):
    (project / "audit.json").write_text("old report")
    p = subprocess.Popen(
        [sys.executable, "-m", "paperlint", "check", "model.py",
         str(hostile("slow_content.pdf", project)), "--pdf-timeout", "120", "-o", "audit.json"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.2)
            workers = _descendants(p.pid)  # the fork server and the PDF reader
        assert workers, "no worker process started"
        time.sleep(1.0)
    finally:
        p.kill()  # SIGKILL: no cleanup code of paperlint runs
        p.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)  # do not leave them running if the test fails
    assert not left, "reader processes survived their paperlint"
    assert (project / "audit.json").read_text() == "old report"
    assert [x.name for x in project.iterdir() if x.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    "table",
    [
        'code = ["."]\noutput = "{victim}"',
        'code = ["."]\noutput = "../{victim_name}"',
        'code = ["{outside}"]',
        'code = ["."]\npaper = "{outside}/secret.pdf"',
    ],
    ids=["absolute-output", "dotdot-output", "code-outside", "paper-outside"],
)
def test_a_planted_config_cannot_point_outside_the_project(tmp_path, table):
    """[tool.paperlint] comes with the audited repository (a fork's pull request): its paths
    must stay inside it, or paperlint would write the report over ~/.bashrc or read ~/.config."""
    project = tmp_path / "repo"
    project.mkdir()
    (project / "model.py").write_text(MODEL, encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("token = 'TOPSECRET-in-config'\n")
    text = table.format(victim=victim, victim_name=victim.name, outside=outside)
    (project / "pyproject.toml").write_text(f"[tool.paperlint]\n{text}\n")
    r = run_cli(cwd=project)
    check_contract(r, 2, ("E002",))
    assert victim.read_text() == "keep me\n"
    assert "TOPSECRET" not in r.stdout + r.stderr


def test_a_config_output_inside_the_project_is_written(project):
    (project / "pyproject.toml").write_text('[tool.paperlint]\ncode = ["."]\noutput = "out.txt"\n')
    r = run_cli(cwd=project)
    check_contract(r, r.code)
    assert (project / "out.txt").exists()
