"""What a loss is divided by: a paper that normalizes a loss by a count ("Npos denotes the number
of positive samples", "divided by the number of tokens") against the code's divisor. A divisor
whose name says it counts (`num_pos`, `len(batch)`, `token_count`, `numel()`, `size(0)`)
agrees; one that sums weights (`sum_centerness_targets`, `weights.sum()`) divides by another
quantity than the paper's, which weighs the examples differently. A sum of a mask or of the
positives' indicator (`mask.sum()`, `pos.sum()`) counts them, and any other divisor (a
constant, a name that says neither) is not judged."""

from __future__ import annotations

import functools
import re

from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.paper.index import cues

#: the divisor the code stage records: "the loss is divided by `X`"
_DIVISOR = re.compile(r"divided by `(.+)`")


@functools.cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """(a count as a paper writes it, a count as a divisor's name says it, a sum, what a sum of
    counts its members: a mask, the positives), from
    ``rules/cues/evidence.yaml`` (``linker.values.count_normalizer``)."""
    spec = cues()["linker"]["values"]["count_normalizer"]
    return (
        re.compile(spec["paper"], re.I),
        re.compile(spec["code"], re.I),
        re.compile(spec["weight_sum"], re.I),
        re.compile(spec["indicator"], re.I),
    )


def divisor_of(detail: str) -> str:
    m = _DIVISOR.search(detail)
    return m.group(1).strip() if m else ""


def counts(divisor: str) -> bool | None:
    """True: a divisor whose name says it counts something; False: one that sums weights; None:
    one whose name says neither."""
    _paper, count, weight_sum, indicator = _patterns()
    if count.search(divisor) or (weight_sum.search(divisor) and indicator.search(divisor)):
        return True
    if weight_sum.search(divisor):
        return False
    return None


def find(ctx: ChoiceContext) -> list[Candidate]:
    choice, paper = ctx.choice, ctx.paper
    if ctx.has_mismatch() or choice.concept != "loss_normalization":
        return []
    divisor = divisor_of(choice.detail)
    counted = counts(divisor) if divisor else None
    if counted is None:
        return []
    said_rx = _patterns()[0]
    order = list(ctx.ranked) + [i for i in ctx.hits if i not in ctx.ranked]
    for i in order:
        f = paper.facts(i)
        if not f.eligible or f.section_kind in ("related", "baselines"):
            continue
        if not ctx.hits[i].concept:
            continue
        m = said_rx.search(paper.text(i))
        if m is None:
            continue
        return [Candidate("value", i, m.group(), paper_value=m.group(), mismatch=not counted)]
    return []
