"""What a setting's name says it decides: ``--batch-size`` → batch_size, ``numMCTSSims`` → other.

Data in ``rules/vocabulary/settings.yaml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from paperlint import resources

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def normalize_name(name: str) -> str:
    """``--batch-size`` → ``batch_size``; ``numMCTSSims`` → ``num_mcts_sims``."""
    name = name.lstrip("-").strip()
    name = _CAMEL.sub("_", name)
    name = re.sub(r"[^0-9A-Za-z]+", "_", name).strip("_")
    return name.lower()


@dataclass(frozen=True)
class SettingKind:
    kind: str
    concept: str


@functools.cache
def _rules() -> tuple[list[tuple[SettingKind, list[re.Pattern[str]]]], list[re.Pattern[str]]]:
    data = resources.load_yaml("vocabulary/settings.yaml")
    rules = [
        (SettingKind(r["kind"], r["concept"]), [re.compile(p) for p in r["names"]])
        for r in data["settings"]
    ]
    ignore = [re.compile(p) for p in data["ignore"]["names"]]
    return rules, ignore


@functools.lru_cache(maxsize=4096)
def classify(name: str) -> SettingKind | None:
    """The kind of choice a setting of this name makes; None for plumbing (paths, devices, seeds).

    A name the vocabulary does not know is still a setting, of kind ``other``.
    """
    norm = normalize_name(name)
    if not norm or norm.isdigit():
        return None
    rules, ignore = _rules()
    for kind, patterns in rules:
        if any(p.search(norm) for p in patterns):
            return kind
    if any(p.search(norm) for p in ignore):
        return None
    return SettingKind("other", norm)


@functools.lru_cache(maxsize=4096)
def is_known_setting(name: str) -> bool:
    """True when the vocabulary itself names this setting (not merely "a setting of kind other")."""
    k = classify(name)
    return k is not None and k.concept != normalize_name(name)


@functools.cache
def _computed() -> list[tuple[SettingKind, list[re.Pattern[str]]]]:
    data = resources.load_yaml("vocabulary/settings.yaml")
    return [
        (SettingKind(r["kind"], r["concept"]), [re.compile(p) for p in r["names"]])
        for r in data.get("computed", ())
    ]


@functools.lru_cache(maxsize=4096)
def classify_computed(name: str) -> SettingKind | None:
    """The choice a variable's *computed* value embodies, by its name (``laplacian`` →
    graph normalization, ``freeze_list`` → layer freezing); None for ordinary variables."""
    norm = normalize_name(name)
    for kind, patterns in _computed():
        if any(p.search(norm) for p in patterns):
            return kind
    return None
