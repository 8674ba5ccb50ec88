"""A sentence in which the paper states its own choice over an alternative ("we choose to flip
the images instead of rotating them, since ...", "we use GroupNorm rather than BatchNorm") and
reports no result describes the method: "instead of" there sets an alternative aside, it does
not compare the two in an experiment. A sentence that gives a result ("... instead of
rotations, which lowers the accuracy by 2 points") still does."""

from __future__ import annotations

import functools
import re

from paperlint.link import tables
from paperlint.link.evidence import Candidate, ChoiceContext


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (
        tables.pattern("ablation.set_aside_cues"),
        tables.pattern("ablation.own_choice"),
        tables.pattern("ablation.result_reported"),
    )


def find(ctx: ChoiceContext) -> list[Candidate]:
    set_aside, own_choice, result = _patterns()
    out = []
    for c in ctx.found:
        if c.kind != "ablation" or c.sentence < 0 or not set_aside.match(c.cue.strip()):
            continue
        text = ctx.paper.text(c.sentence)
        at = text.lower().find(c.cue.strip().lower())
        if at < 0 or not own_choice.search(text[:at]) or result.search(text):
            continue
        out.append(Candidate("veto", c.sentence, vetoes=("ablation",)))
    return out
