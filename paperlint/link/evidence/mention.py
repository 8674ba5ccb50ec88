"""The paper names the choice: its concept ("batch normalization", "BN"), a value stated for it
("a batch size of 256"), the words of its setting's name next to its value, or the module it
sits in. The best statement of the paper's own use is the mention shown."""

from __future__ import annotations

from paperlint.link.evidence import Candidate, ChoiceContext


def find(ctx: ChoiceContext) -> list[Candidate]:
    if not ctx.hits:
        return []
    first = ctx.primary[0] if ctx.primary else next(iter(ctx.hits))
    spans = ctx.hits[first].spans
    return [Candidate("mention", first, spans[0].text if spans else "")]
