"""Checks on the tuning trace (the TR4xx rules): the search the repository shows, against what
the paper reports of it. They read ``ctx.trace`` (:mod:`paperlint.trace`) and the paper's
side of it (:func:`trace_paper`, computed once per audit)."""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterator
from typing import Any

from paperlint.engine import Rule, RuleContext
from paperlint.model import CodeEvidence, Evidence, Finding, short_hash
from paperlint.trace.records import (
    CONFIDENCE_BY_SOURCE,
    PaperQuote,
    Search,
    SettingReport,
    SettingTrace,
    TracePaper,
)
from paperlint.trace.source import number

_ORDER = ("low", "medium", "high")
#: a metric named for the test split: "test_acc", "test/loss", "acc_test"; not "val", "latest"
_TEST_METRIC = re.compile(r"(?:^|[^a-z])test(?:ing)?(?:[^a-z]|$)", re.I)


def trace_paper(ctx: RuleContext) -> TracePaper | None:
    """The paper's side of the trace (None without a trace or a paper), computed once."""
    if ctx.trace is None or ctx.document is None or ctx.index is None:
        return None
    if "trace_paper" not in ctx.cache:
        from paperlint.checks.statistics import paper_facts
        from paperlint.trace.link import link_trace

        ctx.cache["trace_paper"] = link_trace(ctx.trace, ctx.document, ctx.index, paper_facts(ctx))
    return ctx.cache["trace_paper"]


def searched(rule: Rule, ctx: RuleContext) -> Iterator[SettingTrace]:
    """The settings the repository searched: a search definition runs two values or more (or
    a range), or one place in the history took ``min_history_values`` values."""
    if ctx.trace is None:
        return
    minimum = int(rule.params.get("min_history_values", 3))
    for s in ctx.trace.settings:
        if s.searched or s.history_values >= minimum:
            yield s


def confidence(s: SettingTrace, rule: Rule) -> str:
    """A search definition says outright that a setting was searched; a loop, a family or the
    history alone less so: the finding is never surer than the rule says, nor than its source."""
    sources = [x for x in s.sources if x != "history" or not s.searched]
    best = max((CONFIDENCE_BY_SOURCE.get(x, "low") for x in sources), key=_ORDER.index)
    return min(best, rule.confidence, key=_ORDER.index)


def _searches(ctx: RuleContext, s: SettingTrace) -> list[Search]:
    assert ctx.trace is not None
    ids = set(s.searches)
    return [x for x in ctx.trace.searches if x.id in ids]


def _location(ctx: RuleContext, s: SettingTrace) -> tuple[str, int]:
    """Where a finding on a setting points: its first search's line (one the repository still
    has), else the value the code keeps, else where the history last set it, else a search
    definition the repository deleted (at its path then; the evidence names the commit)."""
    searches = _searches(ctx, s)
    for x in (y for y in searches if not y.deleted_in):
        for sp in x.spaces:
            if sp.key == s.key:
                return sp.file, sp.line
    if s.kept_at:
        file, _, line = s.kept_at.rpartition(":")
        if line.isdigit():
            return file, int(line)
    for x in searches:
        for sp in x.spaces:
            if sp.key == s.key:
                return sp.file, sp.line
    t = s.tried[-1]
    return t.file, t.line


def _day(ts: int) -> str:
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%d")


def code_evidence(ctx: RuleContext, s: SettingTrace, limit: int = 6) -> tuple[CodeEvidence, ...]:
    """The places that show the search: each search definition's line, then the history's
    values with their commits."""
    out: list[CodeEvidence] = []
    for x in _searches(ctx, s):
        for sp in x.spaces:
            if sp.key == s.key:
                budget = f", {x.configurations} configurations" if x.configurations else ""
                what = f"{x.detail}: {sp.name} {sp.spec()}{budget}"
                out.append(CodeEvidence(sp.file, sp.line, what, x.deleted_in))
    history = list(s.history_place()) or [t for t in s.tried if t.source == "history"]
    for t in history[: max(0, limit - len(out))]:
        when = f" ({_day(t.time)})" if t.time else ""
        subject = f': "{t.subject}"' if t.subject else ""
        out.append(CodeEvidence(t.file, t.line, f"{s.name} = {t.value}{when}{subject}", t.commit))
    return tuple(out[:limit])


def _paper_evidence(quotes: tuple[PaperQuote, ...], kind: str = "mention") -> tuple[Evidence, ...]:
    return tuple(Evidence(kind, q.page, q.section, q.quote, q.cue, q.sentence) for q in quotes)


