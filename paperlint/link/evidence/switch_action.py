"""An on/off switch named by what it does to something (`scale_by_norm`, `freeze_encoder`) is
compared on and off in an experiment that names only the doing: "w/o rescaling", "the effect of
freezing". Where the paper names the switch elsewhere (its words together), a comparison cue
whose object is a verb form of the switch's words compares the switch. A noun of the switch
alone ("w/o encoder") removes the component, it does not turn the switch off."""

from __future__ import annotations

import re

from paperlint.link import naming
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.evidence.ablation import experiments
from paperlint.link.paper_view import Hit
from paperlint.paper.index import Mention


def find(ctx: ChoiceContext) -> list[Candidate]:
    if not ctx.hits:
        return []  # the paper never names the switch: a lone verb may do anything
    forms = naming.switch_action_forms(ctx.choice)
    if not forms:
        return []
    doing = re.compile(
        r"\b(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b",
        re.I,
    )
    paper = ctx.paper
    extra: dict[int, Hit] = {}
    for f in paper.index.facts:
        if not f.eligible or not f.ablation or f.index in ctx.hits:
            continue
        text = paper.text(f.index)
        found = [
            Mention(f.index, "switch", m.start(), m.end(), m.group())
            for m in doing.finditer(text)
            if any(_object_of(text, end, m.start()) for _start, end, _cue in f.ablation)
        ]
        if found:
            extra[f.index] = Hit(name=found)
    return experiments(ctx, extra)


#: how many characters the doing may follow its cue by: a short noun phrase between them
#: ("the effect of <a few words> scaling"), not the next clause
_OBJECT_REACH = 40
_CLAUSE_BREAK = re.compile(r"[;:.,()]|\b(?:and|but|while|in|for|on)\b", re.I)


def _object_of(text: str, cue_end: int, start: int) -> bool:
    """The doing is what the cue compares: it follows the cue closely, in its phrase ("w/o
    rescaling"), not in a later clause ("with and without a language model; the features are rescaled")."""
    gap = text[cue_end:start]
    return cue_end <= start and len(gap) <= _OBJECT_REACH and not _CLAUSE_BREAK.search(gap)
