"""A sentence that opens by naming one experiment ("For this experiment, we train for 7200
epochs so that ...", "In these experiments, ...") sets up that experiment's run: its reasons
and citations are for that run's settings, not for the method's own choice. One that opens by
naming the ablation runs ("For the ablation studies, we train for a quarter of the
schedule") sets up those runs: when it states one value, the word "ablation" in its opening
ablates nothing (one comparing several values, "we compare 10K, 20K and 50K steps", does)."""

from __future__ import annotations

from paperlint.link import tables
from paperlint.link.evidence import Candidate, ChoiceContext

_JUSTIFYING = ("reasoning", "citation", "empirical_claim")


def find(ctx: ChoiceContext) -> list[Candidate]:
    opening = tables.pattern("statement.one_experiment")
    ablations = tables.pattern("statement.ablation_setup")
    out = [
        Candidate("veto", i, vetoes=_JUSTIFYING)
        for i in sorted({c.sentence for c in ctx.found if c.kind in _JUSTIFYING})
        if opening.match(ctx.paper.text(i)) or ablations.match(ctx.paper.text(i))
    ]
    for i in sorted({c.sentence for c in ctx.found if c.kind == "ablation"}):
        m = ablations.match(ctx.paper.text(i))
        cues = [c.cue.lower() for c in ctx.found if c.sentence == i and c.kind == "ablation"]
        values = {n.value for n in ctx.paper.facts(i).numbers}
        if m and len(values) <= 1 and all(cue and cue in m.group().lower() for cue in cues):
            out.append(Candidate("veto", i, vetoes=("ablation",)))
    return out
