"""The rule engine: rule packs (data in ``rules/packs/*.yaml``) evaluated by small checks.

A rule is data — id, severity, confidence, message template, parameters and ruff-style docs —
validated against ``rules/packs/pack.schema.json`` when it is loaded. The logic that data cannot
express is a *check* (``paperlint/checks``), a function that gets the rule and the audit's
context and yields findings. One check can serve several rules with different parameters.

A run has three steps:

1. every selected rule whose check looks at the inputs (choices, the paper, skipped files);
2. inline suppressions (``# paperlint: ignore[ID] -- reason``) mark the findings they silence;
3. the *late* checks, which look at the findings themselves (a suppression without a reason,
   a suppression that silenced nothing).

Findings come back ranked: severity first, then how non-obvious the flagged choice is (an
irregular placement or an absent component before a deliberate value, a hand-tuned-looking
number such as 0.37 before a round one), then confidence.
"""

from __future__ import annotations

import functools
import json
import math
import re
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from paperlint import resources
from paperlint.errors import PaperlintError
from paperlint.model import (
    CONFIDENCES,
    OBVIOUSNESS,
    SEVERITIES,
    Assessment,
    Choice,
    Document,
    Finding,
    Problem,
    Suppression,
    short_hash,
)


@functools.cache
def _validation() -> dict:
    from paperlint import resources

    try:
        return resources.load_yaml("validation.yaml") or {}
    except FileNotFoundError:
        return {}


def validation_section(rule_id: str) -> list[str]:
    """The rule's measured precision and recall on the labelled corpus (rules/validation.yaml,
    written by scripts/validate_rules.py), as lines of text."""
    v = _validation()
    out = ["## Validation"]
    r = (v.get("rules") or {}).get(rule_id)
    cases = v.get("cases") or []
    if r is None:
        target = "papers or runs." if rule_id[:2] in ("ST", "TN") else "this rule's target."
        out.append(f"Not measured: the corpus labels choices, not {target}")
    else:

        def pct(x: object) -> str:
            return "n/a" if x is None else f"{float(x):.2f}"

        out.append(
            f"Precision {pct(r.get('precision'))}, recall {pct(r.get('recall'))} "
            f"(tp {r.get('tp')}, fp {r.get('fp')}, fn {r.get('fn')}) on {len(cases)} cases of "
            f"the hand-labelled corpus ({v.get('labelled_choices')} labelled choices, measured "
            f"{v.get('measured')}); a finding is right when the choice is {r.get('label')}."
        )
        out.append("Regenerate with `python scripts/validate_rules.py .corpus`.")
    out.append("")
    return out


DOC_SECTIONS = ("what", "why", "example", "fix", "known_problems", "references")
DOC_TITLES = {
    "what": "What it does",
    "why": "Why is this bad?",
    "example": "Example",
    "fix": "How to fix",
    "known_problems": "Known problems",
    "references": "References",
}
SCHEMA_FILE = "packs/pack.schema.json"


class RulePackError(PaperlintError):
    """A rule pack that does not follow the schema: names the file and the offending field."""

    def __init__(self, message: str):
        path, _, what = message.partition(": ")
        super().__init__("E005", path, what or message)


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
        out = [
            f"{self.id} ({self.name})",
            "",
            self.summary,
            "",
            f"Severity: {self.severity}   Confidence: {self.confidence}   "
            f"Family: {self.family}   Pack: rules/packs/{self.pack}.yaml",
            "",
        ]
        for key in DOC_SECTIONS:
            body = self.docs.get(key)
            out.append(f"## {DOC_TITLES[key]}")
            if isinstance(body, list):
                out.extend(f"- {r}" for r in body) if body else out.append("(none)")
            else:
                out.append(str(body or "").rstrip())
            out.append("")
        if self.params:
            out.append("## Parameters")
            out.extend(f"- {k}: {json.dumps(v)}" for k, v in self.params.items())
            out.append("")
        out.extend(validation_section(self.id))
        from paperlint.testing import cases

        examples = cases(self.id)
        if examples:
            out.append(f"## Test cases (rules/packs/examples/{self.id}/)")
            for case in examples:
                marks = case.markers()
                fires = sum(1 for m in marks if m.kind == "ruleid")
                silent = sum(1 for m in marks if m.kind == "ok")
                names = ", ".join(f.name for f in case.files)
                out.append(f"- {names}: fires on {fires} line(s), silent on {silent}")
            out.append("")
        return "\n".join(out).rstrip() + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "family": self.family,
            "summary": self.summary,
            "severity": self.severity,
            "confidence": self.confidence,
            "fix": self.fix,
            "docs": self.docs,
            "params": self.params,
        }


