"""SARIF 2.1.0, as GitHub code scanning reads it (``--format sarif``).

- Every rule carries its docs as ``help`` (text and markdown), its severity as
  ``defaultConfiguration.level`` and its confidence as ``properties.precision``.
- URIs are relative to the top of the repository (``uriBaseId`` ``%SRCROOT%``, whose absolute
  ``file:`` URI ``originalUriBaseIds`` gives), as code scanning needs them, wherever paperlint
  ran (the CLI passes ``root`` and a result rebased on it).
- A code finding points at its line. Code scanning cannot point into a PDF, so the paper's
  page, section and quote go into the message and into ``properties.paper``; a finding about
  the paper as a whole points at the first of ``anchors`` (the paper file when it was read and
  lies in the repository, the ``pyproject.toml`` that configured the run, the top-level README)
  when there is none (code scanning refuses a whole upload if one result has no location), at
  line 1 of the first code file read, and its message says so.
- ``executionSuccessful`` is false when an input could not be audited; each such input is a
  ``toolExecutionNotifications`` entry of the invocation.
- ``partialFingerprints["paperlint/v1"]`` is the finding's fingerprint, made from the rule and
  *what* was flagged, not the line: an alert survives code moving up or down.
- Suppressed findings are kept, with an ``inSource`` suppression and its stated reason.
"""

from __future__ import annotations

import json
from typing import Any

from paperlint.model import AuditResult, Evidence, Finding
from paperlint.report.common import (
    choices_by_id,
    homepage,
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


def _base(root: str | None) -> dict[str, Any]:
    """``%SRCROOT%``: the repository's top, as an absolute ``file:`` URI when it is known."""
    text = {"description": {"text": "The top of the repository that paperlint audited."}}
    if not root:
        return text
    from pathlib import Path

    uri = Path(root).resolve().as_uri()
    return {"uri": uri if uri.endswith("/") else uri + "/", **text}


def _rule(rule: Any) -> dict[str, Any]:
    level = LEVELS.get(rule.severity, "warning")
    home = homepage()
    return {
        "id": rule.id,
        "name": rule.name,
        **({"helpUri": f"{home}#rules"} if home else {}),
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


def _inside(path: str) -> bool:
    return bool(path) and not path.startswith(("/", "../")) and path not in (".", "..")


def paper_anchor(result: AuditResult, anchors: tuple[str, ...] | None = None) -> str:
    """Where a finding about the paper as a whole points: the first of ``anchors`` inside the
    repository; without ``anchors``, the paper when it was read and sits inside the tree.
    "" when there is no honest place (the result then has no location)."""
    if anchors is None:
        anchors = (result.paper.path,) if result.paper else ()
    return next((a for a in anchors if _inside(a)), "")


def render(
    result: AuditResult,
    *,
    root: str | None = None,
    anchors: tuple[str, ...] | None = None,
    **_: object,
) -> str:
    return json.dumps(sarif_log(result, root, anchors), indent=2, ensure_ascii=False) + "\n"


def _location(uri: str, region: dict[str, Any] | None = None) -> dict[str, Any]:
    phys: dict[str, Any] = {"artifactLocation": {"uri": _uri(uri), "uriBaseId": SRCROOT}}
    if region:
        phys["region"] = region
    return {"physicalLocation": phys}


def sarif_log(
    result: AuditResult, root: str | None = None, anchors: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """The SARIF log; ``root``: the absolute folder the URIs are relative to (the repository's
    top); ``anchors``: see :func:`paper_anchor`."""
    home = homepage()
    anchor = paper_anchor(result, anchors)
    # a file that is not there (E101, E201) is no place to point at: its finding (TN902) is
    # placed as a paper-level one, and the notification names the path
    missing = {p.path for p in result.problems if p.code in ("E101", "E201")}
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
        locations: list[dict[str, Any]] = []
        placed_for_lack = False
        if f.file and f.file not in missing:
            region: dict[str, Any] = {"startLine": max(1, int(f.line or 1))}
            if ch is not None and ch.snippet:
                region["snippet"] = {"text": ch.snippet}
            locations.append(_location(f.file, region))
        elif anchor:
            locations.append(_location(anchor, {"startLine": 1}))
        elif result.files:
            locations.append(_location(result.files[0].path, {"startLine": 1}))
            placed_for_lack = True
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
                + (
                    "\n(About the paper as a whole: shown at the first code file, since the"
                    " paper, the configuration and a README are not in the repository.)"
                    if placed_for_lack
                    else ""
                )
            },
            "locations": locations,
            "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint or _fallback_fp(f)},
            "properties": props,
        }
        if f.suppressed:
            res["suppressions"] = [{"kind": "inSource", "justification": f.suppressed}]
        results.append(res)
    notifications = [
        {
            "level": "error",
            "descriptor": {"id": p.code},
            "message": {"text": f"{p.path}: {p.message}" + (f" ({p.hint})" if p.hint else "")},
            "locations": [_location(p.path)] if _inside(p.path) and p.path not in missing else [],
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
                **({"informationUri": home} if home else {}),
                "rules": driver_rules,
            }
        },
        "originalUriBaseIds": {SRCROOT: _base(root)},
        "invocations": [
            {
                # false when an input could not be audited: a clean log is not a complete one
                "executionSuccessful": not result.problems,
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
