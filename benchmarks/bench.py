#!/usr/bin/env python3
"""paperlint's speed, side by side with the tools it is built on (issue 8).

    python benchmarks/bench.py                   # all of .corpus, 5 rounds, then code and batch
    python benchmarks/bench.py --rounds 3 --cases vision-resnet-junvildo --skip-batch
    python benchmarks/bench.py --json bench.json # also the raw timings

Run it with the interpreter paperlint is installed in. It prints, in one run:

1. per corpus paper (``.corpus/*/paper.pdf`` with its code in ``code/``): paperlint cold end to
   end (an empty cache, so a first run), bare ``pdfminer.high_level.extract_text`` of the same
   PDF in its own process, ``pdftotext`` when installed, and paperlint warm (the same audit
   again: a cache hit); each a fresh process, as a user runs it;
2. the peak memory of each cold audit: the process tree's summed PSS (RSS where PSS is not
   available), sampled every 20 ms, and the largest single process;
3. code extraction of a generated 2,000-line model file (our own text, see
   :mod:`paperlint.code.benchmark`) against libcst's ``parse_module`` alone, in one process;
4. batch throughput: the corpus pairs each listed twice, ``--jobs 1`` against ``--jobs 2``
   (no cache), and the same manifest on a Dask ``LocalCluster`` (results compared);
5. with ``qpdf`` installed, the same as 1. and 2. for a long paper stitched here, in a temporary
   folder, from the four longest corpus papers (about 40 pages, as a paper with its appendix),
   audited with the ResNet code: the corpus's longest paper has 12 pages, where an audit's fixed
   costs (spaCy's import, the code) weigh most. It is not a corpus case and no target is
   measured on it;
6. the whole folder (issue 18): a corpus case's whole project folder (every source and config
   file of its repository under the labelled files' folder, built by ``wholefolder.py`` from the
   fetched repositories into ``.fullrepo/``, never committed) audited cold, against bare
   pdfminer on its paper, interleaved as in 1.; and a large repository's whole folder (LoRA's,
   about 850 files): its seconds and its ratio are shown beside the targets, not as one (the
   cost of the project-wide passes grows with the files, which a small folder does not show);
7. the edit loop (issue 18): a copy of a case's code audited once (the cache filled), then, each
   round, one number of one choice in the file with the most choices changed to a value not
   seen before (``64`` → ``65``, ``66`` ...: the file is re-read, its choice linked anew) and the
   audit run again, as pre-commit runs it after an edit; against bare pdfminer, interleaved.

paperlint's modules are compiled to bytecode first, as ``pip install`` does (an editable
install under ``PYTHONDONTWRITEBYTECODE`` would otherwise compile them in every process).

The machine is shared and noisy, so measurements are interleaved (each round runs every tool on
a paper back to back, alternating which goes first) and a ratio is the median of the per-round
ratios, beside the medians of the times. Not a test: it asserts nothing, it reports.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wholefolder  # beside this file

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BARE = "import sys; from pdfminer.high_level import extract_text; extract_text(sys.argv[1])"


def timed(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0, 1)
) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if r.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}: {r.stderr[-500:]}")
    return elapsed


def env_with(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PAPERLINT_NO_CACHE"}
    env.update(extra)
    return env


def pages_of(pdf: Path) -> int:
    from pdfminer.pdfpage import PDFPage

    with open(pdf, "rb") as fh:
        return sum(1 for _ in PDFPage.get_pages(fh))


def compile_bytecode(where: Path | None = None) -> str:
    """Compile paperlint's modules (those imported here, or the package at ``where``) to
    bytecode before timing, as ``pip install`` does. An editable install under
    ``PYTHONDONTWRITEBYTECODE`` (set on some machines) never writes it, so every process of an
    audit would compile paperlint's source again, a cost no user of an installed paperlint
    pays (pdfminer and spaCy, installed by pip, have theirs)."""
    import compileall
    import importlib.util

    if where is None:
        spec = importlib.util.find_spec("paperlint")
        if spec is None or not spec.submodule_search_locations:
            return "paperlint not found"
        where = next(iter(spec.submodule_search_locations))
    ok = compileall.compile_dir(where, quiet=1)
    return f"compiled in {where}" if ok else f"could not compile everything in {where}"


def busy_seconds() -> float | None:
    """CPU seconds every core of the machine has spent busy since boot (Linux), or None."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    except (OSError, ValueError, IndexError):
        return None
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def load() -> str:
    try:
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return ""


# ── 1. papers ────────────────────────────────────────────────────────────────────────────────


