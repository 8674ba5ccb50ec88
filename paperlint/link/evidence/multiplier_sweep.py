"""A width the paper states as a layer's filter shape (k × k × in × out, in an architecture
table) scales with a global width multiplier: a sweep over the multiplier varies it too."""

from __future__ import annotations

from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.evidence.ablation import experiments
from paperlint.link.paper_view import Hit


def find(ctx: ChoiceContext) -> list[Candidate]:
    if ctx.choice.kind != "channels" or not any(
        len(n.dims) == 4 for h in ctx.hits.values() for n in h.value
    ):
        return []
    paper = ctx.paper
    extra = {
        m.sentence: Hit(concept=[m])
        for m in paper.index.mentions.get("width_multiplier", ())
        if m.sentence not in ctx.hits and paper.facts(m.sentence).ablation
    }
    return experiments(ctx, extra)
