"""paperlint's one public entry point: :func:`audit`.

    code paths ──► choices            paperlint.code.project.extract
    paper      ──► document, index    paperlint.paper.read_paper, paperlint.link.index
    link       ──► assessments        paperlint.link.linker
    rules      ──► findings           paperlint.engine
               ──► AuditResult        (reporters take it from here)

The CLI is a thin layer over this function; so are the tests.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from paperlint import __version__
from paperlint.errors import PaperlintError
from paperlint.limits import DEFAULT as DEFAULT_LIMITS
from paperlint.limits import Limits
from paperlint.model import (
    Assessment,
    AuditResult,
    Choice,
    CodeInventory,
    Coverage,
    Document,
    Finding,
    PaperInfo,
    Problem,
)


@dataclass(frozen=True)
class Config:
    """What a user can set (on the command line or in ``[tool.paperlint]``)."""

    select: tuple[str, ...] = ()  # rule ids or prefixes; empty = all
    ignore: tuple[str, ...] = ()
    fail_on: str = "low"  # lowest severity that fails the run; info notices don't by default
    baseline: str = ""  # a --write-baseline file: its findings are accepted (suppressed)
    exclude: tuple[str, ...] = ()  # glob patterns of code paths to skip
    pdf_password: str = ""
    max_pages: int = 300
    max_file_size: int = 2_000_000
    # limits on untrusted input (paperlint.limits): readers run in worker processes
    max_paper_size: int = DEFAULT_LIMITS.max_paper_size
    pdf_timeout: float = DEFAULT_LIMITS.pdf_timeout
    pdf_memory: int = DEFAULT_LIMITS.pdf_memory
    code_timeout: float = DEFAULT_LIMITS.code_timeout
    code_memory: int = DEFAULT_LIMITS.code_memory
    debug: bool = False  # keep tracebacks and the workers' output in error messages
    extra: dict[str, Any] = field(default_factory=dict)

    def limits(self) -> Limits:
        return replace(
            DEFAULT_LIMITS,
            max_pages=self.max_pages,
            max_file_size=self.max_file_size,
            max_paper_size=self.max_paper_size,
            pdf_timeout=self.pdf_timeout,
            pdf_memory=self.pdf_memory,
            code_timeout=self.code_timeout,
            code_memory=self.code_memory,
        )


def audit(
    code_paths: Sequence[str | Path], paper: str | Path | None, config: Config | None = None
) -> AuditResult:
    """Audit the code under ``code_paths`` against ``paper`` (a PDF, .tex or .txt), if given."""
    config = config or Config()
    select_rules(config)  # unknown rule ids fail before any input is read
    if config.baseline:
        from paperlint import baseline as baselines

        baselines.load(config.baseline)  # so does a missing or malformed baseline
    problems: list[Problem] = []
    from paperlint import sandbox

    sandbox.warm_up()
    from paperlint.code.files import display_path
    from paperlint.code.project import Options, extract
    from paperlint.paper import start_paper

    # the paper is read in a worker process while the code is parsed in another
    job = None
    if paper is not None:
        try:
            job = start_paper(
                paper,
                display=display_path(Path(paper).absolute()),
                password=config.pdf_password,
                limits=config.limits(),
                debug=config.debug,
            )
        except PaperlintError as e:
            problems.append(e.problem())
    try:
        inventory = extract(
            code_paths,
            Options(
                exclude=config.exclude,
                max_file_size=config.max_file_size,
                code_timeout=config.code_timeout,
                code_memory=config.code_memory,
                debug=config.debug,
            ),
        )
    except BaseException:
        if job is not None:
            job.cancel()
        raise
    problems[:0] = inventory.problems
    document: Document | None = None
    index = None
    if job is not None:
        try:
            index = job.index()  # built in the paper's worker, with the document
            document = index.document
        except PaperlintError as e:
            problems.append(e.problem())
    return assemble(
        inventory, document, problems, config, paper_given=paper is not None, index=index
    )


def assemble(
    inventory: CodeInventory,
    document: Document | None,
    problems: list[Problem],
    config: Config,
    *,
    paper_given: bool | None = None,
    index: Any = None,
) -> AuditResult:
    """Link, run the rules and build the result from already-read inputs (``index``: the
    paper's PaperIndex when it was built already, else it is built here)."""
    from paperlint import engine
    from paperlint.checks import statistics

    choices = inventory.choices
    if document is not None:
        from paperlint.link.index import build_index
        from paperlint.link.linker import link

        if index is None or index.document is not document:
            index = build_index(document)
        assessments = tuple(link(choices, index))
    else:
        assessments = tuple(Assessment(c.id) for c in choices)
    baseline = None
    if config.baseline:
        from paperlint import baseline as baselines

        baseline = baselines.load(config.baseline)
    ctx = engine.RuleContext(
        choices,
        {a.choice: a for a in assessments},
        document,
        index,
        problems=tuple(problems),
        suppressions=inventory.suppressions,
        paper_given=document is not None if paper_given is None else paper_given,
    )
    findings = engine.run(ctx, select_rules(config))
    baseline_stats = None
    if baseline is not None:
        findings, baseline_stats = baselines.apply(findings, baseline)
    paper_info = (
        PaperInfo(document.path, document.coverage.pages, document.sha256, document.title)
        if document
        else None
    )
    coverage = document.coverage if document else Coverage()
    choices, assessments, findings, problems = (
        visible(choices),
        visible(assessments),
        visible(tuple(findings)),
        visible(tuple(problems)),
    )
    return AuditResult(
        tool_version=__version__,
        paper=paper_info,
        choices=choices,
        assessments=assessments,
        findings=findings,
        files=inventory.files,
        problems=tuple(problems),
        coverage=coverage,
        summary={
            **summarize(choices, assessments, findings),
            "suppressions": suppression_summary(inventory, findings, baseline_stats),
            "statistics": statistics.summary(statistics.paper_facts(ctx)),
        },
    )


#: fields that identify a file, a record or a hash: kept byte for byte (a report must name the
#: real file); every other text field of a result is shown with invisible characters visible
_EXACT_FIELDS = frozenset(
    {"id", "file", "path", "sha256", "fingerprint", "choice", "rule", "via", "code", "parent"}
)


def visible(obj: Any) -> Any:
    """``obj`` with bidi controls, zero-width and control characters in its text made visible
    (``⟨RLO⟩``): code snippets and paper quotes are untrusted, and a report must show what is
    in the file, not what a Trojan-Source trick makes it look like."""
    from paperlint.paper.text import show_invisible

    if isinstance(obj, str):
        return show_invisible(obj)
    if isinstance(obj, tuple):
        return tuple(visible(x) for x in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in dataclasses.fields(obj):
            if f.name in _EXACT_FIELDS:
                continue
            value = getattr(obj, f.name)
            if isinstance(value, (str, tuple)) or dataclasses.is_dataclass(value):
                new = visible(value)
                if new != value:
                    changes[f.name] = new
        return replace(obj, **changes) if changes else obj
    return obj


def select_rules(config: Config) -> list[str]:
    from paperlint import engine

    ids = list(engine.all_rules())
    known = set(ids)
    select = [r.upper() for r in config.select]
    ignore = [r.upper() for r in config.ignore]
    for r in (*select, *ignore):
        if not any(i.startswith(r) for i in known):
            raise PaperlintError("E003", r, f"unknown rule or prefix {r!r}")
    if select:
        ids = [i for i in ids if any(i.startswith(s) for s in select)]
    if ignore:
        ids = [i for i in ids if not any(i.startswith(s) for s in ignore)]
    return ids


def failing(result: AuditResult, fail_on: str) -> tuple[Finding, ...]:
    """The active findings at least as severe as ``fail_on``: the run fails if there are any."""
    from paperlint.model import SEVERITIES

    floor = SEVERITIES.index(fail_on)
    return tuple(f for f in result.active_findings if SEVERITIES.index(f.severity) >= floor)


def apply_suppressions(findings: list[Finding], inventory: CodeInventory) -> list[Finding]:
    """Inline ``# paperlint: ignore[ID] -- reason`` on the flagged line (or the line above);
    :func:`paperlint.engine.run` already applies them, this is for callers with own findings."""
    from paperlint import engine

    return engine.suppress_inline(findings, inventory.suppressions)


def suppression_summary(
    inventory: CodeInventory, findings: Sequence[Finding], baseline: dict[str, Any] | None
) -> dict[str, Any]:
    """What was silenced and why: the inline comments (with their reasons) and the baseline."""
    from paperlint import engine

    by_line: dict[tuple[str, int], list] = {}
    for s in inventory.suppressions:
        by_line.setdefault((s.file, s.line), []).append(s)
    silenced: Counter = Counter()
    for f in findings:
        if f.suppressed:
            hit = engine.suppression_for(f, by_line)
            if hit is not None and f.suppressed == (hit.reason or "(no reason given)"):
                silenced[(hit.file, hit.line, hit.rules)] += 1
    inline = [
        {
            "file": s.file,
            "line": s.line,
            "rules": list(s.rules),
            "reason": s.reason,
            "silenced": silenced[(s.file, s.line, s.rules)],
        }
        for s in inventory.suppressions
    ]
    return {
        "inline": sum(silenced.values()),
        "baseline": baseline["matched"] if baseline else 0,
        "comments": inline,
        "without_reason": sum(1 for s in inventory.suppressions if not s.reason.strip()),
        "baseline_file": baseline,
    }


def summarize(
    choices: Sequence[Choice], assessments: Sequence[Assessment], findings: Sequence[Finding]
) -> dict[str, Any]:
    by_id = {a.choice: a for a in assessments}
    nonobvious = [
        c for c in choices if c.obviousness in ("deliberate", "irregular", "absent") and not c.via
    ]
    just = Counter(
        by_id[c.id].justification
        for c in nonobvious
        if by_id.get(c.id) and by_id[c.id].justification
    )
    ablated = sum(1 for c in nonobvious if by_id.get(c.id) and by_id[c.id].ablated)
    unjustified = sum(
        1
        for c in nonobvious
        if by_id.get(c.id) and not by_id[c.id].justification and not by_id[c.id].ablated
    )
    mismatched = sum(1 for c in choices if by_id.get(c.id) and by_id[c.id].mismatch)
    active = [f for f in findings if not f.suppressed]
    return {
        "choices": len(choices),
        "non_obvious": len(nonobvious),
        "mentioned": sum(1 for c in nonobvious if by_id.get(c.id) and by_id[c.id].mentioned),
        "justified": sum(just.values()),
        "justified_by": {k: just.get(k, 0) for k in ("reasoning", "citation", "empirical_claim")},
        "ablated": ablated,
        "unjustified": unjustified,
        "mismatched": mismatched,
        "findings": len(active),
        "suppressed": len(findings) - len(active),
        "by_severity": dict(Counter(f.severity for f in active)),
        "by_rule": dict(sorted(Counter(f.rule for f in active).items())),
        "by_kind": dict(Counter(c.kind for c in nonobvious)),
        "evidence_strength": evidence_strength(nonobvious, by_id),
    }


#: The evidence for a choice, strongest first: an experiment (ablation) or a stated reason,
#: then a citation, then "we found empirically", then nothing.
STRENGTH_ORDER = ("ablation", "reasoning", "citation", "empirical_claim", "none")


def strongest_evidence(a: Assessment | None) -> str:
    if a is None:
        return "none"
    if a.ablated:
        return "ablation"
    return a.justification or "none"


def evidence_strength(choices: Sequence[Choice], by_id: dict[str, Assessment]) -> dict[str, int]:
    """Each non-obvious choice counted once, by the strongest evidence the paper gives for it."""
    counts = Counter(strongest_evidence(by_id.get(c.id)) for c in choices)
    return {k: counts.get(k, 0) for k in STRENGTH_ORDER}
