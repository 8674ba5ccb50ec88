"""Checks on single choices: unjustified, weakly justified, magic constants, mismatches."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from paperlint.engine import Rule, RuleContext, choice_message, iter_choices
from paperlint.model import Assessment, Choice, Finding

_FLAGGABLE = frozenset({"deliberate", "irregular", "absent"})


def _finding(rule: Rule, c: Choice, a: Assessment, severity: str, evidence=None) -> Finding:
    return Finding(
        rule=rule.id,
        severity=severity,
        confidence=rule.confidence if c.resolved else "low",
        message=choice_message(rule, c, a),
        choice=c.id,
        file=c.file,
        line=c.line,
        evidence=tuple(evidence if evidence is not None else a.evidence),
        searched=a.searched,
        fix=rule.fix,
    )


def _is_duplicate_use(c: Choice) -> bool:
    # `optim.Adam(lr=args.lr)`: the value was set at --lr, which is a choice (and finding) itself
    return bool(c.via)


def unjustified_choice(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    if ctx.document is None:
        return
    by_obv = rule.params.get("severity_by_obviousness", {})
    skip = set(rule.params.get("skip_concepts", ()))
    flagged: list[tuple[Choice, Assessment]] = []
    for c, a in iter_choices(ctx):
        if c.obviousness not in _FLAGGABLE or c.concept in skip or _is_duplicate_use(c):
            continue
        if a.justification or a.ablated:
            continue
        if c.obviousness == "absent" and not a.mentioned:
            # a missing component the paper never discusses is only worth a note when the paper
            # itself uses the concept elsewhere; silence on both sides is not a finding
            continue
        flagged.append((c, a))
    yield from _grouped(rule, flagged, by_obv)


def _grouped(
    rule: Rule, flagged: list[tuple[Choice, Assessment]], by_obv: dict
) -> Iterator[Finding]:
    """One finding per distinct choice per file: 128 channels written in four blocks is one
    question for the paper, asked at the first line and listing the others."""
    # `RandomCrop(32, padding=4)` unjustified is one question, not three: the arguments of a
    # flagged component are named in its finding
    components = {(c.file, c.line, c.symbol) for c, _ in flagged if c.source == "call" and c.symbol}
    arguments: dict[tuple, list[str]] = {}
    kept = []
    for c, a in flagged:
        key = (c.file, c.line, c.symbol)
        if c.source == "argument" and key in components:
            arguments.setdefault(key, []).append(f"{c.param}={c.value}")
        else:
            kept.append((c, a))
    groups: dict[tuple, list[tuple[Choice, Assessment]]] = {}
    for c, a in kept:
        groups.setdefault((c.file, c.kind, c.concept, c.param, c.value), []).append((c, a))
    for members in groups.values():
        c, a = members[0]
        f = _finding(rule, c, a, by_obv.get(c.obviousness, rule.severity))
        args = arguments.get((c.file, c.line, c.symbol))
        if args and c.source == "call":
            f = replace(f, message=f"{f.message} (nor its {', '.join(sorted(args))})")
        others = tuple(sorted({m.line for m, _ in members[1:]} - {c.line}))
        if others:
            lines = ", ".join(map(str, others))
            f = replace(
                f,
                also=others,
                message=f"{f.message} (also at line{'s' if len(others) > 1 else ''} {lines})",
            )
        yield f


def empirical_only(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    by_obv = rule.params.get("severity_by_obviousness", {})
    for c, a in iter_choices(ctx):
        if (
            c.obviousness in _FLAGGABLE
            and a.justification == "empirical_claim"
            and not a.ablated
            and not _is_duplicate_use(c)
        ):
            yield _finding(rule, c, a, by_obv.get(c.obviousness, rule.severity))


def magic_constant(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    if ctx.document is None:
        return
    for c, a in iter_choices(ctx):
        if c.concept == "constant" and not a.mentioned and not _number_stated(ctx, c.number):
            yield _finding(rule, c, a, rule.severity)


def _number_stated(ctx: RuleContext, number: float | None) -> bool:
    """The paper writes this number somewhere it could describe the method (a constant has no
    concept name to look for, so its value is what the paper would mention)."""
    if number is None or ctx.index is None:
        return False
    from paperlint.paper.numbers import same_value

    return any(
        same_value(n.value, number)
        for f in ctx.index.facts
        if f.eligible and not f.in_related_work
        for n in f.numbers
    )


def mismatch(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    for c, a in iter_choices(ctx):
        if a.mismatch and not _is_duplicate_use(c) and not a.mismatch_of:
            yield _finding(
                rule,
                c,
                a,
                rule.severity,
                [e for e in a.evidence if e.type == "value"] or a.evidence,
            )
