"""The linker's tables, read from ``rules/``: what each kind of choice is compared as
(``vocabulary/kinds.yaml``), the patterns the evidence recognisers read
(``cues/evidence.yaml``) and the word lists (``vocabulary/words.yaml``). Data, not code: a
contributor teaches paperlint a new kind or a new way of writing by editing these files."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from paperlint import resources
from paperlint.paper.index import cues, words


@dataclass(frozen=True)
class KindSpec:
    """One kind of choice, as ``rules/vocabulary/kinds.yaml`` describes it."""

    name: str
    concept: str = ""
    scalar: bool = False
    categorical: bool = False
    size: bool = False
    lowest: float = float("-inf")
    highest: float = float("inf")
    integral: bool = False
    additive: bool = False

    def plausible(self, value: float) -> bool:
        """A stated value can be one of this kind (a dropout of 3 is not a dropout)."""
        if not self.lowest <= value <= self.highest:
            return False
        return not self.integral or float(value).is_integer()


@functools.cache
def _kind_data() -> dict:
    return resources.load_yaml("vocabulary/kinds.yaml")


@functools.cache
def kinds() -> dict[str, KindSpec]:
    out = {}
    for name, spec in _kind_data()["kinds"].items():
        low, high = spec.get("plausible") or (float("-inf"), float("inf"))
        out[name] = KindSpec(
            name=name,
            concept=spec.get("concept") or "",
            scalar=bool(spec.get("scalar")),
            categorical=bool(spec.get("categorical")),
            size=bool(spec.get("size")),
            lowest=float(low),
            highest=float(high),
            integral=bool(spec.get("integral")),
            additive=bool(spec.get("additive")),
        )
    return out


def kind(name: str) -> KindSpec:
    """The spec of a kind; a kind the table does not list is compared as a plain setting."""
    return kinds().get(name) or KindSpec(name)


@functools.cache
def same_role(concept: str) -> tuple[str, ...]:
    """The components of an additive kind that fill one role with ``concept`` (``roles`` of
    ``vocabulary/kinds.yaml``): the only ones that can replace it. Just itself when it shares
    its role with none."""
    for group in _kind_data().get("roles") or ():
        if concept in group:
            return tuple(group)
    return (concept,)


@functools.cache
def generic_components() -> frozenset[str]:
    return frozenset(_kind_data()["generic_components"])


@functools.cache
def output_activations() -> tuple[str, ...]:
    return tuple(_kind_data()["output_activations"])


@functools.cache
def broader(concept: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The families a paper may name a component by, and the concepts that, named beside the
    family, make it another member: ``(family, unless)``."""
    spec = (_kind_data().get("broader") or {}).get(concept) or {}
    return tuple(spec.get("family") or ()), tuple(spec.get("unless") or ())


@functools.cache
def trivial_values() -> frozenset[float]:
    return frozenset(float(v) for v in _kind_data()["trivial_values"])


@functools.cache
def pattern(path: str) -> re.Pattern[str]:
    """A case-insensitive pattern of ``cues/evidence.yaml``'s ``linker`` part by its path
    ("statement.refers_back")."""
    node = cues()["linker"]
    for part in path.split("."):
        node = node[part]
    return re.compile(node, re.I)


@functools.cache
def section_weight(kind: str) -> int:
    """How much a sentence in a section of this kind counts as a statement of the method."""
    return int(cues()["linker"]["statement"]["section_weights"].get(kind, 1))


@functools.cache
def word_list(name: str) -> frozenset[str]:
    """A list of ``vocabulary/words.yaml`` as a set."""
    return frozenset(words()[name])
