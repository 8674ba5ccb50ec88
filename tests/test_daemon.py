"""The daemon (paperlint.daemon): opt-in; once started it answers `paperlint check` with the
report, the output and the exit code an in-process run gives; a client whose paperlint differs,
or that finds no daemon, runs the audit itself with no error; `daemon stop` and the idle
timeout end it. Behaviour only, never timed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from paperlint import cli, config, daemon

pytestmark = pytest.mark.skipif(not daemon.supported(), reason="the daemon needs Unix sockets")

TRAIN = """
    import argparse

    import torch

    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--weight_decay", type=float, default=0.0005)
    parser.add_argument("--warmup_steps", type=int, default=500)
    args = parser.parse_args()
    model = torch.nn.Linear(10, 2)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.LinearLR(opt, total_iters=args.warmup_steps)
"""
PAPER = """
    # A small model

    # Experiments

    We train with SGD at a learning rate of 0.01 and a weight decay of 0.0001.
"""


@pytest.fixture
def project():
    """(folder, environment): a project with its code and paper, and a cache of its own in a
    short folder (a socket's path is limited to about 100 bytes)."""
    root = Path(tempfile.mkdtemp(prefix="pl-d-", dir="/tmp"))
    (root / ".git").mkdir()  # the project's top
    (root / "code").mkdir()
    (root / "code" / "train.py").write_text(textwrap.dedent(TRAIN).lstrip(), encoding="utf-8")
    (root / "paper.txt").write_text(textwrap.dedent(PAPER).lstrip(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERLINT_")}
    env["PAPERLINT_CACHE_DIR"] = str(root / "c")
    env["PAPERLINT_DAEMON_IDLE"] = "120"
    yield root, env
    paperlint(root, env, "daemon", "stop")
    shutil.rmtree(root, ignore_errors=True)


def paperlint(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "paperlint", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def audit(root: Path, env: dict[str, str], out: str, *extra: str) -> subprocess.CompletedProcess:
    return paperlint(
        root,
        env,
        "check",
        "code",
        "paper.txt",
        "--format",
        "json",
        "-o",
        out,
        "--code-timeout",
        "120",
        *extra,
    )


def requests_served(root: Path, env: dict[str, str]) -> int | None:
    r = paperlint(root, env, "daemon", "status")
    if r.returncode != 0:
        return None
    return int(r.stdout.split("(pid ")[1].split(", ")[1].split()[0])


def wait_until(condition, limit: float = 120.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def report(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_daemon_answers_with_the_report_and_exit_code_of_an_in_process_run(project):
    root, env = project
    first = audit(root, env, "first.json", "--daemon")  # none runs: audits, then leaves one
    assert first.returncode == 1, first.stderr
    assert wait_until(lambda: requests_served(root, env) is not None)
    assert requests_served(root, env) == 0
    (root / "code" / "train.py").write_text(
        (root / "code" / "train.py").read_text().replace("500", "1000")
    )
    by_daemon = audit(root, env, "daemon.json", "--daemon")
    assert requests_served(root, env) == 1  # the daemon ran it
    alone = audit(root, {**env, "PAPERLINT_DAEMON": "0"}, "alone.json", "--no-cache")
    assert requests_served(root, env) == 1  # not this one
    assert by_daemon.returncode == alone.returncode == 1
    assert by_daemon.stderr == alone.stderr
    assert report(root / "daemon.json") == report(root / "alone.json")
    assert "1000" in (root / "daemon.json").read_text()  # the edit was read
    # again, with what the daemon kept from the first request (the paper, the files' facts)
    (root / "code" / "train.py").write_text(
        (root / "code" / "train.py").read_text().replace("0.0005", "0.0001")
    )
    by_daemon = audit(root, env, "daemon.json", "--daemon")
    alone = audit(root, {**env, "PAPERLINT_DAEMON": "0"}, "alone.json", "--no-cache")
    assert requests_served(root, env) == 2
    assert by_daemon.returncode == alone.returncode
    assert report(root / "daemon.json") == report(root / "alone.json")
    assert "MM201" not in (root / "daemon.json").read_text()  # the mismatch is gone


def test_the_text_report_comes_on_the_clients_own_output(project):
    root, env = project
    assert audit(root, env, "x.json").returncode == 1  # fills the cache
    assert paperlint(root, env, "daemon", "start").returncode == 0
    args = ["check", "code", "paper.txt", "--code-timeout", "120", "--color", "never"]
    by_daemon = paperlint(root, {**env, "PAPERLINT_DAEMON": "1"}, *args)
    alone = paperlint(root, env, *args)
    assert requests_served(root, env) == 1
    assert by_daemon.stdout == alone.stdout and "MM201" in alone.stdout
    assert by_daemon.returncode == alone.returncode


def test_a_daemon_of_another_paperlint_is_not_used_and_stops(project, monkeypatch):
    """(``env`` is the subprocesses' environment: this process's has the tests' own cache)"""
    root, env = project
    started = paperlint(root, env, "daemon", "start")
    assert started.returncode == 0
    # the socket as the started daemon names it: this process may import another copy of
    # paperlint than the subprocesses (a checkout beside an installed package), and the
    # socket's name is keyed by the package's place
    path = Path(started.stdout.split("socket ")[1].rstrip().rstrip(")"))
    assert path.exists()
    monkeypatch.chdir(root)
    argv = ["check", "code", "paper.txt", "--format", "json", "-o", "never.json"]
    assert daemon.forward(argv, path, fingerprint="another paperlint") is None
    assert not (root / "never.json").exists()  # the caller is to run the audit itself
    assert wait_until(lambda: requests_served(root, env) is None, 30)  # the stale one left
    assert daemon.ask("status", path) is None


def test_without_a_daemon_the_client_audits_in_process_with_no_error(project, monkeypatch):
    root, env = project
    monkeypatch.chdir(root)
    path = daemon.address(env=env)
    assert daemon.forward(["check", "code", "paper.txt"], path) is None  # nobody listens
    r = audit(root, {**env, "PAPERLINT_DAEMON": "0"}, "x.json")
    assert r.returncode == 1 and "error" not in r.stderr
    assert requests_served(root, env) is None  # and no daemon was left behind


def test_stop_ends_the_daemon_and_removes_its_socket(project):
    root, env = project
    assert paperlint(root, env, "daemon", "start").returncode == 0
    status = paperlint(root, env, "daemon", "status")
    assert status.returncode == 0 and "daemon running" in status.stdout
    socket_path = Path(status.stdout.split("socket ")[1].rstrip(")\n"))
    assert socket_path.exists()
    assert "daemon stopped" in paperlint(root, env, "daemon", "stop").stdout
    assert wait_until(lambda: not socket_path.exists(), 30)
    assert paperlint(root, env, "daemon", "status").returncode == 1


def test_the_daemon_exits_after_its_idle_timeout(project):
    root, env = project
    env = {**env, "PAPERLINT_DAEMON_IDLE": "1"}
    started = paperlint(root, env, "daemon", "start")
    assert started.returncode == 0
    socket_path = Path(started.stdout.split("socket ")[1].rstrip(")\n"))
    assert wait_until(lambda: not socket_path.exists(), 60)  # (a status request is a request)
    assert paperlint(root, env, "daemon", "status").returncode == 1


@pytest.mark.parametrize(
    "argv, env, table, expected",
    [
        ([], {}, "", False),  # opt-in
        (["--daemon"], {}, "", True),
        ([], {"PAPERLINT_DAEMON": "1"}, "", True),
        ([], {}, "daemon = true", True),
        (["--no-daemon"], {"PAPERLINT_DAEMON": "1"}, "daemon = true", False),
        ([], {"PAPERLINT_DAEMON": "0"}, "daemon = true", False),
        (["--isolated"], {}, "daemon = true", False),
    ],
)
def test_the_daemon_is_wanted_only_when_asked_for(tmp_path, argv, env, table, expected):
    (tmp_path / "pyproject.toml").write_text(f"[tool.paperlint]\n{table}\n")
    assert daemon.wanted(["check", ".", *argv], env, tmp_path) is expected


def test_daemon_is_a_key_of_the_paperlint_table(tmp_path):
    assert config.from_table({"daemon": True}, tmp_path).daemon is True
    with pytest.raises(Exception, match="daemon must be true or false"):
        config.from_table({"daemon": "yes"}, tmp_path)


def test_only_check_is_handed_to_the_daemon():
    assert set(cli.main.commands) - {"check"} == daemon.OTHER_COMMANDS
    assert daemon.is_check([]) and daemon.is_check(["model.py", "paper.pdf"])
    assert daemon.is_check(["check", "."])
    assert not daemon.is_check(["dump-code", "."]) and not daemon.is_check(["--version"])


def test_the_daemon_sees_when_paperlint_s_files_change(tmp_path, monkeypatch):
    from paperlint import cache as caching

    files = [tmp_path / "a.py", tmp_path / "b.yaml"]
    for f in files:
        f.write_text("x = 1\n")
    monkeypatch.setattr(caching, "identity_files", lambda: [*files, tmp_path])
    watched = daemon._Watched()
    assert not watched.changed()
    files[1].write_text("x: 22\n")
    assert watched.changed()


def test_held_writes_are_read_back_and_written_when_released(tmp_path):
    from paperlint import cache as caching

    store = caching.Cache(tmp_path / "c")
    caching.hold_writes()
    try:
        store.put_later("result", "k1", lambda: b'{"a":1}')
        store.put_bytes("facts", "k2", b'{"b":2}')
        store.put_later("links", "k3", lambda: (_ for _ in ()).throw(TypeError("no")))
        assert store.get("result", "k1") == {"a": 1} and store.has("facts", "k2")
        assert store.writes == 0 and not (tmp_path / "c").exists()  # nothing written yet
    finally:
        assert caching.write_held() == 2  # the one that cannot be written is dropped
    fresh = caching.Cache(tmp_path / "c")
    assert fresh.get("result", "k1") == {"a": 1} and fresh.get("facts", "k2") == {"b": 2}
    assert fresh.get("links", "k3") is None
    fresh.put_bytes("facts", "k4", b"{}")  # not held any more: written at once
    assert fresh.writes == 1


def test_after_each_of_several_edits_the_daemon_writes_the_in_process_report_byte_for_byte(
    project,
):
    """The daemon keeps between requests what does not change (the paper, its linker, the
    workers started ahead): after each edit its report file is, byte for byte, the one an
    in-process audit with no cache writes."""
    root, env = project
    assert audit(root, env, "first.json").returncode == 1  # fills the cache
    assert paperlint(root, env, "daemon", "start").returncode == 0
    train = root / "code" / "train.py"
    for i, (before, after) in enumerate(
        [("500", "1000"), ("0.0005", "0.0001"), ("0.01", "0.02"), ("1000", "1500")], start=1
    ):
        train.write_text(train.read_text().replace(before, after))
        by_daemon = audit(root, {**env, "PAPERLINT_DAEMON": "1"}, "daemon.json")
        assert requests_served(root, env) == i  # the daemon ran it
        alone = audit(root, {**env, "PAPERLINT_DAEMON": "0"}, "alone.json", "--no-cache")
        assert (by_daemon.returncode, by_daemon.stdout, by_daemon.stderr) == (
            alone.returncode,
            alone.stdout,
            alone.stderr,
        )
        assert (root / "daemon.json").read_bytes() == (root / "alone.json").read_bytes()
        assert after in (root / "daemon.json").read_text()


def test_a_daemon_that_accepts_the_connection_but_never_answers_is_not_waited_for(
    tmp_path, monkeypatch
):
    """A socket whose daemon hangs (stopped, stuck): the client gives up after its patience
    and audits itself (None), never hangs; beside it, a daemon that accepts gets the go."""
    import socket as sockets
    import threading

    monkeypatch.setattr(daemon, "ACCEPT_TIMEOUT", 0.5)
    path = Path(tempfile.mkdtemp(prefix="pl-h-", dir="/tmp")) / "d.sock"
    server = sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    said: list[dict] = []

    def serve(answer: bool) -> None:
        conn, _ = server.accept()
        with conn:
            message, fds = daemon._receive(conn, with_fds=True)
            for fd in fds:
                os.close(fd)
            said.append(message)
            if answer:  # accepts, and waits for the go
                daemon._send(conn, {"status": "accepted"})
                said.append(daemon._receive(conn)[0])
                daemon._send(conn, {"status": "done", "exit": 3})
            else:
                time.sleep(3)

    monkeypatch.chdir(tmp_path)
    try:
        for answer, expected in ((False, None), (True, 3)):
            said.clear()
            thread = threading.Thread(target=serve, args=(answer,), daemon=True)
            thread.start()
            started = time.monotonic()
            assert daemon.forward(["check", "."], path) == expected
            assert time.monotonic() - started < 2.5
            assert said[0]["op"] == "check"
            assert said[1:] == ([{"go": True}] if answer else [])
            thread.join(5)
    finally:
        server.close()
        shutil.rmtree(path.parent, ignore_errors=True)


def test_the_fork_server_s_warm_up_reads_its_sample_as_a_project_through_the_worker_steps():
    """What the daemon's fork server reads before its first worker (so that every worker
    starts with the code reader's tables built) goes through every step of a code worker:
    choices from each of its files, no problem."""
    from paperlint import _code_warmup, sandbox

    inventory = _code_warmup.read_sample()
    files = {c.file.rsplit("/", 1)[-1] for c in inventory.choices}
    assert files == set(_code_warmup.SAMPLE) and not inventory.problems
    params = {c.param for c in inventory.choices}
    assert {"lr", "batch_size", "momentum"} <= params
    assert "paperlint._code_warmup" in sandbox.CODE_WARM
