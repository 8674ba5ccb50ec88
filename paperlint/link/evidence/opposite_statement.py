"""The paper says it does not use what the code uses ("convolutions without padding" against
a padding of 1): a mismatch wherever the choice is mentioned or not. The paper's statement of its
own, opposite choice is where it argues for it, so its justification is read there when nothing
else justifies the choice."""

from __future__ import annotations

from paperlint import vocab
from paperlint.link import naming
from paperlint.link.evidence import Candidate, ChoiceContext, justification_of
from paperlint.link.paper_view import Hit
from paperlint.link.values import phrase_rx

_STATING = ("method", "experiments", "body", "abstract", "intro")


def find(ctx: ChoiceContext) -> list[Candidate]:
    choice, paper = ctx.choice, ctx.paper
    if ctx.has_mismatch() or choice.obviousness in ("default", "absent"):
        return []
    code = naming.code_numbers(choice)
    if code and all(v == 0 for v in code):
        return []
    for concept in naming.concepts_for(choice):
        c = vocab.concept(concept)
        if c is None or not c.negative_phrases:
            continue
        rx = phrase_rx(c.negative_phrases)
        for f in paper.index.facts:
            if not f.eligible or f.section_kind not in _STATING:
                continue
            m = rx.search(paper.text(f.index))
            if m:
                said = m.group()
                value = Candidate("value", f.index, said, paper_value=said, mismatch=True)
                return [value, *justification_of(ctx, f.index, Hit())]
    return []
