"""A cited method introduced at the head of a paragraph ("We implement X as described by A et
al. (2019).") covers the description that follows it in the same paragraph, as long as the
sentences in between keep naming that method: each statement of the paper's own use there (the
primary ones, and the others that score as a statement of the method: "for X tuning, we learn
the layer normalization parameters"). Weighed only when no other citation is found."""

from __future__ import annotations

import re

from paperlint.link import tables
from paperlint.link.evidence import Candidate, ChoiceContext


def find(ctx: ChoiceContext) -> list[Candidate]:
    paper = ctx.paper
    doc = paper.doc
    for i in ctx.ranked:
        s = paper.index.sentence(i)
        for j in (i - 1, i - 2, i - 3):
            if j < 0:
                break
            prev = paper.index.sentence(j)
            if prev.section != s.section or "\n\n" in doc.text[prev.end : s.start]:
                break
            f = paper.facts(j)
            if not (f.eligible and f.citations):
                continue
            cited = cited_methods(prev.text)
            between = " ".join(paper.text(k) for k in range(j + 1, i + 1)).lower()
            if any(re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", between) for t in cited):
                cue = f.citation_phrases[0][2] if f.citation_phrases else ""
                cue = f"{cue} {f.citations[0][2]}".strip()
                return [Candidate("citation", j, cue, supports=False, rank=len(ctx.ranked))]
    return []


def cited_methods(text: str) -> set[str]:
    """What a sentence introduces as a cited method ("X as described by A et al.", "X from A et
    al."), lower-cased."""
    openers = tables.word_list("clause_openers")
    return {
        m.group(1).lower()
        for m in tables.pattern("citation.cited_method").finditer(text)
        if m.group(1).lower() not in openers
    }
