"""A sentence that opens by naming one experiment ("For this experiment, we train for 7200
epochs so that ...", "In these experiments, ...") sets up that experiment's run: its reasons
and citations are for that run's settings, not for the method's own choice."""

from __future__ import annotations

from paperlint.link import tables
from paperlint.link.evidence import Candidate, ChoiceContext

_JUSTIFYING = ("reasoning", "citation", "empirical_claim")


def find(ctx: ChoiceContext) -> list[Candidate]:
    opening = tables.pattern("statement.one_experiment")
    return [
        Candidate("veto", i, vetoes=_JUSTIFYING)
        for i in sorted({c.sentence for c in ctx.found if c.kind in _JUSTIFYING})
        if opening.match(ctx.paper.text(i))
    ]
