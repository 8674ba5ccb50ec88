"""Rule examples as tests: every rule's must-fire and must-not-fire cases live beside it.

Like Fixit's ``VALID``/``INVALID`` and semgrep's test files, each rule has a folder
``rules/packs/examples/<ID>/`` of small *cases*. A case is the files sharing a stem:

    <case>.py             code (optional)
    <case>.txt            a paper as plain text with ``# Heading`` lines (optional)
    <case>/               a folder of code and config files (sweeps, scripts), copied as is
    <case>.history.yaml   commits made before the case's files (which are the last commit):
                          the case's code is then a git repository with that history

A marker on the line *before* a target line says what the rule must do there:

    code   ``# ruleid: ID``       paper   ``<!-- ruleid: ID -->``       must fire here
           ``# ok: ID``                   ``<!-- ok: ID -->``           must not fire here
           ``# todoruleid: ID``           ``<!-- todoruleid: ID -->``   should fire, does not yet
           ``# todook: ID``               ``<!-- todook: ID -->``       should not fire, does yet

The case is audited through :func:`paperlint.api.audit`, exactly as a user's project is, with
the markers removed from the paper. The rule must fire on every ``ruleid`` line and nowhere
else (apart from ``todook`` lines). Where a finding "is":

- a finding on code: its file and line (a skipped file: the file's first line);
- a finding on the paper: the line where its first quoted sentence starts;
- a finding about the paper or the run as a whole (no line, no quote): the first line of the
  case's paper, or of its code when there is no paper — so put that marker at the very top.

Each rule needs at least one ``ruleid`` and one ``ok`` marker; ``tests/test_rule_examples.py``
turns every case into a test named ``<ID>/<case>``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from paperlint import resources
from paperlint.model import Finding

MARKER = re.compile(
    r"^\s*(?:#|<!--)\s*(?P<kind>ruleid|ok|todoruleid|todook)\s*:\s*(?P<ids>[A-Za-z0-9, ]+?)\s*(?:-->)?\s*$"
)
CODE_SUFFIXES = (".py", ".yaml")  # code, or a config the code reads
PAPER_SUFFIXES = (".txt",)
HISTORY_SUFFIX = ".history.yaml"


@dataclass(frozen=True)
class Marker:
    kind: str  # ruleid | ok | todoruleid | todook
    rule: str
    file: str  # file name within the case
    line: int  # the marker's own line
    target: int  # the line it points at: the next line that is not a marker
    text: str  # the target line


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    code: tuple[Path, ...]
    paper: Path | None
    tree: Path | None = None  # a folder of code and configs, copied into the code as is
    history: Path | None = None  # <case>.history.yaml: the commits before the case's files

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.name}"

    @property
    def files(self) -> tuple[Path, ...]:
        return (*self.code, *self.tree_files(), *((self.paper,) if self.paper else ()))

    def tree_files(self) -> tuple[Path, ...]:
        if self.tree is None:
            return ()
        return tuple(sorted(p for p in self.tree.rglob("*") if p.is_file() and kept(p, self.tree)))

    @property
    def primary(self) -> Path:
        """The file whose first line stands for "the paper / the run as a whole"."""
        return self.paper or (self.code or self.tree_files())[0]

    def name_of(self, path: Path) -> str:
        """A file's name as the audit sees it, relative to the case's code folder."""
        if self.tree is not None and path.is_relative_to(self.tree):
            return path.relative_to(self.tree).as_posix()
        return path.name

    def markers(self, rule: str | None = None) -> list[Marker]:
        rule = rule or self.rule
        return [
            replace(m, file=self.name_of(f))
            for f in self.files
            for m in markers_in(f)
            if m.rule == rule
        ]


def kept(path: Path, root: Path | None = None) -> bool:
    """Whether a file or folder under an examples folder is part of an example: an installed
    wheel's byte-compiled ``__pycache__`` (pip compiles every ``.py`` it installs, the examples'
    too) and hidden files are not."""
    parts = path.relative_to(root).parts if root is not None else (path.name,)
    return not any(
        part == "__pycache__" or part.startswith(".") or part.endswith((".pyc", ".pyo"))
        for part in parts
    )


def examples_dir() -> Path:
    return resources.rules_dir() / "packs" / "examples"


def cases(rule_id: str | None = None, root: Path | None = None) -> list[Case]:
    """Every example case (of one rule), in a stable order."""
    root = root or examples_dir()
    out: list[Case] = []
    if not root.is_dir():
        return out
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and kept(p)):
        if rule_id is not None and folder.name != rule_id:
            continue
        stems: dict[str, list[Path]] = {}
        for f in sorted(f for f in folder.iterdir() if kept(f)):
            if f.is_dir() or f.name.endswith(HISTORY_SUFFIX):
                stems.setdefault(f.name.removesuffix(HISTORY_SUFFIX), []).append(f)
            elif f.suffix in CODE_SUFFIXES + PAPER_SUFFIXES:
                stems.setdefault(f.stem, []).append(f)
        for stem, files in stems.items():
            code = tuple(f for f in files if f.is_file() and f.suffix in CODE_SUFFIXES)
            papers = [f for f in files if f.is_file() and f.suffix in PAPER_SUFFIXES]
            tree = next((f for f in files if f.is_dir()), None)
            history = next((f for f in files if f.name.endswith(HISTORY_SUFFIX)), None)
            out.append(Case(folder.name, stem, code, papers[0] if papers else None, tree, history))
    return out


def markers_in(path: Path) -> list[Marker]:
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Marker] = []
    pending: list[tuple[str, str, int]] = []
    for no, line in enumerate(lines, 1):
        m = MARKER.match(line)
        if m:
            for rid in m.group("ids").split(","):
                if rid.strip():
                    pending.append((m.group("kind"), rid.strip().upper(), no))
            continue
        for kind, rid, at in pending:
            found.append(Marker(kind, rid, path.name, at, no, line.strip()))
        pending = []
    for kind, rid, at in pending:  # a marker on the last line points past the end
        found.append(Marker(kind, rid, path.name, at, len(lines) + 1, ""))
    return found


def strip_markers(text: str) -> str:
    return (
        "\n".join(
            ln for ln in text.splitlines() if not MARKER.match(ln) and not EVIDENCE_MARKER.match(ln)
        )
        + "\n"
    )


def first_content_line(path: Path) -> int:
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not MARKER.match(line):
            return no
    return 1


# ── running a case ───────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Outcome:
    case: Case
    fired: tuple[tuple[str, int, Finding], ...]  # (file, line, finding) of the case's rule
    errors: tuple[str, ...]


def run_case(case: Case, workdir: Path) -> Outcome:
    """Audit the case in ``workdir`` and compare the rule's findings with its markers."""
    from paperlint.api import Config, audit

    code_dir = workdir / "code"
    code_dir.mkdir(parents=True, exist_ok=True)
    for f in case.code:
        shutil.copyfile(f, code_dir / f.name)
    if case.tree is not None:
        shutil.copytree(case.tree, code_dir, dirs_exist_ok=True)
    if case.history is not None:
        build_git_repo(code_dir, history_commits(case.history, code_dir))
    paper = None
    if case.paper is not None:
        paper = workdir / case.paper.name
        paper.write_text(strip_markers(case.paper.read_text(encoding="utf-8")), encoding="utf-8")
    has_code = bool(case.code or case.tree is not None)
    result = audit([code_dir] if has_code else [], paper, Config())
    fired = tuple(
        (*where, f)
        for f in result.findings
        if f.rule == case.rule and not f.suppressed
        for where in _places(f, case, code_dir)
    )
    return Outcome(case, fired, tuple(compare(case, fired)))