def _searched_sections(ctx: RuleContext) -> tuple[str, ...]:
    assert ctx.document is not None
    return tuple(
        dict.fromkeys(
            s.title
            for s in ctx.document.sections
            if s.role not in ("references", "acknowledgements")
        )
    )


def _tried_text(s: SettingTrace, limit: int = 6) -> str:
    if s.searched:
        values = list(s.values())
    else:  # the history alone: the values of the place that took the most, in turn
        values = list(dict.fromkeys(t.value for t in s.history_place()))
    parts = []
    if values:
        shown = ", ".join(values[:limit]) + (", …" if len(values) > limit else "")
        parts.append(f"{len(values)} value{'s' if len(values) != 1 else ''} ({shown})")
    parts.extend(f"the range {r.spec()}" for r in s.ranges[:2])
    return " and ".join(parts)


def _how(s: SettingTrace) -> str:
    sources = [x for x in s.sources if x != "history"]
    if sources:
        return "searched in " + ", ".join(dict.fromkeys(sources))
    return f"set in turn in {s.history_file} by the git history"


def _finding(rule: Rule, ctx: RuleContext, s: SettingTrace, message: str, **extra: Any) -> Finding:
    file, line = _location(ctx, s)
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        confidence=extra.pop("confidence", confidence(s, rule)),
        message=message,
        file=file,
        line=line,
        fix=rule.fix,
        fingerprint=short_hash(rule.id, s.key, file, length=16),
        code_evidence=extra.pop("code_evidence", code_evidence(ctx, s)),
        **extra,
    )


# ── TR401 ───────────────────────────────────────────────────────────────────────────────────


