"""What a setting's name says it decides: ``--batch-size`` → batch_size, ``MODEL.EMA.DECAY`` →
an EMA's decay (not a weight decay), ``FCOS_ON = True`` → no choice at all.

A setting is read with its context: its dotted path (``MODEL.EMA.DECAY``), the class or function
it is a parameter of (``LitEma(decay=...)``) and, when known, its value (``-1`` leaves it unset).
The order of reading and the rules are data, in ``rules/vocabulary/settings.yaml``; every rule
there carries examples that run as tests.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from paperlint import resources

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
#: the objects settings hang from, which say nothing about what a setting is
_HOLDERS = frozenset(
    [
        "_c",
        "c",
        "cfg",
        "cfgs",
        "config",
        "configs",
        "conf",
        "args",
        "opt",
        "opts",
        "flags",
        "hparams",
        "hp",
        "hps",
        "params",
        "self",
        "defaults",
        "default",
        "options",
        "settings",
        "kwargs",
    ]
)

#: "no value given" (``None`` is a value)
NO_VALUE: Any = type("NoValue", (), {"__repr__": lambda self: "NO_VALUE"})()


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


@dataclass(frozen=True)
class _Rule:
    section: str  # not_choices | qualified | settings | ignore
    kind: str  # a choice kind, `context`, or `ignore` (plumbing)
    concept: str
    patterns: tuple[re.Pattern[str], ...]
    values: str = ""  # boolean | fraction | count: the rule applies only to such values
    below: float | None = None  # applies only to numbers below this
    unset: tuple[Any, ...] = ()  # values that mean "not used" for this setting
    #: patterns for the words before the name (its owners): the rule matches when one does
    owners: tuple[re.Pattern[str], ...] = ()


@functools.cache
def _data() -> dict[str, Any]:
    return resources.load_yaml("vocabulary/settings.yaml")


def _rule(section: str, r: dict) -> _Rule:
    return _Rule(
        section,
        r["kind"],
        r["concept"],
        tuple(re.compile(p) for p in r.get("names", ())),
        r.get("values", ""),
        r.get("below"),
        tuple(r.get("unset", ())),
        tuple(re.compile(p) for p in r.get("owners", ())),
    )


@functools.cache
def rules() -> tuple[_Rule, ...]:
    """Every rule, in the order a setting is read."""
    data = _data()
    out = [_rule(section, r) for section in ("not_choices", "qualified") for r in data[section]]
    out += [_rule("settings", r) for r in data["settings"]]
    out.append(
        _Rule("ignore", "ignore", "plumbing", tuple(re.compile(p) for p in data["ignore"]["names"]))
    )
    return tuple(out)


def split_name(name: str, owner: str = "") -> tuple[str, str]:
    """The setting's last part and its qualified name: ``cfg.MODEL.EMA.DECAY`` →
    (``decay``, ``model_ema_decay``); ``decay`` of ``LitEma`` → (``decay``, ``lit_ema_decay``)."""
    parts = [p for p in re.split(r"[.\[\]/:]+|\s+", name.strip()) if p.strip("'\"-")]
    if not parts:
        return "", ""
    leaf = normalize_name(parts[-1].strip("'\""))
    words = [normalize_name(p.strip("'\"")) for p in parts[:-1]]
    if owner:
        words.insert(0, normalize_name(owner.rsplit(".", 1)[-1].rsplit(":", 1)[-1]))
    words = [w for w in words if w and w not in _HOLDERS and not w.isdigit()]
    return leaf, "_".join([*words, leaf]) if leaf else ""


@functools.cache
def _matchers() -> tuple[tuple[_Rule, re.Pattern[str] | None, re.Pattern[str] | None], ...]:
    """Each rule with its name patterns as one expression and its owner patterns as another
    (one search finds what any of them finds; None: no pattern)."""

    def joined(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
        if not patterns:
            return None
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))

    return tuple((r, joined(r.patterns), joined(r.owners)) for r in rules())


@functools.lru_cache(maxsize=8192)
def _candidates(name: str, owner: str) -> tuple[_Rule, ...]:
    """The rules that match, in order, up to the first one whose verdict holds for any value."""
    leaf, qualified = split_name(name, owner)
    if not leaf or leaf.isdigit():
        return ()
    owners = qualified[: -len(leaf)].rstrip("_")
    out = []
    for r, names, of_owner in _matchers():
        both = r.section in ("not_choices", "qualified")
        if (names is not None and (names.search(leaf) or (both and names.search(qualified)))) or (
            owners and of_owner is not None and of_owner.search(owners)
        ):
            out.append(r)
            if not (r.values or r.below is not None or r.unset):
                break
    return tuple(out)


def _holds(r: _Rule, value: Any) -> bool:
    """Whether a value-conditioned rule applies to this value (always, when it is unknown)."""
    if value is NO_VALUE:
        return True
    if r.values == "boolean" and not isinstance(value, bool):
        return False
    if r.values == "fraction" and not (
        isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1
    ):
        return False
    if r.values == "count" and not _is_count(value):
        return False
    small = isinstance(value, (int, float)) and not isinstance(value, bool)
    return r.below is None or (small and abs(value) < r.below)


def _is_count(value: Any) -> bool:
    """A number, or numbers (one per stage: ``[1, 2, 5, 8]``): not a name such as the class
    of a head module (``RPN_HEAD = "SingleConvRPNHead"``), which counts nothing."""
    if isinstance(value, (list, tuple)):
        return bool(value) and all(_is_count(v) for v in value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_unset(value: Any, kind: str = "") -> bool:
    """A value that leaves a setting unset: ``-1`` (auto, all, disabled, "same as ..."),
    ``None`` for a number such as a learning rate or a count, and ``0`` where it cannot be the
    value that runs (a training length of 0 epochs, a loss of 0: see ``zero_for_kinds``)."""
    if value is NO_VALUE or isinstance(value, bool):
        return False
    unset = _data()["unset"]
    if value is None:
        return kind in unset["none_for_kinds"]
    if isinstance(value, (int, float)) and value == 0 and kind in unset["zero_for_kinds"]:
        return True
    return isinstance(value, (int, float)) and any(value == u for u in unset["values"])


@dataclass(frozen=True)
class Reading:
    """How a setting was read: the rule that decided (None: no rule, a setting of kind
    ``other``), and its verdict (None: no choice)."""

    rule: _Rule | None
    result: SettingKind | None
    unset: bool = False  # no choice because its value leaves it unset


def read(name: str, value: Any = NO_VALUE, owner: str = "") -> Reading:
    """:func:`classify`, with the rule that decided (the examples' tests check it)."""
    found: _Rule | None = None
    for r in _candidates(name, owner):
        if r.unset and value is not NO_VALUE and any(_same(value, u) for u in r.unset):
            return Reading(r, None, unset=True)
        if _holds(r, value):
            found = r
            break
    if found is None:
        leaf, _q = split_name(name, owner)
        if not leaf or leaf.isdigit():
            return Reading(None, None)
        result = SettingKind("other", leaf)
    elif found.kind == "ignore":
        return Reading(found, None)
    else:
        result = SettingKind(found.kind, found.concept)
    if is_unset(value, result.kind):
        return Reading(found, None, unset=True)
    return Reading(found, result)


def classify(name: str, value: Any = NO_VALUE, owner: str = "") -> SettingKind | None:
    """The kind of choice a setting makes; None when it makes none (plumbing such as paths and
    devices, switches and pad values, or a value that leaves it unset).

    ``name`` may be dotted (``MODEL.EMA.DECAY``, ``args.lr``); ``owner`` is the class or function
    the setting is a parameter of; ``value``, when known, can leave the setting unset (``-1``) or
    decide a rule that depends on it (a boolean switch, a tiny epsilon). A name the vocabulary
    does not know is still a setting, of kind ``other``. Kind ``context`` is what the code runs
    on (its dataset, its number of classes), kept apart from the choices.
    """
    return read(name, value, owner).result


def _same(a: Any, b: Any) -> bool:
    return (
        isinstance(a, (int, float))
        and not isinstance(a, bool)
        and isinstance(b, (int, float))
        and a == b
    )


@functools.lru_cache(maxsize=4096)
def is_known_setting(name: str) -> bool:
    """True when the vocabulary itself names this setting (not merely "a setting of kind other")."""
    k = classify(name)
    return k is not None and k.concept != split_name(name)[0]


@functools.cache
def _computed() -> list[tuple[SettingKind, list[re.Pattern[str]]]]:
    return [
        (SettingKind(r["kind"], r["concept"]), [re.compile(p) for p in r["names"]])
        for r in _data().get("computed", ())
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


#: Initialization schemes by the word a helper's name uses for them: a family (Glorot, He) says
#: more than a distribution (normal, uniform), so ``he_normal`` is He's.
_INIT_FAMILIES = {
    "glorot": "xavier_init",
    "xavier": "xavier_init",
    "he": "he_init",
    "kaiming": "he_init",
    "msra": "he_init",
    "orthogonal": "orthogonal_init",
    "zeros": "zero_init",
    "zero": "zero_init",
    "ones": "constant_init",
    "constant": "constant_init",
    "identity": "identity_init",
    "eye": "identity_init",
}
_INIT_DISTRIBUTIONS = {
    "normal": "normal_init",
    "gaussian": "normal_init",
    "randn": "normal_init",
    "uniform": "uniform_init",
}
_WEIGHT_WORDS = frozenset(
    [
        "init",
        "initializer",
        "initialization",
        "weight",
        "weights",
        "variable",
        "var",
        "param",
        "params",
        "tensor",
        "matrix",
        "bias",
        "kernel",
        "get",
        "make",
        "create",
        "new",
        "trunc",
        "truncated",
        "lecun",
        "random",
        "rand",
    ]
)


def init_scheme(function_name: str) -> str | None:
    """The initialization a weight-making helper's name says (``glorot``, ``xavier_weights``,
    ``he_normal``, ``zeros``) → its concept; None for other names (``uniform_sample``)."""
    words = normalize_name(function_name).split("_")
    if not all(
        w in _INIT_FAMILIES or w in _INIT_DISTRIBUTIONS or w in _WEIGHT_WORDS for w in words
    ):
        return None
    for table_ in (_INIT_FAMILIES, _INIT_DISTRIBUTIONS):
        found = [table_[w] for w in words if w in table_]
        if found:
            return found[0]
    return None
