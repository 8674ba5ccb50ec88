"""A width the paper states as a layer's filter shape (k × k × in × out, in an architecture
table) scales with a global width multiplier: a sweep over the multiplier varies it too. The
filter shape names the layer by itself: a row whose type cell the text extraction lost
("1 × 1 × 32 × 64  112 × 112 × 32") states the width as well as one that kept it."""

from __future__ import annotations

from paperlint.link import naming, tables
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.evidence.ablation import experiments
from paperlint.link.paper_view import Hit, PaperView
from paperlint.link.values import agrees


def find(ctx: ChoiceContext) -> list[Candidate]:
    if ctx.choice.kind != "channels":
        return []
    named = any(len(n.dims) == 4 for h in ctx.hits.values() for n in h.value)
    rows = [] if named else _filter_shape_rows(ctx)
    if not named and not rows:
        return []
    paper = ctx.paper
    extra = {
        m.sentence: Hit(concept=[m])
        for m in paper.index.mentions.get("width_multiplier", ())
        if m.sentence not in ctx.hits and paper.facts(m.sentence).ablation
    }
    found = experiments(ctx, extra)
    if found and rows:
        # the row states the width the sweep varies: it is where the paper names it
        row, shape = rows[0]
        found.insert(0, Candidate("mention", row, shape))
    return found


def _filter_shape_rows(ctx: ChoiceContext) -> list[tuple[int, str]]:
    """The paper's table rows that state the code's width as a filter shape's output channels
    ("1 × 1 × 64 × 128" for 128), with the shape as written."""
    code = naming.code_numbers(ctx.choice)
    trivial = tables.trivial_values()
    if not code or all(v in trivial for v in code):
        return []
    paper: PaperView = ctx.paper
    return [
        (f.index, n.text)
        for f in paper.index.facts
        if f.eligible and paper.index.sentence(f.index).role == "table"
        for n in f.numbers
        if len(n.dims) == 4 and n.dims[0] == n.dims[1] and agrees(ctx.choice, n, code)
    ]
