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
    return assemble(inventory, document, problems, config, index=index)


def assemble(
    inventory: CodeInventory,
    document: Document | None,
    problems: list[Problem],
    config: Config,
    index: Any = None,
) -> AuditResult:
    """Link, run the rules and build the result from already-read inputs (``index``: the
    paper's PaperIndex when it was built already, else it is built here)."""
    from paperlint import engine

    choices = inventory.choices
    if document is not None:
        from paperlint.link.index import build_index
        from paperlint.link.linker import link

        if index is None or index.document is not document:
            index = build_index(document)
        assessments = tuple(link(choices, index))
    else:
        assessments = tuple(Assessment(c.id) for c in choices)
    ctx = engine.RuleContext(choices, {a.choice: a for a in assessments}, document, index)
    findings = engine.run(ctx, select_rules(config))
    findings = apply_suppressions(findings, inventory)
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
        summary=summarize(choices, assessments, findings),
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
    for r in (*config.select, *config.ignore):
        if not any(i.startswith(r) for i in known):
            raise PaperlintError("E003", r, f"unknown rule or prefix {r!r}")
    if config.select:
        ids = [i for i in ids if any(i.startswith(s) for s in config.select)]
    if config.ignore:
        ids = [i for i in ids if not any(i.startswith(s) for s in config.ignore)]
    return ids


def apply_suppressions(findings: list[Finding], inventory: CodeInventory) -> list[Finding]:
    """Inline ``# paperlint: ignore[ID] -- reason`` on the flagged line (or the line above)."""
    by_line: dict[tuple[str, int], list] = {}
    for s in inventory.suppressions:
        by_line.setdefault((s.file, s.line), []).append(s)
    out = []
    for f in findings:
        hit = None
        if f.file and f.line:
            for line in (f.line, f.line - 1):
                for s in by_line.get((f.file, line), []):
                    if not s.rules or f.rule in s.rules:
                        hit = s
                        break
                if hit:
                    break
        out.append(replace(f, suppressed=hit.reason or "(no reason given)") if hit else f)
    return out


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
        "by_kind": dict(Counter(c.kind for c in nonobvious)),
    }
