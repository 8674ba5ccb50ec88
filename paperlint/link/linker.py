"""Link each code choice to what the paper says about it.

For one choice the linker builds its context (:class:`~paperlint.link.evidence.ChoiceContext`):

1. **Mentions**: the sentences that name its concept (vocabulary phrases and abbreviations), a
   value stated for it, or, for a setting without a concept, its distinctive name words next to
   its value (:meth:`~paperlint.link.paper_view.PaperView.hits`). Where the code's component is
   never named but the paper uses a rival for the same role, the rival's mentions stand in.
2. **Primary statements**: among the mentions, the sentences that state the paper's *own* use
   of the choice — in the method or experimental setup rather than related work or an appendix,
   with a usage verb ("we use", "is followed by") or the value itself.

Then every evidence recogniser (:mod:`paperlint.link.evidence`, registered in order) proposes
candidates — a reason, a citation, an empirical claim, an experiment, a stated value, or a veto
— and :func:`paperlint.link.decide.decide` turns them into the verdict in one place. Every
verdict keeps its evidence (quote, page, section); when nothing is found the assessment lists
the sections that were searched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from paperlint.code.signatures import table as signature_table
from paperlint.link import components, values
from paperlint.link.decide import decide
from paperlint.link.evidence import ChoiceContext, gather
from paperlint.link.naming import code_modules, concepts_for
from paperlint.link.paper_view import PaperView
from paperlint.model import Assessment, Choice
from paperlint.paper.index import PaperIndex

__all__ = [
    "Linker",
    "assess_with_built_index",
    "code_modules",
    "concepts_for",
    "inherit_argument_mismatches",
    "link",
    "prepare",
    "warm_up",
]


class Linker:
    def __init__(
        self, index: PaperIndex, context: Iterable[Choice] = (), modules: Iterable[str] = ()
    ) -> None:
        """``context``: the code's settings of kind ``context`` (its dataset); ``modules``: the
        code's classes that hold choices (:func:`code_modules`), to tell which one a sentence
        is about."""
        self.index = index
        self.paper = PaperView(index, context, modules)

    def context(self, choice: Choice) -> ChoiceContext:
        """What the recognisers need to know about ``choice``: the sentences that name it (or
        its rival) and which of them state the paper's own use of it."""
        paper = self.paper
        hits = {i: h for i, h in paper.hits(choice).items() if paper.facts(i).eligible}
        rival = False
        if not hits:
            hits = components.rival_hits(paper, choice)
            rival = bool(hits)
        primary = paper.primary(choice, hits) if hits else []
        return ChoiceContext(choice, paper, hits, primary, rival=rival)

    def assess(self, choice: Choice) -> Assessment:
        ctx = self.context(choice)
        return decide(ctx, gather(ctx))


def warm_up(value_patterns: bool = True) -> None:
    """Load and compile, ahead of the first choice, what every linker uses: the signature
    tables, the dataset cues, the evidence recognisers' modules and, with ``value_patterns``,
    every concept's value patterns (a few hundred regular expressions in all)."""
    from paperlint.link.evidence import recognisers

    values.warm_up(value_patterns)
    signature_table()
    recognisers()


def prepare(index: PaperIndex) -> None:
    """Work out ahead of the choices what every linker of ``index`` needs whatever they are:
    the tables and recognisers (:func:`warm_up`) and the paper's group statements (kept with
    the index). An audit does it while the code is read, so that linking the choices an edit
    changed is only their own work. The concepts' value patterns are left to the first choice
    of each concept: an edit changes a few choices of a few concepts, and compiling every
    concept's (some 0.08 CPU s) only takes the cores from the code's worker on a busy machine."""
    from paperlint.link import groups

    warm_up(value_patterns=False)
    groups.statements(PaperView(index))


def link(
    choices: Iterable[Choice], index: PaperIndex, context: Iterable[Choice] = ()
) -> list[Assessment]:
    """Assess every choice; ``context``: the code's settings of kind ``context`` (its dataset)."""
    choices = list(choices)
    linker = Linker(index, context, code_modules(choices))
    return inherit_argument_mismatches(choices, [linker.assess(c) for c in choices])


def assess_with_built_index(
    choices: tuple[Choice, ...], context: tuple[Choice, ...], modules: tuple[str, ...]
) -> list[Assessment]:
    """Assessments of ``choices`` against the index this worker has just built (the builder's
    share of the linking, :meth:`paperlint.paper.PaperJob.run_in_builder`)."""
    from paperlint.paper import built_index

    linker = Linker(built_index(), context, modules)
    return [linker.assess(c) for c in choices]


def inherit_argument_mismatches(
    choices: list[Choice], assessments: list[Assessment]
) -> list[Assessment]:
    """A component is configured by its arguments: `SGD(momentum=0.9)` against a paper that
    states momentum 0.99 is a mismatch of the optimizer as written, not only of one number.
    The component's assessment takes the argument's paper value and evidence, and names the
    argument in ``mismatch_of`` so that rules report the disagreement once."""
    by_id = {a.choice: a for a in assessments}
    components_at: dict[tuple[str, int, str], str] = {}
    for c in choices:
        if c.source == "call" and c.symbol:
            components_at.setdefault((c.file, c.line, c.symbol), c.id)
    out = {a.choice: a for a in assessments}
    for c in choices:
        a = by_id.get(c.id)
        if c.source != "argument" or a is None or not a.mismatch:
            continue
        parent = components_at.get((c.file, c.line, c.symbol))
        if parent is None or by_id[parent].mismatch or c.obviousness == "default":
            # a default the code never wrote (Adam's weight_decay=0) is not how the component
            # was configured; the paper's value may be implemented elsewhere (in the loss)
            continue
        pa = out[parent]
        out[parent] = replace(
            pa,
            mismatch=True,
            paper_value=f"{c.param} {a.paper_value}",
            mismatch_of=c.id,
            evidence=pa.evidence + tuple(e for e in a.evidence if e.type == "value"),
        )
    return [out[a.choice] for a in assessments]
