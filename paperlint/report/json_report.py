"""The JSON report: the stable contract other tools (and the corpus scorer) read.

Schema ``paperlint-report/1``. Top level: ``schema``, ``tool``, ``paper``, ``coverage``,
``summary``, ``scope``, ``files``, ``skipped``, ``choices``, ``findings``. Fields may be added
within a schema version; none is renamed or removed without bumping it.

``scope`` says which runs the audit covers and why the others and some files were left out
(:class:`~paperlint.model.Scope`); every choice stays in ``choices``, with ``in_scope`` false
when the scope leaves it out. A finding's ``group`` lists the other choices it asks about (the
same setting in other runs, a schedule's other parts), ``importance`` its class in the order of
:mod:`paperlint.ranking`.
"""

from __future__ import annotations

import json
from typing import Any

from paperlint.model import REPORT_SCHEMA, AuditResult, Evidence, to_dict


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"type": e.type, "page": e.page, "section": e.section, "quote": e.quote, "cue": e.cue}


def report_dict(result: AuditResult) -> dict[str, Any]:
    from paperlint.report.common import finding_classes

    by_id = {a.choice: a for a in result.assessments}
    out_of_scope = set(result.scope.choices) if result.scope is not None else set()
    classes = finding_classes(result)
    choices = []
    for c in result.choices:
        a = by_id.get(c.id)
        choices.append(
            {
                "id": c.id,
                "kind": c.kind,
                "concept": c.concept,
                "value": c.value,
                "file": c.file,
                "line": c.line,
                "justification": a.justification if a else None,
                "ablated": bool(a and a.ablated),
                "paper_value": a.paper_value if a else None,
                "mismatch": bool(a and a.mismatch),
                "mentioned": bool(a and a.mentioned),
                "evidence": [_evidence(e) for e in (a.evidence if a else ())],
                "searched": list(a.searched) if a else [],
                "obviousness": c.obviousness,
                "source": c.source,
                "symbol": c.symbol,
                "param": c.param,
                "scope": c.scope,
                "framework": c.framework,
                "resolved": c.resolved,
                "via": c.via,
                "detail": c.detail,
                "snippet": c.snippet,
                "cell": c.cell,
                "cell_line": c.cell_line,
                "branch": c.branch,
                "setting": c.setting,
                "runs": list(c.runs),
                "in_scope": c.id not in out_of_scope,
            }
        )
    findings = [
        {
            "rule": f.rule,
            "severity": f.severity,
            "confidence": f.confidence,
            "message": f.message,
            "choice": f.choice,
            "file": f.file,
            "line": f.line,
            "evidence": [_evidence(e) for e in f.evidence],
            "searched": list(f.searched),
            "fix": f.fix,
            "fingerprint": f.fingerprint,
            "suppressed": f.suppressed,
            "code_evidence": [to_dict(e) for e in f.code_evidence],
            "group": list(f.group),
            "importance": classes.get(i),
        }
        for i, f in enumerate(result.findings)
    ]
    return {
        "schema": REPORT_SCHEMA,
        "tool": {"name": "paperlint", "version": result.tool_version},
        "paper": to_dict(result.paper) if result.paper else None,
        "coverage": to_dict(result.coverage),
        "summary": result.summary,
        "scope": _scope(result),
        "files": [to_dict(f) for f in result.files],
        "skipped": [to_dict(p) for p in result.problems],
        "choices": choices,
        "findings": findings,
        # the tuning trace: what the repository shows was searched, and what the paper says
        "trace": trace_dict(result),
    }


def trace_dict(result: AuditResult) -> dict[str, Any] | None:
    """The tuning trace for the JSON report: searches, settings with the values tried (and
    where), the commits that record test results, coverage, and the paper's side."""
    if result.trace is None:
        return None
    paper = result.trace_paper
    reports = {r.key: r for r in paper.settings} if paper is not None else {}
    settings = []
    for s in result.trace.settings:
        d = to_dict(s)
        d["searched"] = s.searched
        d["values"] = list(s.values())
        d["paper"] = to_dict(reports[s.key]) if s.key in reports else None
        settings.append(d)
    return {
        "searches": [to_dict(x) for x in result.trace.searches],
        "settings": settings,
        "results_commits": to_dict(result.trace.results_commits),
        "coverage": to_dict(result.trace.coverage),
        "head": result.trace.head,
        "paper": (
            {k: v for k, v in to_dict(paper).items() if k != "settings"}
            if paper is not None
            else None
        ),
    }


def _scope(result: AuditResult) -> dict[str, Any] | None:
    """The scope without its list of choice ids (each choice says ``in_scope`` itself)."""
    if result.scope is None:
        return None
    s = to_dict(result.scope)
    s.pop("choices", None)
    return s


def render(result: AuditResult, **_: object) -> str:
    return json.dumps(report_dict(result), indent=2, ensure_ascii=False) + "\n"
