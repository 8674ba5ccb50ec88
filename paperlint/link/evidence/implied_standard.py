"""A concept whose silence describes the standard model (weight sharing, single-crop testing):
where the paper never names it, the code's non-default use is a mismatch with what the paper
implies, or with the alternative the paper states instead ("five-crop evaluation"), which is then
also where the paper argues for its own choice."""

from __future__ import annotations

from paperlint import vocab
from paperlint.link import components
from paperlint.link.evidence import Candidate, ChoiceContext, justification_of
from paperlint.link.paper_view import Hit


def find(ctx: ChoiceContext) -> list[Candidate]:
    choice, paper = ctx.choice, ctx.paper
    if ctx.has_mismatch():
        return []
    own = vocab.concept(choice.concept)
    if (
        own is None
        or not own.unstated
        or choice.obviousness == "default"
        or paper.named_anywhere(choice.concept)
    ):
        return []
    stated = components.stated_alternative(paper, own)
    if stated is None:
        said = f"{own.unstated} (not stated otherwise)"
        return [Candidate("value", -1, said, paper_value=said, mismatch=True, searched=True)]
    i = stated.sentence
    value = Candidate(
        "value", i, stated.text, paper_value=stated.text, mismatch=True, mentions=True
    )
    return [value, *justification_of(ctx, i, Hit(concept=[stated]))]
