"""An experiment written in the notation the choice's statement introduced: the statement
writes the computation as a norm or an absolute value ("the feature |a − b|") and code
computes one (`abs(u - v)`); an experiment that writes the same term with an alternative
compares the choice. A single letter is too common to follow, so only norm terms count."""

from __future__ import annotations

import re

from paperlint.link import tables
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.evidence.ablation import experiments
from paperlint.link.paper_view import Hit
from paperlint.paper.index import Mention


def find(ctx: ChoiceContext) -> list[Candidate]:
    if not tables.pattern("notation.norm_call").search(ctx.choice.snippet):
        return []
    term_rx = tables.pattern("notation.norm_term")
    paper = ctx.paper
    terms: set[str] = set()
    for i in ctx.primary:
        terms.update(_squash(m.group()) for m in term_rx.finditer(paper.text(i)))
    if not terms:
        return []
    extra: dict[int, Hit] = {}
    for f in paper.index.facts:
        if f.index in ctx.hits or f.index in ctx.primary or not f.eligible or not f.ablation:
            continue
        for m in term_rx.finditer(paper.text(f.index)):
            if _squash(m.group()) in terms:
                mention = Mention(f.index, "notation", m.start(), m.end(), m.group())
                extra.setdefault(f.index, Hit()).name.append(mention)
    return experiments(ctx, extra)


def _squash(term: str) -> str:
    return re.sub(r"\s+", "", term).replace("−", "-").replace("‖", "||")
