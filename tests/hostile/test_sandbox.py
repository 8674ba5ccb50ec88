"""The worker process: whatever a reader does to it, the caller gets a value or a named
PaperlintError, and the next task gets a working worker."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sandbox_targets as t

from paperlint import sandbox
from paperlint.errors import PaperlintError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX worker limits")


@pytest.fixture
def worker():
    with sandbox.Worker(memory=512 << 20, kind="code") as w:
        yield w


def code_of(fn, *args, worker, timeout=10.0) -> str:
    with pytest.raises(PaperlintError) as e:
        worker.call(fn, *args, timeout=timeout, display="f.py")
    assert e.value.path == "f.py"
    return e.value.code


def test_a_value_comes_back(worker):
    assert worker.call(t.echo, {"a": (1, 2.5, "x")}, timeout=10, display="f.py") == {
        "a": (1, 2.5, "x")
    }


def test_a_worker_can_yield_the_cores_to_its_siblings():
    import os

    with sandbox.Worker(memory=512 << 20, kind="code", niceness=3) as lower:
        assert lower.call(t.niceness, timeout=10, display="f.py") == os.nice(0) + 3
    with sandbox.Worker(memory=512 << 20, kind="code") as normal:
        assert normal.call(t.niceness, timeout=10, display="f.py") == os.nice(0)


@pytest.mark.parametrize("fn", [t.sleep_forever, t.spin_forever], ids=["sleep", "spin"])
def test_a_hang_is_killed_at_the_deadline(worker, fn):
    assert code_of(fn, worker=worker, timeout=1.0) == "E110"
    assert worker.call(t.echo, 1, timeout=10, display="f.py") == 1  # a new worker took over
    assert worker.started == 2


@pytest.mark.parametrize("fn", [t.segfault, t.abort], ids=["segfault", "abort"])
def test_a_crash_costs_one_task_not_the_run(worker, fn):
    assert code_of(fn, worker=worker) == "E109"
    assert worker.call(t.echo, 2, timeout=10, display="f.py") == 2


def test_memory_is_limited(worker):
    assert code_of(t.allocate, 2 << 30, worker=worker) == "E111"
    assert worker.call(t.allocate, 1 << 20, timeout=10, display="f.py") == 1 << 20


def test_a_result_too_large_to_accept_is_refused(worker, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_RESULT", 1 << 20)
    with pytest.raises(PaperlintError) as e:
        worker.call(t.big_result, 2 << 20, timeout=10, display="f.py")
    assert e.value.code == "E109" and "too large" in e.value.message
    assert worker.call(t.big_result, 10, timeout=10, display="f.py") == b"x" * 10


def test_runaway_recursion_is_a_nesting_error(worker):
    assert code_of(t.recurse, worker=worker) == "E106"


@pytest.mark.parametrize("fn", [t.open_socket, t.run_program], ids=["socket", "subprocess"])
def test_the_worker_may_not_use_the_network_or_start_programs(worker, fn):
    with pytest.raises(PaperlintError) as e:
        worker.call(fn, timeout=10, display="f.py")
    assert e.value.code == "E109" and "PermissionError" in e.value.message


def test_the_parent_refuses_anything_but_records(worker):
    with pytest.raises(PaperlintError) as e:
        worker.call(t.return_forbidden, timeout=10, display="f.py")
    assert e.value.code == "E109" and "forbidden" in e.value.message


def test_errors_keep_their_codes_and_others_are_named(worker):
    assert code_of(t.raise_paperlint_error, worker=worker) == "E105"
    with pytest.raises(PaperlintError) as e:
        worker.call(t.raise_error, timeout=10, display="f.py")
    assert e.value.code == "E109" and "ZeroDivisionError: boom" in e.value.message
    assert "Traceback" not in e.value.message  # only with --debug


def test_the_worker_never_writes_to_the_terminal(capfd, worker):
    assert worker.call(t.write_to_terminal, timeout=10, display="f.py") == "done"
    out, err = capfd.readouterr()
    assert "noise" not in out + err


def test_a_paper_read_can_run_while_the_caller_works():
    h = sandbox.submit(t.sleep_forever, timeout=1.0, memory=None, kind="paper", display="p.pdf")
    assert not h.done()
    with pytest.raises(PaperlintError) as e:
        h.result()
    assert e.value.code == "E206"
    h2 = sandbox.submit(t.echo, "pages", timeout=10, memory=256 << 20, kind="paper", display="p")
    assert h2.result() == "pages" and h2.result() == "pages"


def test_a_paper_read_that_is_never_collected_is_still_stopped():
    import time

    h = sandbox.submit(t.spin_forever, timeout=0.5, memory=None, kind="paper", display="p.pdf")
    proc = h._worker._proc
    deadline = time.monotonic() + 10
    while proc.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not proc.is_alive()  # the watchdog killed it without anyone waiting
    with pytest.raises(PaperlintError) as e:
        h.result()
    assert e.value.code == "E206"


def test_in_process_mode_gives_the_same_errors(monkeypatch):
    monkeypatch.setenv("PAPERLINT_SANDBOX", "0")
    with sandbox.Worker(memory=None, kind="code") as w:
        assert w.call(t.echo, 3, timeout=1, display="f.py") == 3
        assert code_of(t.raise_paperlint_error, worker=w) == "E105"
        assert code_of(t.raise_error, worker=w) == "E109"
        assert w.started == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_fork_server_never_holds_the_callers_output(tmp_path):
    """A caller reading paperlint's output through a pipe gets its end when paperlint exits,
    not when the fork server notices and exits too."""
    import os
    import subprocess

    script = (
        "import os\n"
        "from multiprocessing import forkserver\n"
        "from paperlint import sandbox\n"
        "import sandbox_targets as t\n"
        "with sandbox.Worker(memory=None, kind='code') as w:\n"
        "    w.call(t.echo, 1, timeout=30, display='f.py')\n"
        "    pid = forkserver._forkserver._forkserver_pid\n"
        "    print(os.readlink(f'/proc/{pid}/fd/1'), os.readlink(f'/proc/{pid}/fd/2'))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    r = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [os.devnull, os.devnull]


def test_a_pool_runs_its_tasks_side_by_side_and_gives_every_result():
    tasks = [(t.pid_after, (0.3,), 10.0, f"f{i}.py") for i in range(4)]
    with sandbox.Pool(2, memory=512 << 20, kind="code") as pool:
        got = dict(pool.run(tasks))
        assert sorted(got) == [0, 1, 2, 3]
        assert len(set(got.values())) == 2  # two processes shared the tasks
        assert pool.started == 2


def test_a_pool_starts_a_worker_only_for_a_task():
    with sandbox.Pool(2, memory=512 << 20, kind="code") as pool:
        assert dict(pool.run([(t.echo, (5,), 10.0, "f.py")])) == {0: 5}
        assert pool.started == 1
        assert dict(pool.run([])) == {}
        assert pool.started == 1


def test_a_task_that_hangs_or_crashes_in_a_pool_costs_that_task():
    tasks = [
        (t.echo, (1,), 10.0, "a.py"),
        (t.sleep_forever, (), 1.0, "hang.py"),
        (t.segfault, (), 10.0, "crash.py"),
        (t.echo, (2,), 10.0, "b.py"),
        (t.echo, (3,), 10.0, "c.py"),
    ]
    with sandbox.Pool(2, memory=512 << 20, kind="code") as pool:
        got = dict(pool.run(tasks))
    assert (got[0], got[3], got[4]) == (1, 2, 3)
    assert isinstance(got[1], PaperlintError) and (got[1].code, got[1].path) == ("E110", "hang.py")
    assert isinstance(got[2], PaperlintError) and (got[2].code, got[2].path) == ("E109", "crash.py")


#: runs in a fresh process (no other thread, as the CLI): a worker forked ahead, then taken
_FORKED_AHEAD = """
import json, os, threading
from paperlint import sandbox
import sandbox_targets as t

