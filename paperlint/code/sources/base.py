"""What every source of settings shares: the records a source writes, the context a Python
source reads through, and the small helpers for values.

A *source of settings* is one way research code sets its values: an argparse option, a yacs
``_C.SOLVER.BASE_LR = 0.01``, a YAML file, a shell script that launches ``python train.py --lr
0.1``. Each is one module of :mod:`paperlint.code.sources`, registered in its table. A source
writes:

* settings: :class:`~paperlint.code.python.Item` records whose ``key`` is the setting's full
  dotted name (``SOLVER.BASE_LR``, ``lora_r``, ``model.params.linear_start``), written through
  :meth:`CodeContext.add_setting` (Python sources) or directly (file sources);
* what the effective configuration needs to put runs together (:class:`ConfigFacts`): the
  commands a script launches, the files a config inherits, what an entry point loads.

:mod:`paperlint.code.runs` then resolves, for every run, the value each setting takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import libcst as cst

from paperlint.code import settings as setting_names
from paperlint.code.settings import SettingKind
from paperlint.code.values import Val, evaluate

#: The layers of the effective configuration, lowest first: a later layer overrides an earlier.
LAYERS: tuple[str, ...] = ("library", "code", "config", "launch", "written")

#: Function-valued settings: a reference (``act=nn.GELU``, ``loss_fn=mae``) is the choice.
REFERENCE_KINDS = frozenset(
    ["activation", "loss", "optimizer", "init", "normalization", "scheduler", "pooling"]
)

_PATH_LIKE = re.compile(r"[/\\]|\.(pt|pth|ckpt|h5|hdf5|json|ya?ml|txt|csv|npy|pkl|png|jpg)$|\s{2,}")


#: "no value known" (``None`` is a value): the settings vocabulary's own sentinel
NO_VALUE: Any = setting_names.NO_VALUE


def classify_setting(key: str, value: Any = NO_VALUE) -> SettingKind | None:
    """What a setting decides — its kind and concept — from the settings vocabulary
    (:func:`paperlint.code.settings.classify`); None for plumbing. Every source of settings asks
    here, with the setting's full dotted key and, when known, its value, so that what the
    vocabulary knows about names in context reaches every source at once."""
    return setting_names.classify(key, value)


def is_setting_value(v: object) -> bool:
    """A value a paper could state: a number, a short name, a short list of them (not a path)."""
    if v is None:
        return True
    if isinstance(v, (bool, int, float)):
        return True
    if isinstance(v, str):
        return 0 < len(v) <= 40 and not _PATH_LIKE.search(v)
    if isinstance(v, (list, tuple)):
        return 0 < len(v) <= 16 and all(
            isinstance(x, (int, float, str)) and not isinstance(x, bool) for x in v
        )
    return False


def string_value(node: cst.BaseExpression) -> str:
    """The text of a string literal (``"--lr"``); "" for anything else."""
    if not isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        return ""
    try:
        s = evaluate(node).value
    except Exception:
        return ""
    return s if isinstance(s, str) else ""


def string_arg(arg: cst.Arg) -> str:
    """The text of a call argument that is a string literal; "" otherwise."""
    return string_value(arg.value) if isinstance(arg.value, cst.SimpleString) else ""


def keyword(node: cst.Call, name: str) -> cst.BaseExpression | None:
    """The value of keyword argument ``name`` of a call, if given."""
    for a in node.args:
        if a.keyword is not None and a.keyword.value == name:
            return a.value
    return None


def scalar(text: str) -> Any:
    """A command-line or override token as the value the program would parse: ``5e-4`` → 0.0005,
    ``8`` → 8, ``True``/``false`` → bool, ``null`` → None, anything else the string (``none``
    too: to argparse and Hydra alike it is a word)."""
    t = text.strip()
    low = t.lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("null", "~"):
        return None
    if re.fullmatch(r"[+-]?\d+", t):
        try:
            return int(t)
        except ValueError:
            return t
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", t):
        try:
            return float(t)
        except ValueError:
            return t
    return t


# ── what sources record for the effective configuration ──────────────────────────────────────


@dataclass
class LaunchArg:
    """One argument of a launched command, as the program receives it (variables expanded).

    ``origin`` is where the value was written when it came whole from a variable
    (``--n "${N_SIZE}"`` with ``N_SIZE=12`` three lines up): the choice is made there."""

    text: str
    line: int
    origin: int = 0  # the line of the variable assignment the whole value came from (0: here)
    unresolved: bool = False  # it holds a variable the script does not set (``${REPO}``)


@dataclass
class Launch:
    """A command a launcher (shell script, job file, Makefile) runs: an entry point and its
    arguments. Never run: read with :mod:`shlex` from the script's text."""

    line: int  # where the command starts
    program: str  # python | torchrun | deepspeed | accelerate | ...
    target: str  # the script the command runs, or the module of ``python -m``
    module: bool  # True for ``python -m target``
    args: list[LaunchArg] = field(default_factory=list)
    name: str = ""  # a Makefile target; "" in a shell script
    loop: str = ""  # the ``for`` loop around the command, recorded as written (not expanded)


