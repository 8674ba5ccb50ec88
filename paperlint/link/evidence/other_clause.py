"""A sentence that sets out two runs, stages or modules in clauses of their own ("for
pre-training we follow [5] and use a cosine schedule; for fine-tuning we decay the rate in
steps"): a reason or a citation in one clause is for what that clause sets, not for a choice
named only in another clause, scoped to something else."""

from __future__ import annotations

import itertools
import re

from paperlint.link import tables
from paperlint.link.evidence import Candidate, ChoiceContext

_JUSTIFYING = ("reasoning", "citation", "empirical_claim")


def find(ctx: ChoiceContext) -> list[Candidate]:
    paper, out = ctx.paper, []
    breaks = tables.pattern("statement.clause_break")
    scoped = tables.pattern("statement.clause_scope")
    for i in sorted({c.sentence for c in ctx.found if c.kind in _JUSTIFYING}):
        spans = ctx.hits[i].spans if i in ctx.hits else []
        if not spans:
            continue
        text = paper.text(i)
        clauses = _clauses(text, breaks)
        openers = [scoped.match(text[a:b]) for a, b in clauses]
        if sum(m is not None for m in openers) < 2:
            continue
        named = {k for k, (a, b) in enumerate(clauses) if any(a <= m.start < b for m in spans)}
        if any(openers[k] is None for k in named):
            continue  # the choice is named where no clause scopes it
        facts = paper.facts(i)
        cues = {
            "reasoning": facts.reasoning,
            "citation": (*facts.citations, *facts.citation_phrases),
            "empirical_claim": facts.empirical,
        }
        kinds = tuple(
            kind
            for kind, found in cues.items()
            if found
            and all(
                _clause_of(start, clauses) not in named
                and openers[_clause_of(start, clauses)] is not None
                for start, _end, _text in found
            )
        )
        if kinds:
            out.append(Candidate("veto", i, vetoes=kinds))
    return out


def _clauses(text: str, breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    bounds = [0, *(m.end() for m in breaks.finditer(text)), len(text)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _clause_of(at: int, clauses: list[tuple[int, int]]) -> int:
    return next((k for k, (a, b) in enumerate(clauses) if a <= at < b), len(clauses) - 1)
