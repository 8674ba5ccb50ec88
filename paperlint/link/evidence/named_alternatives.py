"""A sentence of a section titled for a comparison ("4.3 Comparison of Encoder Models", "Effect
of the backbone") that names the architecture the code builds beside another one ("the curves
for VGG-16, AlexNet and GoogLeNet as encoders") reports the comparison itself: reports often
show such a study as a figure per model and a sentence naming them, with no comparison word.
Only for a published architecture built by its library's constructor, and only against another
architecture such a constructor builds; a method section's list of architectures (a background
paragraph, "encoders such as VGG-16 or AlexNet") is no experiment, nor is a table of other
methods with their backbones."""

from __future__ import annotations

import functools
import re

from paperlint.link import naming
from paperlint.link.evidence import Candidate, ChoiceContext


def find(ctx: ChoiceContext) -> list[Candidate]:
    own = naming.architecture_names(ctx.choice)
    if not own:
        return []
    mine = {_word(form) for form in own}
    others = [p for p in _architectures() if p not in mine]
    out = []
    for i in sorted(ctx.hits):
        f = ctx.paper.facts(i)
        if not f.in_ablation_section or f.section_kind in ("related", "intro", "abstract"):
            continue
        text = ctx.paper.text(i).lower()
        if not any(_word(form).search(text) for form in own):
            continue  # mentioned by its concept only ("the encoder"), not by its name
        named = next((m.group() for p in others if (m := p.search(text))), None)
        if named is not None:
            out.append(Candidate("ablation", i, named))
    return out


@functools.cache
def _word(form: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])")


@functools.cache
def _architectures() -> tuple[re.Pattern[str], ...]:
    """Every form of every architecture a known library constructor builds."""
    from paperlint.code.signatures import table

    forms = {
        form
        for qualname, spec in table().items()
        if spec.concept == "backbone"
        for form in naming.architecture_forms(qualname.rsplit(".", 1)[-1])
    }
    return tuple(_word(f) for f in sorted(forms))
