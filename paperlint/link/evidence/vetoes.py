"""Vetoes: patterns of writing that make a candidate evidence of something else.

Each function is one recogniser; it returns ``veto`` candidates naming the kinds of evidence it
removes in a sentence (or everywhere)."""

from __future__ import annotations

import re
from collections.abc import Callable

from paperlint.link import naming, tables
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.evidence.reason import further_statements
from paperlint.link.values import agrees
from paperlint.paper.index import Mention

_JUSTIFYING = ("reasoning", "citation", "empirical_claim")


def other_module(ctx: ChoiceContext) -> list[Candidate]:
    """A sentence whose subject is another of the code's named modules than the one the choice
    is in (it names that module first, near its start) argues for and compares that module."""
    paper, choice = ctx.paper, ctx.choice
    sentences = {c.sentence for c in ctx.found if c.sentence >= 0}
    return [
        Candidate("veto", j, vetoes=(*_JUSTIFYING, "ablation"))
        for j in sorted(sentences)
        if paper.about_other_module(choice, j)
    ]


def purpose_clause(ctx: ChoiceContext) -> list[Candidate]:
    """A choice named only inside a purpose clause ("the patch size is chosen such that every
    pooling ...") is what the reason constrains, not what it argues for."""
    paper, out = ctx.paper, []
    for _rank, i, j in ctx.statements:
        if (
            j in (i, i - 1)
            and j in ctx.hits
            and only_in_purpose(paper.text(j), ctx.hits[j].concept)
        ):
            out.append(Candidate("veto", j, vetoes=("reasoning", "empirical_claim")))
    for i in further_statements(ctx):
        if only_in_purpose(paper.text(i), ctx.hits[i].concept):
            out.append(Candidate("veto", i, vetoes=("reasoning",)))
    return out


def module_only(ctx: ChoiceContext) -> list[Candidate]:
    """An argument found only by the name of the module it sits in: a reason for having the
    module does not argue for the argument (a citation of the module still brings it along)."""
    return [
        Candidate("veto", j, vetoes=("reasoning", "empirical_claim"))
        for _rank, i, j in ctx.statements
        if ctx.hits[i].module_only
    ]


def layer_citation(ctx: ChoiceContext) -> list[Candidate]:
    """An irregular placement (a layer in only some blocks) is not justified by a bare marker
    after the layer's name: that cites the layer, not where it is placed."""
    if ctx.choice.obviousness != "irregular":
        return []
    return [
        Candidate("veto", c.sentence, vetoes=("citation",))
        for c in ctx.found
        if c.kind == "citation" and not ctx.paper.facts(c.sentence).citation_phrases
    ]


def choice_as_cause(ctx: ChoiceContext) -> list[Candidate]:
    """A reason whose cause is the choice itself ("the scores deviate due to varying batch
    sizes"): the sentence explains something else by the choice, it does not argue for it."""
    cause = tables.pattern("statement.cause_before")
    out = []
    for c in ctx.found:
        if c.kind != "reasoning" or c.sentence not in ctx.hits:
            continue
        text = ctx.paper.text(c.sentence)
        for m in ctx.hits[c.sentence].spans:
            clause = re.split(r"[.;:]", text[max(0, m.start - 60) : m.start])[-1]
            found = list(cause.finditer(clause))
            if found and _noun_phrase(clause[found[-1].end() :]):
                out.append(Candidate("veto", c.sentence, vetoes=("reasoning",)))
                break
    return out


def _noun_phrase(words: str) -> bool:
    """The few words between a causal preposition and the choice continue its object ("the
    varying GPU settings/"), with no clause of their own in between."""
    return len(words.split()) <= 5 and not _CLAUSE.search(words)


_CLAUSE = re.compile(r"\b(?:is|are|was|were|be|been|we|it|they|which|that)\b", re.I)


def where_every_mention(
    ctx: ChoiceContext, names_it_aside: Callable[[str, int, int], bool]
) -> list[Candidate]:
    """A veto of the reasons, citations and empirical claims of each sentence in which every
    mention of the choice (``text, start, end``) is one ``names_it_aside`` says is not the
    sentence's subject (an alternative set aside, an option left open, what a rule scales by)."""
    out = []
    for i in sorted({c.sentence for c in ctx.found if c.kind in _JUSTIFYING}):
        spans = ctx.hits[i].spans if i in ctx.hits else []
        text = ctx.paper.text(i)
        if spans and all(names_it_aside(text, m.start, m.end) for m in spans):
            out.append(Candidate("veto", i, vetoes=_JUSTIFYING))
    return out


def alternative_set_aside(ctx: ChoiceContext) -> list[Candidate]:
    """A sentence that names the choice only as the alternative it sets aside ("we initialize
    the modules from a checkpoint instead of the usual initialization") argues for the other
    one: its reasons and citations are not for this choice."""
    aside = tables.pattern("statement.alternative_before")
    return where_every_mention(
        ctx, lambda text, start, _end: bool(aside.search(text[max(0, start - 40) : start]))
    )


