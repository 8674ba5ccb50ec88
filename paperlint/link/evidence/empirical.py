"""An empirical claim: the paper says the choice was found to work ("we found", "works best",
"chosen on the validation set") without showing the experiment. Read from the statements of
the paper's own use, as a reason is."""

from __future__ import annotations

from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.paper_view import near


def find(ctx: ChoiceContext) -> list[Candidate]:
    paper, out = ctx.paper, []
    for rank, i, j in ctx.statements:
        spans = ctx.near_spans(i, j)
        primary = i in ctx.primary
        own = ctx.hits[j].spans if j in ctx.hits else []
        cues = [
            c
            for c in paper.facts(j).empirical
            if (primary or j != i or near(c, spans, 80)) and not _names_the_choice(c, own)
        ]
        if cues:
            out.append(Candidate("empirical_claim", j, cues[0][2], rank=rank))
    return out


def _names_the_choice(cue: tuple[int, int, str], mentions: list) -> bool:
    """The cue shares its words with the ones the sentence names the choice by ("on the
    validation set" for a validation split, "grid search" for a search): they say what the
    choice is, not that it was found to work."""
    start, end, _ = cue
    return any(start < m.end and m.start < end for m in mentions)
