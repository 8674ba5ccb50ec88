"""The value the paper states for the choice, compared with the code's after normalizing the
notation: a value stated with the concept ("a learning rate of 10^-3"), after the setting's
name words, or as a symbol the paper defined ("η = 0.1"); for a component (optimizer, loss,
schedule), the one the paper says it uses where the code's is never named; for a component the
code lacks, the paper saying it uses one. A disagreement is a mismatch only for a scalar
setting stated with its concept: architecture sizes vary across a paper's models, and a number
found only next to name words is too weak an anchor."""

from __future__ import annotations

import re

from paperlint.link import components, compounds, naming, tables
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.scopes import CONFLICT, MATCH
from paperlint.link.values import ValueReader, agrees
from paperlint.model import Choice
from paperlint.paper.index import terms_for_name
from paperlint.paper.numbers import Number, same_value


def find(ctx: ChoiceContext) -> list[Candidate]:
    choice, paper = ctx.choice, ctx.paper
    drawn = _drawn_range(choice)
    if drawn is not None:
        return _range(ctx, drawn)
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
    left_out = _left_out(ctx, code)
    if left_out is not None:
        return [Candidate("value", left_out, "not used", paper_value="not used")]
    reader = paper.values
    stated = reader.stated_values(choice)
    by_pattern = bool(stated)
    if not stated and choice.kind == "epochs" and "epoch" in choice.param.lower():
        implied = reader.epochs_from_iterations(choice, code)
        if implied is not None:
            i, said, mismatch = implied
            return [Candidate("value", i, said, paper_value=said, mismatch=mismatch)]
    if not stated and choice.kind == "other":
        # "τ = 3.0" for `distillation_tau`, "r = 8" where the paper defines "the rank r" for
        # `rank`: the paper's notation, as strong as a value pattern
        symbol = (
            naming.greek_symbol_of(choice)
            or paper.letter_of_name(choice)
            or paper.defined_symbol(choice)
        )
        stated = reader.symbol_stated(choice, symbol)
        by_pattern = bool(stated)
    stated = stated or reader.values_near_name(choice, ctx.hits, naming.name_terms(choice))
    # a value stated for a compound whose modifier the code never writes for the setting is
    # another quantity's: a guidance scale is no upsampling's `scale_factor` (the head "scale")
    stated = _own_quantity(ctx, stated)
    if not stated:
        # a layer's filter shape in an architecture table ("3 × 3 × 3 × 32"), agreeing
        shapes = [(i, n) for i, h in ctx.hits.items() for n in h.value if len(n.dims) == 4]
        if shapes:
            i, n = shapes[0]
            return [Candidate("value", i, n.text, paper_value=n.text)]
        return []
    # agreement: a stated value equal to the code's, or the code's value written in the same
    # sentence as a stated one ("1e-5 for the backbone ... over [1e-5, 1e-3] for the heads")
    if by_pattern:
        # the appendix's values count for agreement too: a paper may state a restricted setup
        # in its main text and its default one in an appendix table
        stated_all = stated + [p for p in reader.stated_values(choice, True) if p not in stated]
    else:
        stated_all = stated
    stated_all = _own_quantity(ctx, stated_all)
    for_the_run = _for_the_run(reader, choice, stated_all)
    if for_the_run:
        # a value the paper gives the choice's own run (its table column, its variant's table)
        # is the one compared: another written with no run (a sweep's row, a passing example)
        # neither agrees nor disagrees with it
        stated, stated_all = for_the_run, for_the_run
    agree = [(i, n) for i, n in stated_all if agrees(choice, n, code)]
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
    if (
        not _one_value_for_the_run(reader, choice, stated)
        or _another_rate(ctx, i, n)
        or _unused_zero(choice, n, code)
    ):
        return [Candidate("value", i, n.text, paper_value=n.text)]
    if choice.kind == "other":
        # a number next to a setting's name words is shown, never called a mismatch
        return [Candidate("value", i, n.text, paper_value=n.text, mismatch=by_pattern)]
    mismatch = tables.kind(choice.kind).scalar
    return [Candidate("value", i, n.text, paper_value=n.text, mismatch=mismatch)]


#: a value drawn from a range: `np.random.uniform(0.2, 0.7)`, `random.randint(3, 9)`
_DRAWN = re.compile(
    r"\b(?:uniform|randint|randrange|integers|random_integers)\s*\(\s*"
    r"(?:low\s*=\s*)?([-+]?[\d.]+(?:e[-+]?\d+)?)\s*,\s*(?:high\s*=\s*)?([-+]?[\d.]+(?:e[-+]?\d+)?)\s*[,)]"
)


def _drawn_range(choice: Choice) -> tuple[float, float] | None:
    """The range a setting's value is drawn from, when the code draws it at random."""
    m = _DRAWN.search(choice.value)
    if m is None:
        return None
    try:
        return float(m.group(1)), float(m.group(2))
    except ValueError:
        return None


