"""Time code extraction against libcst's bare ``parse_module``.

    python -m paperlint.code.benchmark                 # generated 2,000- and 5,000-line models
    python -m paperlint.code.benchmark path/to/dir ... # folders or files of your own

The generated model is our own text (repeated residual blocks with convolutions, norms,
dropout, a float constant, an argparse setting and an optimizer). Runs are interleaved and the
best of ``--repeat`` is kept, since a shared machine makes single timings noisy. The speed
target: extraction of a 2,000-line file within 3 × ``parse_module`` of the same file.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import time
from pathlib import Path

import libcst as cst

from paperlint.code.project import extract


def generate(lines: int) -> str:
    """A PyTorch model file of about ``lines`` lines."""
    out = ["import argparse", "import torch", "import torch.nn as nn", "", "WIDTH = 64", ""]
    i = 0
    while len(out) < lines - 14:
        out += [
            f"class Block{i}(nn.Module):",
            "    def __init__(self, c_in, c_out, k=3, p=0.1):",
            "        super().__init__()",
            "        self.conv1 = nn.Conv2d(c_in, c_out, kernel_size=k, padding=k // 2)",
            "        self.bn1 = nn.BatchNorm2d(c_out)",
            "        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1, bias=False)",
            "        self.drop = nn.Dropout(p)",
            "        self.act = nn.LeakyReLU(0.2)",
            "",
            "    def forward(self, x):",
            "        h = self.act(self.bn1(self.conv1(x)))",
            "        h = self.drop(self.conv2(h))",
            f"        return x + h * {0.1 + i * 0.001:.3f}",
            "",
            "",
        ]
        i += 1
    out += ["class Net(nn.Module):", "    def __init__(self):", "        super().__init__()"]
    out += [f"        self.b{j} = Block{j}(WIDTH, WIDTH)" for j in range(min(i, 8))]
    out += [
        "        self.head = nn.Linear(WIDTH, 10)",
        "",
        "parser = argparse.ArgumentParser()",
        "parser.add_argument('--lr', type=float, default=3e-4)",
        "args = parser.parse_args()",
        "opt = torch.optim.Adam(Net().parameters(), lr=args.lr, weight_decay=1e-4)",
    ]
    return "\n".join(out[:lines]) + "\n"


def _python_files(path: Path) -> list[Path]:
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def measure(path: Path, repeat: int) -> tuple[float, float, float, int, int]:
    """(best parse_module seconds over the path's .py files, best extraction seconds in this
    process, best extraction seconds through the sandbox's code worker, lines, choices).

    The worker figure is what a one-off audit pays: a fresh worker process that imports libcst
    and sends the choices back."""
    sources = [p.read_text(encoding="utf-8", errors="replace") for p in _python_files(path)]
    with _sandbox(False):
        extract([path])  # load the rule tables once
    best_parse = best_inline = best_worker = float("inf")
    choices = 0
    for _ in range(repeat):
        t = time.perf_counter()
        for src in sources:
            with contextlib.suppress(cst.ParserSyntaxError):
                cst.parse_module(src)
        best_parse = min(best_parse, time.perf_counter() - t)
        with _sandbox(False):
            t = time.perf_counter()
            inv = extract([path])
            best_inline = min(best_inline, time.perf_counter() - t)
        with _sandbox(True):
            t = time.perf_counter()
            extract([path])
            best_worker = min(best_worker, time.perf_counter() - t)
        choices = len(inv.choices)
    lines = sum(s.count("\n") for s in sources)
    return best_parse, best_inline, best_worker, lines, choices


@contextlib.contextmanager
def _sandbox(on: bool):
    old = os.environ.get("PAPERLINT_SANDBOX")
    os.environ["PAPERLINT_SANDBOX"] = "1" if on else "0"
    try:
        yield
    finally:
        if old is None:
            del os.environ["PAPERLINT_SANDBOX"]
        else:
            os.environ["PAPERLINT_SANDBOX"] = old


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="files or folders (default: generated models)")
    ap.add_argument("--lines", type=int, nargs="*", default=[2000, 5000])
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(p) for p in a.paths]
        if not paths:
            for n in a.lines:
                p = Path(tmp) / f"model_{n}.py"
                p.write_text(generate(n), encoding="utf-8")
                paths.append(p)
        for p in paths:
            parse, inline, worker, lines, choices = measure(p, a.repeat)
            print(
                f"{p.name}: {lines} lines, {choices} choices: parse_module {parse:.3f}s; "
                f"extraction {inline:.3f}s = {inline / parse:.2f}x in this process, "
                f"{worker:.3f}s = {worker / parse:.2f}x through a fresh code worker"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