def unreported_search(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    paper = trace_paper(ctx)
    if paper is None:
        return
    for s in searched(rule, ctx):
        report = paper.setting(s.key) or SettingReport(s.key)
        if report.reported:
            continue
        if report.claimed:
            said = "says it was tuned but not over which values"
        elif report.mentioned:
            said = "mentions it but reports no search of it"
        else:
            said = "does not mention it"
        kept = f"; the code keeps {s.kept} ({s.kept_at})" if s.kept else ""
        message = rule.message.format(
            setting=s.name, tried=_tried_text(s), how=_how(s), kept=kept, paper=said
        )
        yield _finding(
            rule,
            ctx,
            s,
            message,
            evidence=_paper_evidence(report.quotes),
            searched=() if report.quotes else _searched_sections(ctx),
        )


# ── TR402 ───────────────────────────────────────────────────────────────────────────────────


def _outside(s: SettingTrace, report: SettingReport) -> list[str]:
    """The repository's values (and range bounds) outside the space the paper states."""

    def inside(v: float) -> bool:
        if report.low is not None and report.high is not None:
            return report.low * (1 - 1e-9) <= v <= report.high * (1 + 1e-9)
        return any(abs(v - p) <= 1e-9 * max(abs(v), abs(p), 1e-300) for p in report.values)

    out = []
    for v in s.values():
        n = number(v)
        if n is not None and not inside(n):
            out.append(v)
    for r in s.ranges:
        for bound in (r.low, r.high):
            n = number(bound)
            if n is not None and not inside(n) and bound not in out:
                out.append(bound)
    return out


def narrower_search_space(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    paper = trace_paper(ctx)
    if paper is None:
        return
    for s in searched(rule, ctx):
        report = paper.setting(s.key)
        if report is None or report.how != "search space":
            continue
        if not report.values and report.low is None:
            continue
        extra = _outside(s, report)
        if not extra:
            continue
        if report.low is not None:
            stated = f"[{report.low:g}, {report.high:g}]"
        else:
            stated = "{" + ", ".join(f"{v:g}" for v in report.values) + "}"
        message = rule.message.format(
            setting=s.name,
            paper_space=stated,
            extra=", ".join(extra[:6]),
            tried=_tried_text(s),
        )
        yield _finding(rule, ctx, s, message, evidence=_paper_evidence(report.quotes[:1]))


# ── TR403 ───────────────────────────────────────────────────────────────────────────────────


def configurations_vs_comparisons(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    paper = trace_paper(ctx)
    if paper is None or ctx.trace is None:
        return
    searches = [x for x in ctx.trace.searches if x.configurations]
    total = sum(x.configurations for x in searches)
    unbounded = sum(1 for x in ctx.trace.searches if not x.configurations)
    if total < int(rule.params.get("min_configurations", 20)):
        return
    if paper.comparisons < int(rule.params.get("min_comparisons", 1)):
        return
    if paper.budget or paper.corrected:
        return
    biggest = max(searches, key=lambda x: x.configurations)
    listed = ", ".join(
        f"{x.file}:{x.line} {x.configurations}"
        for x in sorted(searches, key=lambda x: -x.configurations)[:4]
    )
    message = rule.message.format(
        configurations=total,
        searches=len(searches),
        listed=listed,
        unbounded=f" and {unbounded} unbounded search(es)" if unbounded else "",
        comparisons=paper.comparisons,
    )
    facts_hits: tuple[Evidence, ...] = ()
    from paperlint.checks.statistics import paper_facts

    facts = paper_facts(ctx)
    if facts is not None and facts.comparisons:
        assert ctx.document is not None
        hit = facts.comparisons[0]
        sent = ctx.document.sentences[hit.sentence]
        facts_hits = (
            Evidence(
                "mention",
                sent.page,
                ctx.document.section_title(sent),
                sent.text[:300],
                hit.cue,
                sent.index,
            ),
        )
    yield Finding(
        rule=rule.id,
        severity=rule.severity,
        confidence=rule.confidence,
        message=message,
        file=biggest.file,
        line=biggest.line,
        evidence=facts_hits,
        fix=rule.fix,
        fingerprint=short_hash(rule.id, "configurations", length=16),
        code_evidence=tuple(
            CodeEvidence(x.file, x.line, f"{x.detail}: {x.configurations} configurations")
            for x in sorted(searches, key=lambda x: -x.configurations)[:6]
        ),
    )


# ── TR404 ───────────────────────────────────────────────────────────────────────────────────


def changed_after_test_results(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    if ctx.trace is None or not ctx.trace.results_commits:
        return
    window = float(rule.params.get("window_days", 14)) * 86_400
    results = ctx.trace.results_commits
    # a setting the repository searched (several values in turn): one change alone is as
    # often a fix as a choice
    for s in searched(rule, ctx):
        places: dict[str, list] = {}
        for t in s.tried:
            if t.source == "history" and t.commit:
                places.setdefault(t.file, []).append(t)
        pairs = [p for seq in places.values() for p in itertools.pairwise(seq)]
        for before, t in sorted(pairs, key=lambda p: p[1].time):
            if same_number_or_text(before.value, t.value):
                continue
            hit = next(
                (
                    r
                    for r in results
                    if r.commit == t.commit or (0 < t.time - r.time <= window and r.time <= t.time)
                ),
                None,
            )
            if hit is None:
                continue
            same = hit.commit == t.commit
            message = rule.message.format(
                setting=s.name,
                old=before.value,
                new=t.value,
                commit=t.commit,
                day=_day(t.time),
                subject=t.subject,
                after=(
                    "in a commit that records test results"
                    if same
                    else f"after commit {hit.commit} ({_day(hit.time)}) recorded test results"
                ),
                why=hit.why,
            )
            evidence = (
                CodeEvidence(
                    t.file, t.line, f'{s.name}: {before.value} → {t.value}: "{t.subject}"', t.commit
                ),
                CodeEvidence(
                    t.file, t.line, f'test results: "{hit.subject}" ({hit.why})', hit.commit
                ),
            )
            yield _finding(rule, ctx, s, message, code_evidence=evidence, confidence="low")
            break


def same_number_or_text(a: str, b: str) -> bool:
    from paperlint.trace.build import same_value

    return same_value(a, b)


# ── TR405 ───────────────────────────────────────────────────────────────────────────────────


def search_selects_on_test(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    if ctx.trace is None:
        return
    for x in ctx.trace.searches:
        if not x.metric or not _TEST_METRIC.search(x.metric) or re.search(r"val", x.metric, re.I):
            continue
        what = f"{x.detail} ({x.method})" if x.method else x.detail
        message = rule.message.format(
            search=what, metric=x.metric, goal=f" ({x.goal})" if x.goal else ""
        )
        yield Finding(
            rule=rule.id,
            severity=rule.severity,
            confidence=rule.confidence,
            message=message,
            file=x.file,
            line=x.line,
            fix=rule.fix,
            fingerprint=short_hash(rule.id, x.file, x.metric, length=16),
            code_evidence=(CodeEvidence(x.file, x.line, f"{x.detail}: metric {x.metric}"),),
        )
