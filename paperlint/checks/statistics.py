"""Paper-level checks on statistical reporting (the ST3xx rules): they read the paper only.

The paper is read once into :class:`PaperFacts` — which sentences report a result, give a
spread, claim tuning, report a search space, select on the test set, compare methods, test
significance, claim significance, or ablate — using the cue lists in
``rules/cues/statistics.yaml``. Each check is then a few lines over those facts, and the same
facts feed the report's summary (:func:`summary`), so "no finding" can be told apart from
"nothing was read".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from paperlint import resources
from paperlint.checks.gaps import stated_gap
from paperlint.engine import Rule, RuleContext
from paperlint.model import Evidence, Finding, Sentence

_QUOTE_MAX = 300
_SKIPPED_SECTION_ROLES = ("references", "acknowledgements")


@dataclass(frozen=True)
class Hit:
    sentence: int
    cue: str  # the matched text


@dataclass(frozen=True)
class PaperFacts:
    read: int  # sentences read
    results: tuple[Hit, ...]
    variability: tuple[Hit, ...]
    tuning_claims: tuple[Hit, ...]
    search_space: tuple[Hit, ...]
    test_selection: tuple[Hit, ...]
    comparisons: tuple[Hit, ...]
    significance_tests: tuple[Hit, ...]
    corrections: tuple[Hit, ...]
    significance_claims: tuple[Hit, ...]
    ablations: tuple[Hit, ...]


@functools.cache
def _cues() -> dict[str, Any]:
    raw = resources.load_yaml("cues/statistics.yaml")

    def compile_all(value: object) -> object:
        if isinstance(value, list):
            return [re.compile(p, re.I) for p in value]
        if isinstance(value, dict):
            return {k: compile_all(v) for k, v in value.items()}
        raise ValueError(f"rules/cues/statistics.yaml: expected a list of patterns, got {value!r}")

    return {k: compile_all(v) for k, v in raw.items()}


def cues() -> dict[str, Any]:
    """The compiled cue lists of ``rules/cues/statistics.yaml`` (the tuning trace reads them
    too: a search space, a budget, a selection split)."""
    return _cues()


def warm_up() -> None:
    """Compile every cue list of :func:`cues`, each one as :func:`first_match` searches it
    (a hundred regular expressions), ahead of the first search."""
    pending: list[Any] = [_cues()]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list) and value:
            _joined(value)


def first_match(patterns: list[re.Pattern[str]], text: str) -> re.Match[str] | None:
    """The earliest match in ``text`` of any of ``patterns`` (a cue list of :func:`cues`)."""
    return _first(patterns, text)


def admitted_tuning_claim(text: str) -> re.Match[str] | None:
    """A claim in ``text`` (one sentence) that values were tuned or searched for, unless the
    sentence denies it before the claim ("we did not tune") or defers it ("we plan to run a grid
    search"): the claim ST301 and the search question (:mod:`paperlint.searchnamed`) read."""
    tuning = _cues()["tuning"]
    m = _first(tuning["claims"], text)
    if (
        m
        and not _first(tuning["negated"], text[: m.start()])
        and not _first(tuning["deferred"], text)
    ):
        return m
    return None


def _first(patterns: list[re.Pattern[str]], text: str) -> re.Match[str] | None:
    """The earliest match of any pattern (the first pattern's on a tie): one search of the
    patterns joined as alternatives, which the regex engine tries in this very order."""
    return _joined(patterns).search(text)


_JOINED: dict[int, tuple[list[re.Pattern[str]], re.Pattern[str]]] = {}


def _joined(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    got = _JOINED.get(id(patterns))
    if got is None or got[0] is not patterns:
        flags = {p.flags for p in patterns}
        rx = (
            re.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags.pop())
            if len(flags) == 1
            else _Earliest(patterns)
        )
        got = _JOINED[id(patterns)] = (patterns, rx)  # type: ignore[assignment]
    return got[1]


class _Earliest:
    """Patterns with different flags, searched one by one (the earliest match wins)."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.patterns = patterns

    def search(self, text: str) -> re.Match[str] | None:
        found = [m for m in (p.search(text) for p in self.patterns) if m]
        return min(found, key=lambda m: m.start()) if found else None


def paper_facts(ctx: RuleContext) -> PaperFacts | None:
    """The statistical-reporting facts of the paper (None without a paper), computed once."""
    if ctx.document is None or ctx.index is None:
        return None
    if "paper_facts" not in ctx.cache:
        ctx.cache["paper_facts"] = _read(ctx)
    return ctx.cache["paper_facts"]


def _read(ctx: RuleContext) -> PaperFacts:
    cues = _cues()
    doc, index = ctx.document, ctx.index
    assert doc is not None
    role = {s.index: s.role for s in doc.sections}
    hits: dict[str, list[Hit]] = {
        k: []
        for k in (
            "results",
            "variability",
            "tuning_claims",
            "search_space",
            "test_selection",
            "comparisons",
            "significance_tests",
            "corrections",
            "significance_claims",
            "ablations",
        )
    }
    read = 0
    tuning = cues["tuning"]
    # a future-work section's sentences are plans: tuning named there was not done
    planned = {sec.index for sec in doc.sections if _first(tuning["deferred_sections"], sec.title)}
    results = cues["results"]
    selection = cues["test_selection"]
    for facts in index.facts:
        if not facts.eligible or facts.in_related_work:
            continue
        s = doc.sentences[facts.index]
        if role.get(s.section, "body") in _SKIPPED_SECTION_ROLES:
            continue
        read += 1
        text = s.text
        i = s.index
        in_results = facts.in_experiments or s.role in ("abstract", "caption", "table")
        if in_results:
            metric = _first(results["metrics"], text)
            number = _first(results["numbers"], text)
            if metric and number:
                hits["results"].append(Hit(i, metric.group()))
            m = _first(cues["comparisons"]["claims"], text)
            if not m and (metric or number):
                m = _first(cues["comparisons"]["weak"], text)
            if m:
                hits["comparisons"].append(Hit(i, m.group()))
        for key in ("variability", "significance_tests", "corrections", "ablation"):
            if m := _first(cues[key], text):
                hits["ablations" if key == "ablation" else key].append(Hit(i, m.group()))
        if m := _first(tuning["search_space"], text):
            hits["search_space"].append(Hit(i, m.group()))
        if s.section not in planned and (m := admitted_tuning_claim(text)):
            hits["tuning_claims"].append(Hit(i, m.group()))
        m = _first(selection["patterns"], text)
        if m and not _first(selection["unless"], text):
            hits["test_selection"].append(Hit(i, m.group()))
        m = _first(cues["significance_claims"], text)
        if m and not _first(tuning["negated"], text[: m.start()]):
            hits["significance_claims"].append(Hit(i, m.group()))
    # quote prose before table debris: "Our model reaches 93.1%" over "569 418 290 186 accuracy"
    hits["results"].sort(key=lambda h: (_tabular(doc.sentences[h.sentence]), h.sentence))
    return PaperFacts(read=read, **{k: tuple(v) for k, v in hits.items()})


_TABLE_ROW = re.compile(r"^\W*(?:[-+]?[\d.,]+%?\s+){2,}")
_WORD = re.compile(r"[A-Za-z]{2,}")


def _tabular(s: Sentence) -> bool:
    """Not a quotable sentence: a table row or caption, text that is mostly numbers or starts
    with a run of them (a table merged into prose), or a fragment of a few words."""
    digits = sum(ch.isdigit() for ch in s.text)
    return (
        s.role in ("table", "caption")
        or digits > 0.25 * max(1, len(s.text))
        or bool(_TABLE_ROW.match(s.text))
        or len(_WORD.findall(s.text)) < 4
        or s.text[:1].islower()
    )


def summary(facts: PaperFacts | None) -> dict[str, object]:
    """The figures the report's summary shows about statistical reporting."""
    if facts is None:
        return {"read": False}
    return {
        "read": True,
        "sentences_read": facts.read,
        "results_reported": len(facts.results),
        "variability_reported": bool(facts.variability),
        "tuning_claims": len(facts.tuning_claims),
        "search_space_reported": bool(facts.search_space),
        "test_set_selection": len(facts.test_selection),
        "comparisons": len(facts.comparisons),
        "significance_tests": bool(facts.significance_tests),
        "multiple_comparison_correction": bool(facts.corrections),
        "significance_claims": len(facts.significance_claims),
        "ablation_reported": bool(facts.ablations),
    }


# ── findings ────────────────────────────────────────────────────────────────────────────────


def _evidence(ctx: RuleContext, hit: Hit) -> Evidence:
    assert ctx.document is not None
    s = ctx.document.sentences[hit.sentence]
    quote = s.text if len(s.text) <= _QUOTE_MAX else s.text[: _QUOTE_MAX - 1] + "…"
    return Evidence("mention", s.page, ctx.document.section_title(s), quote, hit.cue, s.index)


def _searched(ctx: RuleContext) -> tuple[str, ...]:
    assert ctx.document is not None
    return tuple(
        dict.fromkeys(
            s.title for s in ctx.document.sections if s.role not in _SKIPPED_SECTION_ROLES
        )
    )


def _paper_finding(
    rule: Rule,
    ctx: RuleContext,
    hits: tuple[Hit, ...] | list[Hit],
    searched: bool,
    **fields: object,
) -> Finding:
    limit = int(rule.params.get("max_quotes", 1))
    evidence = tuple(_evidence(ctx, h) for h in list(hits)[:limit])
    first = evidence[0] if evidence else None
    values = {"cue": first.cue if first else "", "page": first.page if first else 0, **fields}
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        confidence=rule.confidence,
        message=rule.message.format(**values),
        evidence=evidence,
        searched=_searched(ctx) if searched else (),
        fix=rule.fix,
    )


