"""SARIF 2.1.0, as GitHub code scanning reads it (``--format sarif``).

- Every rule carries its docs as ``help`` (text and markdown), its severity as
  ``defaultConfiguration.level`` and its confidence as ``properties.precision``.
- Every result has a code location: code scanning cannot point into a PDF, so the paper's page,
  section and quote go into the message and into ``properties.paper``. A finding about the
  paper as a whole points at the paper file when it sits inside the audited tree, else at line
  1 of the first code file read.
- ``partialFingerprints["paperlint/v1"]`` is the finding's fingerprint, made from the rule and
  *what* was flagged, not the line: an alert survives code moving up or down.
- Inputs that could not be audited become ``toolExecutionNotifications`` of the invocation.
- Suppressed findings are kept, with an ``inSource`` suppression and its stated reason.
"""

from __future__ import annotations

import json
from typing import Any

from paperlint.model import AuditResult, Evidence, Finding
from paperlint.report.common import (
    choices_by_id,
    rule_markdown,
    rule_text,
    rules,
    searched_text,
    shown_evidence,
    truncate,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "paperlint/v1"
SRCROOT = "%SRCROOT%"
#: paperlint severity → SARIF level and GitHub's problem.severity
LEVELS = {"high": "error", "medium": "warning", "low": "note", "info": "note"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"type": e.type, "page": e.page, "section": e.section, "quote": e.quote, "cue": e.cue}


def message(f: Finding, paper_value: str | None = None, code_value: str | None = None) -> str:
    """The result's message: the finding, then what the paper says (page, section, quote) or
    which sections were searched."""
    parts = [f.message.rstrip(".") + "."]
    if paper_value is not None:
        parts.append(f"Paper: {paper_value}; code: {code_value}.")
    ev = shown_evidence(f, limit=2)
    for e in ev:
        where = f"p. {e.page}" + (f", section “{e.section}”" if e.section else "")
        parts.append(f"Paper {where} ({e.type}): “{truncate(e.quote, 300)}”")
    if not ev and f.searched:
        parts.append(f"Not found in the paper; searched: {searched_text(f.searched)}.")
    if f.suppressed:
        parts.append(f"Suppressed: {f.suppressed}.")
    return "\n".join(parts)


def _rule(rule: Any) -> dict[str, Any]:
    level = LEVELS.get(rule.severity, "warning")
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(str(rule.docs.get("what") or rule.summary).split())},
        "help": {"text": rule_text(rule), "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": level},
        "properties": {
            "tags": ["paperlint", rule.family] if rule.family else ["paperlint"],
            "precision": rule.confidence
            if rule.confidence in ("low", "medium", "high")
            else "medium",
            "problem.severity": PROBLEM_SEVERITY[level],
        },
    }


def _fallback_location(result: AuditResult) -> tuple[str, int]:
    """Where a paper-level finding points: the paper if it is in the tree, else a code file."""
    paper = result.paper.path if result.paper else ""
    if paper and not paper.startswith(("/", "../")) and paper != "..":
        return paper, 1
    if result.files:
        return result.files[0].path, 1
    return paper or ".", 1


def render(result: AuditResult, **_: object) -> str:
    return json.dumps(sarif_log(result), indent=2, ensure_ascii=False) + "\n"


def sarif_log(result: AuditResult) -> dict[str, Any]:
    all_rules = rules()
    used = sorted({f.rule for f in result.findings})
    # every rule, so a clean run still tells code scanning which rules ran
    driver_rules = [_rule(r) for r in all_rules.values()]
    driver_rules += [
        {"id": rid, "shortDescription": {"text": rid}} for rid in used if rid not in all_rules
    ]
    index = {r["id"]: i for i, r in enumerate(driver_rules)}
    choices = choices_by_id(result)
    results = []
    for f in result.findings:
        ch = choices.get(f.choice) if f.choice else None
        a = result.assessment_of(f.choice) if f.choice else None
        mismatch = bool(a and a.mismatch)
        if f.file and f.line:
            uri, line = f.file, f.line
        elif f.file:
            uri, line = f.file, 1
        else:
            uri, line = _fallback_location(result)
        region: dict[str, Any] = {"startLine": max(1, int(line))}
        if ch is not None and ch.snippet and f.file:
            region["snippet"] = {"text": ch.snippet}
        props: dict[str, Any] = {
            "severity": f.severity,
            "confidence": f.confidence,
            "paper": _evidence(f.evidence[0]) if f.evidence else None,
            "evidence": [_evidence(e) for e in f.evidence],
            "searched": list(f.searched),
            "fix": f.fix,
            "paperLevel": not f.file,
        }
        if ch is not None:
            props.update(kind=ch.kind, concept=ch.concept, codeValue=ch.value, choice=ch.id)
        if mismatch and a is not None:
            props["paperValue"] = a.paper_value
        res: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVELS.get(f.severity, "warning"),
            "message": {
                "text": message(
                    f, a.paper_value if mismatch and a else None, ch.value if ch else None
                )
            },
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(uri), "uriBaseId": SRCROOT},
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint or _fallback_fp(f)},
            "properties": props,
        }
        if f.code_evidence:  # the sweep lines and commits that show it (the tuning trace)
            res["relatedLocations"] = [
                {
                    "id": i,
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(e.file), "uriBaseId": SRCROOT},
                        "region": {"startLine": max(1, e.line)},
                    },
                    "message": {"text": (f"{e.commit}: " if e.commit else "") + e.what},
                }
                for i, e in enumerate(f.code_evidence)
            ]
        if f.suppressed:
            res["suppressions"] = [{"kind": "inSource", "justification": f.suppressed}]
        results.append(res)
    notifications = [
        {
            "level": "error",
            "descriptor": {"id": p.code},
            "message": {"text": f"{p.path}: {p.message}" + (f" ({p.hint})" if p.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(p.path), "uriBaseId": SRCROOT}
                    }
                }
            ],
        }
        for p in result.problems
    ]
    cov = result.coverage
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "paperlint",
                "version": result.tool_version,
                "semanticVersion": result.tool_version,
                "rules": driver_rules,
            }
        },
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The directory paperlint ran in."}}
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "paper": (
                {
                    "path": result.paper.path,
                    "pages": result.paper.pages,
                    "sha256": result.paper.sha256,
                    "title": result.paper.title,
                }
                if result.paper
                else None
            ),
            "coverage": {
                "pages": cov.pages,
                "pagesWithText": cov.pages_with_text,
                "sections": cov.sections,
                "sentences": cov.sentences,
                "referencesFound": cov.references_found,
                "pipeline": cov.pipeline,
                "filesRead": len(result.files),
                "inputsSkipped": len(result.problems),
            },
            "summary": result.summary,
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _uri(path: str) -> str:
    """A relative URI reference for a POSIX path (spaces and the like percent-encoded)."""
    from urllib.parse import quote

    return quote(path.replace("\\", "/"), safe="/._-~")


def _fallback_fp(f: Finding) -> str:
    from paperlint.model import short_hash

    return short_hash(f.rule, f.file or "", f.message, length=16)
