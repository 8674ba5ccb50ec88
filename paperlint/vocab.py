"""The concept vocabulary shared by the code and the paper side (``rules/vocabulary/concepts.yaml``).

A concept ties a code component (``torch.nn.BatchNorm2d``, Keras ``'relu'``) to the words a paper
uses for it ("batch normalization", case-sensitive "BN") and, for settings, to the patterns that
state its value ("a batch size of 256").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from paperlint import resources


@dataclass(frozen=True)
class Concept:
    name: str
    kind: str
    phrases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    code_strings: tuple[str, ...] = ()
    conventional: bool = False
    alternatives: tuple[str, ...] = ()
    value_patterns: tuple[str, ...] = ()
    context: str = ""  # a regex the sentence must match for a mention to count ("mean absolute error" as a loss)
    #: a regex that, where the sentence matches it, makes a mention something else ("normalized
    #: by the number of positives" divides a loss: no normalization layer)
    not_context: str = ""
    negative_phrases: tuple[str, ...] = ()  # phrases saying the concept is *not* used ("unpadded")
    unstated: str = ""  # what a paper silent on this concept implicitly describes (see linker)
    #: a stated value counts only right after the words of the setting's own name ("context
    #: paragraphs to 300" is the context length, not the question length)
    anchored: bool = False
    #: concepts whose mentions inside this one's are this one's ("resolution" inside
    #: "resolution multiplier")
    shadows: tuple[str, ...] = ()
    #: its values are shares of a whole (a data split), which papers also write as whole
    #: percentages without the sign ("an 80-20 split": 20 is 0.2)
    shares: bool = False


@functools.cache
def concepts() -> dict[str, Concept]:
    data: dict = {}
    # concepts.yaml, then any concepts-*.yaml (added by contributors, one topic per file)
    for path in sorted(
        resources.yaml_files("vocabulary"), key=lambda p: (p.name != "concepts.yaml", p.name)
    ):
        if path.name == "concepts.yaml" or path.name.startswith("concepts-"):
            for name, spec in resources.load_yaml(f"vocabulary/{path.name}")["concepts"].items():
                if name in data:
                    raise ValueError(f"concept {name!r} is defined twice (again in {path.name})")
                data[name] = spec
    out = {}
    for name, spec in data.items():
        out[name] = Concept(
            name=name,
            kind=spec["kind"],
            phrases=tuple(spec.get("phrases") or ()),
            abbreviations=tuple(spec.get("abbreviations") or ()),
            code_strings=tuple(spec.get("code_strings") or ()),
            conventional=bool(spec.get("conventional", False)),
            alternatives=tuple(spec.get("alternatives") or ()),
            value_patterns=tuple(spec.get("value_patterns") or ()),
            context=spec.get("context") or "",
            not_context=spec.get("not_context") or "",
            negative_phrases=tuple(spec.get("negative_phrases") or ()),
            unstated=spec.get("unstated") or "",
            anchored=bool(spec.get("anchored", False)),
            shadows=tuple(spec.get("shadows") or ()),
            shares=bool(spec.get("shares", False)),
        )
    return out


@functools.cache
def _code_strings() -> dict[str, str]:
    out: dict[str, str] = {}
    for c in concepts().values():
        for s in c.code_strings:
            out.setdefault(s.lower(), c.name)
    return out


def concept_for_code_string(s: str) -> str | None:
    """Keras-style names: ``'relu'`` → relu, ``'categorical_crossentropy'`` → cross_entropy."""
    key = s.strip().lower().rsplit(".", 1)[-1]
    found = _code_strings().get(key)
    if found:
        return found
    key = re.sub(r"[^a-z0-9]+", "_", key).strip("_")
    return _code_strings().get(key)


def concept(name: str) -> Concept | None:
    """The vocabulary entry for ``name``; argument concepts (``conv.stride``) fall back to none."""
    return concepts().get(name)