def _range(ctx: ChoiceContext, drawn: tuple[float, float]) -> list[Candidate]:
    """A value drawn from a range against the range the paper states beside the setting's name
    ("a mask that covered 30% to 70%"): the same ends agree, other ends are a mismatch."""
    found = ctx.paper.values.range_near_name(ctx.choice, naming.name_terms(ctx.choice))
    if found is None:
        return []
    i, low, high, said = found
    same = all(
        same_value(p, c) or same_value(p * 100, c) for p, c in zip((low, high), drawn, strict=True)
    )
    return [Candidate("value", i, said, paper_value=said, mismatch=not same)]


def _left_out(ctx: ChoiceContext, code: tuple[float, ...]) -> int | None:
    """A setting at zero (a dropout of 0.0, no weight decay) where the paper says it leaves the
    component out ("One exception is dropout, which we exclude"): the paper's value is the code's,
    whatever a table of other models lists for it. The sentence that says so, or None."""
    if any(v != 0 for v in code) or not tables.kind(ctx.choice.kind).scalar:
        return None
    for i, h in ctx.hits.items():
        if h.concept and ctx.paper.negates(i, h):
            return i
    return None


def _another_rate(ctx: ChoiceContext, i: int, n: Number) -> bool:
    """A learning rate whose setting name says what it is for or when it applies
    (`head_lr`, `warmup_lr`, `min_lr`) is not the base rate a sentence states,
    unless the statement names that too, right before the value or just after it ("a rate of
    1e-3 for the head"). Nor is the rate a warm-up starts from (`warmup_lr`) its length."""
    choice = ctx.choice
    name = choice.setting or choice.param or choice.symbol.rsplit(".", 1)[-1]
    if choice.kind == "warmup":
        # the rate a warm-up starts from (`warmup_lr`) is not the warm-up's length
        return bool(re.search(r"(?:^|[_.])(?:lr|learning_rate)(?:$|[_.])", name.lower()))
    if choice.kind != "learning_rate":
        return False
    base = tables.word_list("base_rate_words")
    own = [w for w in re.split(r"[^a-z]+", name.lower()) if w and w not in base]
    if not own:
        return False
    text = ctx.paper.text(i).lower()
    before = text[max(0, n.start - 60) : n.start]
    before = before[max(before.rfind(","), before.rfind(";"), before.rfind(" and ")) + 1 :]
    after = re.match(
        r"\s*(?:for|on|in)\s+(?:the\s+|its\s+|our\s+)?[\w-]+(?:\s+[\w-]+)?", text[n.end :]
    )
    near = (before + " " + (after.group() if after else "")).replace("-", "")
    forms = {f for w in own for t in terms_for_name(w) or [w] for f in naming.inflections(t)}
    return not any(re.search(rf"\b{re.escape(f)}", near) for f in forms)


def _own_quantity(ctx: ChoiceContext, stated: list[tuple[int, Number]]) -> list[tuple[int, Number]]:
    """The stated values that can be the setting's: not those written for a compound naming
    another quantity that shares only its head word with the setting
    (:func:`paperlint.link.compounds.other_quantity`)."""
    return [
        (i, n)
        for i, n in stated
        if not compounds.other_quantity(ctx.choice, ctx.paper.text(i), n.start)
    ]


def _unused_zero(choice: Choice, n: Number, code: tuple[float, ...]) -> bool:
    """A zero that is no value of the run: a learning rate of 0 written into an optimizer (a
    placeholder the schedule overwrites: nothing trains at 0), or a warm-up length of 0 in steps
    where the paper states the warm-up as a ratio (code offers both units and leaves the one
    not used at 0)."""
    if any(v != 0 for v in code):
        return False
    if choice.kind == "learning_rate":
        return True
    return choice.kind == "warmup" and 0 < n.value < 1


def _one_value_for_the_run(
    reader: ValueReader, choice: Choice, stated: list[tuple[int, Number]]
) -> bool:
    """The value the code is compared with is the one value the paper gives the choice's run:
    scoped to that run, or the only value its statement gives. A statement that gives several
    values for the setting at once (a table row with a column per model, "batch size 64 ...
    batch size 1200" for two models) without one scoped to the code's run states no single
    value to compare with: a mismatch with one of them is not a mismatch with the paper."""
    i, n = stated[0]
    if reader.scopes.verdict(choice, i, n)[0] == MATCH:
        return True
    return all(same_value(m.value, n.value) for j, m in stated if j == i)


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


def _for_the_run(
    reader: ValueReader, choice: Choice, stated: list[tuple[int, Number]]
) -> list[tuple[int, Number]]:
    """The stated values scoped to the choice's own run (MATCH), in order; none when no value
    names a run the choice is in."""
    return [(i, n) for i, n in stated if reader.scopes.verdict(choice, i, n)[0] == MATCH]
