"""An experiment on a group of settings as a whole compares each member for which the paper
gives different values: a study of the model's size ("Table 1: Effect of model size", "accuracy
improves as the model size grows") runs variants that differ in depth, width or heads, so it
varies each of those the variants do not share. The groups and how a paper names their study
are data (``rules/cues/groups.yaml``, ``studies``); a member the paper never mentions is left
out."""

from __future__ import annotations

import re

from paperlint import vocab
from paperlint.link import groups, naming
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.evidence.ablation import experiments
from paperlint.link.paper_view import Hit, PaperView
from paperlint.link.values import phrase_rx
from paperlint.model import Choice
from paperlint.paper.index import Mention


def find(ctx: ChoiceContext) -> list[Candidate]:
    if not ctx.hits or not _varies(ctx):
        return []
    paper = ctx.paper
    extra: dict[int, Hit] = {}
    for group in sorted({m.group for m in groups.memberships(ctx.choice)}):
        for i, mentions in _studies(paper, group).items():
            if i not in ctx.hits:
                extra.setdefault(i, Hit()).name.extend(mentions)
    return experiments(ctx, extra) if extra else []


def _varies(ctx: ChoiceContext) -> bool:
    """The paper gives the setting more than one value (one per variant: "the small model has
    width 384, the base model 768"): a study of the group varies only the members that differ
    between its variants, not one every variant shares."""
    values: set[float] = set()
    for concept in _value_concepts(ctx.choice):
        values |= {n.value for _i, n in ctx.paper.values.pattern_values(concept)}
    return len(values) > 1


def _value_concepts(choice: Choice) -> list[str]:
    """The concepts whose stated values are the setting's own: its own concept when the
    vocabulary names it (a feed-forward expansion ratio), not the broader kind it falls under (a
    width, whose values — and bare letters such as "K = 7" — belong to other settings)."""
    if vocab.concept(choice.concept) is not None:
        return [choice.concept]
    return naming.concepts_for(choice)


def _studies(paper: PaperView, group: str) -> dict[int, list[Mention]]:
    """Sentence → where it names the group as what an experiment varies (memoised per paper)."""
    key = f"group_study:{group}"
    found = paper.memo.get(key)
    if found is None:
        phrases = tuple(groups.study_phrases(group))
        found = {}
        if phrases:
            rx = phrase_rx(phrases)
            for f in paper.index.facts:
                if not f.eligible or not f.ablation:
                    continue
                text = paper.text(f.index)
                for m in rx.finditer(text):
                    if _studied(text, f.ablation, m.start(), m.end()):
                        found.setdefault(f.index, []).append(
                            Mention(f.index, "group:" + group, m.start(), m.end(), m.group())
                        )
        paper.memo[key] = found
    return found  # type: ignore[return-value]


#: what may stand between a comparison cue and the group it varies ("the effect of the model
#: size", "with different model sizes")
_CUE_TO_GROUP = re.compile(
    r"\s*(?:(?:the|a|an|different|various|varying|increasing)\s+){0,2}$", re.I
)


def _studied(text: str, cues: tuple[tuple[int, int, str], ...], start: int, end: int) -> bool:
    """The group is what the sentence's comparison is about: a cue right before it ("effect of
    model size", "with different model sizes"), or a cue that spans it ("accuracy improves as the
    model size grows"); not a group named in passing near a cue about something else ("if the
    shortcut is replaced, the model size doubles")."""
    return any(
        (c_end <= start and _CUE_TO_GROUP.fullmatch(text[c_end:start]))
        or (c_start <= start and end <= c_end)
        for c_start, c_end, _cue in cues
    )
