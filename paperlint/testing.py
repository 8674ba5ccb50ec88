"""Rule examples as tests: every rule's must-fire and must-not-fire cases live beside it.

Like Fixit's ``VALID``/``INVALID`` and semgrep's test files, each rule has a folder
``rules/packs/examples/<ID>/`` of small *cases*. A case is the files sharing a stem:

    <case>.py     code (optional)
    <case>.txt    a paper as plain text with ``# Heading`` lines (optional)

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
from dataclasses import dataclass
from pathlib import Path

from paperlint import resources
from paperlint.model import Finding

MARKER = re.compile(
    r"^\s*(?:#|<!--)\s*(?P<kind>ruleid|ok|todoruleid|todook)\s*:\s*(?P<ids>[A-Za-z0-9, ]+?)\s*(?:-->)?\s*$"
)
CODE_SUFFIXES = (".py",)
PAPER_SUFFIXES = (".txt",)


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

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.name}"

    @property
    def files(self) -> tuple[Path, ...]:
        return (*self.code, *((self.paper,) if self.paper else ()))

    @property
    def primary(self) -> Path:
        """The file whose first line stands for "the paper / the run as a whole"."""
        return self.paper or self.code[0]

    def markers(self, rule: str | None = None) -> list[Marker]:
        rule = rule or self.rule
        return [m for f in self.files for m in markers_in(f) if m.rule == rule]


def examples_dir() -> Path:
    return resources.rules_dir() / "packs" / "examples"


def cases(rule_id: str | None = None, root: Path | None = None) -> list[Case]:
    """Every example case (of one rule), in a stable order."""
    root = root or examples_dir()
    out: list[Case] = []
    if not root.is_dir():
        return out
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if rule_id is not None and folder.name != rule_id:
            continue
        stems: dict[str, list[Path]] = {}
        for f in sorted(folder.iterdir()):
            if f.suffix in CODE_SUFFIXES + PAPER_SUFFIXES:
                stems.setdefault(f.stem, []).append(f)
        for stem, files in stems.items():
            code = tuple(f for f in files if f.suffix in CODE_SUFFIXES)
            papers = [f for f in files if f.suffix in PAPER_SUFFIXES]
            out.append(Case(folder.name, stem, code, papers[0] if papers else None))
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
    paper = None
    if case.paper is not None:
        paper = workdir / case.paper.name
        paper.write_text(strip_markers(case.paper.read_text(encoding="utf-8")), encoding="utf-8")
    result = audit([code_dir] if case.code else [], paper, Config())
    fired = tuple(
        (*_locate(f, case, code_dir), f)
        for f in result.findings
        if f.rule == case.rule and not f.suppressed
    )
    return Outcome(case, fired, tuple(compare(case, fired)))


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
            source = next((c for c in case.code if c.name == rel.as_posix()), None)
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
_VERDICT_FIELDS = ("justification", "ablated", "mismatch", "mentioned")


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
        }
        if all(got[k] == v for k, v in want.items()):
            return True, ""
        seen.append(", ".join(f"{k}={got[k]}" for k in want))
    return False, "got " + "; ".join(seen)