def bench_papers(cases: list[Path], rounds: int) -> dict[str, dict]:
    pdftotext = shutil.which("pdftotext")
    out: dict[str, dict] = {
        c.name: {"pages": pages_of(c / "paper.pdf"), "bare": [], "pdftotext": [], "cold": [],
                 "warm": []}
        for c in cases
    }  # fmt: skip
    for r in range(rounds):
        print(f"  round {r + 1}/{rounds} ({load()})", file=sys.stderr, flush=True)
        for c in cases:
            pdf, code = c / "paper.pdf", c / "code"
            with tempfile.TemporaryDirectory() as tmp:
                report = str(Path(tmp) / "report.json")
                audit = [PY, "-m", "paperlint", "check", ".", "../paper.pdf", "--format", "json",
                         "-o", report]  # fmt: skip
                env = env_with(PAPERLINT_CACHE_DIR=str(Path(tmp) / "cache"))
                steps = [
                    ("bare", lambda pdf=pdf: timed([PY, "-c", BARE, str(pdf)], ROOT)),
                    ("cold", lambda code=code, audit=audit, env=env: timed(audit, code, env)),
                    ("warm", lambda code=code, audit=audit, env=env: timed(audit, code, env)),
                ]
                if pdftotext:
                    steps.append(
                        (
                            "pdftotext",
                            lambda pdf=pdf: timed([pdftotext, str(pdf), os.devnull], ROOT),
                        )
                    )
                if r % 2:  # alternate: on odd rounds paperlint goes first
                    steps = [steps[1], steps[2], steps[0], *steps[3:]]
                for name, fn in steps:
                    out[c.name][name].append(fn())
    return out


def stitched_case(cases: list[Path], folder: Path) -> Path | None:
    """A case folder under ``folder``: the four longest corpus papers as one PDF (``qpdf``),
    with a copy of the ResNet code. None without qpdf or with fewer than two papers."""
    qpdf = shutil.which("qpdf")
    longest = sorted(cases, key=lambda c: (-pages_of(c / "paper.pdf"), c.name))[:4]
    code = next(
        (c / "code" for c in cases if "resnet" in c.name), longest[0] / "code" if longest else None
    )
    if qpdf is None or len(longest) < 2 or code is None:
        return None
    case = folder / "stitched-long"
    case.mkdir()
    cmd = [qpdf, "--empty", "--pages", *(str(c / "paper.pdf") for c in longest), "--",
           str(case / "paper.pdf")]  # fmt: skip
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in (0, 3):  # 3: done, with warnings about the inputs
        return None
    # a copy, not a link: the audit names the paper "../paper.pdf" from inside the code folder
    shutil.copytree(code, case / "code", symlinks=True)
    return case


# ── 2. memory ────────────────────────────────────────────────────────────────────────────────


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree(pid: int) -> list[int]:
    kids, out, todo = _children(), [pid], [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of a process in bytes (PSS = RSS where smaps_rollup is missing)."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
        pss = rss
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return pss, rss


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def peak_memory(cmd: list[str], cwd: Path, env: dict[str, str]) -> dict[str, float]:
    """Peak of the process tree's summed PSS and RSS, and of its largest process (MiB); and
    the CPU seconds of every process of the tree (as last seen, sampled every 20 ms)."""
    if not Path("/proc/self/status").exists():
        return {}
    t = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)  # fmt: skip
    peak_pss = peak_rss = peak_one = 0
    cpu: dict[int, float] = {}
    while p.poll() is None:
        tree = _tree(p.pid)
        mem = [_memory(pid) for pid in tree]
        for pid in tree:
            cpu[pid] = max(cpu.get(pid, 0.0), _cpu(pid))
        peak_pss = max(peak_pss, sum(m[0] for m in mem))
        peak_rss = max(peak_rss, sum(m[1] for m in mem))
        peak_one = max([peak_one, *(m[1] for m in mem)])
        time.sleep(0.02)
    wall = time.perf_counter() - t
    mib = 1 << 20
    return {"tree_pss": peak_pss / mib, "tree_rss": peak_rss / mib, "largest": peak_one / mib,
            "cpu": sum(cpu.values()), "wall": wall}  # fmt: skip


