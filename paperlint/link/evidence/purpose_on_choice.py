"""A purpose whose object is the choice itself ("... allows one to reduce the batch size
without hurting accuracy", "we accumulate gradients to increase the batch size") names the
choice as what something else changes: the reason is for that other thing, not for the
choice's value."""

from __future__ import annotations

import re

from paperlint.link.evidence import Candidate, ChoiceContext

#: the words a purpose cue's verb may take before its object ("to reduce the batch size",
#: "to increase our effective batch size")
_TO_OBJECT = re.compile(r"^\s*(?:(?:the|a|an|our|its|their|this|effective|overall)\s+){0,2}$", re.I)


def find(ctx: ChoiceContext) -> list[Candidate]:
    out = []
    for c in ctx.found:
        if c.kind != "reasoning" or c.sentence not in ctx.hits or not c.cue:
            continue
        text = ctx.paper.text(c.sentence)
        at = text.find(c.cue)
        if at < 0 or not c.cue.lower().startswith("to "):
            continue
        end = at + len(c.cue)
        if any(
            m.start >= end and _TO_OBJECT.match(text[end : m.start])
            for m in ctx.hits[c.sentence].spans
        ):
            out.append(Candidate("veto", c.sentence, vetoes=("reasoning",)))
    return out
