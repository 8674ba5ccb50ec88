"""The rule that stops training early, as the paper states it against the one the code runs. A
paper states a patience ("we stop training if the validation loss does not decrease for 10
consecutive epochs", "a patience of 5"): training stops once no epoch has beaten the best for
that long. Code that stops as soon as the last validation loss exceeds the mean of the previous
ones (`loss[-1] > np.mean(loss[-11:-1])`) runs another rule, which stops on one bad epoch; code
that compares with the best so far runs the paper's."""

from __future__ import annotations

import functools
import re

from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.paper.index import cues


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The rules as papers write them and as code computes them, from
    ``rules/cues/evidence.yaml`` (``linker.values.stopping_rules``)."""
    spec = cues()["linker"]["values"]["stopping_rules"]
    return {name: re.compile(rx, re.I) for name, rx in spec.items()}


def code_rule(text: str) -> str | None:
    """ "window_mean", "best" or None: what a stopping condition compares the last loss with."""
    p = _patterns()
    if p["code_window_mean"].search(text):
        return "window_mean"
    if p["code_best"].search(text):
        return "best"
    return None


def find(ctx: ChoiceContext) -> list[Candidate]:
    choice, paper = ctx.choice, ctx.paper
    if ctx.has_mismatch() or choice.concept != "early_stopping" or choice.source != "structure":
        return []
    rule = code_rule(choice.snippet or choice.value)
    if rule is None:
        return []
    patience = _patterns()["paper_patience"]
    order = list(ctx.ranked) + [i for i in ctx.hits if i not in ctx.ranked]
    for i in order:
        f = paper.facts(i)
        if not f.eligible or f.section_kind in ("related", "baselines"):
            continue
        # the rule may be spelled out in the next sentence ("early stopping, i.e. we stop ...")
        for j in (i, i + 1):
            if j != i and (j >= len(paper.index.facts) or not paper.same_section(i, j)):
                continue
            m = patience.search(paper.text(j))
            if m is not None:
                said = m.group()
                return [Candidate("value", j, said, paper_value=said, mismatch=rule != "best")]
    return []
