"""The table of library callables paperlint knows: real signatures, defaults, and what kind of
choice each argument is. The data is in ``rules/signatures/*.yaml``; this module parses it.

A signature is written as the parameter list of a Python ``def`` and parsed with :mod:`ast`
(data only: defaults are literals or dotted names, never evaluated).
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field
from typing import Any

from paperlint import resources

_NO_DEFAULT = object()


@dataclass(frozen=True)
class Param:
    name: str
    default: Any = _NO_DEFAULT  # a literal, or a str for a dotted-name default
    default_text: str = ""
    positional: bool = True  # False after `*`

    @property
    def has_default(self) -> bool:
        return self.default is not _NO_DEFAULT


@dataclass(frozen=True)
class Callable_:
    """One library callable: ``torch.nn.Conv2d`` and what its arguments mean."""

    qualname: str
    framework: str
    concept: str
    kind: str | None  # set when using the component is itself a choice
    sig: str = ""  # its parameters as Python writes them: "in_channels, out_channels, stride=1"
    arg_kinds: dict[str, str] = field(default_factory=dict)
    always: frozenset[str] = frozenset()
    conventional: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    conventional_component: bool = False
    plumbing: frozenset[str] = frozenset()
    param_aliases: dict[str, str] = field(default_factory=dict)
    value_param: str = ""  # Activation('relu'): the argument that names the component
    only_in_model: bool = False  # torch.mean / torch.cat are choices only inside a model
    needs: tuple[str, ...] = ()  # arguments that must be given for the call to count
    #: argument → the concept it decides (`reduction` of a loss → loss_reduction); such an
    #: argument is never plumbing
    arg_concepts: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def params(self) -> tuple[Param, ...]:
        """The parameters, parsed from :attr:`sig` on first use: of the hundreds of callables
        in the tables an audit calls a few, and the linker only needs their concepts."""
        return parse_signature(self.sig)

    def param(self, name: str) -> Param | None:
        name = self.param_aliases.get(name, name)
        for p in self.params:
            if p.name == name:
                return p
        return None

    def bind(self, positional: list[Any], keywords: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """Arguments by parameter name; the flag is False when a ``*args``/``**kw`` hid some."""
        bound: dict[str, Any] = {}
        complete = True
        slots = [p for p in self.params if p.positional and not p.name.startswith("*")]
        for i, value in enumerate(positional):
            if is_star(value):
                complete = False
                break
            if i < len(slots):
                bound[slots[i].name] = value
        for name, value in keywords.items():
            if name == "**":
                complete = False
                continue
            bound[self.param_aliases.get(name, name)] = value
        return bound, complete


# Marker for a `*args` positional argument at a call site. A plain record (not `object()`), so it
# survives the trip from a worker process (which only returns paperlint's own records) and
# compares equal on the other side. Made on first use: the record class lives beside libcst
# (paperlint.code.values), and the linker reads this table in a process that never imports it.


def __getattr__(name: str) -> Any:
    if name in ("STAR", "_STAR"):
        from paperlint.code.values import Val

        star = Val("star", None, "*args")
        globals().update(STAR=star, _STAR=star)
        return star
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_star(v: Any) -> bool:
    return type(v).__name__ == "Val" and getattr(v, "state", None) == "star"


def parse_signature(sig: str) -> tuple[Param, ...]:
    tree = ast.parse(f"def f({sig}):\n    pass\n")
    fn = tree.body[0]
    assert isinstance(fn, ast.FunctionDef)
    a = fn.args
    params: list[Param] = []
    positional = [*a.posonlyargs, *a.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(a.defaults)) + list(
        a.defaults
    )
    for arg, default in zip(positional, defaults, strict=True):
        params.append(_param(arg.arg, default, True))
    if a.vararg:
        params.append(Param("*" + a.vararg.arg, positional=False))
    for arg, default in zip(a.kwonlyargs, a.kw_defaults, strict=True):
        params.append(_param(arg.arg, default, False))
    return tuple(params)


def _param(name: str, default: ast.expr | None, positional: bool) -> Param:
    if default is None:
        return Param(name, positional=positional)
    text = ast.unparse(default)
    try:
        value = ast.literal_eval(default)
    except ValueError:
        value = text  # a dotted-name default such as tf.nn.relu
    return Param(name, value, text, positional)


@functools.cache
def table() -> dict[str, Callable_]:
    """Every known callable by canonical qualified name (see paperlint.code.imports.canonical)."""
    out: dict[str, Callable_] = {}
    for path in resources.yaml_files("signatures"):
        data = resources.load_yaml(f"signatures/{path.name}")
        framework = data["framework"]
        plumbing = frozenset(data.get("plumbing", ()))
        by_kind = data.get("arguments_by_kind", {})
        for qualname, spec in data["callables"].items():
            out[qualname] = Callable_(
                qualname=qualname,
                framework=framework,
                concept=spec["concept"],
                kind=spec.get("kind"),
                sig=spec.get("sig", ""),
                arg_kinds=dict(spec.get("kinds", {})),
                always=frozenset(spec.get("always", ())),
                conventional={
                    k: tuple(_tuplify(v) for v in vs)
                    for k, vs in spec.get("conventional", {}).items()
                },
                conventional_component=bool(spec.get("conventional_component", False)),
                plumbing=plumbing,
                param_aliases=dict(spec.get("aliases_params", {})),
                value_param=spec.get("value_param", ""),
                only_in_model=bool(spec.get("only_in_model", False)),
                needs=tuple(spec.get("needs", ())),
                arg_concepts={**by_kind.get(spec.get("kind"), {}), **spec.get("concepts", {})},
            )
    return out


def _tuplify(v: Any) -> Any:
    return tuple(_tuplify(x) for x in v) if isinstance(v, list) else v


@functools.cache
def frameworks_by_prefix() -> dict[str, str]:
    """Top-level module → framework name, for labelling choices."""
    return {
        "torch": "torch",
        "torchvision": "torch",
        "keras": "keras",
        "tensorflow": "tensorflow",
        "flax": "flax",
        "optax": "optax",
        "jax": "jax",
        "transformers": "transformers",
    }


@functools.cache
def _by_short_name() -> dict[str, tuple[Callable_, ...]]:
    out: dict[str, list[Callable_]] = {}
    for qualname, spec in table().items():
        out.setdefault(qualname.rsplit(".", 1)[-1], []).append(spec)
    return {k: tuple(v) for k, v in out.items()}


def library_default_of(class_name: str, param: str) -> tuple[Any, ...]:
    """The defaults that library callables named ``class_name`` (``AdamW``, ``Adam``) give
    ``param``. A project's own copy of a library class (an ``AdamW`` in ``optimizer.py``)
    that declares the same default restates the library's default, which nobody chose."""
    out = []
    for spec in _by_short_name().get(class_name, ()):
        p = spec.param(param)
        if p is not None and p.has_default and not is_star(p.default):
            out.append(p.default)
    return tuple(out)