def _places(f: Finding, case: Case, code_dir: Path) -> list[tuple[str, int]]:
    """Where a finding fires: one place, or for a finding about the paper that quotes several
    of its sentences (one question asked of several, :mod:`paperlint.firstscreen`), each
    sentence's line."""
    if f.file is None and len(f.evidence) > 1 and case.paper is not None:
        lines = [line_of_quote(case.paper, e.quote) for e in f.evidence]
        found = [(case.paper.name, n) for n in dict.fromkeys(lines) if n]
        if found:
            return found
    return [_locate(f, case, code_dir)]


def history_commits(path: Path, code_dir: Path) -> list[Commit]:
    """The commits of a ``<case>.history.yaml`` and, last, one with every file of ``code_dir``
    (its message is the file's ``final``)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    commits = [
        Commit(str(c["message"]), {str(k): v for k, v in (c.get("files") or {}).items()})
        for c in data.get("commits", ())
    ]
    final = {
        p.relative_to(code_dir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(code_dir.rglob("*"))
        if p.is_file() and kept(p, code_dir)
    }
    commits.append(Commit(str(data.get("final", "final")), final))
    return commits


def compare(case: Case, fired: Iterable[tuple[str, int, Finding]]) -> list[str]:
    markers = case.markers()
    where = {(m.file, m.target): m for m in markers}
    at: dict[tuple[str, int], list[Finding]] = {}
    for file, line, f in fired:
        at.setdefault((file, line), []).append(f)
    errors = []
    if not markers:
        errors.append(f"{case.id}: no `ruleid`/`ok` marker for {case.rule} in the case's files")
    for m in markers:
        hit = (m.file, m.target) in at
        if m.kind == "ruleid" and not hit:
            errors.append(
                f"{m.file}:{m.target}: {case.rule} must fire here but did not: {m.text!r}"
            )
        elif m.kind == "todoruleid" and hit:
            errors.append(
                f"{m.file}:{m.target}: {case.rule} now fires at a `todoruleid` line: "
                f"make it `ruleid`: {m.text!r}"
            )
        elif m.kind == "todook" and not hit:
            errors.append(
                f"{m.file}:{m.target}: {case.rule} no longer fires at a `todook` line: "
                f"make it `ok`: {m.text!r}"
            )
    for (file, line), fs in sorted(at.items()):
        m = where.get((file, line))
        if m is None or m.kind in ("ok", "todoruleid"):
            what = "an `ok` line" if m and m.kind == "ok" else "a line without a `ruleid` marker"
            errors.append(f"{file}:{line}: {case.rule} fired on {what}: {fs[0].message}")
    return errors


def _locate(f: Finding, case: Case, code_dir: Path) -> tuple[str, int]:
    if f.file:
        path = Path(os.path.normpath(Path.cwd() / f.file))
        try:
            rel = path.relative_to(code_dir.resolve())
        except ValueError:
            rel = None
        if rel is not None:
            source = next((c for c in case.files if case.name_of(c) == rel.as_posix()), None)
            line = f.line or (first_content_line(source) if source else 1)
            return rel.as_posix(), line
        if case.paper is not None and path.name == case.paper.name:
            return case.paper.name, first_content_line(case.paper)
    if case.paper is not None:
        for e in f.evidence:
            line = line_of_quote(case.paper, e.quote)
            if line:
                return case.paper.name, line
    return case.primary.name, first_content_line(case.primary)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def line_of_quote(paper: Path, quote: str) -> int | None:
    """The line of ``paper`` on which ``quote`` (a sentence, perhaps cut with "…") starts."""
    want = _norm(quote.rstrip("…"))[:60]
    if not want:
        return None
    lines = paper.read_text(encoding="utf-8").splitlines()
    paragraph: list[tuple[int, str]] = []

    def search() -> int | None:
        joined = "".join(t for _, t in paragraph)
        pos = joined.find(want)
        if pos < 0:
            return None
        for no, t in paragraph:
            if pos < len(t):
                return no
            pos -= len(t)
        return None

    for no, line in enumerate(lines, 1):
        if MARKER.match(line) or EVIDENCE_MARKER.match(line):
            continue
        heading = line.lstrip().startswith("#")
        if not line.strip() or heading:
            found = search()
            if found:
                return found
            paragraph = []
        if heading:
            paragraph = [(no, _norm(line))]
            found = search()
            if found:
                return found
            paragraph = []
        elif line.strip():
            paragraph.append((no, _norm(line)))
    return search()


# ── the trace's reader examples (paperlint/trace/examples/<reader>/) ─────────────────────────
#
# Each file of a reader's folder is a case (a sub-folder is one case of several files, for a
# reader of the whole project such as the families of configs). A marker on the line before
# a target says what the reader must find there:
#
#     # trace: NAME SPEC        a space of setting NAME, e.g. `values[1e-3, 3e-4]`
#     # notrace: NAME           no space of NAME here
#     # search: key=value ...   a search starting here, e.g. `method=grid configurations=9`
#
# Every space the reader finds must be marked. JSON has no comments: its markers go in a
# sidecar `<file>.markers` as `LINE: trace: NAME SPEC`.

TRACE_MARKER = re.compile(r"^\s*(?:#|//)\s*(?P<kind>trace|notrace|search)\s*:\s*(?P<body>.*?)\s*$")
_SIDECAR = re.compile(
    r"^\s*(?P<line>\d+)\s*:\s*(?P<kind>trace|notrace|search)\s*:\s*(?P<body>.*?)\s*$"
)


@dataclass(frozen=True)
class TraceMarker:
    kind: str  # trace | notrace | search
    body: str
    file: str  # relative to the case
    target: int


@dataclass(frozen=True)
class TraceCase:
    reader: str
    root: Path  # a file, or a folder of files

    @property
    def id(self) -> str:
        return f"{self.reader}/{self.root.name}"

    def files(self) -> list[tuple[str, Path]]:
        """(name relative to the case, path) of the case's files, markers' sidecars apart."""
        if self.root.is_file():
            return [(self.root.name, self.root)]
        return [
            (p.relative_to(self.root).as_posix(), p)
            for p in sorted(self.root.rglob("*"))
            if p.is_file() and p.suffix != ".markers" and kept(p, self.root)
        ]

    def markers(self) -> list[TraceMarker]:
        out: list[TraceMarker] = []
        for name, path in self.files():
            sidecar = path.with_name(path.name + ".markers")
            if sidecar.is_file():
                for line in sidecar.read_text(encoding="utf-8").splitlines():
                    m = _SIDECAR.match(line)
                    if m:
                        out.append(TraceMarker(m["kind"], m["body"], name, int(m["line"])))
                continue
            pending: list[tuple[str, str]] = []
            for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                m = TRACE_MARKER.match(line)
                if m:
                    pending.append((m["kind"], m["body"]))
                    continue
                out.extend(TraceMarker(k, b, name, no) for k, b in pending)
                pending = []
        return out


def trace_examples_dir() -> Path:
    return Path(__file__).parent / "trace" / "examples"


def trace_cases(root: Path | None = None) -> list[TraceCase]:
    root = root or trace_examples_dir()
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and kept(p)):
        for item in sorted(folder.iterdir()):
            if item.suffix != ".markers" and kept(item):
                out.append(TraceCase(folder.name, item))
    return out


def run_trace_case(case: TraceCase) -> tuple[list, list[str]]:
    """Run the case's reader over its files; (the searches, the differences with the markers)."""
    from paperlint.trace import readers
    from paperlint.trace.files import language_of
    from paperlint.trace.source import SourceFile

    reader = readers.module(case.reader)
    sources = []
    for name, path in case.files():
        lang = language_of(path.name)
        if lang is not None:
            sources.append(SourceFile(name, path.read_text(encoding="utf-8"), lang))
    searches = []
    if hasattr(reader, "read_project"):
        searches.extend(reader.read_project(sources))
    else:  # as the trace stage reads them: a file without a hint is not read
        for src in sources:
            if src.language in reader.LANGUAGES and any(h in src.text for h in reader.HINTS):
                searches.extend(reader.read(src))
    spaces = [(s, sp) for s in searches for sp in s.spaces]
    errors: list[str] = []
    markers = case.markers()
    if not markers:
        errors.append(f"{case.id}: no `trace:`, `notrace:` or `search:` marker")
    for m in markers:
        at = [(s, sp) for s, sp in spaces if sp.file == m.file and sp.line == m.target]
        if m.kind == "trace":
            name, _, spec = m.body.partition(" ")
            if not any(sp.name == name and sp.spec() == spec.strip() for _, sp in at):
                got = ", ".join(f"{sp.name} {sp.spec()}" for _, sp in at) or "nothing"
                errors.append(f"{m.file}:{m.target}: expected {name} {spec.strip()}, got {got}")
        elif m.kind == "notrace":
            if any(sp.name == m.body for _, sp in at):
                errors.append(f"{m.file}:{m.target}: {m.body} must not be traced here")
        else:
            found = [s for s in searches if s.file == m.file and s.line == m.target]
            want = dict(part.split("=", 1) for part in m.body.split())
            if not any(all(str(getattr(s, k, "")) == v for k, v in want.items()) for s in found):
                got = (
                    "; ".join(" ".join(f"{k}={getattr(s, k, '')}" for k in want) for s in found)
                    or "no search"
                )
                errors.append(f"{m.file}:{m.target}: expected a search {m.body}, got {got}")
    marked = {(m.file, m.target, m.body.partition(" ")[0]) for m in markers if m.kind == "trace"}
    for _, sp in spaces:
        if (sp.file, sp.line, sp.name) not in marked:
            errors.append(f"{sp.file}:{sp.line}: unmarked space {sp.name} {sp.spec()}")
    return searches, errors


