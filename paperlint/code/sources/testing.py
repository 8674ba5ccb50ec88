"""Examples of sources of settings as tests: every source's must-read and must-not-read cases
live beside it, in ``examples/<source>/<case>/`` — a tiny project of files we wrote.

A marker comment on the line *before* a target line (as in semgrep's tests and the rule
examples of :mod:`paperlint.testing`) says what the code stage must read there:

    # setting: KEY = VALUE                 a choice for setting KEY with VALUE is reported here
    # setting: KEY = VALUE [runs: A, B]    ... and the value takes effect in exactly runs A, B
    # no-setting: KEY                      no choice for setting KEY is reported here
    # run: RUN | KEY = VALUE               in run RUN, KEY takes VALUE, set here
    # run: RUN | KEY = VALUE (LAYER)       ... by that layer (code, config, launch ...)
    # problem: CODE                        this file has a problem CODE (the marker's line
                                           does not matter)
    # todo-setting: ... / # todo-no-setting: ... / # todo-run: ...
                                           a known gap: it must not hold yet (when it does,
                                           the test says so, and the marker becomes a real one)

``@ TEXT`` at the end of a marker points it at the first following line that contains TEXT
instead of the next line: a comment cannot sit inside a continued shell command. Files that
cannot hold comments (JSON) are marked from ``expect.txt`` in the case folder, one marker a
line, prefixed by the file's path: ``config.json: setting: lr = 0.1 @ "lr"``.

The case is read by :func:`paperlint.code.project.extract` exactly as a user's folder is.
``tests/test_sources.py`` turns every case into a test named ``<source>/<case>``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from paperlint.model import CodeInventory

EXAMPLES = Path(__file__).resolve().parent / "examples"
MARKER = re.compile(
    r"^\s*#\s*(?P<kind>(?:todo-)?(?:setting|no-setting|run)|problem)\s*:\s*(?P<body>.*?)\s*$"
)
_EXPECT = re.compile(r"^(?P<file>[^:\s]+):\s*(?P<kind>[\w-]+)\s*:\s*(?P<body>.*?)\s*$")


@dataclass(frozen=True)
class Marker:
    kind: str  # setting | no-setting | run | problem, maybe with "todo-"
    body: str
    file: str  # relative to the case folder
    line: int  # the line it points at


@dataclass(frozen=True)
class Case:
    source: str
    name: str
    folder: Path

    @property
    def id(self) -> str:
        return f"{self.source}/{self.name}"


def cases(root: Path = EXAMPLES) -> list[Case]:
    out = []
    if not root.is_dir():
        return out
    for source in sorted(p for p in root.iterdir() if p.is_dir()):
        for case in sorted(p for p in source.iterdir() if p.is_dir()):
            out.append(Case(source.name, case.name, case))
    return out


def markers(case: Case) -> list[Marker]:
    found: list[Marker] = []
    for path in sorted(case.folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        rel = path.relative_to(case.folder).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        if rel == "expect.txt":
            for raw in lines:
                m = _EXPECT.match(raw)
                if m:
                    target_lines = (case.folder / m.group("file")).read_text().splitlines()
                    body, at = _split_at(m.group("body"))
                    line = _target(target_lines, 0, at)
                    found.append(Marker(m.group("kind"), body, m.group("file"), line))
            continue
        for i, raw in enumerate(lines):
            m = MARKER.match(raw)
            if not m:
                continue
            body, at = _split_at(m.group("body"))
            line = _target(lines, i + 1, at)
            found.append(Marker(m.group("kind"), body, rel, line))
    return found


def _split_at(body: str) -> tuple[str, str]:
    if " @ " in body:
        body, at = body.rsplit(" @ ", 1)
        return body.strip(), at.strip()
    return body, ""


def _target(lines: list[str], start: int, at: str) -> int:
    """1-based line the marker points at: the first line from ``start`` (0-based) that is not a
    marker — or that contains ``at``."""
    for j in range(start, len(lines)):
        if at:
            if at in lines[j] and not MARKER.match(lines[j]):
                return j + 1
        elif not MARKER.match(lines[j]):
            return j + 1
    return 0


def read(case: Case) -> CodeInventory:
    """The case's inventory, read as ``paperlint dump-code .`` inside its folder reads it."""
    from paperlint.code.project import extract

    cwd = os.getcwd()
    os.chdir(case.folder)
    try:
        return extract(["."])
    finally:
        os.chdir(cwd)


