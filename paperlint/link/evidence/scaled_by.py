"""A setting named only as what another one is scaled by ("we scale the learning rate according
to the batch size, as in [19]", "the warm-up grows in proportion to the batch size") is the
rule's input, not its subject: the sentence's reasons and citations argue for the scaling rule
(the other setting), not for this setting's value."""

from __future__ import annotations

import re

from paperlint.link.evidence import Candidate, ChoiceContext

_JUSTIFYING = ("reasoning", "citation", "empirical_claim")

#: what introduces the quantity a rule scales by, right before the choice's mention
_SCALED_BY = re.compile(
    r"\b(?:according\s+to|(?:linearly\s+|inversely\s+)?proportional(?:ly)?\s+to|in\s+proportion\s+to"
    r"|scal(?:e|es|ed|ing)\s+(?:\w+\s+){0,3}?(?:with|by))\s+(?:the\s+|our\s+|its\s+)?(?:\w+\s+)?$",
    re.I,
)


def find(ctx: ChoiceContext) -> list[Candidate]:
    out = []
    for i in sorted({c.sentence for c in ctx.found if c.kind in _JUSTIFYING}):
        spans = ctx.hits[i].spans if i in ctx.hits else []
        text = ctx.paper.text(i)
        if spans and all(_SCALED_BY.search(text[max(0, m.start - 60) : m.start]) for m in spans):
            out.append(Candidate("veto", i, vetoes=_JUSTIFYING))
    return out