# ── git repositories built by tests and benchmarks ──────────────────────────────────────────


@dataclass(frozen=True)
class Commit:
    """One commit of a repository a test builds: files written (text) or deleted (None)."""

    message: str
    files: dict[str, str | None]
    time: int = 0  # Unix seconds; 0: one day after the previous commit


def build_git_repo(root: Path, commits: Iterable[Commit], *, checkout: bool = True) -> Path:
    """A git repository at ``root`` with ``commits`` on ``main`` (through ``git fast-import``,
    so ten thousand commits take seconds), and its working tree checked out."""
    import subprocess

    root.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | {
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(
        ["git", "init", "-q", "-b", "main", str(root)], check=True, env=env, capture_output=True
    )
    chunks: list[bytes] = []
    when = 1_600_000_000
    for n, c in enumerate(commits, 1):
        when = c.time or when + 86_400
        msg = c.message.encode("utf-8")
        chunks.append(
            b"commit refs/heads/main\nmark :%d\n" % n
            + b"committer Test <test@example.com> %d +0000\n" % when
            + b"data %d\n%s\n" % (len(msg), msg)
            + (b"from :%d\n" % (n - 1) if n > 1 else b"")
        )
        for path, text in c.files.items():
            if text is None:
                chunks.append(b"D %s\n" % path.encode("utf-8"))
            else:
                data = text.encode("utf-8")
                chunks.append(
                    b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode("utf-8"), len(data), data)
                )
    subprocess.run(
        ["git", "-C", str(root), "fast-import", "--quiet"],
        input=b"".join(chunks),
        check=True,
        env=env,
        capture_output=True,
    )
    if checkout:
        subprocess.run(
            ["git", "-C", str(root), "reset", "-q", "--hard", "main"],
            check=True,
            env=env,
            capture_output=True,
        )
    return root