def check(case: Case, inventory: CodeInventory | None = None) -> list[str]:
    """What the code stage got wrong on this case: one message per marker that does not hold."""
    inv = inventory if inventory is not None else read(case)
    failures = []
    for m in markers(case):
        todo = m.kind.startswith("todo-")
        kind = m.kind.removeprefix("todo-")
        if m.line == 0:
            failures.append(f"{m.file}: marker `{m.kind}: {m.body}` points at no line")
            continue
        ok, why = _holds(kind, m, inv)
        if todo and ok:
            failures.append(f"{m.file}:{m.line}: `{m.kind}: {m.body}` holds now: make it `{kind}`")
        elif not todo and not ok:
            failures.append(f"{m.file}:{m.line}: `{kind}: {m.body}` does not hold: {why}")
    return failures


def _holds(kind: str, m: Marker, inv: CodeInventory) -> tuple[bool, str]:
    here = [c for c in inv.choices if c.file == m.file and c.line == m.line]
    if kind == "problem":
        codes = [p.code for p in inv.problems if p.path == m.file]
        return m.body in codes, f"problems of {m.file}: {codes or 'none'}"
    if kind == "no-setting":
        key = m.body.strip()
        hit = [c for c in here if _same_key(c.setting, key)]
        return not hit, f"reported {[f'{c.setting} = {c.value}' for c in hit]}"
    if kind == "setting":
        key, value, runs = _parse_setting(m.body)
        hit = [c for c in here if _same_key(c.setting, key)]
        if not hit:
            return False, f"choices here: {[f'{c.setting or c.param} = {c.value}' for c in here]}"
        good = [c for c in hit if value is None or _same_value(c.value, value)]
        if not good:
            return False, f"values here: {[c.value for c in hit]}"
        if runs is not None and not any(set(c.runs) == runs for c in good):
            return False, f"runs here: {[list(c.runs) for c in good]}"
        return True, ""
    if kind == "run":
        name, _, rest = m.body.partition("|")
        key, value, layer = _parse_run(rest)
        run = next((r for r in inv.runs if r.name == name.strip()), None)
        if run is None:
            return False, f"runs: {[r.name for r in inv.runs]}"
        s = next((s for s in inv.settings_of(run).values() if _same_key(s.key, key)), None)
        if s is None:
            return False, f"{key} is not a setting of run {run.name}"
        where = (s.file, s.line, s.layer)
        if (s.file, s.line) != (m.file, m.line) or not _same_value(s.value, value):
            return False, f"{key} = {s.value} set at {s.file}:{s.line} ({s.layer})"
        if layer and s.layer != layer:
            return False, f"set by layer {where[2]}"
        return True, ""
    return False, f"unknown marker {kind}"


def _parse_setting(body: str) -> tuple[str, str | None, set[str] | None]:
    runs = None
    m = re.search(r"\[runs:\s*(.*?)\]\s*$", body)
    if m:
        runs = {r.strip() for r in m.group(1).split(",") if r.strip()}
        body = body[: m.start()].strip()
    key, eq, value = body.partition("=")
    return key.strip(), (value.strip() if eq else None), runs


def _parse_run(body: str) -> tuple[str, str, str]:
    layer = ""
    m = re.search(r"\((\w+)\)\s*$", body)
    if m:
        layer = m.group(1)
        body = body[: m.start()]
    key, _, value = body.partition("=")
    return key.strip(), value.strip(), layer


def _same_key(a: str, b: str) -> bool:
    from paperlint.code.runs import norm_key

    return bool(a) and norm_key(a) == norm_key(b)


def _same_value(shown: str, want: str) -> bool:
    a = shown.strip().strip("'\"").replace(" ", "")
    b = want.strip().strip("'\"").replace(" ", "")
    if a == b:
        return True
    try:
        return abs(float(a) - float(b)) <= 1e-12 * max(1.0, abs(float(b)))
    except ValueError:
        return a.lower() == b.lower()
