"""The one place where the recognisers' candidates become a verdict.

- A veto removes the candidates of the kinds it names, in its sentence or everywhere.
- Justification: a stated reason beats a citation, which beats "we found empirically"; among
  candidates of one kind the first found wins (the recognisers run in order, each reading the
  paper's best statements first). Fallback candidates (the justification of a statement a value
  recogniser found) count only when no other candidate justifies the choice. A reason is shown
  with the citation beside it, and with up to two more places that argue for the choice.
- Ablation: the first experiment that compares the choice.
- Value: the first contradiction of the code's value, else the first value stated.
"""

from __future__ import annotations

from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.model import Assessment, Evidence

#: the kinds of justification, strongest first
PRECEDENCE = ("reasoning", "citation", "empirical_claim")
#: further places shown where the paper argues for a choice, beside the one that decides
MAX_FURTHER = 2


def decide(ctx: ChoiceContext, candidates: list[Candidate]) -> Assessment:
    live = _not_vetoed(candidates)
    paper = ctx.paper
    evidence: list[Evidence] = []
    mention = next((c for c in live if c.kind == "mention"), None)
    if mention is not None:
        evidence.append(paper.evidence("mention", mention.sentence, mention.cue))
    justification, shown = _justification(live)
    evidence.extend(
        paper.evidence("citation" if c.kind == "citation" else "justification", c.sentence, c.cue)
        for c in shown
    )
    ablation = next((c for c in live if c.kind == "ablation"), None)
    if ablation is not None:
        evidence.append(paper.evidence("ablation", ablation.sentence, ablation.cue))
    values = [c for c in live if c.kind == "value"]
    value = next((c for c in values if c.mismatch), values[0] if values else None)
    if value is not None and value.sentence >= 0:
        evidence.append(paper.evidence("value", value.sentence, value.cue))
    mentioned = mention is not None or (value is not None and value.mentions)
    borrowed = next((c for c in live if c.kind == "borrowed"), None)
    setup = next((c for c in live if c.kind == "setup_borrowed"), None)
    searched = not mentioned or (value is not None and value.searched)
    return Assessment(
        ctx.choice.id,
        mentioned=mentioned,
        justification=justification,
        ablated=ablation is not None,
        paper_value=value.paper_value if value is not None else None,
        mismatch=bool(value is not None and value.mismatch),
        evidence=tuple(evidence),
        searched=paper.section_titles if searched else (),
        borrowed=(
            f"{borrowed.cue} (p. {paper.index.sentence(borrowed.sentence).page})"
            if borrowed is not None and justification is None
            else ""
        ),
        setup_from=(
            f"{setup.cue} (p. {paper.index.sentence(setup.sentence).page})"
            if setup is not None
            and borrowed is None
            and justification is None
            and not (value is not None and value.mismatch)
            else ""
        ),
    )


def _not_vetoed(candidates: list[Candidate]) -> list[Candidate]:
    everywhere = {k for c in candidates if c.kind == "veto" and c.everywhere for k in c.vetoes}
    here = {
        (c.sentence, k)
        for c in candidates
        if c.kind == "veto" and not c.everywhere
        for k in c.vetoes
    }
    return [
        c
        for c in candidates
        if c.kind != "veto" and c.kind not in everywhere and (c.sentence, c.kind) not in here
    ]


def _justification(live: list[Candidate]) -> tuple[str | None, list[Candidate]]:
    for fallback in (False, True):
        pool = [c for c in live if c.kind in PRECEDENCE and c.fallback == fallback]
        deciding = [c for c in pool if c.decides]
        for kind in PRECEDENCE:
            first = next((c for c in deciding if c.kind == kind), None)
            if first is None:
                continue
            shown = [first]
            if kind == "reasoning":
                cite = next((c for c in deciding if c.kind == "citation"), None)
                if cite is not None:
                    shown.append(cite)
            return kind, shown + _further(pool, shown)
    return None, []


def _further(pool: list[Candidate], shown: list[Candidate]) -> list[Candidate]:
    """Other sentences that give a reason or a citation for the choice, each once: a paper
    often argues for a choice in more than one place, and the reader checks the one that
    convinces."""
    used = {c.sentence for c in shown}
    support = sorted(
        (c for c in pool if c.kind in ("reasoning", "citation") and c.supports),
        key=lambda c: (c.rank, c.sentence, c.kind != "citation"),
    )
    out: list[Candidate] = []
    for c in support:
        if len(out) >= MAX_FURTHER:
            break
        if c.sentence in used:
            continue
        used.add(c.sentence)
        out.append(c)
    return out
