"""A component written under one option of a setting (`if distillation_type == "soft":
kl_div(...)`, `elif norm == "group": GroupNorm(...)`) is that option: the paper names it by the
option's value and the setting's word ("soft distillation", "group norm"), and an experiment
that compares the options ("hard distillation outperforms soft distillation") compares the
component. Only for the component itself (a call), not its arguments or the calls written as
them (the `log_softmax` of its inputs), and not for a setting that picks the data or the run
(`dataset == "cifar"`), whose options are not the method's."""

from __future__ import annotations

import functools
import re

from paperlint.link import tables
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.evidence.ablation import experiments
from paperlint.link.paper_view import Hit
from paperlint.model import Choice
from paperlint.paper.index import search_terms, terms_for_name


def find(ctx: ChoiceContext) -> list[Candidate]:
    phrase = option_phrase(ctx.choice)
    if phrase is None:
        return []
    paper = ctx.paper
    extra: dict[int, Hit] = {}
    for m in search_terms(paper.index, [phrase]):
        if m.sentence not in ctx.hits and paper.facts(m.sentence).ablation:
            extra.setdefault(m.sentence, Hit()).name.append(m)
    return experiments(ctx, extra) if extra else []


def option_phrase(choice: Choice) -> str | None:
    """How prose names the option a component is written under: the option's value words, then
    the setting's ("soft distillation" for `distillation_type == 'soft'`); None when the choice
    is not a component under one option, or either part has no word prose would write."""
    if choice.source != "call" or " == " not in choice.branch:
        return None
    if choice.snippet.rstrip().endswith(","):
        return None  # a call written as an argument of the option's component: one of its parts
    setting, _, value = choice.branch.partition(" == ")
    setting = setting.strip().split(".")[-1]
    value = value.strip().strip("'\"")
    if not re.fullmatch(r"[A-Za-z][\w-]*", value) or _run_setting().search(setting):
        return None
    setting_words = terms_for_name(setting)
    value_words = terms_for_name(re.sub(r"\W+", "_", value))
    if not setting_words or not value_words:
        return None
    return " ".join([*value_words, *setting_words]).lower()


@functools.cache
def _run_setting() -> re.Pattern[str]:
    return tables.pattern("ablation.option.run_settings")
