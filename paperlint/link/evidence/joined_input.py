"""A join of named inputs (a concatenation, `Concatenate()([wide_hog, wide_color, deep])`,
`torch.cat([image_feat, text_feat], 1)`) is what brings each input into the model: an experiment
that adds or removes one of them ("adding the wide features improves ...", "w/o text", a
"+ HOG" row) compares the model with and without the join's input, so it tests the join. An
input is named by the words of its variable that tell it apart from the join's other inputs
(`wide`, `hog`; not `output`, which every input shares); only a cue of presence counts (adding,
removing, with and without), not any comparison near the word."""

from __future__ import annotations

import ast
import functools
import re

from paperlint.callsites import last_name
from paperlint.code import syntax
from paperlint.link import tables
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.evidence.ablation import experiments
from paperlint.link.paper_view import Hit
from paperlint.model import Choice
from paperlint.paper.index import search_terms, terms_for_name


def find(ctx: ChoiceContext) -> list[Candidate]:
    if ctx.choice.concept not in _join_concepts():
        return []
    words = input_words(ctx.choice)
    if not words:
        return []
    paper = ctx.paper
    extra: dict[int, Hit] = {}
    for m in search_terms(paper.index, words):
        if m.sentence not in ctx.hits and paper.facts(m.sentence).ablation:
            extra.setdefault(m.sentence, Hit()).name.append(m)
    presence = tables.pattern("ablation.join.presence_cues")
    return [c for c in experiments(ctx, extra) if presence.match(c.cue.strip())]


def input_words(choice: Choice) -> list[str]:
    """The words that name one input of the join apart from the others: the name words of each
    variable it joins, less the words every input shares and the words that only say a value is
    a tensor (`output`, `feat`). Nothing for a join of fewer than two named inputs."""
    names = _joined_names(choice.snippet)
    if len(names) < 2:
        return []
    generic = tables.pattern("ablation.join.generic_words")
    per_input = [
        {t.lower() for t in terms_for_name(_snake(n)) if len(t) > 2 and not generic.match(t)}
        for n in names
    ]
    shared = set.intersection(*per_input)
    return sorted({w for ws in per_input for w in ws} - shared)


def _joined_names(snippet: str) -> list[str]:
    """The variables a line joins: the names in the list or tuple the join takes
    (`cat([a, b], 1)`, `Concatenate(axis=1)([a, b])`). The line is parsed, never run."""
    try:
        tree = syntax.parse(snippet.strip())
    except (SyntaxError, ValueError):
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for arg in node.args:
                if isinstance(arg, ast.List | ast.Tuple) and len(arg.elts) >= 2:
                    names = [last_name(e) for e in arg.elts]
                    if all(names):
                        return names  # type: ignore[return-value]
    return []


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)


@functools.cache
def _join_concepts() -> frozenset[str]:
    from paperlint.paper.index import cues

    return frozenset(cues()["linker"]["ablation"]["join"]["concepts"])
