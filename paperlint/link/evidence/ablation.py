"""An experiment that compares the choice with an alternative: a sentence of an experimental
section, an appendix, a table row or a table's caption that names the choice near a comparison
cue ("w/o", "compared to", "replacing", "varying"). A figure caption in the method section is a
diagram, not an experiment; a setup section states the method ("instead of the usual
initialization"); related work, the introduction and baselines are not experiments of the
paper's own."""

from __future__ import annotations

from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.paper_view import Hit


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
        experimental = f.in_ablation_section or (
            f.section_kind in ("experiments", "appendix") and not f.in_setup_section
        )
        context = (
            experimental
            or s.role == "table"
            or (s.role == "caption" and s.text.lower().startswith(("table", "tab.")))
        )
        if not context or not f.ablation:
            continue
        if h.concept and s.role != "table" and paper.negates(i, h):
            continue  # "we use no dropout, without ...": a statement, not an experiment
        spans = h.spans
        cue = next(
            (
                c
                for start, _end, c in f.ablation
                if not spans or any(abs(start - m.start) <= 90 for m in spans)
            ),
            None,
        )
        if cue is not None:
            out.append(Candidate("ablation", i, cue))
    return out
