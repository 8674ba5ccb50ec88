"""The choice presented as following from a premise: a word of consequence before the choice's
mention in its statement ("The target lies in [0, 1] and is thus learned with a binary
cross-entropy"), or opening the statement, whose premise is then the sentence before it ("The
score is not differentiable. So we train on a cross-entropy instead."). The premise is the
reason. A phrase of purpose opening the statement ("To this end, we ...") ties it to the goal
the sentence before states, which is the reason in the same way. (A word of consequence opening
the sentence *after* the statement draws a conclusion from the choice instead, and is no reason
for it.)"""

from __future__ import annotations

from paperlint.link import tables
from paperlint.link.evidence import Candidate, ChoiceContext


def find(ctx: ChoiceContext) -> list[Candidate]:
    paper, out = ctx.paper, []
    within = tables.pattern("statement.consequence")
    opening = tables.pattern("statement.consequence_opening")
    purpose = tables.pattern("statement.purpose_opening")
    for rank, i in enumerate(ctx.ranked):
        text = paper.text(i)
        spans = ctx.hits[i].spans
        if not spans:
            continue
        first = min(m.start for m in spans)
        m = opening.match(text) or purpose.match(text)
        if m and i > 0 and paper.facts(i - 1).eligible and paper.same_section(i - 1, i):
            out.append(Candidate("reasoning", i, m.group(), rank=rank))
            continue
        for m in within.finditer(text[:first]):
            premise = text[: m.start()].strip(" ,;")
            near = i in ctx.primary or first - m.end() <= 80
            if len(premise.split()) >= 3 and near:
                out.append(Candidate("reasoning", i, m.group(), rank=rank))
                break
    return out
