"""The value the paper states for the choice, compared with the code's after normalizing the
notation: a value stated with the concept ("a learning rate of 10^-3"), after the setting's
name words, or as a symbol the paper defined ("η = 0.1"); for a component (optimizer, loss,
schedule), the one the paper says it uses where the code's is never named; for a component the
code lacks, the paper saying it uses one. A disagreement is a mismatch only for a scalar
setting stated with its concept: architecture sizes vary across a paper's models, and a number
found only next to name words is too weak an anchor."""

from __future__ import annotations

from paperlint.link import components, naming, tables
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.scopes import CONFLICT
from paperlint.link.values import agrees


def find(ctx: ChoiceContext) -> list[Candidate]:
    choice, paper = ctx.choice, ctx.paper
    if not ctx.hits:
        return _unmentioned(ctx)
    if choice.obviousness == "absent" or choice.concept == "unused_init":
        # an init function that is never applied leaves the framework default in place
        found = components.absence_value(paper, choice, ctx.hits)
        if found is None:
            return []
        i, said, mismatch, cue = found
        return [Candidate("value", i, cue, paper_value=said, mismatch=mismatch)]
    if naming.component_of(choice) is not None:
        return _component(ctx)
    code = naming.code_numbers(choice)
    if not code:
        return []
    reader = paper.values
    stated = reader.stated_values(choice)
    by_pattern = bool(stated)
    if not stated and choice.kind == "epochs" and "epoch" in choice.param.lower():
        implied = reader.epochs_from_iterations(choice, code)
        if implied is not None:
            i, said, mismatch = implied
            return [Candidate("value", i, said, paper_value=said, mismatch=mismatch)]
    stated = stated or reader.values_near_name(choice, ctx.hits, naming.name_terms(choice))
    if not stated:
        # a layer's filter shape in an architecture table ("3 × 3 × 3 × 32"), agreeing
        shapes = [(i, n) for i, h in ctx.hits.items() for n in h.value if len(n.dims) == 4]
        if shapes:
            i, n = shapes[0]
            return [Candidate("value", i, n.text, paper_value=n.text)]
        return []
    # agreement: a stated value equal to the code's, or the code's value written in the same
    # sentence as a stated one ("1e-5 for the backbone ... over [1e-5, 1e-3] for the heads")
    agree = [(i, n) for i, n in stated if agrees(choice, n, code)]
    agree += [
        (i, v)
        for i, h in ctx.hits.items()
        if any(j == i for j, _ in stated)
        for v in h.value[:1]
        if reader.scopes.verdict(choice, i, v)[0] != CONFLICT  # not another table column's
    ]
    if agree:
        i, n = agree[0]
        return [Candidate("value", i, n.text, paper_value=n.text)]
    i, n = stated[0]
    if choice.kind == "other":
        # a number next to a setting's name words is shown, never called a mismatch
        return [Candidate("value", i, n.text, paper_value=n.text, mismatch=by_pattern)]
    mismatch = tables.kind(choice.kind).scalar
    return [Candidate("value", i, n.text, paper_value=n.text, mismatch=mismatch)]


def _component(ctx: ChoiceContext) -> list[Candidate]:
    found = components.categorical(ctx.paper, ctx.choice)
    if found is None:
        return []
    i, rival = found
    return [Candidate("value", i, rival, paper_value=rival, mismatch=True)]


def _unmentioned(ctx: ChoiceContext) -> list[Candidate]:
    choice = ctx.choice
    out = _component(ctx)
    if not out and choice.kind == "epochs" and "epoch" in choice.param.lower():
        # a training length stated in iterations never says "epochs" and still states them
        implied = ctx.paper.values.epochs_from_iterations(choice, naming.code_numbers(choice))
        if implied is not None:
            i, said, mismatch = implied
            out = [Candidate("value", i, said, paper_value=said, mismatch=mismatch)]
    return out
