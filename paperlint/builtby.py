"""The components the audited runs' configs build by name, and what a run sets of each.

Registry-based code (mmcv and its kin: ``dict(type='RandomFlip', prob=0.5)``) and Hydra or
OmegaConf configs (``_target_: pkg.aug.Flip``) build a class from a config entry. The class's
code (its ``__call__`` flipping the image) is the implementation of a choice the run makes in
its config: the entry is where a reader sees, and changes, what the run does. A question about
such a choice is asked at the entry (:func:`paperlint.firstscreen.group_concepts`), not at the
library code it names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from paperlint.model import Choice, Run


@dataclass(frozen=True)
class Entry:
    """A config entry that builds a component: ``dict(type='RandomFlip', prob=0.5)``."""

    name: str  # the component as the config names it: ``RandomFlip``, ``pkg.aug.Flip``
    args: str  # the key path of its arguments: ``train_pipeline``, ``model.backbone``
    file: str
    line: int

    @property
    def component(self) -> str:
        """The component's own name, without its module: ``Flip`` of ``pkg.aug.Flip``."""
        return _short(self.name)


#: the components each name builds: the last part of the name (``Flip`` of ``pkg.aug.Flip``,
#: of ``pkg.aug:Flip``) → the entries that name it
Built = Mapping[str, tuple[Entry, ...]]

NOTHING_BUILT: Built = {}


def built_by(runs: Iterable[Run]) -> Built:
    """The config entries of ``runs`` that build a component, by the component's short name."""
    out: dict[str, dict[tuple, Entry]] = defaultdict(dict)
    for run in runs:
        for args, name, file, line in run.builds:
            entry = Entry(name, args, file, line)
            out[_short(name)][(name, args, file, line)] = entry
    return {k: tuple(v.values()) for k, v in out.items()}


def _short(name: str) -> str:
    return re.split(r"[.:@]", name)[-1]


def _module_of(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def entries_of(c: Choice, built: Built) -> tuple[Entry, ...]:
    """The entries that build the component whose code ``c`` is written in, when that component
    *is* a choice of ``c``'s kind (a ``RandomFlip`` class for the flip in its ``__call__``): the
    entry is where the run makes the choice its code implements. A value the component's code
    fixes on its own (the drop-path rate a backbone's constructor hard-codes) is no setting of
    the entry: none. A name written with its module (``pkg.aug.Flip``) must name ``c``'s file
    too."""
    if c.runs or not c.scope or c.kind == "other":
        return ()
    owner = c.scope.split(".", 1)[0]
    entries = built.get(owner, ())
    if not entries or _kind_of(owner) != c.kind:
        return ()
    return tuple(e for e in entries if _names_file(e.name, c.file))


def _kind_of(name: str) -> str:
    from paperlint.code.sources.base import classify_setting

    kind = classify_setting(name)
    return kind.kind if kind is not None else ""


def _names_file(name: str, path: str) -> bool:
    module = ".".join(re.split(r"[.:@]", name)[:-1])
    return not module or _module_of(path).endswith(module)


def run_settings(
    entries: Sequence[Entry], choices: Iterable[Choice], built: Built
) -> list[tuple[Entry, Choice]]:
    """The settings the runs write in ``entries``: a choice of a run in the entry's file whose
    key is one of the entry's arguments (``train_pipeline.prob``), from the entry's line up to
    the next entry of the same arguments in that file (the entries of a pipeline share their
    key path, and a list of them is written one after the other)."""
    starts: dict[tuple[str, str], list[int]] = defaultdict(list)
    for es in built.values():
        for e in es:
            starts[(e.file, e.args)].append(e.line)
    out: list[tuple[Entry, Choice]] = []
    for c in choices:
        if not c.runs or not c.setting:
            continue
        args = c.setting.rpartition(".")[0]
        for e in entries:
            if (e.file, e.args) != (c.file, args) or c.line < e.line:
                continue
            if not any(e.line < n <= c.line for n in starts[(e.file, e.args)]):
                out.append((e, c))
    return out
