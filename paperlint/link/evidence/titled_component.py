"""Where the method states a choice under a subsection titled for a component ("3.4 Per-class
Threshold Selection", "3.2 Mix-FFN"), the title is the paper's name for what the choice builds:
the experiments refer to the component by it ("results further boosted with the threshold
selection", "w/o Mix-FFN"), so an experiment that compares the titled component compares the
choice. The name is the title's first run of words that are not generic section words (its last
two words, "Threshold Selection"), or one word written as a name (hyphenated or with capitals
inside, "Mix-FFN"); a title of generic words ("Training Details", "Network Architecture") names
no component. Only for a choice of what is done (kind ``other``, not a number set inside the
component) that the method states under that one title only."""

from __future__ import annotations

import functools
import re

from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.evidence.ablation import experiments
from paperlint.link.paper_view import Hit
from paperlint.paper.index import Mention, cues


def find(ctx: ChoiceContext) -> list[Candidate]:
    if ctx.choice.kind != "other" or ctx.choice.number is not None:
        # a size, a rate or a stride inside the component is its own setting: taking the
        # component out does not say which value it should have
        return []
    paper = ctx.paper
    statements = [
        i
        for i in ctx.primary
        if i in ctx.hits
        and not ctx.hits[i].module_only
        and paper.facts(i).section_kind == "method"
        and not paper.facts(i).in_setup_section
    ]
    where = {paper.index.sentence(i).section for i in statements}
    if len(where) != 1:
        return []  # the method states the choice in more than one part: no one title names it
    (section,) = where
    sections = paper.index.document.sections
    if not 0 <= section < len(sections):
        return []
    phrase = title_name(sections[section].title)
    if phrase is None:
        return []
    rx = _phrase_pattern(phrase)
    extra: dict[int, Hit] = {}
    for f in paper.index.facts:
        if (
            not f.eligible
            or not f.ablation
            or f.index in ctx.hits
            or paper.index.sentence(f.index).section == section
        ):
            continue
        text = paper.text(f.index)
        for m in rx.finditer(text):
            extra.setdefault(f.index, Hit()).name.append(
                Mention(f.index, "title:" + phrase, m.start(), m.end(), m.group())
            )
    return experiments(ctx, extra) if extra else []


def title_name(title: str) -> str | None:
    """The component a section title names, or None (see the module's docstring)."""
    head = re.sub(r"^\s*[\dIVX.]+\s+", "", title).split(":")[0]
    generic = _generic_title_word()
    run: list[str] = []
    for word in re.findall(r"[A-Za-z][\w-]*", head):
        if generic.match(word):
            if run:
                break
            continue
        run.append(word)
    if len(run) >= 2:
        return " ".join(run[-2:])
    if len(run) == 1 and re.search(r"-|[a-z][A-Z]|[A-Z]{2}", run[0]):
        return run[0]
    return None


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    parts = [re.escape(w) for w in phrase.split()]
    parts[-1] += r"s?"
    return re.compile(r"(?<![\w-])" + r"[\s-]+".join(parts) + r"(?![\w-])", re.I)


@functools.cache
def _generic_title_word() -> re.Pattern[str]:
    words = cues()["linker"]["ablation"]["title"]["generic_words"]
    return re.compile(r"^(?:" + "|".join(map(re.escape, words)) + r")$", re.I)