@dataclass(frozen=True)
class RuleContext:
    """What a check may look at. Frozen, plain data (``cache`` is scratch space for checks that
    share an expensive reading of the paper, e.g. the statistical-reporting facts)."""

    choices: tuple[Choice, ...]
    assessments: dict[str, Assessment]
    document: Document | None
    index: Any = None  # paperlint.paper.index.PaperIndex when a paper was read
    problems: tuple[Problem, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    paper_given: bool = False  # a paper was named, even if it could not be read
    trace: Any = None  # paperlint.trace.records.Trace: the search the repository shows
    # filled in for late checks: the findings of step 1 with suppressions applied, and which
    # rules ran (a suppression of a rule that did not run is not "unused")
    findings: tuple[Finding, ...] = ()
    selected: frozenset[str] = frozenset()
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


Check = Callable[[Rule, RuleContext], Iterable[Finding]]


# ── loading and validating packs ────────────────────────────────────────────────────────────


@functools.cache
def pack_schema() -> dict[str, Any]:
    with open(resources.rules_dir() / SCHEMA_FILE, encoding="utf-8") as fh:
        return json.load(fh)


def validate(data: Any, schema: dict[str, Any], root: dict[str, Any] | None = None) -> list[str]:
    """Problems of ``data`` against ``schema``, each as "path: what is wrong".

    Implements the subset of JSON Schema the pack schema uses (type, required, properties,
    additionalProperties, enum, pattern, minLength, minItems, items, local $ref); a test checks
    the schema uses no other keyword and that ``jsonschema`` agrees on good and bad packs.
    """
    root = root if root is not None else schema
    errors: list[str] = []
    _validate(data, schema, root, "", errors)
    return errors


_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
}
SUPPORTED_KEYWORDS = frozenset(
    {
        "$schema",
        "$id",
        "$ref",
        "$defs",
        "title",
        "description",
        "type",
        "required",
        "properties",
        "additionalProperties",
        "enum",
        "pattern",
        "minLength",
        "minItems",
        "items",
    }
)


def _validate(data: Any, schema: dict[str, Any], root: dict, path: str, errors: list[str]) -> None:
    where = path or "(top level)"
    if "$ref" in schema:
        ref = schema["$ref"]
        target: Any = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        _validate(data, target, root, path, errors)
        return
    tp = schema.get("type")
    if tp is not None:
        types = tp if isinstance(tp, list) else [tp]
        if not any(_TYPES[t](data) for t in types):
            errors.append(f"{where}: expected {' or '.join(types)}, got {type(data).__name__}")
            return
    if "enum" in schema and data not in schema["enum"]:
        errors.append(f"{where}: {data!r} is not one of {', '.join(map(str, schema['enum']))}")
    if isinstance(data, str):
        if len(data) < schema.get("minLength", 0):
            errors.append(f"{where}: must not be empty")
        if "pattern" in schema and not re.search(schema["pattern"], data):
            errors.append(f"{where}: {data!r} does not match {schema['pattern']}")
    if isinstance(data, list):
        if len(data) < schema.get("minItems", 0):
            errors.append(f"{where}: needs at least {schema['minItems']} item(s)")
        if "items" in schema:
            for i, item in enumerate(data):
                _validate(item, schema["items"], root, f"{path}[{i}]", errors)
    if isinstance(data, dict):
        for key in schema.get("required", ()):
            if key not in data:
                errors.append(f"{where}: missing required key {key!r}")
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, value in data.items():
            sub = f"{path}.{key}" if path else str(key)
            if key in props:
                _validate(value, props[key], root, sub, errors)
            elif extra is False:
                errors.append(f"{where}: unknown key {key!r} (allowed: {', '.join(props)})")
            elif isinstance(extra, dict):
                _validate(value, extra, root, sub, errors)