out = {}
out["forked"] = sandbox.fork_ahead(memory=512 << 20, kind="code", imports=("json",))
sandbox.fork_ahead(memory=512 << 20, kind="code", niceness=3)
with sandbox.Worker(memory=512 << 20, kind="code") as w:
    out["taken_is_ours"] = w.call(t.parent_pid, timeout=30, display="f.py") == os.getpid()
    out["started"] = w.started
    for fn, name in ((t.allocate, "memory"), (t.segfault, "crash")):
        try:
            w.call(fn, *((2 << 30,) if name == "memory" else ()), timeout=30, display="f.py")
        except Exception as e:
            out[name] = e.code
    # after the crash, a worker from the fork server: one was forked ahead for these limits
    out["next_is_ours"] = w.call(t.parent_pid, timeout=30, display="f.py") == os.getpid()
with sandbox.Worker(memory=512 << 20, kind="code", niceness=3) as w:
    out["niced_is_ours"] = w.call(t.parent_pid, timeout=30, display="f.py") == os.getpid()
    proc = w._proc
proc.join(5)
out["exit_on_close"] = proc.exitcode  # 0: it saw its pipe close, was not killed
sandbox.fork_ahead(memory=256 << 20, kind="code")
taken = list(sandbox._ahead)
sandbox.discard_ahead()
out["discarded"] = [p.exitcode for _s, p, _c, _l in taken] == [0] and not sandbox._ahead
stop = threading.Event()
thread = threading.Thread(target=stop.wait)
thread.start()
out["with_a_thread"] = sandbox.fork_ahead(memory=512 << 20, kind="code")
stop.set()
thread.join()
print(json.dumps(out))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks ahead on Linux only")
def test_a_worker_forked_ahead_is_taken_by_the_worker_of_its_limits_and_keeps_them():
    """An edit loop forks its code worker from paperlint's process (no fork server): the
    Worker with the same kind and limits takes it, the limits hold in it, it exits when its
    pipe closes; a Worker of other limits starts from the server; one nobody takes is ended;
    with another thread running nothing is forked (a fork copies that thread's locks)."""
    import json
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    r = subprocess.run(
        [sys.executable, "-c", _FORKED_AHEAD], capture_output=True, text=True, env=env,
        timeout=300,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out == {
        "forked": True,
        "taken_is_ours": True,
        "started": 1,
        "memory": "E111",
        "crash": "E109",
        "next_is_ours": False,
        "niced_is_ours": True,
        "exit_on_close": 0,
        "discarded": True,
        "with_a_thread": False,
    }


#: runs in a fresh process (its own fork server): the workers a run started, recorded; spares
#: of those limits started ahead and taken by the next Worker of the same limits only
_SPARES = """
import json, os
from paperlint import sandbox
import sandbox_targets as t

out = {"none_yet": sandbox.started_since_last()}
with sandbox.Worker(memory=512 << 20, kind="code", niceness=2) as w:
    used = w.call(t.pid_after, 0, timeout=30, display="f.py")
out["recorded"] = sandbox.started_since_last()
out["started"] = sandbox.keep_spares([("code", 512 << 20, None, 2), ("code", 256 << 20, None, 0)])
out["kept_already"] = sandbox.keep_spares([("code", 512 << 20, None, 2)])
waiting = {tuple(s): p.pid for s, p, _c, _l in sandbox._ahead}
with sandbox.Worker(memory=512 << 20, kind="code", niceness=2) as w:
    pid = w.call(t.pid_after, 0, timeout=30, display="f.py")
    out["niceness"] = w.call(t.niceness, timeout=30, display="f.py")
out["took_its_spare"] = pid == waiting[("code", 512 << 20, None, 2)]
out["a_fresh_process"] = pid != used
with sandbox.Worker(memory=128 << 20, kind="code") as w:
    w.call(t.pid_after, 0, timeout=30, display="f.py")
out["other_limits_left"] = [list(s) for s, _p, _c, _l in sandbox._ahead]
sandbox.discard_ahead()
print(json.dumps(out))
"""


def test_spare_workers_of_the_last_run_s_limits_wait_and_are_taken_by_a_worker_of_them():
    """A long-running caller (the daemon) has the workers its last audit started waiting for
    the next: each a fresh process from the fork server, taken only by a Worker of the same
    kind and limits (which hold in it), never a worker an audit used before."""
    import json
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    env.pop("PAPERLINT_SANDBOX", None)
    r = subprocess.run(
        [sys.executable, "-c", _SPARES], capture_output=True, text=True, env=env, timeout=300
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out == {
        "none_yet": [],
        "recorded": [["code", 512 << 20, None, 2]],
        "started": 2,
        "kept_already": 0,
        "niceness": 2,
        "took_its_spare": True,
        "a_fresh_process": True,
        "other_limits_left": [["code", 256 << 20, None, 0]],
    }


def test_no_spare_worker_is_started_with_the_sandbox_off(monkeypatch):
    monkeypatch.setenv("PAPERLINT_SANDBOX", "0")
    assert sandbox.keep_spares([("code", 512 << 20, None, 0)]) == 0
    assert not sandbox._ahead
