"""An experiment that compares the choice with an alternative: a sentence of an experimental
section, an appendix, a table row or a table's caption that names the choice near a comparison
cue ("w/o", "compared to", "replacing", "varying"). A figure caption in the method section is a
diagram, not an experiment (a table whose caption announces a comparison, "Table 3: Ablation
study", compares every choice it names); a setup section states the method ("instead of the usual
initialization"); related work, the introduction and baselines are not experiments of the
paper's own."""

from __future__ import annotations

import functools
import re

from paperlint.link import naming, tables
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.paper_view import Hit
from paperlint.paper.index import cues


def find(ctx: ChoiceContext) -> list[Candidate]:
    return experiments(ctx, ctx.hits)


def experiments(ctx: ChoiceContext, hits: dict[int, Hit]) -> list[Candidate]:
    """The sentences of ``hits`` that compare the choice in an experiment."""
    paper, out = ctx.paper, []
    for i, h in sorted(hits.items()):
        f = paper.facts(i)
        s = paper.index.sentence(i)
        if f.section_kind in ("related", "intro", "abstract", "baselines") or h.module_only:
            continue  # comparing the module a setting sits in does not vary the setting
        if h.spans and all(_reported_measure().match(m.text) for m in h.spans):
            continue  # "validation accuracy with different ranks": the result, not a setting
        experimental = (
            f.in_ablation_section
            or (f.section_kind in ("experiments", "appendix") and not f.in_setup_section)
            # a sentence of the experiments that reads a result off a table or figure ("as shown
            # in Table 1, adding X improves ..."), even under a title that reads as the method
            # or its setup ("Training the X module")
            or (f.in_experiments and bool(_shown_result().search(s.text)))
        )
        context = (
            experimental
            or s.role == "table"
            or (s.role == "caption" and s.text.lower().startswith(("table", "tab.")))
        )
        announced = _announced_by_caption(ctx, i)
        if announced is not None:
            # a table announced as a comparison ("Table 3: Ablation study ..."): every choice its
            # caption or its rows name is compared there
            out.append(Candidate("ablation", i, announced))
            continue
        if not context or not f.ablation:
            continue
        if h.concept and s.role != "table" and paper.negates(i, h):
            continue  # "we use no dropout, without ...": a statement, not an experiment
        spans = h.spans
        listed = len(naming.code_numbers(ctx.choice)) > 1
        cue = next(
            (
                c
                for start, end, c in f.ablation
                if not (listed and _value_list()[0].match(c))
                and (not spans or in_scope(s.text, (start, end, c), spans))
            ),
            None,
        )
        if cue is not None:
            out.append(Candidate("ablation", i, cue))
    return out


#: a caption's sentence that defines one of the table's rows or columns: “IoU” is the IoU loss
_DEFINES_ENTRY = re.compile(
    r"[“\"'‘][^”\"'’]{1,30}[”\"'’]\s*(?::|is|are|denotes|means|indicates|refers to|stands for)\b",
)


def _announced_by_caption(ctx: ChoiceContext, i: int) -> str | None:
    """The cue of the caption that announces the table sentence ``i`` is in (or is) as a
    comparison: a table caption that opens with an ablation cue in its first words ("Table 3:
    Ablation study on ...", "Table 5: Effect of the rank r")."""
    paper = ctx.paper
    s = paper.index.sentence(i)
    if s.role == "caption":
        caption = i  # the caption's first sentence ("Table 8: ..."), where its title is
        if not paper.text(i).lower().startswith(("table", "tab.")):
            if not _DEFINES_ENTRY.search(paper.text(i)):
                return None  # only a later sentence that defines a row or column ("“IoU” is ...")
            while caption > 0 and not paper.text(caption).lower().startswith(("table", "tab.")):
                if paper.index.sentence(caption - 1).role != "caption" or i - caption > 6:
                    break
                caption -= 1
    elif s.role == "table":
        caption = paper.values.scopes.caption_of(i)
    else:
        return None
    if caption is None:
        return None
    text = paper.text(caption)
    if not text.lower().startswith(("table", "tab.")):
        return None
    head = re.split(r"[.:]\s+", text, maxsplit=2)
    title = " ".join(head[:2])[:80]
    for start, _end, cue in paper.facts(caption).ablation:
        if start < len(title):
            return cue
    return None


