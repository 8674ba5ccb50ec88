#!/usr/bin/env python3
"""Where a cold audit's time goes: one audit, with every process's stages on a timeline.

    python benchmarks/timeline.py CODE PAPER            # e.g. .corpus/vision-resnet-junvildo/code
    python benchmarks/timeline.py CODE PAPER --runs 3   #   .corpus/vision-resnet-junvildo/paper.pdf

Runs ``paperlint check CODE PAPER`` in a fresh process with an empty cache and
``PAPERLINT_TRACE`` set (see :func:`paperlint.sandbox.trace`), then prints each event in
seconds from the launch, with the CPU time its process had used by then: the main process's
stages and every worker task's start and end. What ends last before the main process's
"paper read and linked" is the critical path; a process's CPU between two of its events is
what that step cost it, however busy the cores were. Not a test: it reports.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def read_trace(path: Path, launched: float) -> list[tuple[float, int, float, str]]:
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stamp, pid, cpu, event = line.split(" ", 3)
        events.append((float(stamp) - launched, int(pid), float(cpu), event))
    return sorted(events)


def show(events: list[tuple[float, int, float, str]], total: float) -> None:
    main_pid = next((pid for _, pid, _c, e in events if e == "audit started"), None)
    names = {main_pid: "main"}
    for _, pid, _c, _e in events:
        names.setdefault(pid, f"worker {len(names)}")
    print("   wall  process    its CPU  event")
    for t, pid, cpu, event in events:
        print(f"{t:7.3f}s  {names[pid]:9}  {cpu:6.3f}s  {event}")
    print(f"{total:7.3f}s  {'main':9}           exit")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("code")
    ap.add_argument("paper")
    ap.add_argument("--runs", type=int, default=1)
    a = ap.parse_args(argv)
    code, paper = Path(a.code).resolve(), Path(a.paper).resolve()
    for run in range(a.runs):
        with tempfile.TemporaryDirectory() as tmp:
            trace = Path(tmp) / "trace.txt"
            env = {
                **os.environ,
                "PAPERLINT_TRACE": str(trace),
                "PAPERLINT_CACHE_DIR": str(Path(tmp) / "cache"),
            }
            env.pop("PAPERLINT_NO_CACHE", None)
            cwd = code if code.is_dir() else code.parent
            target = "." if code.is_dir() else code.name
            cmd = [sys.executable, "-m", "paperlint", "check", target, str(paper), "--format",
                   "json", "-o", str(Path(tmp) / "report.json")]  # fmt: skip
            launched = time.time()
            r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
            total = time.time() - launched
            if r.returncode not in (0, 1):
                print(f"paperlint exited {r.returncode}: {r.stderr[-400:]}", file=sys.stderr)
                return 2
            print(f"run {run + 1}")
            show(read_trace(trace, launched), total)
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