def tuning_without_search_space(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    facts = paper_facts(ctx)
    if facts and facts.tuning_claims and not facts.search_space:
        yield _paper_finding(rule, ctx, facts.tuning_claims, True)


def results_without_variability(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    facts = paper_facts(ctx)
    minimum = int(rule.params.get("min_results", 1))
    if facts and len(facts.results) >= minimum and not facts.variability:
        yield _paper_finding(rule, ctx, facts.results, True, count=len(facts.results))


def selection_on_test_set(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    facts = paper_facts(ctx)
    for hit in facts.test_selection if facts else ():
        yield _paper_finding(rule, ctx, [hit], False)


def uncorrected_comparisons(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    facts = paper_facts(ctx)
    minimum = int(rule.params.get("min_comparisons", 5))
    if (
        facts
        and len(facts.comparisons) >= minimum
        and not facts.significance_tests
        and not facts.corrections
    ):
        yield _paper_finding(rule, ctx, facts.comparisons, True, count=len(facts.comparisons))


def significance_without_test(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    facts = paper_facts(ctx)
    if not facts or facts.significance_tests:
        return
    colloquial = float(rule.params.get("colloquial_gap", 1e9))
    assert ctx.document is not None
    cites = {f.index: bool(f.citations) for f in ctx.index.facts} if ctx.index else {}
    for hit in facts.significance_claims:
        text = ctx.document.sentences[hit.sentence].text
        gap = stated_gap(text)
        if gap is not None and gap >= colloquial:
            continue  # the sentence states a gap far beyond run-to-run noise
        if cites.get(hit.sentence) and not _names_the_authors_work(text, ctx):
            continue  # a cited source's finding, or a fact it reports: not the paper's claim
        yield _paper_finding(rule, ctx, [hit], False)


#: words by which a sentence speaks of the authors' own work
_OWN_WORK = re.compile(r"\b(?:we|our|ours|us|this (?:paper|work|study)|proposed)\b", re.I)


def _names_the_authors_work(text: str, ctx: RuleContext) -> bool:
    """The sentence speaks of the authors' work: in the first person, or by its method's name
    ("Our model is significantly better than ResNet [8]", "FCOS significantly outperforms
    RetinaNet [21]"), so a citation in it names what the work is compared with."""
    if _OWN_WORK.search(text):
        return True
    from paperlint import scope

    assert ctx.document is not None
    names = scope.paper_names(ctx.document)
    return any(names.is_own(w) for w in re.findall(r"[\w-]+", text))


def no_ablation(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    facts = paper_facts(ctx)
    if not facts or facts.ablations or any(a.ablated for a in ctx.assessments.values()):
        return
    non_obvious = [
        c
        for c in ctx.choices
        if c.obviousness in ("deliberate", "irregular", "absent") and not c.via
    ]
    if len(non_obvious) >= int(rule.params.get("min_non_obvious", 10)):
        yield _paper_finding(rule, ctx, [], True, count=len(non_obvious))
