"""A citation for the choice: a phrase that presents it as taken from earlier work
("following [16]", "as in (He et al., 2016)"), a marker right after the choice's own mention in
a statement of use and nearer to it than to anything else the sentence names ("We adopt BN
[16]"), the choice named in a cited work's title, or, in a report that reproduces a paper, a
reference to that paper without a marker ("as specified in the original paper"). A work the
paper cites elsewhere ("DetNet [15]") is cited by its name too: "as in DetNet"."""

from __future__ import annotations

from paperlint.link import tables
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.evidence.reason import further_statements
from paperlint.link.paper_view import PaperView, overlaps
from paperlint.paper.index import Mention, SentenceFacts


def find(ctx: ChoiceContext) -> list[Candidate]:
    paper, out = ctx.paper, []
    for rank, i, j in ctx.statements:
        cite = citation_near(paper, paper.facts(j), ctx.near_spans(i, j), j == i)
        if cite:
            out.append(Candidate("citation", j, cite, rank=rank))
    base = len(ctx.ranked)
    for k, i in enumerate(further_statements(ctx)):
        cite = citation_near(paper, paper.facts(i), ctx.hits[i].concept, True)
        if cite:
            out.append(Candidate("citation", i, cite, decides=False, rank=base + k))
    return out


def _lists_others(text: str, end: int, mentions: list[Mention]) -> bool:
    """The citation introduces a list after a colon ("the parameters specified in the paper:
    Adam with β1 = 0.9 ..."), and the choice is named before it: the citation is for the list."""
    after = text[end : end + 12]
    colon = after.find(":")
    if colon < 0 or not mentions:
        return False
    return all(m.start < end for m in mentions)


def citation_near(
    paper: PaperView, f: SentenceFacts, mentions: list[Mention], same: bool
) -> str | None:
    """A citation in sentence ``f`` that belongs to the choice named by ``mentions`` (``same``:
    the sentence is the statement itself, not one next to it)."""
    if not f.citations:
        if not same:
            return None
        # a work cited elsewhere, named after a phrase that presents the choice as taken from
        # it ("as in DetNet", "following BERT")
        for _ps, pe, phrase in f.citation_phrases:
            for ns, _ne, name in f.named_citations:
                if 0 <= ns - pe <= 30:
                    return f"{phrase} {name}"
        # a reference to the reproduced work even without a marker
        text = paper.text(f.index)
        m = tables.pattern("citation.original_work").search(text)
        if m is None or _lists_others(text, m.end(), mentions):
            return None
        return m.group()
    if f.citation_phrases:
        _s, end, phrase = f.citation_phrases[0]
        if _lists_others(paper.text(f.index), max(end, f.citations[0][1]), mentions):
            return None
        return f"{phrase} {f.citations[0][2]}"
    if not same or not mentions or not f.usage:
        # a bare marker justifies only a statement of use ("We adopt BN [16]"), not a passing
        # remark that names the choice beside a marker
        return None
    others = [
        m for m in paper.sentence_mentions(f.index) if not any(overlaps(m, x) for x in mentions)
    ]
    for start, end, marker in f.citations:
        for m in mentions:
            if start <= m.start and m.end <= end:
                return marker  # named in the cited work's title
            gap = start - m.end if start >= m.end else m.start - end
            if not (0 <= start - m.end <= 40 or 0 <= m.start - end <= 25):
                continue
            closer = [
                o
                for o in others
                if (start - o.end if start >= o.end else o.start - end) < gap
                and (start - o.end >= 0 or o.start - end >= 0)
            ]
            if not closer:
                return marker
    return None
