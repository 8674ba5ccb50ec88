"""How fast the tuning trace reads a long git history, and that its bounds say when they stop it.

    python benchmarks/trace_history.py                 # 10,000 commits, 3 rounds
    python benchmarks/trace_history.py --commits 50000 --rounds 1

Builds a repository with ``git fast-import`` in a temporary folder (never kept): every commit
edits files that hold settings (a YAML config, a training script, a launch script), as a
project tuned over years would, and some touch the README only. Then it reads the history as
an audit does — default bounds, ``max_commits`` below the history's length, and a time bound
too short for it — and prints the wall time of each, the commits read, the settings traced
and the coverage note. A script, not a test: the test suite times nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from paperlint.testing import Commit, build_git_repo
from paperlint.trace.build import build
from paperlint.trace.history import HistoryOptions, read

LRS = ["1e-3", "3e-4", "1e-4", "5e-4", "2e-4"]
DROPOUTS = ["0.1", "0.2", "0.3", "0.37", "0.5"]


def _config(lr: str, wd: str, bs: int) -> str:
    return f"model: resnet18\noptimizer:\n  name: adam\n  lr: {lr}\n  weight_decay: {wd}\nbatch_size: {bs}\nepochs: 90\n"


def _train(dropout: str, n: int) -> str:
    body = "\n".join(f"def helper_{i}(x):\n    return x + {i}\n" for i in range(n % 7 + 3))
    return (
        "import argparse\nimport torch.nn as nn\n\n"
        "parser = argparse.ArgumentParser()\n"
        f"parser.add_argument('--dropout', type=float, default={dropout})\n"
        f"parser.add_argument('--hidden', type=int, default={256 + n % 5})\n\n{body}"
    )


def commits(n: int, seed: int = 0) -> list[Commit]:
    rng = random.Random(seed)
    out = [
        Commit(
            "initial",
            {
                "configs/base.yaml": _config("1e-3", "1e-4", 128),
                "train.py": _train("0.5", 0),
                "scripts/run.sh": "python train.py --lr 1e-3\n",
                "README.md": "x\n",
            },
        )
    ]
    for i in range(1, n):
        kind = rng.random()
        if kind < 0.4:
            files = {
                "configs/base.yaml": _config(
                    rng.choice(LRS), rng.choice(["0", "1e-4", "5e-4"]), rng.choice([64, 128, 256])
                )
            }
        elif kind < 0.75:
            files = {"train.py": _train(rng.choice(DROPOUTS), i)}
        elif kind < 0.85:
            files = {
                "scripts/run.sh": f"python train.py --lr {rng.choice(LRS)} --epochs {rng.choice([90, 100])}\n"
            }
        else:
            files = {"README.md": f"run {i}\n"}
        subject = "test accuracy 91.2" if i % 997 == 0 else f"change {i}"
        out.append(Commit(subject, files))
    return out


def measure(repo: Path, options: HistoryOptions) -> tuple[float, object]:
    start = time.perf_counter()
    h = read([repo], options)
    return time.perf_counter() - start, h


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--commits", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="paperlint-history-") as tmp:
        t0 = time.perf_counter()
        repo = build_git_repo(Path(tmp) / "repo", commits(args.commits))
        print(f"built a repository of {args.commits:,} commits in {time.perf_counter() - t0:.1f} s")
        cases = [
            ("default bounds", HistoryOptions()),
            (f"max_commits={args.commits // 2:,}", HistoryOptions(max_commits=args.commits // 2)),
            ("timeout=0.5 s", HistoryOptions(timeout=0.5)),
        ]
        print(
            f"{'bounds':<22} {'median s':>9} {'min s':>7} {'commits read':>13} {'changes':>8}  stopped / note"
        )
        for name, options in cases:
            times, h = [], None
            for _ in range(args.rounds):
                seconds, h = measure(repo, options)
                times.append(seconds)
            assert h is not None
            trace = build((), h)  # type: ignore[arg-type]
            note = h.notes[0] if h.notes else ""  # type: ignore[attr-defined]
            print(
                f"{name:<22} {statistics.median(times):>9.2f} {min(times):>7.2f} "
                f"{h.commits:>6,} of {h.total:<6,}{len(h.changes):>8,}  "  # type: ignore[attr-defined]
                f"{h.stopped or '-'} {note}"  # type: ignore[attr-defined]
            )
            if name == "default bounds":
                for s in trace.settings:
                    print(
                        f"    {s.key:<14} {s.history_values} values in one place: {', '.join(s.values()[:6])}"
                    )
                print(f"    {len(h.results)} commits record test results")  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
