"""Tool notices (the TN9xx rules): what paperlint could not read, and suppressions to review.

"No findings" must never mean "could not read": a paper read only in part, an input that was
skipped, an audit without a paper and a suppression without its reason are all reported as
findings of their own, so they show in every report format and can be selected, ignored and
baselined like any other rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from paperlint.engine import Rule, RuleContext, all_rules, suppression_for
from paperlint.model import Finding, Suppression


def _notice(rule: Rule, message: str, file: str | None = None, line: int | None = None) -> Finding:
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        confidence=rule.confidence,
        message=message,
        file=file,
        line=line,
        fix=rule.fix,
    )


# ── inputs ──────────────────────────────────────────────────────────────────────────────────


def low_paper_coverage(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    if ctx.document is None:
        return
    cov = ctx.document.coverage
    p = rule.params
    gaps = []
    if cov.pages and cov.pages_with_text / cov.pages < float(p.get("min_text_page_share", 0.8)):
        gaps.append(f"text on only {cov.pages_with_text} of {cov.pages} pages")
    if cov.sentences < int(p.get("min_sentences", 20)):
        gaps.append(f"only {cov.sentences} sentences")
    body = [s for s in ctx.document.sections if s.role in ("body", "abstract", "appendix")]
    if len(body) < int(p.get("min_sections", 2)):
        gaps.append(f"only {len(body)} section headings recognised")
    if gaps:
        yield _notice(rule, rule.message.format(path=ctx.document.path, gaps="; ".join(gaps)))


def skipped_input(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    partial = set(rule.params.get("partial", ()))
    for p in ctx.problems:
        template = rule.params["partial_message"] if p.code in partial else rule.message
        yield _notice(
            rule,
            template.format(path=p.path, code=p.code, problem=p.message),
            file=p.path,
        )


def no_paper(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.paper_given:
        yield _notice(rule, rule.message.format(choices=len(ctx.choices)))


# ── suppressions (late checks: they run after inline suppressions were applied) ──────────────


def _ids(s: Suppression) -> str:
    return ", ".join(s.rules) if s.rules else "every rule"


def suppression_without_reason(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    for s in ctx.suppressions:
        if not s.reason.strip():
            yield _notice(rule, rule.message.format(rules=_ids(s)), s.file, s.line)


def unknown_rule_in_suppression(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    known = all_rules()
    for s in ctx.suppressions:
        unknown = [r for r in s.rules if r.upper() not in known]
        if unknown:
            yield _notice(rule, rule.message.format(rules=", ".join(unknown)), s.file, s.line)


def unused_suppression(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    by_line: dict[tuple[str, int], list[Suppression]] = {}
    for s in ctx.suppressions:
        by_line.setdefault((s.file, s.line), []).append(s)
    used: set[Suppression] = set()
    for f in ctx.findings:
        if f.suppressed:
            hit = suppression_for(f, by_line)
            if hit is not None:
                used.add(hit)
    known = all_rules()
    for s in ctx.suppressions:
        if s in used:
            continue
        named = [r.upper() for r in s.rules]
        if any(r not in known for r in named):
            continue  # reported by TN912
        ran = ctx.selected >= set(named) if named else ctx.selected >= set(known)
        if ran:
            yield _notice(rule, rule.message.format(rules=_ids(s)), s.file, s.line)