@functools.cache
def _scope() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], int]:
    node = cues()["linker"]["ablation"]
    cause = tables.pattern("statement.cause_before").pattern
    return (
        tables.pattern("ablation.object_cues"),
        tables.pattern("ablation.side_cues"),
        tables.pattern("ablation.clause_break"),
        re.compile(rf"(?:{cause})\s*$", re.I),
        int(node["reach"]),
    )


_QUANTITY = re.compile(r"\d")


@functools.cache
def _shown_result() -> re.Pattern[str]:
    return tables.pattern("ablation.shown_result")


@functools.cache
def _value_list() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return tables.pattern("ablation.value_list"), tables.pattern("ablation.value_list_gap")


@functools.cache
def _reported_measure() -> re.Pattern[str]:
    return tables.pattern("ablation.reported_measure")


@functools.cache
def _result_scope() -> tuple[re.Pattern[str], int, re.Pattern[str], re.Pattern[str]]:
    node = cues()["linker"]["ablation"]
    return (
        tables.pattern("ablation.result_cues"),
        int(node["result_reach"]),
        tables.pattern("ablation.measure_cues"),
        tables.pattern("ablation.measure_before"),
    )


def in_scope(text: str, cue: tuple[int, int, str], spans: list) -> bool:
    """The comparison cue compares one of the choice's mentions (``spans``): a cue whose object is
    what is left out ("without X") names the choice after it, in its clause; a cue between two
    sides ("A vs. B") names it on one side, next to it; any other cue within 90 characters. A
    variation offered as the cause of something ("deviations due to varying batch sizes")
    explains a result, it is no experiment. A result stated against a setting ("accuracy
    plateaus for", "as a function of") names it right after the cue; so does a measure plotted
    against it ("accuracy vs. the number of parameters")."""
    objects, sides, clause_break, cause_before, reach = _scope()
    start, end, word = cue
    if cause_before.search(text[max(0, start - 30) : start]):
        return False
    word = word.strip().lower()

    def after(m) -> bool:
        gap = text[end : m.start]
        return (
            end <= m.start
            and len(gap) <= reach
            and not clause_break.search(gap)
            and _closing(gap) <= _opening(gap)  # the cue's parenthesis closes first
        )

    def before(m) -> bool:
        gap = text[m.end : start]
        return (
            m.end <= start
            and len(gap) <= reach
            and not clause_break.search(gap)
            and _opening(gap) <= _closing(gap)  # the cue sits in a parenthesis of its own
        )

    if objects.match(word):
        return any(after(m) for m in spans)
    value_list, value_list_gap = _value_list()
    if value_list.match(word):
        # a sweep written as its values: of the setting named right before the list
        # (rules/cues/examples/experiment/sweep_as_a_list_of_values); a setting whose value is
        # itself a list (channel multipliers "1,2,4,4") is not swept by a list after its name
        return any(m.end <= start and value_list_gap.match(text[m.end : start]) for m in spans)
    results, result_reach, measure_cues, measure_before = _result_scope()
    if results.search(word):
        # a result stated against the setting named right after the cue
        return any(
            end <= m.start
            and m.start - end <= result_reach
            # a value between the cue and the name belongs to something else
            and not re.search(r"[\d=]", text[end : m.start])
            for m in spans
        )
    if measure_cues.match(word) and measure_before.search(text[max(0, start - 40) : start]):
        # a measure plotted against a quantity: what follows the cue is what varies
        # (rules/cues/examples/experiment/measure_against_a_quantity)
        return any(after(m) for m in spans)
    if sides.match(word):
        # a quantity between the mention and a cue after it is the side compared ("X and has
        # 387M parameters instead of 552M"), not the choice
        return any(
            after(m) or (before(m) and not _QUANTITY.search(text[m.end : start])) for m in spans
        )
    return any(abs(start - m.start) <= 90 for m in spans)


def _opening(text: str) -> int:
    return text.count("(") + text.count("[")


def _closing(text: str) -> int:
    return text.count(")") + text.count("]")
