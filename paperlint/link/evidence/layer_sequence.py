"""A normalization layer the paper never names, where the paper spells out its layer sequence
as each convolution followed by its activation: the paper's sequence has no place for it."""

from __future__ import annotations

from paperlint import vocab
from paperlint.link import tables
from paperlint.link.evidence import Candidate, ChoiceContext


def find(ctx: ChoiceContext) -> list[Candidate]:
    choice, paper = ctx.choice, ctx.paper
    if ctx.has_mismatch() or choice.kind != "normalization":
        return []
    if choice.obviousness in ("default", "absent") or choice.concept.startswith(("no_", "unused_")):
        return []
    for name, c in vocab.concepts().items():
        if c.kind == "normalization" and paper.named_anywhere(name):
            return []
    rx = tables.pattern("components.conv_then_activation")
    for f in paper.index.facts:
        if not f.eligible or f.section_kind in ("related", "intro", "baselines"):
            continue
        m = rx.search(paper.text(f.index))
        if m:
            said = "none: each convolution followed by its activation"
            return [Candidate("value", f.index, m.group(), paper_value=said, mismatch=True)]
    return []