# ── evidence recognisers' examples ───────────────────────────────────────────────────────────
#
# Each evidence recogniser (paperlint/link/evidence/) has a folder rules/cues/examples/<name>/ of
# cases like the rules' (a plain-text paper and a tiny code file sharing a stem). Markers on the
# line before a target line say what the linker must make of it:
#
#   paper  <!-- evidence: TYPE -->       some choice's assessment quotes this line as TYPE
#          <!-- no-evidence: TYPE -->    no assessment quotes this line as TYPE
#   code   # verdict: justification=citation, ablated=no, mismatch=no
#                                        a choice on the next line is assessed so
#
# TYPE is an evidence type (mention, justification, citation, ablation, value). `todo-` before
# a marker records a known gap that must not pass silently. The folder's recogniser must propose
# a candidate on at least one marked line: an example that passes without it shows nothing.

EVIDENCE_MARKER = re.compile(
    r"^\s*(?:#|<!--)\s*(?P<kind>(?:todo-)?(?:evidence|no-evidence|verdict))\s*:\s*"
    r"(?P<what>[^<>]+?)\s*(?:-->)?\s*$"
)
_VERDICT_FIELDS = (
    "justification",
    "ablated",
    "mismatch",
    "mentioned",
    "borrowed",
    "setup_from",
)


