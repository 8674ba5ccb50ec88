"""A stated reason for the choice: a cause or a purpose ("because", "to avoid", "which keeps")
in the paper's statement of its own use of it, in the next sentence when that one refers back
("This keeps ..."), or in the motivation just before the statement when it names the choice
too. Outside the primary statements the cue must sit near the mention, in the statement or in
the next sentence that refers back to it. Other sentences that
give a reason, the introduction's motivation included, are shown as further support."""

from __future__ import annotations

from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.paper_view import near


def find(ctx: ChoiceContext) -> list[Candidate]:
    paper, out = ctx.paper, []
    for rank, i, j in ctx.statements:
        primary = i in ctx.primary
        # outside the primary statements a cue must sit near a mention of the choice, in the
        # statement or in the next sentence that refers back to it: a mention in passing ("an
        # evaluator that sums the error of each horizon") is not what "This allows ..." is about
        spans = ctx.near_spans(i, j) if j == i else _spans_in(ctx, j)
        cues = [c for c in paper.facts(j).reasoning if primary or near(c, spans, 80)]
        if cues:
            out.append(Candidate("reasoning", j, cues[0][2], rank=rank))
    # where else the paper argues for it (shown, never deciding): never related work
    base = len(ctx.ranked)
    for k, i in enumerate(further_statements(ctx)):
        spans = ctx.hits[i].concept
        cues = [c for c in paper.facts(i).reasoning if near(c, spans, 80)]
        if cues:
            out.append(Candidate("reasoning", i, cues[0][2], decides=False, rank=base + k))
    return out


def _spans_in(ctx: ChoiceContext, j: int) -> list:
    return ctx.hits[j].spans if j in ctx.hits else []


def further_statements(ctx: ChoiceContext) -> list[int]:
    """Mentions outside the ranked statements that may still argue for the choice (the
    introduction's motivation), by score: never related work, an appendix or a baseline."""
    paper, choice = ctx.paper, ctx.choice
    return [
        i
        for i in sorted(ctx.hits, key=lambda i: (-paper.score(choice, i, ctx.hits[i]), i))
        if i not in ctx.ranked
        and paper.facts(i).section_kind not in ("related", "appendix", "baselines")
        and ctx.hits[i].concept
    ]
