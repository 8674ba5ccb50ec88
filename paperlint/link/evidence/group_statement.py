"""A statement about a group of settings that takes it from earlier work ("the same
hyper-parameters as DetNet [15] are used", "we follow the training recipe of (Smith et al.,
2021)", "sized to match the parameter count of [21]") cites that work for every member of the
group the paper talks about in the same section, and only for them: a training recipe is the optimizer, learning
rate, schedule, warm-up, weight decay, momentum, batch size and training length, not the
architecture. A statement that names the model variant it is about ("the larger model, X-B, has the
same architecture as Y-B [15]") covers only the settings of the code's runs named for that
variant. The groups and their members are data (rules/cues/groups.yaml)."""

from __future__ import annotations

from paperlint import vocab
from paperlint.link import groups
from paperlint.link.evidence import Candidate, ChoiceContext


def find(ctx: ChoiceContext) -> list[Candidate]:
    mine = groups.memberships(ctx.choice)
    if not mine:
        return []
    paper = ctx.paper
    out = []
    for k, st in enumerate(groups.statements(paper)):
        covered = [m for m in mine if m.group in st.groups]
        if not covered or not ctx.paper.values.statement_applies(ctx.choice, st.sentence):
            continue
        if st.sizes and not _of_variant(st, groups.sizes_of(ctx.choice)):
            continue
        if not st.cited or not any(_talked_about(ctx, m, st.sentence) for m in covered):
            # the paper takes the group from earlier work but never names this member where it
            # says so, or names the work with no reference: no citation for it, but the
            # question is the earlier work's choice more than this paper's (the first screen
            # lists it rather than asks it)
            out.append(Candidate("borrowed", st.sentence, st.cue, decides=False))
            continue
        out.append(Candidate("citation", st.sentence, st.cue, rank=len(ctx.ranked) + k))
    return out


def _of_variant(st: groups.GroupStatement, sizes: frozenset[str]) -> bool:
    """The choice's run is the variant the statement is scoped to. Said of one of the paper's
    variants ("X-B has the same architecture as Y-B"), it speaks for that variant's settings
    alone, never for code that names no variant; said of the source's variant only ("follows
    the Base configuration of [8]"), also for code that names none (the paper's one model)."""
    if sizes:
        return bool(sizes & st.sizes)
    return st.source_only


def _talked_about(ctx: ChoiceContext, member: groups.Member, statement: int) -> bool:
    """The paper talks about this member in the section of the statement: the choice's own
    mentions, or its concept's. A recipe stated for another experiment in another section (an
    appendix's detector) says nothing of the settings the method section states."""
    paper = ctx.paper
    sentences = set(ctx.hits)
    own = ctx.choice.concept
    if vocab.concept(own) is not None and own != member.concept and own not in member.mentions:
        # a setting of its own kind (a bias's learning-rate factor): the paper must name it
        named = [i for i in sentences if ctx.hits[i].concept or ctx.hits[i].stated]
        return any(paper.same_section(i, statement) for i in named)
    for concept in member.mentions:
        sentences.update(
            m.sentence
            for m in paper.index.mentions.get(concept, ())
            if paper.facts(m.sentence).eligible
        )
    return any(paper.same_section(i, statement) for i in sentences)