@dataclass
class ConfigBase:
    """A config a file inherits from or composes: yacs ``_BASE_: base.yaml``, mmcv ``_base_ =
    [...]``, a Hydra ``defaults:`` entry (``- arch: trm``: the option ``trm`` of group ``arch``)."""

    target: str  # as written: a path (yacs, mmcv) or a Hydra option name
    line: int
    system: str  # yacs | mmcv | hydra
    group: str = ""  # Hydra: the config group (also where its keys are mounted)


@dataclass
class EntryHints:
    """What a Python file says about being a run's entry point and what it loads."""

    main: bool = (
        False  # ``if __name__ == "__main__"``, ``parse_args()``, ``app.run``, a click command
    )
    hydra_path: str | None = None  # ``@hydra.main(config_path=..., config_name=...)``
    hydra_name: str | None = None
    dataclasses: list[str] = field(default_factory=list)  # handed to ``HfArgumentParser``
    config_options: list[str] = field(default_factory=list)  # options naming config files
    config_defaults: list[str] = field(default_factory=list)  # ... and the files they default to
    yacs: bool = False  # merges config files and ``KEY VALUE`` pairs into a config node
    functions: list[str] = field(default_factory=list)  # whose parameters are the options


@dataclass
class ConfigFacts:
    """Per file: what the effective configuration needs beyond the settings themselves."""

    launches: list[Launch] = field(default_factory=list)
    bases: list[ConfigBase] = field(default_factory=list)
    entry: EntryHints = field(default_factory=EntryHints)
    #: keys whose dict carries ``_delete_=True`` (mmcv): it replaces the inherited dict
    replaces: list[str] = field(default_factory=list)
    #: names bound to a config node in this file (yacs ``_C = CN()``, ``cfg = edict()``)
    roots: set[str] = field(default_factory=set)
    #: bad input that did not stop the reading: (error code, message)
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: the file is a config of its own (YAML, JSON, gin, an mmcv-style Python config)
    is_config: bool = False
    #: callables a config instantiates with its keys as arguments (Hydra ``_target_``,
    #: OmegaConf ``target:``/``params:``): (the key path of the arguments, the callable, line)
    targets: list[tuple[str, str, int]] = field(default_factory=list)
    #: components a dict selects by their registered name (mmcv ``dict(type='ResNet')``):
    #: (the key path of the ``type`` entry, the name, line)
    selects: list[tuple[str, str, int]] = field(default_factory=list)
    #: settings the vocabulary calls plumbing or a switch of no known meaning (``BOX_ONLY =
    #: False``, ``use_fast = True``, a component's name), as items of kind ``switch``: never
    #: choices, but conditions in the code test them, so a run's values include them
    #: (:meth:`paperlint.model.CodeInventory.values_of`)
    switches: list[Any] = field(default_factory=list)


class CodeContext(Protocol):
    """What a Python source may use of the visitor that reads a file (its only view of it)."""

    @property
    def config(self) -> ConfigFacts: ...

    @property
    def path(self) -> str:
        """The file being read, as reported (relative to where the audit runs)."""
        ...

    def eval(self, node: cst.BaseExpression) -> Val: ...

    def line_of(self, node: cst.CSTNode) -> int: ...

    def qualify(self, dotted: str) -> str | None: ...

    def scope_kind(self) -> str:
        """module | class | function | method: where the statement being read is written."""
        ...

    def add_setting(
        self,
        name: str,
        value: Val,
        line: int,
        source: str,
        *,
        key: str = "",
        detail: str = "",
        bools: str = "known",
    ) -> None:
        """A setting ``name`` (kind and concept from the settings vocabulary) with ``value``
        written at ``line``; ``key`` is its full dotted name when longer than ``name``;
        ``bools``: which boolean values are kept ("all", "known" kinds only, or "none")."""
        ...
