"""A setting named only as what another one is scaled by ("we scale the learning rate according
to the batch size, as in [19]", "the warm-up grows in proportion to the batch size") is the
rule's input, not its subject: the sentence's reasons and citations argue for the scaling rule
(the other setting), not for this setting's value."""

from __future__ import annotations

import re

from paperlint.link.evidence import Candidate, ChoiceContext, vetoes

#: what introduces the quantity a rule scales by, right before the choice's mention
_SCALED_BY = re.compile(
    r"\b(?:according\s+to|(?:linearly\s+|inversely\s+)?proportional(?:ly)?\s+to|in\s+proportion\s+to"
    r"|scal(?:e|es|ed|ing)\s+(?:\w+\s+){0,3}?(?:with|by))\s+(?:the\s+|our\s+|its\s+)?(?:\w+\s+)?$",
    re.I,
)


def find(ctx: ChoiceContext) -> list[Candidate]:
    return vetoes.where_every_mention(
        ctx, lambda text, start, _end: bool(_SCALED_BY.search(text[max(0, start - 60) : start]))
    )