def bare_cpu(pdf: Path) -> float:
    """CPU seconds of the bare extraction in its own process (exact: a reaped child)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([PY, "-c", BARE, str(pdf)], capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_memory(cases: list[Path]) -> dict[str, dict]:
    out = {}
    for c in cases:
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [PY, "-m", "paperlint", "check", ".", "../paper.pdf", "--format", "json",
                   "-o", str(Path(tmp) / "r.json")]  # fmt: skip
            out[c.name] = peak_memory(cmd, c / "code", env_with(PAPERLINT_CACHE_DIR=tmp))
            out[c.name]["bare_cpu"] = bare_cpu(c / "paper.pdf")
    return out


# ── 3. code extraction ───────────────────────────────────────────────────────────────────────

_CODE_BENCH = r"""
import json, os, statistics, sys, tempfile, time
from pathlib import Path
lines, repeat = int(sys.argv[1]), int(sys.argv[2])
import libcst as cst
from paperlint import sandbox
from paperlint.code.benchmark import generate
from paperlint.code.stage import extract
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / f"model_{lines}.py"
    text = generate(lines)
    path.write_text(text, encoding="utf-8")
    sandbox.preload_code()  # the fork server has the code reader loaded, as in a batch
    os.environ["PAPERLINT_SANDBOX"] = "0"
    inv = extract([path])  # load the tables once
    choices = len(inv.choices)
    parse, inproc, worker = [], [], []
    for _ in range(repeat):
        t = time.perf_counter(); cst.parse_module(text); parse.append(time.perf_counter() - t)
        os.environ["PAPERLINT_SANDBOX"] = "0"
        t = time.perf_counter(); extract([path]); inproc.append(time.perf_counter() - t)
        os.environ["PAPERLINT_SANDBOX"] = "1"
        t = time.perf_counter(); extract([path]); worker.append(time.perf_counter() - t)
    ratio = lambda xs: statistics.median(x / p for x, p in zip(xs, parse))
    print(json.dumps({"lines": text.count("\n"), "choices": choices,
                      "parse_module": statistics.median(parse),
                      "extract": statistics.median(inproc), "extract_ratio": ratio(inproc),
                      "extract_in_worker": statistics.median(worker),
                      "worker_ratio": ratio(worker)}))
