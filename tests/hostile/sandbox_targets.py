"""Functions the sandbox tests run in a worker (a worker runs module-level functions only)."""

from __future__ import annotations

import os
import signal
import time


def echo(x):
    return x


def sleep_forever():
    while True:
        time.sleep(1)


def spin_forever():
    while True:
        pass


def segfault():
    import ctypes

    ctypes.string_at(0)  # reads address 0: SIGSEGV


def abort():
    os.kill(os.getpid(), signal.SIGABRT)


def allocate(n: int):
    return len(bytearray(n))


def recurse(n: int = 0):
    return recurse(n + 1)


def open_socket():
    import socket

    socket.socket().close()
    return "opened"


def run_program():
    import subprocess

    return subprocess.run(["true"], check=False).returncode


def return_forbidden():
    return os.system  # pickles as a reference to os.system: the parent must refuse it


def raise_error():
    raise ZeroDivisionError("boom")


def raise_paperlint_error():
    from paperlint.errors import PaperlintError

    raise PaperlintError("E105", "ignored.py", "line 3: invalid syntax")


def write_to_terminal():
    import sys

    print("worker stdout noise")
    print("worker stderr noise", file=sys.stderr)
    os.write(2, b"raw fd 2 noise\n")
    return "done"


def big_result(n: int):
    return b"x" * n


def niceness() -> int:
    import os

    return os.nice(0)


def pid_after(seconds: float) -> int:
    """This worker's process id, after a short wait (so that a pool's other worker takes the
    next task)."""
    time.sleep(seconds)
    return os.getpid()


def parent_pid() -> int:
    """The process that started this worker: paperlint's own, or the fork server."""
    return os.getppid()