def explained_result(ctx: ChoiceContext) -> list[Candidate]:
    """A cause offered with a hedge ("this difference may be due to the 24-hour limit, which was
    not enough to run all epochs") explains an outcome: it is no reason for the choice."""
    hedged = tables.pattern("statement.hedged_cause")
    return [
        Candidate("veto", c.sentence, vetoes=("reasoning",))
        for c in ctx.found
        if c.kind == "reasoning"
        and any(
            m.start() <= _cue_at(ctx.paper.text(c.sentence), c.cue) < m.end()
            for m in hedged.finditer(ctx.paper.text(c.sentence))
        )
    ]


def _cue_at(text: str, cue: str) -> int:
    at = text.find(cue)
    return at if at >= 0 else -1


def other_variant(ctx: ChoiceContext) -> list[Candidate]:
    """A sentence about another of the paper's variants than the one the choice's run is (its
    section is titled by it, its table's caption names it, it says "for Birch-3"): its reasons
    and citations are about that variant's settings. Experiments on another variant still
    compare the design, so they stay. A sentence that gives each variant its value speaks for
    the code's run where the code's value stands in a clause naming no other variant."""
    scopes = ctx.paper.values.scopes
    return [
        Candidate("veto", i, vetoes=_JUSTIFYING)
        for i in sorted({c.sentence for c in ctx.found if c.kind in _JUSTIFYING})
        if scopes.sentence_verdict(ctx.choice, i) == "conflict"
        # ... unless it states the code's value in a clause of its own that names no other
        # variant ("256 for Aster-Tiny and 768 for the rest": the reason is for both)
        and not any(
            scopes.value_clause_verdict(ctx.choice, i, n) != "conflict"
            for n in (ctx.hits[i].value if i in ctx.hits else ())
        )
        # the method's own sections describe the design, whatever they are titled by ("Applying
        # X to Transformers" names what the method is for, not another variant's settings)
        and not (
            ctx.paper.facts(i).section_kind == "method" and not ctx.paper.facts(i).in_setup_section
        )
    ]


def other_value(ctx: ChoiceContext) -> list[Candidate]:
    """A sentence that states another value of the setting than the code's, in the experiments
    or an appendix, or anywhere but the method's own statement of the setting, reports another
    run (another model, dataset or point of a sweep): its reasons and claims are about that
    run, not the code's value."""
    choice, paper = ctx.choice, ctx.paper
    code = naming.code_numbers(choice)
    if not code:
        return []
    spec = tables.kind(choice.kind)
    out = []
    for i in sorted({c.sentence for c in ctx.found if c.kind in _JUSTIFYING}):
        if i in ctx.primary and paper.facts(i).section_kind not in ("experiments", "appendix"):
            continue  # the method's own statement argues for its design, whatever the code has
        if i in ctx.hits and ctx.hits[i].value:
            continue  # the code's value is written there too
        stated = [
            n
            for concept in naming.concepts_for(choice)
            for j, n in paper.values.pattern_values(concept)
            if j == i and spec.plausible(n.value)
        ]
        if stated and not any(agrees(choice, n, code) for n in stated):
            out.append(Candidate("veto", i, vetoes=_JUSTIFYING))
    return out


def only_in_purpose(text: str, mentions: list[Mention]) -> bool:
    """Every mention of the choice sits inside a purpose clause, after its cue and before the
    clause ends."""
    if not mentions:
        return False
    cues = [m.end() for m in tables.pattern("statement.purpose_clause").finditer(text)]
    if not cues:
        return False
    for m in mentions:
        inside = any(
            end <= m.start and not re.search(r"[,;:()]", text[end : m.start]) for end in cues
        )
        if not inside:
            return False
    return True


def cost_study(ctx: ChoiceContext) -> list[Candidate]:
    """A section that measures what the model costs to run (its title names latency,
    throughput, speed or memory, and no quality measure) varies the load a benchmark runs
    under — the batch size, the sequence length — to time it: it compares no setting by the
    results it gives, so its variations are no experiment on the code's settings."""
    paper = ctx.paper
    cost, quality = tables.pattern("ablation.cost_title"), tables.pattern("ablation.quality_title")
    out = []
    for i in sorted({c.sentence for c in ctx.found if c.kind == "ablation"}):
        title = paper.doc.section_title(paper.index.sentence(i))
        if cost.search(title) and not quality.search(title):
            out.append(Candidate("veto", i, vetoes=("ablation",)))
    return out


def switch_turned_off(ctx: ChoiceContext) -> list[Candidate]:
    """A switch the code turns off (`use_c5 = False`): a sentence saying the paper uses the
    thing it switches on ("for a fair comparison, we use C5") argues for the other value; its
    reasons are not the code's."""
    choice, paper = ctx.choice, ctx.paper
    if choice.value.strip().lower() not in ("false", "0") or not choice.param:
        return []
    if re.split(r"[_.]", choice.param.lower())[0] not in _SWITCH_WORDS:
        return []
    turned_on = tables.pattern("statement.switch_on")
    out = []
    for i in sorted({c.sentence for c in ctx.found if c.kind in _JUSTIFYING}):
        h = ctx.hits.get(i)
        if h is None or paper.negates(i, h):
            continue
        text = paper.text(i)
        if any(turned_on.search(text[max(0, m.start - 20) : m.start]) for m in h.spans):
            out.append(Candidate("veto", i, vetoes=_JUSTIFYING))
    return out


#: the first word of a switch's name (`use_c5`, `enable_ema`, `with_bias`)
_SWITCH_WORDS = frozenset({"use", "enable", "with", "apply", "add"})
