"""A reason given for what a setting sets, not for the setting by name, in the paragraph that
states the setting: "the model of [8] has been impossible to reproduce because of hardware
limitations, so a more lightweight version is presented" justifies the depth and width the
paragraph states (a lighter model is the model's size); "each batch was a single image and its
augmented copies. More would not fit in GPU memory" justifies the batch size stated right before;
"both keep the model from over-fitting" justifies the regularisers of its paragraph. Each reason,
and what it must name to reach a group of settings, is data
(rules/cues/reasons_for_what_it_sets.yaml)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from paperlint import resources
from paperlint.link import groups, naming
from paperlint.link.evidence import Candidate, ChoiceContext

#: sections whose sentences speak for other work, unless they name the paper's own
_NOT_OWN = ("related", "baselines")
_OWN_WORK = re.compile(
    r"\b(?:we|our|in this (?:work|paper|project|report|study)|(?:is|are) presented here)\b", re.I
)


@dataclass(frozen=True)
class Reason:
    name: str
    cue: re.Pattern[str]
    #: group or concept → what the sentence must name to reach it (None: nothing more)
    objects: dict[str, re.Pattern[str] | None]
    next: bool  # right after the paper's own statement of a setting, it is that setting's reason
    #: the sentence must name no other component: a reason said of one named there ("early
    #: stopping avoids over-fitting") is that component's
    alone: bool = False


@functools.cache
def reasons() -> tuple[Reason, ...]:
    data = resources.load_yaml("cues/reasons_for_what_it_sets.yaml")["reasons"]
    return tuple(
        Reason(
            name,
            re.compile(spec["cue"], re.I),
            {
                k: (re.compile(v, re.I) if v else None)
                for k, v in (spec.get("objects") or {}).items()
            },
            bool(spec.get("next")),
            bool(spec.get("alone")),
        )
        for name, spec in data.items()
    )


def same_paragraph(ctx: ChoiceContext, i: int, j: int) -> bool:
    """Sentences ``i`` and ``j`` are in one paragraph of the paper (no paragraph break, heading,
    caption or table between them)."""
    index = ctx.paper.index
    a, b = sorted((i, j))
    first, last = index.sentence(a), index.sentence(b)
    if first.role != "body" or last.role != "body" or first.section != last.section:
        return False
    return "\n\n" not in index.document.text[first.end : last.start]


def find(ctx: ChoiceContext) -> list[Candidate]:
    paper = ctx.paper
    statements = [i for i in ctx.hits if paper.facts(i).eligible]
    if not statements:
        return []
    keys = {k for m in groups.memberships(ctx.choice) for k in (m.group, m.concept)}
    out = []
    for k in sorted({k for i in statements for k in _paragraph_of(ctx, i)}):
        if k in ctx.hits:
            continue
        facts = paper.facts(k)
        text = paper.text(k)
        if not facts.eligible:
            continue
        if facts.section_kind in _NOT_OWN and not _OWN_WORK.search(text):
            # the background describes another work's model; a reason there is the paper's own
            # only when it says so (a smaller model "in this work", not one a cited work used)
            continue
        for reason in reasons():
            cue = reason.cue.search(text)
            if cue is None or (reason.alone and _names_another(ctx, k)):
                continue
            # right after the paper's statement of its own use (not any passing mention)
            right_after = reason.next and k - 1 in ctx.ranked and same_paragraph(ctx, k - 1, k)
            names_object = any(
                key in keys and (rx is None or rx.search(text))
                for key, rx in reason.objects.items()
            ) and any(same_paragraph(ctx, i, k) for i in statements)
            if right_after or names_object:
                out.append(Candidate("reasoning", k, cue.group(), rank=len(ctx.ranked)))
                break
    return out


def _names_another(ctx: ChoiceContext, k: int) -> bool:
    """Sentence ``k`` names a component other than the choice's."""
    own = set(naming.concepts_for(ctx.choice))
    return any(m.concept not in own for m in ctx.paper.sentence_mentions(k))


def _paragraph_of(ctx: ChoiceContext, i: int) -> list[int]:
    """The other sentences of ``i``'s paragraph."""
    out, n = [], len(ctx.paper.index.facts)
    k = i - 1
    while k >= 0 and same_paragraph(ctx, k, i):
        out.append(k)
        k -= 1
    k = i + 1
    while k < n and same_paragraph(ctx, i, k):
        out.append(k)
        k += 1
    return out
