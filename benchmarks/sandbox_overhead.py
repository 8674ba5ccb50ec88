"""What the worker processes cost: `python benchmarks/sandbox_overhead.py`.

Prints the median of a few runs of: starting the fork server (once per paperlint run), a fresh
worker for one task (each paper), a task in a live worker (each code file), and a whole
`paperlint check` of the demo with the readers sandboxed and in-process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_of(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def fresh_server_first_task() -> None:
    code = (
        "import time, os; t = time.perf_counter();"
        "from paperlint import sandbox;"
        "sandbox.run_limited(os.getpid, timeout=30, memory=1 << 30, kind='paper', display='x');"
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    fresh_server_first_task.last = float(out.stdout.strip())


def main() -> int:
    from paperlint import sandbox

    firsts = []
    for _ in range(3):
        fresh_server_first_task()
        firsts.append(fresh_server_first_task.last)
    print(f"fork server start + first task: {statistics.median(firsts) * 1000:7.1f} ms")
    sandbox.run_limited(os.getpid, timeout=30, memory=1 << 30, kind="paper", display="x")
    one_shot = median_of(
        lambda: sandbox.run_limited(
            os.getpid, timeout=30, memory=1 << 30, kind="paper", display="x"
        ),
        20,
    )
    print(f"fresh worker, one task:         {one_shot * 1000:7.1f} ms")
    with sandbox.Worker(memory=1 << 30, kind="code") as w:
        w.call(os.getpid, timeout=30, display="x")
        live = median_of(lambda: w.call(os.getpid, timeout=30, display="x"), 50)
    print(f"task in a live worker:          {live * 1000:7.1f} ms")
    demo = ROOT / "fixtures" / "demo"
    for mode in ("1", "0"):
        env = {**os.environ, "PAPERLINT_SANDBOX": mode}
        cmd = [sys.executable, "-m", "paperlint", "check", str(demo / "code"),
               str(demo / "paper.pdf"), "-o", os.devnull]  # fmt: skip
        t = median_of(lambda c=cmd, e=env: subprocess.run(c, env=e, capture_output=True), 5)
        label = "sandboxed" if mode == "1" else "in-process"
        print(f"paperlint check demo, {label:<10} {t:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