"""


def bench_code(lines: int, repeat: int) -> dict:
    r = subprocess.run([PY, "-c", _CODE_BENCH, str(lines), str(repeat)], capture_output=True,
                       text=True, cwd=ROOT)  # fmt: skip
    if r.returncode:
        raise RuntimeError(r.stderr[-1000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


# ── 4. batch ─────────────────────────────────────────────────────────────────────────────────


def bench_batch(cases: list[Path], rounds: int, dask: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / "manifest.tsv"
        lines = [f"{c}/code\t{c}/paper.pdf\t{c.name}" for c in cases]
        lines += [f"{c}/code\t{c}/paper.pdf\t{c.name}-again" for c in cases]
        manifest.write_text("\n".join(lines) + "\n")
        n = len(lines)
        times: dict[str, list[float]] = {"1": [], "2": []}
        busy: dict[str, list[float]] = {"1": [], "2": []}
        for r in range(rounds):
            print(f"  batch round {r + 1}/{rounds} ({load()})", file=sys.stderr, flush=True)
            for jobs in ("1", "2") if r % 2 == 0 else ("2", "1"):
                out = Path(tmp) / f"out-{jobs}-{r}"
                cmd = [PY, "-m", "paperlint", "batch", str(manifest), "-o", str(out), "--jobs",
                       jobs, "--no-cache"]  # fmt: skip
                before = busy_seconds()
                times[jobs].append(timed(cmd, ROOT))
                after = busy_seconds()
                if before is not None and after is not None:
                    busy[jobs].append((after - before) / times[jobs][-1])
        result = {
            "pairs": n,
            "jobs1": median(times["1"]),
            "jobs2": median(times["2"]),
            "speedup": median([a / b for a, b in zip(times["1"], times["2"], strict=True)]),
            # cores kept busy (the whole machine's, so other load counts too)
            "cores1": median(busy["1"]),
            "cores2": median(busy["2"]),
            "efficiency": parallel_efficiency(rounds),
        }
        if dask:
            result["dask"] = _dask_identical(manifest, Path(tmp))
    return result


_SPIN = "x = 0\nfor i in range(12_000_000):\n    x += i\n"


def parallel_efficiency(rounds: int) -> float:
    """How much work two CPU-bound processes get done at once, against one alone (1.0 on two
    free, independent cores; less where the cores share caches or a host): the ceiling of any
    two-process speed-up on this machine, measured side by side with the batch."""
    alone: list[float] = []
    paired: list[float] = []
    for _ in range(rounds):
        alone.append(timed([PY, "-c", _SPIN], ROOT))
        t = time.perf_counter()
        procs = [subprocess.Popen([PY, "-c", _SPIN], cwd=ROOT) for _ in range(2)]
        for proc in procs:
            proc.wait()
        paired.append(time.perf_counter() - t)
    return median(alone) / median(paired)


def _dask_identical(manifest: Path, tmp: Path) -> dict:
    try:
        import distributed
    except ImportError:
        return {"skipped": "Dask distributed is not installed (pip install 'paperlint[dask]')"}
    from paperlint import batch

    pairs = batch.read_manifest(manifest)
    options = {"cache": False}
    import dask

    t = time.perf_counter()
    # an audit starts reader processes: Dask's worker processes must not be daemonic
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
    ):
        remote = batch.run(pairs, tmp / "dask", options, scheduler=cluster.scheduler_address)
    dask_seconds = time.perf_counter() - t
    local = json.loads((next(tmp.glob("out-1-*")) / "summary.json").read_text())
    same_rows = [r.result_view() for r in remote] == [
        {k: v for k, v in row.items() if k != "seconds"} for row in local
    ]
    same_reports = all(
        (tmp / "dask" / r.report / "report.json").read_text()
        == (next(tmp.glob("out-1-*")) / r.report / "report.json").read_text()
        for r in remote
        if r.report
    )
    return {"identical": same_rows and same_reports, "seconds": dask_seconds}


# ── 6. the whole folder ──────────────────────────────────────────────────────────────────────


def folder_size(folder: Path) -> tuple[int, int]:
    """(files, YAML configs) in a folder."""
    files = yaml = 0
    for _dir, _dirs, names in os.walk(folder):
        files += len(names)
        yaml += sum(1 for n in names if n.endswith((".yaml", ".yml")))
    return files, yaml


def bench_whole_folder(
    folders: list[tuple[Path, Path]], rounds: int, variants: dict[str, dict[str, str]]
) -> dict[str, dict]:
    """``folders``: (corpus case, its whole folder). Cold audits of the folder against its
    paper, by each of ``variants`` (label → environment: this paperlint, or another checkout
    on ``PYTHONPATH``), interleaved with bare pdfminer."""
    out: dict[str, dict] = {}
    for case, folder in folders:
        files, yaml = folder_size(folder)
        for label in variants:
            out[row_name(case.name, label, variants)] = {
                "files": files, "yaml": yaml, "bare": [], "cold": []
            }  # fmt: skip
    for r in range(rounds):
        print(f"  whole-folder round {r + 1}/{rounds} ({load()})", file=sys.stderr, flush=True)
        for case, folder in folders:
            pdf = case / "paper.pdf"
            with tempfile.TemporaryDirectory() as tmp:
                bare = timed([PY, "-c", BARE, str(pdf)], ROOT) if r % 2 == 0 else None
                for label, extra in variants.items():
                    audit = [PY, "-m", "paperlint", "check", ".", str(pdf), "--format", "json",
                             "-o", str(Path(tmp) / "report.json")]  # fmt: skip
                    env = env_with(PAPERLINT_CACHE_DIR=str(Path(tmp) / f"cache-{label}"), **extra)
                    row = out[row_name(case.name, label, variants)]
                    # exit 2: some files of the repository could not be read (a notebook
                    # cell's syntax), and the report of the rest was written
                    report = Path(tmp) / "report.json"
                    row["cold"].append(timed(audit, folder, env, ok=(0, 1, 2)))
                    if not report.is_file():
                        raise RuntimeError(f"{folder}: no report written")
                    report.unlink()
                if bare is None:
                    bare = timed([PY, "-c", BARE, str(pdf)], ROOT)
                for label in variants:
                    out[row_name(case.name, label, variants)]["bare"].append(bare)
    return out


def row_name(name: str, label: str, variants: dict) -> str:
    return name if len(variants) == 1 else f"{name} [{label}]"


# ── 7. the edit loop ─────────────────────────────────────────────────────────────────────────


def edit_target(report: dict, code: Path) -> tuple[Path, int, str] | None:
    """Where the edit loop edits: (file, line, integer literal) of a choice whose integer value
    is written once on its line, in the Python file with the most choices."""
    import re
    from collections import Counter

    per_file = Counter(c["file"] for c in report.get("choices", []) if c["file"].endswith(".py"))
    for name, _n in per_file.most_common():
        lines = (code / name).read_text(encoding="utf-8").splitlines()
        for c in report["choices"]:
            if c["file"] != name or not re.fullmatch(r"[1-9][0-9]{0,5}", c.get("value", "")):
                continue
            if 0 < c["line"] <= len(lines):
                found = re.findall(rf"(?<![\w.]){c['value']}(?![\w.])", lines[c["line"] - 1])
                if len(found) == 1:
                    return code / name, c["line"], c["value"]
    return None


def edit(target: tuple[Path, int, str], step: int) -> None:
    """Write the target's number plus ``step`` on its line, where round ``step - 1`` wrote its
    own (a value no earlier round wrote)."""
    import re

    path, line, value = target
    lines = path.read_text(encoding="utf-8").split("\n")
    before = str(int(value) + step - 1)
    new, n = re.subn(
        rf"(?<![\w.]){before}(?![\w.])", str(int(value) + step), lines[line - 1], count=1
    )
    if n != 1:
        raise RuntimeError(f"{path}:{line}: {before} is not on the line to edit")
    lines[line - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def bench_edit_loop(
    cases: list[tuple[str, Path, Path]], rounds: int, variants: dict[str, dict[str, str]]
) -> dict[str, dict]:
    """``cases``: (name, code folder, paper). Each round: bare pdfminer, then for each of
    ``variants`` (label → environment) one edit and one audit (paper cached) of its own copy of
    the code. A variant with ``PAPERLINT_DAEMON=1`` leaves a daemon after its first audit,
    which the rounds then use (waited for before them, stopped after them)."""
    out: dict[str, dict] = {}
    scratch = tempfile.TemporaryDirectory()
    setups = {}
    for name, code, paper in cases:
        for label, extra in variants.items():
            tmp = Path(scratch.name) / f"{len(setups)}"
            shutil.copytree(code, tmp / "code", symlinks=True)
            shutil.copyfile(paper, tmp / "paper.pdf")
            report = tmp / "report.json"
            audit = [PY, "-m", "paperlint", "check", ".", "../paper.pdf", "--format", "json",
                     "-o", str(report)]  # fmt: skip
            env = env_with(PAPERLINT_CACHE_DIR=str(tmp / "cache"), **extra)
            first = timed(audit, tmp / "code", env)  # fills the cache (and starts a daemon)
            if extra.get("PAPERLINT_DAEMON") == "1":
                wait_for_daemon(tmp / "code", env)
            target = edit_target(json.loads(report.read_text()), tmp / "code")
            row = row_name(name, label, variants)
            setups[row] = (tmp, audit, env, target, paper)
            out[row] = {"first": first, "bare": [], "edit": [],
                        "target": f"{target[0].relative_to(tmp / 'code')}:{target[1]} "
                        f"({target[2]})" if target else "none (a comment appended)"}  # fmt: skip
    for r in range(rounds):
        print(f"  edit-loop round {r + 1}/{rounds} ({load()})", file=sys.stderr, flush=True)
        for name, _code, paper in cases:
            rows = [row_name(name, label, variants) for label in variants]
            if r % 2:
                rows.reverse()
            bare = timed([PY, "-c", BARE, str(paper)], ROOT) if r % 2 == 0 else None
            for row in rows:
                tmp, audit, env, target, _paper = setups[row]
                if target is None:
                    with open(next((tmp / "code").rglob("*.py")), "a", encoding="utf-8") as fh:
                        fh.write(f"\n# edit {r + 1}\n")
                else:
                    edit(target, r + 1)
                out[row]["edit"].append(timed(audit, tmp / "code", env))
            if bare is None:
                bare = timed([PY, "-c", BARE, str(paper)], ROOT)
            for row in rows:
                out[row]["bare"].append(bare)
    for row, (tmp, _audit, env, _target, _paper) in setups.items():
        if env.get("PAPERLINT_DAEMON") == "1":
            out[row]["daemon"] = subprocess.run(
                [PY, "-m", "paperlint", "daemon", "status"], cwd=tmp / "code", env=env,
                capture_output=True, text=True
            ).stdout.strip()  # fmt: skip
            subprocess.run([PY, "-m", "paperlint", "daemon", "stop"], cwd=tmp / "code", env=env,
                           capture_output=True)  # fmt: skip
    scratch.cleanup()
    return out


def wait_for_daemon(code: Path, env: dict[str, str], limit: float = 120.0) -> None:
    """Wait until the daemon the first audit left answers (it loads paperlint meanwhile)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        status = subprocess.run([PY, "-m", "paperlint", "daemon", "status"], cwd=code, env=env,
                                capture_output=True)  # fmt: skip
        if status.returncode == 0:
            return
        time.sleep(0.5)
    raise RuntimeError("the daemon did not start")