def load_pack(name: str, data: Any) -> list[Rule]:
    """The rules of one pack, after checking it against the schema and the cross-field rules
    a schema cannot state (ids start with the pack's prefix; the message template is valid)."""
    errors = validate(data, pack_schema())
    if errors:
        raise RulePackError(f"rules/packs/{name}.yaml: " + "; ".join(errors))
    rules = []
    for i, r in enumerate(data["rules"]):
        where = f"rules/packs/{name}.yaml: rules[{i}] ({r['id']})"
        if not r["id"].startswith(data["prefix"]):
            raise RulePackError(f"{where}: id must start with the pack's prefix {data['prefix']!r}")
        try:
            list(string.Formatter().parse(r["message"]))
        except ValueError as e:
            raise RulePackError(f"{where}: message is not a valid template: {e}") from None
        rules.append(
            Rule(
                id=r["id"],
                name=r["name"],
                family=data["family"],
                summary=r["summary"],
                severity=r["severity"],
                confidence=r["confidence"],
                check=r["check"],
                message=r["message"],
                fix=r["fix"],
                params=dict(r.get("params") or {}),
                docs=dict(r["docs"]),
                pack=name,
            )
        )
    return rules


@functools.cache
def all_rules() -> dict[str, Rule]:
    """Every rule of every pack, by id. Raises RulePackError for a pack that breaks the schema."""
    rules: dict[str, Rule] = {}
    names: dict[str, str] = {}
    registry = checks()
    for path in resources.yaml_files("packs"):
        try:
            data = resources.load_yaml(f"packs/{path.name}")
        except Exception as e:  # yaml.YAMLError, with the line and column
            raise RulePackError(f"rules/packs/{path.name}: not valid YAML: {e}") from None
        for rule in load_pack(path.stem, data):
            if rule.id in rules:
                raise RulePackError(f"rule id {rule.id} is defined twice")
            if rule.name in names:
                raise RulePackError(
                    f"rule name {rule.name} is used by {names[rule.name]} and {rule.id}"
                )
            if rule.check not in registry:
                raise RulePackError(
                    f"rules/packs/{path.name}: {rule.id} names an unknown check {rule.check!r} "
                    "(register it in paperlint/checks/__init__.py)"
                )
            rules[rule.id] = rule
            names[rule.name] = rule.id
    return dict(sorted(rules.items()))


def find_rule(key: str) -> Rule | None:
    """A rule by id (any case) or by name: ``CH101``, ``ch101``, ``unjustified-choice``."""
    rules = all_rules()
    if key.upper() in rules:
        return rules[key.upper()]
    return next((r for r in rules.values() if r.name == key.lower()), None)


def checks() -> dict[str, Check]:
    from paperlint.checks import CHECKS

    return CHECKS


def late_checks() -> frozenset[str]:
    from paperlint.checks import LATE_CHECKS

    return LATE_CHECKS


# ── running ──────────────────────────────────────────────────────────────────────────────────


def run(ctx: RuleContext, selected: Iterable[str] | None = None) -> list[Finding]:
    """Run the selected rules (all by default), apply inline suppressions, rank the findings."""
    rules = all_rules()
    ids = list(selected) if selected is not None else list(rules)
    registry = checks()
    late = late_checks()
    findings: list[Finding] = []
    for rid in ids:
        rule = rules[rid]
        if rule.check in late:
            continue
        findings.extend(_fingerprinted(f, ctx) for f in registry[rule.check](rule, ctx))
    findings = suppress_inline(findings, ctx.suppressions)
    after = replace(ctx, findings=tuple(findings), selected=frozenset(ids), cache=ctx.cache)
    for rid in ids:
        rule = rules[rid]
        if rule.check in late:
            findings.extend(_fingerprinted(f, ctx) for f in registry[rule.check](rule, after))
    return rank(findings, ctx)


