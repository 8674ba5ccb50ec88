"""A limit on resources given as the reason for what a setting sets, in the paragraph that states
the setting, without naming the setting: "the model of [8] has been impossible to reproduce
because of hardware limitations, so a more lightweight version is presented" justifies the depth
and width the paragraph states; "each batch was a single image and its augmented copies. More
would not fit in GPU memory" justifies the batch size stated just before. The limit must name
what the setting sizes (a lighter model is the model size, batches the batch size; the data is
rules/cues/resource_limits.yaml) or follow the setting's statement directly in its paragraph."""

from __future__ import annotations

import functools
import re

from paperlint import resources
from paperlint.link import groups
from paperlint.link.evidence import Candidate, ChoiceContext

#: sections whose sentences speak for other work, unless they name the paper's own
_NOT_OWN = ("related", "baselines")
_OWN_WORK = re.compile(
    r"\b(?:we|our|in this (?:work|paper|project|report|study)|(?:is|are) presented here)\b", re.I
)


@functools.cache
def _data() -> dict:
    return resources.load_yaml("cues/resource_limits.yaml")


@functools.cache
def _limit() -> re.Pattern[str]:
    return re.compile(_data()["limit"], re.I)


@functools.cache
def _objects() -> dict[str, re.Pattern[str]]:
    return {k: re.compile(v, re.I) for k, v in _data()["objects"].items()}


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
    objects = [
        rx
        for key, rx in _objects().items()
        if any(key in (m.group, m.concept) for m in groups.memberships(ctx.choice))
    ]
    out = []
    for k in sorted({k for i in statements for k in _paragraph_of(ctx, i)}):
        if k >= len(paper.index.facts) or k in ctx.hits:
            continue
        facts = paper.facts(k)
        text = paper.text(k)
        if not facts.eligible:
            continue
        if facts.section_kind in _NOT_OWN and not _OWN_WORK.search(text):
            # the background describes another work's model; a limit there is the paper's own
            # only when it says so ("so a lighter version is presented in this work")
            continue
        cue = _limit().search(text)
        if cue is None:
            continue
        # right after the paper's statement of its own use (not any passing mention)
        right_after = k - 1 in ctx.ranked and same_paragraph(ctx, k - 1, k)
        names_object = any(rx.search(text) for rx in objects) and any(
            same_paragraph(ctx, i, k) for i in statements
        )
        if right_after or names_object:
            out.append(Candidate("reasoning", k, cue.group(), rank=len(ctx.ranked)))
    return out


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
