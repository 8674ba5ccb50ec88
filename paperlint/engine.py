"""The rule engine: rule packs (data in ``rules/packs/*.yaml``) evaluated by small checks.

A rule is data — id, severity, confidence, message template, parameters and ruff-style docs.
The logic that data cannot express is a *check* (``paperlint/checks``), a function that gets the
rule and the audit's context and yields findings. One check can serve several rules with
different parameters.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from paperlint import resources
from paperlint.model import SEVERITIES, Assessment, Choice, Document, Finding, short_hash

DOC_SECTIONS = ("what", "why", "example", "fix", "known_problems", "references")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    family: str
    summary: str
    severity: str
    confidence: str
    check: str
    message: str
    fix: str
    params: dict[str, Any] = field(default_factory=dict)
    docs: dict[str, Any] = field(default_factory=dict)
    pack: str = ""

    def explain(self) -> str:
        """The rule's documentation as text (``paperlint explain ID``)."""
        titles = {
            "what": "What it does",
            "why": "Why is this bad?",
            "example": "Example",
            "fix": "How to fix",
            "known_problems": "Known problems",
            "references": "References",
        }
        out = [
            f"{self.id} ({self.name})",
            "",
            self.summary,
            "",
            f"Severity: {self.severity}   Confidence: {self.confidence}   Family: {self.family}",
            "",
        ]
        for key in DOC_SECTIONS:
            body = self.docs.get(key)
            out.append(f"## {titles[key]}")
            if isinstance(body, list):
                out.extend(f"- {r}" for r in body) if body else out.append("(none)")
            else:
                out.append(str(body or "").rstrip())
            out.append("")
        return "\n".join(out).rstrip() + "\n"


@dataclass(frozen=True)
class RuleContext:
    choices: tuple[Choice, ...]
    assessments: dict[str, Assessment]
    document: Document | None
    index: Any = None  # paperlint.link.index.PaperIndex when a paper was read


Check = Callable[[Rule, RuleContext], Iterable[Finding]]


@functools.cache
def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for path in resources.yaml_files("packs"):
        data = resources.load_yaml(f"packs/{path.name}")
        for r in data.get("rules", []):
            rule = Rule(
                id=r["id"],
                name=r["name"],
                family=data.get("family", ""),
                summary=r["summary"],
                severity=r["severity"],
                confidence=r["confidence"],
                check=r["check"],
                message=r["message"],
                fix=r.get("fix", ""),
                params=dict(r.get("params") or {}),
                docs=dict(r.get("docs") or {}),
                pack=path.stem,
            )
            if rule.id in rules:
                raise ValueError(f"rule id {rule.id} is defined twice")
            rules[rule.id] = rule
    return dict(sorted(rules.items()))


def checks() -> dict[str, Check]:
    from paperlint.checks import CHECKS

    return CHECKS


def run(ctx: RuleContext, selected: Iterable[str] | None = None) -> list[Finding]:
    rules = all_rules()
    ids = list(selected) if selected is not None else list(rules)
    registry = checks()
    findings: list[Finding] = []
    for rid in ids:
        rule = rules[rid]
        check = registry[rule.check]
        for f in check(rule, ctx):
            findings.append(_fingerprinted(f, ctx))
    findings.sort(key=lambda f: (-SEVERITIES.index(f.severity), f.file or "", f.line or 0, f.rule))
    return findings


def _fingerprinted(f: Finding, ctx: RuleContext) -> Finding:
    """A fingerprint that survives line moves: the rule and *what* was flagged, not where."""
    if f.fingerprint:
        return f
    choice = next((c for c in ctx.choices if c.id == f.choice), None) if f.choice else None
    if choice is not None:
        what = (choice.file, choice.kind, choice.concept, choice.param, choice.scope, choice.value)
    else:
        what = (f.file or "", f.message)
    return replace(f, fingerprint=short_hash(f.rule, *what, length=16))


def choice_message(rule: Rule, choice: Choice, assessment: Assessment | None) -> str:
    values = {
        "kind": choice.kind,
        "concept": choice.concept.replace("_", " "),
        "value": choice.value,
        "paper_value": (assessment.paper_value if assessment else None) or "?",
        "file": choice.file,
        "line": choice.line,
    }
    return rule.message.format(**values)


def iter_choices(ctx: RuleContext) -> Iterator[tuple[Choice, Assessment]]:
    for c in ctx.choices:
        yield c, ctx.assessments.get(c.id) or Assessment(c.id)