def evidence_examples_dir() -> Path:
    return resources.rules_dir() / "cues" / "examples"


def evidence_cases(name: str | None = None, root: Path | None = None) -> list[Case]:
    """Every recogniser example case (of one recogniser), in a stable order."""
    return cases(name, root=root or evidence_examples_dir())


@dataclass(frozen=True)
class EvidenceMarker:
    kind: str  # evidence | no-evidence | verdict, or todo- one of them
    what: str  # an evidence type, or a verdict's "field=value, ..."
    file: str
    line: int
    target: int
    text: str


def evidence_markers_in(path: Path) -> list[EvidenceMarker]:
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[EvidenceMarker] = []
    pending: list[tuple[str, str, int]] = []
    for no, line in enumerate(lines, 1):
        m = EVIDENCE_MARKER.match(line)
        if m:
            pending.append((m.group("kind"), m.group("what").strip(), no))
            continue
        if MARKER.match(line):
            continue
        for kind, what, at in pending:
            found.append(EvidenceMarker(kind, what, path.name, at, no, line.strip()))
        pending = []
    return found


@dataclass(frozen=True)
class EvidenceOutcome:
    case: Case
    errors: tuple[str, ...]
    #: the case's recogniser proposed a candidate on a marked line of the paper
    proposed_on_marked: bool = False


