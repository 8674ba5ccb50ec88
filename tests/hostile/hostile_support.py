"""Run the real CLI in a subprocess on hostile input and check the error contract.

Every hostile case is judged the same way (issue 7):

* the expected exit code (0 clean, 1 findings, 2 something could not be audited);
* each expected error code named on stderr, one ``paperlint: error[CODE] PATH: ...`` line per
  problem (``warning[CODE]`` for an input audited in part, E112), and no traceback;
* the report absent (nothing written) or complete and valid JSON listing what was skipped;
* finished within its limit: a generous bound that catches a hang, not a benchmark.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "fixtures" / "hostile"
HOSTILE_CODE = HOSTILE / "code"
DEMO = ROOT / "fixtures" / "demo"

_LINE = re.compile(r"^paperlint: (error|warning)\[(E\d{3})\] (.+?): (.+)$")

#: a small clean model: the other input of every paper case, audited whatever the paper does
MODEL = """\
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.5)
        self.fc = nn.Linear(10, 2)
"""


def hostile(name: str, dest: Path) -> Path:
    """The committed fixture ``name`` (stored as ``name.hostile``) copied into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    out = dest / name
    out.write_bytes((HOSTILE / f"{name}.hostile").read_bytes())
    return out


def copy_hostile_code(dest: Path) -> list[str]:
    """Copy the committed hostile source files into ``dest`` under their real names
    (``x.py.hostile`` → ``x.py``); returns the names."""
    dest.mkdir(parents=True, exist_ok=True)
    names = []
    for f in sorted(HOSTILE_CODE.glob("*.hostile")):
        name = f.name.removesuffix(".hostile")
        (dest / name).write_bytes(f.read_bytes())
        names.append(name)
    return names


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    report: dict | None

    @property
    def errors(self) -> list[str]:
        """The error codes named on stderr (errors and warnings), in order."""
        return [m.group(2) for m in map(_LINE.match, self.stderr.splitlines()) if m]

    @property
    def failures(self) -> list[str]:
        """The codes of inputs that could not be audited (not those audited in part)."""
        lines = map(_LINE.match, self.stderr.splitlines())
        return [m.group(2) for m in lines if m and m.group(1) == "error"]


def run_cli(*args: str, cwd: Path, limit: float = 60.0, env: dict | None = None) -> Run:
    """``paperlint *args`` in ``cwd``, killed (and the test failed) after ``limit`` seconds."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    report_path = None
    if "-o" in args and args.index("-o") + 1 < len(args):
        report_path = cwd / args[args.index("-o") + 1]
    start = time.monotonic()
    try:
        p = subprocess.run(
            [sys.executable, "-m", "paperlint", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=limit,
            env=full_env,
        )
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"paperlint {' '.join(args)} did not finish within {limit} s") from e
    seconds = time.monotonic() - start
    report = None
    if report_path is not None and report_path.suffix == ".json" and report_path.exists():
        report = json.loads(report_path.read_text(encoding="utf-8"))  # complete and valid
    return Run(p.returncode, p.stdout, p.stderr, seconds, report)


def check_contract(r: Run, exit_code: int, codes: tuple[str, ...] = ()) -> None:
    """The error contract every case must meet (see the module docstring)."""
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout, r.stderr
    assert r.code == exit_code, f"exit {r.code}, wanted {exit_code}\n{r.stderr}"
    for line in r.stderr.splitlines():
        assert _LINE.match(line), (
            f"stderr line is not `paperlint: error|warning[CODE] PATH: ...`: {line!r}"
        )
        assert "\x1b" not in line and "\u202e" not in line, repr(line)
    for code in codes:
        assert code in r.errors, f"{code} not named on stderr:\n{r.stderr}"
    if exit_code == 2:
        assert r.failures, "exit 2 without naming the problem"
    if r.report is not None:
        assert r.report["schema"] == "paperlint-report/1"
        skipped = {s["code"] for s in r.report["skipped"]}
        assert set(r.errors) == skipped, (r.errors, skipped)
    if r.code == 0:
        assert not r.failures, "exit 0 although something was skipped"


def run_many(jobs: dict[str, dict], workers: int = 2) -> dict[str, Run]:
    """Several CLI runs at once (``name -> run_cli keyword arguments``): the hostile suite
    starts a few dozen paperlint processes, and most of their time is start-up."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {name: pool.submit(run_cli, *kw.pop("args"), **kw) for name, kw in jobs.items()}
        return {name: f.result() for name, f in futures.items()}


def record(case: str, r: Run) -> None:
    """Append the case's outcome to $PAPERLINT_HOSTILE_TIMINGS (a JSON-lines file), if set: the
    table in the issue's note is made from it."""
    path = os.environ.get("PAPERLINT_HOSTILE_TIMINGS")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as fh:
        line = {"case": case, "exit": r.code, "errors": r.errors, "seconds": round(r.seconds, 2)}
        fh.write(json.dumps(line) + "\n")
