"""Vetoes: patterns of writing that make a candidate evidence of something else.

Each function is one recogniser; it returns ``veto`` candidates naming the kinds of evidence it
removes in a sentence (or everywhere)."""

from __future__ import annotations

import re

from paperlint.link import tables
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.evidence.reason import further_statements
from paperlint.paper.index import Mention

_JUSTIFYING = ("reasoning", "citation", "empirical_claim")


def other_module(ctx: ChoiceContext) -> list[Candidate]:
    """A sentence whose subject is another of the code's named modules than the one the choice
    is in (it names that module first, near its start) argues for and compares that module."""
    paper, choice = ctx.paper, ctx.choice
    sentences = {c.sentence for c in ctx.found if c.sentence >= 0}
    return [
        Candidate("veto", j, vetoes=(*_JUSTIFYING, "ablation"))
        for j in sorted(sentences)
        if paper.about_other_module(choice, j)
    ]


def purpose_clause(ctx: ChoiceContext) -> list[Candidate]:
    """A choice named only inside a purpose clause ("select the tile size such that every
    pooling ...") is what the reason constrains, not what it argues for."""
    paper, out = ctx.paper, []
    for _rank, i, j in ctx.statements:
        if (
            j in (i, i - 1)
            and j in ctx.hits
            and only_in_purpose(paper.text(j), ctx.hits[j].concept)
        ):
            out.append(Candidate("veto", j, vetoes=("reasoning", "empirical_claim")))
    for i in further_statements(ctx):
        if only_in_purpose(paper.text(i), ctx.hits[i].concept):
            out.append(Candidate("veto", i, vetoes=("reasoning",)))
    return out


def module_only(ctx: ChoiceContext) -> list[Candidate]:
    """An argument found only by the name of the module it sits in: a reason for having the
    module does not argue for the argument (a citation of the module still brings it along)."""
    return [
        Candidate("veto", j, vetoes=("reasoning", "empirical_claim"))
        for _rank, i, j in ctx.statements
        if ctx.hits[i].module_only
    ]


def layer_citation(ctx: ChoiceContext) -> list[Candidate]:
    """An irregular placement (a layer in only some blocks) is not justified by a bare marker
    after the layer's name: that cites the layer, not where it is placed."""
    if ctx.choice.obviousness != "irregular":
        return []
    return [
        Candidate("veto", c.sentence, vetoes=("citation",))
        for c in ctx.found
        if c.kind == "citation" and not ctx.paper.facts(c.sentence).citation_phrases
    ]


def only_in_purpose(text: str, mentions: list[Mention]) -> bool:
    """Every mention of the choice sits inside a purpose clause, after its cue and before the
    clause ends."""
    if not mentions:
        return False
    cues = [m.end() for m in tables.pattern("statement.purpose_clause").finditer(text)]
    if not cues:
        return False
    for m in mentions:
        inside = any(
            end <= m.start and not re.search(r"[,;:()]", text[end : m.start]) for end in cues
        )
        if not inside:
            return False
    return True