def run_evidence_case(case: Case, workdir: Path) -> EvidenceOutcome:
    """Link the case's code to its paper, as an audit does, and compare the assessments (and the
    candidates of the case's recogniser) with the markers."""
    from paperlint.code.stage import extract
    from paperlint.link.decide import decide
    from paperlint.link.evidence import gather
    from paperlint.link.linker import Linker, code_modules, inherit_argument_mismatches
    from paperlint.paper.document import document_from_text
    from paperlint.paper.index import build_index

    code_dir = workdir / "code"
    code_dir.mkdir(parents=True, exist_ok=True)
    for f in case.code:
        shutil.copyfile(f, code_dir / f.name)
    markers = [m for f in case.files for m in evidence_markers_in(f)]
    errors: list[str] = []
    if not any(m.kind == "evidence" for m in markers) or not any(
        m.kind in ("no-evidence", "verdict") for m in markers
    ):
        errors.append(
            f"{case.id}: needs an `evidence:` marker (must find) and a `no-evidence:` or "
            "`verdict:` marker (must not find, or what the verdict is)"
        )
    inventory = extract([code_dir]) if case.code else None
    choices = list(inventory.choices) if inventory else []
    paper_text = case.paper.read_text(encoding="utf-8") if case.paper else "# Empty\n"
    index = build_index(document_from_text(strip_markers(paper_text), path=case.id))
    linker = Linker(index, inventory.context if inventory else (), code_modules(choices))
    assessments, proposed = [], set()
    for c in choices:
        ctx = linker.context(c)
        candidates = gather(ctx)
        assessments.append(decide(ctx, candidates))
        for cand in candidates:
            if cand.recogniser == case.rule and cand.sentence >= 0 and case.paper is not None:
                line = line_of_quote(case.paper, index.sentence(cand.sentence).text)
                if line:
                    proposed.add(line)
    assessments = inherit_argument_mismatches(choices, assessments)
    quoted: dict[int, set[str]] = {}
    for a in assessments:
        for e in a.evidence:
            line = line_of_quote(case.paper, e.quote) if case.paper else None
            if line:
                quoted.setdefault(line, set()).add(e.type)
    by_line: dict[int, list] = {}
    for c, a in zip(choices, assessments, strict=True):
        by_line.setdefault(c.line, []).append((c, a))
    for m in markers:
        todo = m.kind.startswith("todo-")
        kind = m.kind.removeprefix("todo-")
        if kind == "verdict":
            ok, said = _verdict_holds(m, by_line.get(m.target, []))
        else:
            has = m.what in quoted.get(m.target, set())
            ok = has if kind == "evidence" else not has
            said = f"quoted as {sorted(quoted.get(m.target, set())) or 'nothing'}"
        where = f"{m.file}:{m.target}"
        if ok and todo:
            errors.append(f"{where}: `{m.kind}: {m.what}` now holds: drop the `todo-`")
        elif not ok and not todo:
            errors.append(f"{where}: `{kind}: {m.what}` does not hold ({said}): {m.text!r}")
    marked = {m.target for m in markers if m.file == (case.paper.name if case.paper else "")}
    return EvidenceOutcome(case, tuple(errors), bool(proposed & marked))


def _verdict_holds(m: EvidenceMarker, assessed: list) -> tuple[bool, str]:
    """A choice on the marker's line has every field the marker states."""
    want: dict[str, str] = {}
    for part in m.what.split(","):
        key, _, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if key not in _VERDICT_FIELDS:
            return False, f"unknown verdict field {key!r}"
        want[key] = value
    if not assessed:
        return False, "no choice on that line"
    seen = []
    for _c, a in assessed:
        got = {
            "justification": a.justification or "none",
            "ablated": "yes" if a.ablated else "no",
            "mismatch": "yes" if a.mismatch else "no",
            "mentioned": "yes" if a.mentioned else "no",
            "borrowed": "yes" if a.borrowed else "no",
            "setup_from": "yes" if a.setup_from else "no",
        }
        if all(got[k] == v for k, v in want.items()):
            return True, ""
        seen.append(", ".join(f"{k}={got[k]}" for k in want))
    return False, "got " + "; ".join(seen)
