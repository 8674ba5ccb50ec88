"""Which training stage a file does, when it is one a repository ships beside its main runs.

Research repositories keep, beside the scripts of the experiments their paper reports, scripts
of further stages: a continued pre-training of the encoder with masked language modelling, a
quantisation or pruning pass over the trained model. Each is told by library objects that exist
for it alone (``DataCollatorForLanguageModeling``, ``quantize_dynamic``), never by a word a
main script may carry as the name of an option. The stages and their patterns are
``rules/scope/training_stages.yaml``; whether the paper describes a stage is for
:func:`paperlint.scope.decide`. Read from the text of the code (comments and strings left out),
never by running it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from paperlint import resources
from paperlint.code.training import code_text


@dataclass(frozen=True)
class Stage:
    name: str
    code: re.Pattern[str]
    paper: re.Pattern[str]


@functools.cache
def stages() -> tuple[Stage, ...]:
    """The stages of ``rules/scope/training_stages.yaml``."""
    return tuple(
        Stage(s["name"], re.compile(s["code"]), re.compile(s["paper"], re.I))
        for s in resources.load_yaml("scope/training_stages.yaml")["stages"]
    )


def stages_in(lines: Iterable[str]) -> tuple[str, ...]:
    """The names of the stages whose library objects the code uses."""
    lines = list(lines)
    raw = "\n".join(lines)
    # almost no file names a stage's objects at all: strip comments and strings (a pass the
    # training signs already make over every file) only for those that do
    candidates = [s for s in stages() if s.code.search(raw)]
    if not candidates:
        return ()
    code = code_text(lines)
    return tuple(s.name for s in candidates if s.code.search(code))


def described(text: str) -> frozenset[str]:
    """The names of the stages a paper's ``text`` writes of."""
    return frozenset(s.name for s in stages() if s.paper.search(text))