# ── the report ───────────────────────────────────────────────────────────────────────────────


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(ROOT / ".corpus"))
    ap.add_argument("--cases", nargs="*", help="only these case folders")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--batch-rounds", type=int, default=2)
    ap.add_argument("--code-lines", type=int, default=2000)
    ap.add_argument("--skip-batch", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--no-stitched", action="store_true", help="skip the stitched long paper")
    ap.add_argument(
        "--whole-folder",
        nargs="*",
        default=["det-fcos-official"],
        help="corpus cases whose whole project folder is audited cold (none: skip)",
    )
    ap.add_argument(
        "--large-folder",
        nargs="*",
        default=["nlp-lora-official"],
        help="corpus cases whose whole folder is a large repository (~800 files), audited cold "
        "and shown beside the targets, not as one (none: skip)",
    )
    ap.add_argument(
        "--large-rounds",
        type=int,
        default=2,
        help="rounds for the large folders (each cold audit takes a minute or more)",
    )
    ap.add_argument(
        "--edit-loop",
        nargs="*",
        default=["vision-resnet-junvildo"],
        help="corpus cases whose code is audited after an edit (none: skip)",
    )
    ap.add_argument(
        "--edit-whole-folder",
        nargs="*",
        default=["det-fcos-official"],
        help="whole folders audited after an edit (not a target; none: skip)",
    )
    ap.add_argument(
        "--mirrors",
        help="the fetched repositories the whole folders are built from "
        "(default: $PAPERLINT_MIRRORS, else a .mirror folder beside the checkout)",
    )
    ap.add_argument(
        "--only-repository",
        action="store_true",
        help="only the whole-folder and edit-loop measures (6. and 7.)",
    )
    ap.add_argument(
        "--baseline-source",
        help="another paperlint checkout (e.g. `git worktree add /tmp/base main`): the whole "
        "folder and the edit loop are measured with it too, on PYTHONPATH, in the same rounds",
    )
    ap.add_argument(
        "--no-daemon",
        action="store_true",
        help="measure the edit loop in-process only (not also with --daemon)",
    )
    ap.add_argument("--json", help="write the raw measurements here")
    a = ap.parse_args(argv)

    corpus = Path(a.corpus).resolve()  # the batch manifest is read from a temporary folder
    cases = sorted(
        c for c in corpus.iterdir() if (c / "paper.pdf").is_file() and (c / "code").is_dir()
    )
    every_case = cases
    if a.cases:
        cases = [c for c in cases if c.name in a.cases]
    if not cases:
        print(f"no cases in {corpus} (paper.pdf + code/)", file=sys.stderr)
        return 2
    by_name = {c.name: c for c in every_case}
    mirrors = Path(a.mirrors) if a.mirrors else wholefolder.default_mirrors()
    folders = {
        name: folder
        for name in dict.fromkeys([*a.whole_folder, *a.large_folder, *a.edit_whole_folder])
        if name in by_name
        and (folder := wholefolder.whole_folder(by_name[name], mirrors)) is not None
    }
    print(f"paperlint benchmark: {len(cases)} papers, {a.rounds} rounds, {os.cpu_count()} cores, "
          f"{load()}", flush=True)  # fmt: skip
    print(f"paperlint's bytecode: {compile_bytecode()}", flush=True)
    raw: dict = {"cores": os.cpu_count(), "load_before": load()}
    checks: list[tuple[str, float, float]] = []
    if not a.only_repository:
        checks += bench_files_and_papers(a, cases, every_case, raw)
    cold_variants: dict[str, dict[str, str]] = {"this": {"PAPERLINT_DAEMON": "0"}}
    if a.baseline_source:
        base = Path(a.baseline_source).resolve()
        print(f"baseline's bytecode: {compile_bytecode(base / 'paperlint')}", flush=True)
        cold_variants["before"] = {"PAPERLINT_DAEMON": "0", "PYTHONPATH": str(base)}
    edit_variants = dict(cold_variants)
    if not a.no_daemon:
        edit_variants["daemon"] = {"PAPERLINT_DAEMON": "1", "PAPERLINT_DAEMON_IDLE": "600"}
    whole = bench_whole_folder(
        [(by_name[n], folders[n]) for n in a.whole_folder if n in folders],
        a.rounds,
        cold_variants,
    )
    large = [n for n in a.large_folder if n in folders and n not in a.whole_folder]
    whole.update(
        bench_whole_folder(
            [(by_name[n], folders[n]) for n in large], max(1, a.large_rounds), cold_variants
        )
    )
    edits = bench_edit_loop(
        [(n, by_name[n] / "code", by_name[n] / "paper.pdf") for n in a.edit_loop if n in by_name]
        + [(f"{n} (whole folder)", folders[n], by_name[n] / "paper.pdf")
           for n in a.edit_whole_folder if n in folders],
        a.rounds,
        edit_variants,
    )  # fmt: skip
    raw["whole_folder"], raw["edit_loop"] = whole, edits
    raw["load_after"] = load()
    checks += report_repository(whole, edits, a.edit_loop, edit_variants, large)
    print("\ntargets (issue 8 and issue 18):")
    for name, value, limit in checks:
        if limit != limit:  # NaN: not a target, shown beside them
            print(f"  (not a target) {name}: {value:.2f}")
            continue
        shown = -value if limit < 0 else value
        print(f"  {'met ' if value <= limit else 'MISS'}  {name}: {shown:.2f}")
    print(f"\n{raw['load_before']} before, {raw['load_after']} after")
    if a.json:
        Path(a.json).write_text(json.dumps(raw, indent=2) + "\n")
    return 0


def ratio(case: dict, num: str, den: str) -> float:
    return median([x / y for x, y in zip(case[num], case[den], strict=True)])


def report_repository(
    whole: dict[str, dict],
    edits: dict[str, dict],
    targets: list[str],
    variants: dict[str, dict[str, str]] | None = None,
    large: list[str] | None = None,
) -> list[tuple[str, float, float]]:
    """Print the whole-folder and edit-loop tables; their lines for the targets (``large``:
    the large folders, shown beside the targets with their seconds)."""
    checks: list[tuple[str, float, float]] = []
    if whole:
        head = (f"{'whole folder (cold)':36} {'files':>5} {'YAML':>5} {'bare pdfminer':>13} "
                f"{'cold':>6} {'cold/bare':>9}")  # fmt: skip
        print("\n" + head)
        print("-" * len(head))
        for name, w in whole.items():
            print(f"{name:36} {w['files']:5d} {w['yaml']:5d} {median(w['bare']):12.2f}s "
                  f"{median(w['cold']):5.2f}s {ratio(w, 'cold', 'bare'):8.2f}x")  # fmt: skip
            if name.rsplit(" [", 1)[0] in (large or ()):
                what = f"cold whole folder {name} ({w['files']} files)"
                checks.append((f"{what} / bare", ratio(w, "cold", "bare"), float("nan")))
                checks.append((f"{what}, seconds", median(w["cold"]), float("nan")))
                continue
            checks.append(
                (f"cold whole folder {name} ({w['files']} files, {w['yaml']} YAML) <= 1.5x bare",
                 ratio(w, "cold", "bare"), float("nan") if "[before]" in name else 1.5)
            )  # fmt: skip
    if edits:
        head = (f"{'edit loop (paper cached)':48} {'bare pdfminer':>13} {'first':>6} {'edit':>6} "
                f"{'edit/bare':>9}  edited")  # fmt: skip
        print("\n" + head)
        print("-" * len(head))
        for name, e in edits.items():
            print(f"{name:48} {median(e['bare']):12.2f}s {e['first']:5.2f}s "
                  f"{median(e['edit']):5.2f}s {ratio(e, 'edit', 'bare'):8.2f}x  {e['target']}")  # fmt: skip
            # the target: the default way to run the edit loop (the daemon, when measured)
            label = "daemon" if variants and "daemon" in variants else "this"
            base = name.rsplit(" [", 1)[0]
            targeted = base in targets and (name == base or name.endswith(f"[{label}]"))
            limit = 0.25 if targeted else float("nan")
            checks.append((f"edit loop {name} <= 0.25x bare" if limit == limit
                           else f"edit loop {name} / bare", ratio(e, "edit", "bare"), limit))  # fmt: skip
        print("(first: the audit that filled the cache; edit: the audit after each edit, medians)")
        if variants and len(variants) > 1:
            print("([this]: this paperlint in-process; [daemon]: the same with --daemon, its first "
                  "audit in-process; [before]: --baseline-source in-process)")  # fmt: skip
        for name, e in edits.items():
            if e.get("daemon"):
                print(f"  {name}: {e['daemon']}")
    return checks


def bench_files_and_papers(
    a: argparse.Namespace, cases: list[Path], every_case: list[Path], raw: dict
) -> list[tuple[str, float, float]]:
    """Sections 1. to 5.: print their tables; their lines for the targets."""
    scratch = tempfile.TemporaryDirectory()
    stitched = None if a.no_stitched else stitched_case(every_case, Path(scratch.name))
    measured = [*cases, stitched] if stitched is not None else cases
    papers = bench_papers(measured, a.rounds)
    raw["papers"] = papers
    memory = {} if a.skip_memory else bench_memory(measured)
    raw["memory"] = memory
    code = bench_code(a.code_lines, 7)
    raw["code"] = code
    batch_result = None if a.skip_batch else bench_batch(cases, a.batch_rounds, not a.no_dask)
    raw["batch"] = batch_result

    print()
    head = (f"{'paper':28} {'pages':>5} {'bare pdfminer':>13} {'pdftotext':>9} {'cold':>6} "
            f"{'cold/bare':>9} {'warm':>6} {'warm/bare':>9} {'peak PSS':>8} {'largest':>7}")  # fmt: skip
    print(head)
    print("-" * len(head))
    for c in measured:
        p = papers[c.name]
        m = memory.get(c.name, {})
        print(
            f"{c.name:28} {p['pages']:5d} {median(p['bare']):12.2f}s "
            f"{median(p['pdftotext']):8.2f}s {median(p['cold']):5.2f}s "
            f"{ratio(p, 'cold', 'bare'):8.2f}x {median(p['warm']):5.2f}s "
            f"{ratio(p, 'warm', 'bare'):8.2f}x "
            + (f"{m['tree_pss']:6.0f}MB {m['largest']:5.0f}MB" if m else "")
        )
    print("(medians of the rounds; a ratio is the median of the per-round ratios; peak PSS: the "
          "audit's whole process tree; largest: its largest process, RSS)")  # fmt: skip
    if stitched is not None:
        print("(stitched-long: the four longest corpus papers as one, with the ResNet code; "
              "not a corpus case)")  # fmt: skip
    cores = os.cpu_count() or 1
    if memory:
        print(f"\n{'CPU seconds, one cold run':28} {'paperlint':>9} {'bare':>6} {'ratio':>6}"
              f" {'cores used':>11} {'floor/bare':>10}")  # fmt: skip
        for c in measured:
            m = memory[c.name]
            floor = m["cpu"] / cores / median(papers[c.name]["bare"])
            print(f"{c.name:28} {m['cpu']:8.2f}s {m['bare_cpu']:5.2f}s "
                  f"{m['cpu'] / max(m['bare_cpu'], 1e-9):5.2f}x {m['cpu'] / m['wall']:11.2f}"
                  f" {floor:9.2f}x")  # fmt: skip
        print("(all of the audit's processes, sampled every 20 ms: a slight undercount; with two "
              "idle cores an audit can use up to 2 cores)")  # fmt: skip
        print(f"(floor/bare: those CPU seconds spread evenly over all {cores} cores, from launch to "
              "exit, against bare pdfminer's wall time: the lowest cold/bare they allow here)")  # fmt: skip

    resnet = next((c.name for c in cases if "resnet" in c.name), cases[0].name)
    longest = max(cases, key=lambda c: (papers[c.name]["pages"], median(papers[c.name]["bare"])))
    lp = papers[longest.name]
    print(
        f"\ncode extraction, generated {code['lines']}-line model ({code['choices']} choices): "
        f"parse_module {code['parse_module']:.3f}s; paperlint's extraction in-process "
        f"{code['extract']:.3f}s = {code['extract_ratio']:.2f}x; through its sandboxed worker "
        f"{code['extract_in_worker']:.3f}s = {code['worker_ratio']:.2f}x"
    )
    if batch_result:
        b = batch_result
        print(
            f"batch, {b['pairs']} pairs (each corpus pair twice, no cache): --jobs 1 "
            f"{b['jobs1']:.1f}s ({b['pairs'] / b['jobs1']:.2f} pairs/s), --jobs 2 {b['jobs2']:.1f}s "
            f"({b['pairs'] / b['jobs2']:.2f} pairs/s): {b['speedup']:.2f}x the throughput"
        )
        if b.get("cores1") == b.get("cores1"):  # not NaN: /proc/stat was read
            print(
                f"  cores kept busy: --jobs 1 {b['cores1']:.2f}, --jobs 2 {b['cores2']:.2f} of "
                f"{cores}; with --jobs 1 that busy, --jobs 2 can be at most "
                f"{cores / b['cores1']:.2f}x faster here"
            )
            print(
                f"  two CPU-bound processes at once get {b['efficiency']:.2f}x the work of one "
                f"each (1.00 on independent cores): --jobs 2 at most "
                f"{cores / b['cores1'] * b['efficiency']:.2f}x on this machine"
            )
        if "dask" in b:
            d = b["dask"]
            told = (
                d["skipped"]
                if "skipped" in d
                else f"{d['seconds']:.1f}s, results identical to --jobs 1: {d['identical']}"
            )
            print(f"dask LocalCluster (2 worker processes): {told}")
    rp = papers[resnet]
    checks = [
        (f"cold {resnet} <= 1.3x bare", ratio(rp, "cold", "bare"), 1.3),
        (
            f"cold longest ({longest.name}, {lp['pages']} p.) <= 1.0x bare",
            ratio(lp, "cold", "bare"),
            1.0,
        ),
        (f"warm {resnet} <= 0.15x bare", ratio(rp, "warm", "bare"), 0.15),
        ("code extraction (2,000 lines) <= 3x parse_module", code["extract_ratio"], 3.0),
    ]
    if memory.get(longest.name):
        checks.append(
            (f"peak memory {longest.name} < 500 MB", memory[longest.name]["tree_pss"], 500)
        )
    if batch_result:
        checks.append(("batch --jobs 2 >= 1.6x --jobs 1", -batch_result["speedup"], -1.6))
    if stitched is not None:
        sp = papers[stitched.name]
        checks.append(
            (f"cold stitched-long ({sp['pages']} p.) / bare", ratio(sp, "cold", "bare"),
             float("nan"))
        )  # fmt: skip
    scratch.cleanup()
    return checks


if __name__ == "__main__":
    raise SystemExit(main())