def suppress_inline(findings: list[Finding], suppressions: Iterable[Suppression]) -> list[Finding]:
    """Mark findings silenced by ``# paperlint: ignore[ID] -- reason`` on the flagged line or the
    line above. A suppression without a reason still applies — and is reported by TN911."""
    by_line: dict[tuple[str, int], list[Suppression]] = {}
    for s in suppressions:
        by_line.setdefault((s.file, s.line), []).append(s)
    out = []
    for f in findings:
        hit = suppression_for(f, by_line)
        if hit is None or f.suppressed:
            out.append(f)
        else:
            out.append(replace(f, suppressed=hit.reason or "(no reason given)"))
    return out


def suppression_for(
    f: Finding, by_line: dict[tuple[str, int], list[Suppression]]
) -> Suppression | None:
    if not (f.file and f.line):
        return None
    for line in (f.line, f.line - 1):
        for s in by_line.get((f.file, line), []):
            if not s.rules or f.rule in {r.upper() for r in s.rules}:
                return s
    return None


def _fingerprinted(f: Finding, ctx: RuleContext) -> Finding:
    """A fingerprint that survives line moves: the rule and *what* was flagged, not where."""
    if f.fingerprint:
        return f
    choice = _choice_by_id(ctx).get(f.choice) if f.choice else None
    if choice is not None:
        what: tuple[Any, ...] = (
            choice.file,
            choice.kind,
            choice.concept,
            choice.param,
            choice.scope,
            choice.value,
        )
    elif f.evidence:
        # a finding on the paper: the quoted sentence, whitespace-normalized
        what = ("paper", " ".join(f.evidence[0].quote.split()))
    else:
        what = (f.file or "", f.message)
    return replace(f, fingerprint=short_hash(f.rule, *what, length=16))


def _choice_by_id(ctx: RuleContext) -> dict[str, Choice]:
    cached = ctx.cache.get("choice_by_id")
    if cached is None:
        cached = ctx.cache["choice_by_id"] = {c.id: c for c in ctx.choices}
    return cached


# ── ranking ──────────────────────────────────────────────────────────────────────────────────

_ROUND_MANTISSAS = frozenset({1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 7.5, 8.0, 9.0})


def looks_hand_tuned(number: float | None) -> bool:
    """A value like 0.37 or 0.0037 — two or more significant digits that are not a round step
    (1, 2.5, 5, powers of two) — looks picked by a search rather than by convention."""
    if number is None or not math.isfinite(number) or number == 0:
        return False
    x = abs(number)
    if x == int(x) and x >= 1:
        n = int(x)
        if n & (n - 1) == 0 or n % 10 == 0 or n <= 12:
            return False
    mantissa = float(f"{x / 10 ** math.floor(math.log10(x)):.6g}")
    return mantissa not in _ROUND_MANTISSAS


def salience(choice: Choice | None) -> int:
    """How much a choice calls for a reason: its obviousness, plus one for a hand-tuned value."""
    if choice is None:
        return 0
    order = {"default": 0, "conventional": 1, "deliberate": 2, "absent": 3, "irregular": 4}
    score = 2 * order.get(choice.obviousness, OBVIOUSNESS.index("deliberate"))
    if looks_hand_tuned(choice.number):
        score += 1
    return score


def rank(findings: list[Finding], ctx: RuleContext) -> list[Finding]:
    by_id = _choice_by_id(ctx)

    def key(f: Finding) -> tuple[Any, ...]:
        return (
            -SEVERITIES.index(f.severity),
            -salience(by_id.get(f.choice or "")),
            -CONFIDENCES.index(f.confidence),
            f.file or "",
            f.line or 0,
            f.rule,
        )

    return sorted(findings, key=key)


# ── helpers for checks ──────────────────────────────────────────────────────────────────────


def choice_message(rule: Rule, choice: Choice, assessment: Assessment | None) -> str:
    values = {
        "kind": choice.kind,
        # a setting by the name the code gives it (``max_iters``), which a reader can look for;
        # the kind (``epochs``) covers what is written without one (``nn.Dropout(0.3)``)
        "name": choice.setting.rsplit(".", 1)[-1] if choice.setting else choice.kind,
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
