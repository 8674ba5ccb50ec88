"""Evidence recognisers: each way a paper names, justifies, ablates or states a choice is one
small unit, ``find(ctx) -> candidates``, registered in order in :data:`RECOGNISERS`.

A recogniser looks at one choice (``ctx.choice``) against the paper (``ctx.paper``, a
:class:`~paperlint.link.paper_view.PaperView`) and returns :class:`Candidate` records: a
sentence and what it would be evidence of — a mention, a reason, a citation, an empirical
claim, an ablation, a stated value — or a veto that removes other candidates (a reason that is
about something else). It never decides: :func:`paperlint.link.decide.decide` weighs every
candidate in one place (a reason beats a citation, which beats "we found empirically").

Each recogniser has an example folder, ``rules/cues/examples/<name>/``: a plain-text paper and a
tiny code file with ``<!-- evidence: TYPE -->`` / ``<!-- no-evidence: TYPE -->`` markers that the
test suite runs (:mod:`paperlint.testing`). Teaching paperlint a new way papers argue is one
module here, one entry in :data:`RECOGNISERS` and one example folder.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from paperlint.link.paper_view import Hit, PaperView
from paperlint.model import Choice

#: what a candidate can be evidence of; a ``veto`` removes candidates instead
CANDIDATE_KINDS = (
    "mention",
    "reasoning",
    "citation",
    "empirical_claim",
    "ablation",
    "value",
    "veto",
    # a group statement that speaks for the choice without naming it: never a justification
    "borrowed",
    # a statement that takes the whole setup from earlier work in general terms
    "setup_borrowed",
)


@dataclass(frozen=True)
class Candidate:
    """One sentence that may be evidence about the choice, as a recogniser found it."""

    kind: str  # one of CANDIDATE_KINDS
    sentence: int  # the sentence's index in the document (-1: none)
    cue: str = ""  # what matched: "following [12]", "because", "w/o BN", the stated value
    recogniser: str = ""  # the unit that found it (set by :func:`gather`)
    #: False: shown as further support where the paper argues for the choice, never decides
    decides: bool = True
    #: False: decides when nothing stronger of its kind is found, but is never shown as further
    #: support beside another one
    supports: bool = True
    #: weighed only when no ordinary candidate of its family decides (the justification of a
    #: statement found by a value recogniser, not by the choice's mentions)
    fallback: bool = False
    #: a veto: the kinds it removes, in ``sentence`` or (``everywhere``) in every sentence
    vetoes: tuple[str, ...] = ()
    everywhere: bool = False
    #: a value: what the paper states, whether it contradicts the code, whether finding it is a
    #: mention of the choice, and whether the searched sections go with it (nothing is said)
    paper_value: str | None = None
    mismatch: bool = False
    mentions: bool = False
    searched: bool = False
    #: the position of the statement the candidate was found from, best first (for the order in
    #: which further support is shown)
    rank: int = 0


@dataclass
class ChoiceContext:
    """What the recognisers know about one choice: the sentences that name it and which of them
    state the paper's own use of it. ``found`` holds the candidates of the recognisers that ran
    before, in order (a value recogniser that only applies when no mismatch was found yet)."""

    choice: Choice
    paper: PaperView
    hits: dict[int, Hit]  # every sentence naming the choice that can be evidence
    primary: list[int]  # the statements of the paper's own use, best first
    #: the hits are another component's: the code's is never named, the paper's rival is
    rival: bool = False
    found: list[Candidate] = field(default_factory=list)

    @property
    def mentioned(self) -> bool:
        return bool(self.hits)

    @functools.cached_property
    def ranked(self) -> list[int]:
        """Sentences about the paper's own use of the choice: the primary statements first,
        then any other mention that scores as a statement of the method (not related work, not
        a passing mention in an appendix)."""
        paper, choice = self.paper, self.choice
        extra = sorted(
            (
                i
                for i, h in self.hits.items()
                if i not in self.primary
                and paper.score(choice, i, h) >= JUSTIFY_MIN
                and (paper.facts(i).section_kind != "appendix" or paper.facts(i).in_setup_section)
            ),
            key=lambda i: (-paper.score(choice, i, self.hits[i]), i),
        )
        return list(self.primary) + extra

    @functools.cached_property
    def statements(self) -> list[tuple[int, int, int]]:
        """(rank, statement, sentence) for every sentence a justification may be read from: each
        ranked statement, the next sentence when it refers back to it ("This keeps ..."), and,
        for a primary statement, the motivation just before it that names the choice too."""
        paper = self.paper
        refers_back = _refers_back()
        out: list[tuple[int, int, int]] = []
        for rank, i in enumerate(self.ranked):
            sentences = [i]
            nxt = i + 1
            if nxt < len(paper.index.facts) and (
                refers_back.match(paper.text(nxt))
                and paper.facts(nxt).eligible
                and paper.same_section(nxt, i)
            ):
                sentences.append(nxt)
            prev = i - 1
            if (
                i in self.primary
                and prev in self.hits
                and not self.hits[prev].module_only
                and prev not in self.ranked
                and paper.facts(prev).eligible
                and paper.same_section(prev, i)
            ):
                sentences.insert(0, prev)
            out.extend((rank, i, j) for j in sentences)
        return out

    def near_spans(self, statement: int, sentence: int) -> list:
        """The mentions a cue in ``sentence`` must be near: the sentence's own mentions of the
        choice when it names it (the statement, or the motivation before it)."""
        if sentence in self.hits and (sentence == statement or sentence == statement - 1):
            return self.hits[sentence].spans
        return []

    def has_mismatch(self) -> bool:
        return any(c.kind == "value" and c.mismatch for c in self.found)


#: a mention must score at least this to be read as a statement of the method
JUSTIFY_MIN = 4


@functools.cache
def _refers_back():
    from paperlint.link import tables

    return tables.pattern("statement.refers_back")


@dataclass(frozen=True)
class Recogniser:
    """One registered way of finding evidence: its name (and example folder), what it finds,
    and the function that finds it."""

    name: str
    finds: tuple[str, ...]
    find: Callable[[ChoiceContext], Iterable[Candidate]]
    about: str  # one line: the pattern of writing it recognises


def _registry() -> tuple[Recogniser, ...]:
    from paperlint.link.evidence import (
        ablation,
        choice_stated_over_alternative,
        citation,
        consequence,
        empirical,
        group_statement,
        group_study,
        implied_standard,
        init_distribution,
        joined_input,
        layer_sequence,
        lead_citation,
        loss_normalizer,
        mention,
        module_comparison,
        multiplier_sweep,
        named_alternatives,
        notation,
        one_experiment,
        opposite_statement,
        option_branch,
        options_left_open,
        other_clause,
        purpose_on_choice,
        reason,
        reason_for_what_it_sets,
        scaled_by,
        setup_borrowed,
        stated_value,
        stopping_rule,
        switch_action,
        titled_component,
        vetoes,
    )

    return (
        Recogniser("mention", ("mention",), mention.find, mention.__doc__ or ""),
        Recogniser("stated_reason", ("reasoning",), reason.find, reason.__doc__ or ""),
        Recogniser("consequence", ("reasoning",), consequence.find, consequence.__doc__ or ""),
        Recogniser(
            "reason_for_what_it_sets",
            ("reasoning",),
            reason_for_what_it_sets.find,
            reason_for_what_it_sets.__doc__ or "",
        ),
        Recogniser("citation", ("citation",), citation.find, citation.__doc__ or ""),
        Recogniser(
            "cited_method_paragraph", ("citation",), lead_citation.find, lead_citation.__doc__ or ""
        ),
        Recogniser(
            "group_statement", ("citation",), group_statement.find, group_statement.__doc__ or ""
        ),
        Recogniser(
            "empirical_claim", ("empirical_claim",), empirical.find, empirical.__doc__ or ""
        ),
        Recogniser("experiment", ("ablation",), ablation.find, ablation.__doc__ or ""),
        Recogniser(
            "module_comparison",
            ("ablation",),
            module_comparison.find,
            module_comparison.__doc__ or "",
        ),
        Recogniser(
            "named_alternatives",
            ("ablation",),
            named_alternatives.find,
            named_alternatives.__doc__ or "",
        ),
        Recogniser("joined_input", ("ablation",), joined_input.find, joined_input.__doc__ or ""),
        Recogniser(
            "titled_component", ("ablation",), titled_component.find, titled_component.__doc__ or ""
        ),
        Recogniser("option_branch", ("ablation",), option_branch.find, option_branch.__doc__ or ""),
        Recogniser("switch_action", ("ablation",), switch_action.find, switch_action.__doc__ or ""),
        Recogniser("notation", ("ablation",), notation.find, notation.__doc__ or ""),
        Recogniser(
            "multiplier_sweep", ("ablation",), multiplier_sweep.find, multiplier_sweep.__doc__ or ""
        ),
        Recogniser("group_study", ("ablation",), group_study.find, group_study.__doc__ or ""),
        Recogniser("stated_value", ("value",), stated_value.find, stated_value.__doc__ or ""),
        Recogniser(
            "opposite_statement",
            ("value", "reasoning", "citation", "empirical_claim"),
            opposite_statement.find,
            opposite_statement.__doc__ or "",
        ),
        Recogniser("layer_sequence", ("value",), layer_sequence.find, layer_sequence.__doc__ or ""),
        Recogniser(
            "init_distribution", ("value",), init_distribution.find, init_distribution.__doc__ or ""
        ),
        Recogniser(
            "loss_normalizer", ("value",), loss_normalizer.find, loss_normalizer.__doc__ or ""
        ),
        Recogniser("stopping_rule", ("value",), stopping_rule.find, stopping_rule.__doc__ or ""),
        Recogniser(
            "implied_standard",
            ("value", "reasoning", "citation", "empirical_claim"),
            implied_standard.find,
            implied_standard.__doc__ or "",
        ),
        Recogniser(
            "setup_borrowed",
            ("setup_borrowed",),
            setup_borrowed.find,
            setup_borrowed.__doc__ or "",
        ),
        Recogniser(
            "veto_other_module", ("veto",), vetoes.other_module, vetoes.other_module.__doc__
        ),
        Recogniser(
            "veto_purpose_clause", ("veto",), vetoes.purpose_clause, vetoes.purpose_clause.__doc__
        ),
        Recogniser(
            "veto_choice_as_cause",
            ("veto",),
            vetoes.choice_as_cause,
            vetoes.choice_as_cause.__doc__,
        ),
        Recogniser("veto_other_value", ("veto",), vetoes.other_value, vetoes.other_value.__doc__),
        Recogniser(
            "veto_explained_result",
            ("veto",),
            vetoes.explained_result,
            vetoes.explained_result.__doc__,
        ),
        Recogniser(
            "veto_other_variant", ("veto",), vetoes.other_variant, vetoes.other_variant.__doc__
        ),
        Recogniser(
            "veto_alternative_set_aside",
            ("veto",),
            vetoes.alternative_set_aside,
            vetoes.alternative_set_aside.__doc__,
        ),
        Recogniser("veto_module_only", ("veto",), vetoes.module_only, vetoes.module_only.__doc__),
        Recogniser(
            "veto_layer_citation", ("veto",), vetoes.layer_citation, vetoes.layer_citation.__doc__
        ),
        Recogniser("veto_cost_study", ("veto",), vetoes.cost_study, vetoes.cost_study.__doc__),
        Recogniser(
            "veto_switch_turned_off",
            ("veto",),
            vetoes.switch_turned_off,
            vetoes.switch_turned_off.__doc__,
        ),
        Recogniser(
            "veto_choice_stated_over_alternative",
            ("veto",),
            choice_stated_over_alternative.find,
            choice_stated_over_alternative.__doc__ or "",
        ),
        Recogniser(
            "veto_option_left_open",
            ("veto",),
            options_left_open.find,
            options_left_open.__doc__ or "",
        ),
        Recogniser("veto_scaled_by", ("veto",), scaled_by.find, scaled_by.__doc__ or ""),
        Recogniser(
            "veto_one_experiment", ("veto",), one_experiment.find, one_experiment.__doc__ or ""
        ),
        Recogniser("veto_other_clause", ("veto",), other_clause.find, other_clause.__doc__ or ""),
        Recogniser(
            "veto_purpose_on_choice",
            ("veto",),
            purpose_on_choice.find,
            purpose_on_choice.__doc__ or "",
        ),
    )


@functools.cache
def recognisers() -> tuple[Recogniser, ...]:
    """Every recogniser, in the order they run (the order breaks ties between candidates)."""
    return _registry()


#: the recognisers that read a justification from a statement (run again on a statement that a
#: value recogniser found: the paper's own, opposite choice is where it argues for it)
JUSTIFYING_RECOGNISERS = ("stated_reason", "citation", "empirical_claim")


def gather(ctx: ChoiceContext, only: Iterable[str] | None = None) -> list[Candidate]:
    """Every recogniser's candidates for the choice, in registry order."""
    from dataclasses import replace

    wanted = set(only) if only is not None else None
    for r in recognisers():
        if wanted is not None and r.name not in wanted:
            continue
        for c in r.find(ctx):
            ctx.found.append(replace(c, recogniser=r.name))
    return ctx.found


def justification_of(ctx: ChoiceContext, sentence: int, hit: Hit) -> list[Candidate]:
    """The justification candidates of one statement a value recogniser found (the paper's
    own, opposite choice), weighed only when nothing else justifies the choice."""
    from dataclasses import replace

    sub = ChoiceContext(ctx.choice, ctx.paper, {sentence: hit}, [sentence])
    sub_found = gather(sub, (*JUSTIFYING_RECOGNISERS, "veto_other_module", "veto_purpose_clause"))
    vetoed = {(c.sentence, k) for c in sub_found if c.kind == "veto" for k in c.vetoes}
    return [
        replace(c, fallback=True)
        for c in sub_found
        if c.kind != "veto" and (c.sentence, c.kind) not in vetoed
    ]
