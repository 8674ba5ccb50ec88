"""Where the method's statement of a choice names the module the code puts it in (a class whose
name says what it does, `GatedFusion` for "gated fusion"), the module is what the choice
builds: experiments comparing that module compare the choice."""

from __future__ import annotations

from paperlint.link import naming
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.evidence.ablation import experiments
from paperlint.link.paper_view import Hit


def find(ctx: ChoiceContext) -> list[Candidate]:
    module = naming.module_of(ctx.choice)
    if module is None:
        return []
    paper = ctx.paper
    by_sentence = paper.module_mentions(module)
    if not any(
        i in by_sentence and ctx.hits[i].concept and paper.facts(i).section_kind == "method"
        for i in ctx.primary
        if i in ctx.hits
    ):
        return []
    extra = {
        i: Hit(name=list(ms))
        for i, ms in by_sentence.items()
        if i not in ctx.hits and paper.facts(i).ablation
    }
    return experiments(ctx, extra)
