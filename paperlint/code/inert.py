"""Settings whose value never takes effect in the run: a data-flow fact of the code, read
after extraction (the audited Python files parsed with :mod:`ast`, never imported or run).

Research code defines more settings than a run uses. A value that never reaches a use in the
run the paper describes is not a choice anyone made for that run, and asking why it is what it
is asks the wrong question. Five ways it happens, each stated as what code does in general:

    never read      a setting of the run (an argparse option, a key of a settings dict) whose
                    name the code the run reaches never reads, while the settings never leave
                    that code whole (no ``**vars(args)``, no ``getattr(args, name)``, no library
                    call handed the namespace): ``args.lr`` defined, and the optimiser built
                    without it, so the library's default runs.
    not selected    every read of the setting sits under a condition on another setting that
                    the run's value makes false: ``if args.opt == "sgd": SGD(momentum=
                    args.momentum)`` when the run's ``opt`` is ``adamw``; the Chebyshev order of
                    a baseline model when the model option picks the paper's model; a read in
                    a function every call of which sits under such a condition (or in such a
                    function). The run's values include its switches and plumbing, which
                    are no choices (``MODEL.BOX_ONLY: True`` in its config file over the
                    yacs default ``False``, a ``store_true`` flag the run's launcher leaves
                    unset; an entry point nothing visible launches may be launched with any
                    flag, so its flags' defaults say nothing): a part built only under
                    ``if not cfg.MODEL.BOX_ONLY:`` (a class, the functions only it calls)
                    never runs, and the values written or used there, or read only there, are
                    inert. A library factory handed the whole namespace
                    (``create_scheduler(args, opt)``) reads its fields under the conditions
                    ``rules/scope/inert.yaml`` states. A namespace also handed to code the audit
                    does not hold does not change this: the code we see reads the setting only
                    under the selector.
    switched off    a parameter's default whose every use sits under a condition its own value
                    makes false (``if noise_dropout > 0.: dropout(p=noise_dropout)`` at 0), or
                    is passed on to such a parameter; and a value written under a branch that
                    a parameter's default closes, when no call the code makes can give the
                    parameter another value (``else: loss.sum() / avg_factor`` under ``if
                    avg_factor is None``, every caller handing on its own ``avg_factor=None``:
                    :class:`HeldDefaults`).
    bookkeeping     a value given to an object that only records numbers (a metric meter
                    registered with ``add_meter``, an ``AverageMeter``), a value of a function
                    whose name says it makes what a logger shows (``log_images(...,
                    ddim_steps=200)``, ``plot_samples``), and an attribute's
                    first value that the forward pass replaces before reading it (an output
                    cache ``self.out = nn.Parameter(torch.empty(...))`` assigned in ``forward``).

    not built       a value inside a class of the project that no code the runs may execute
                    builds: nothing names it but classes nothing builds, in a module of parts
                    the runs pick others from (:func:`unconstructed_classes`; a class a config
                    names is built when the project builds objects from config strings). A
                    constructor's naming of a part only under a condition on its own
                    parameters does not count when every build of the class by the audited
                    runs leaves the condition false (``SpatialTransformer(...) if
                    use_spatial_transformer else AttentionBlock(...)``, every config
                    ``target: ...UNetModel`` leaving it at its default ``False``; a build we
                    cannot read keeps the part: :func:`switched_off_namings`). A top-level
                    function of such a module that only classes call runs only when one of
                    them is built; one every reference to which (followed through the imports,
                    ``import pkg.utils as util``) sits only in such code, in a function so
                    reached, or in an imported module's ``__main__`` block never runs either
                    (:func:`unreached_functions`).

A read we cannot judge (a condition on something that is not a setting of the run, an
expression the evaluator does not know) counts as a use, and while an in-scope code file is
beyond this reader (a notebook, Python 2) no setting is called inert: nothing is claimed that
the code does not show. Reads are looked for in every file the scope keeps, not only in a
run's reach. This pass runs in the main process after extraction, as
:mod:`paperlint.callsites` does. :func:`inert_choices` returns the choices with the reason, for
:mod:`paperlint.setaside`.
"""

from __future__ import annotations

import ast
import functools
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from paperlint import resources
from paperlint.callsites import is_main_guard, last_name
from paperlint.code import filefacts
from paperlint.model import Choice, CodeInventory

#: the sources of settings whose choices are a setting's definition
_DEFINING = frozenset(["argparse", "flag", "click", "dict", "field", "attr", "config"])
#: callees that only show or store what they are given: handing them the namespace reads
#: nothing the run uses
_HARMLESS = frozenset(
    {
        "print",
        "str",
        "repr",
        "format",
        "len",
        "isinstance",
        "hasattr",
        "id",
        "type",
        "info",
        "debug",
        "warning",
        "warn",
        "error",
        "write",
        "dump",
        "dumps",
        "pprint",
        "add_text",
        "log_hyperparams",
        "save_hyperparameters",
    }
)
#: calls that make a settings namespace: what they are assigned to is one
_NAMESPACE_MAKERS = frozenset(
    {
        "parse_args",
        "parse_known_args",
        "parse_args_into_dataclasses",
        "parse_dict",
        "dotdict",
        "DotDict",
        "EasyDict",
        "edict",
        "Namespace",
        "SimpleNamespace",
        "load",
        "create",
        "merge",
        "get_cfg",
        "get_config",
        "load_config",
        "Config",
        "fromfile",
    }
)
#: calls that write keys into a mapping by keyword (``cfg.update(key=...)``, ``dict(key=...)``)
_KEY_WRITERS = frozenset({"update", "dict", "setdefault", "EasyDict", "edict", "ConfigDict"})
#: functions whose name says they make what a logger shows (``log_images``, ``plot_curves``)
_FOR_LOGGING = re.compile(r"^_?(log|plot|visuali[sz]e)(_|$)")
#: methods that hand over every setting of the object they are called on
_WHOLE_READS = frozenset(
    {
        "items",
        "keys",
        "values",
        "flag_values_dict",
        "_get_kwargs",
        "to_dict",
        "todict",
        "as_dict",
        "to_container",
        "dump",
        "copy",
    }
)
#: how research code names the object that carries its settings (``cfg``, ``self.config``,
#: ``opt``, ``hparams``, ``FLAGS``)
_SETTINGS_OBJECT = re.compile(r"cfg|conf|arg|opt|param|flag|setting|^hps?$")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


@functools.lru_cache(maxsize=65536)
def norm(name: str) -> str:
    """``--lr-noise`` → ``lr_noise``; ``numMCTSSims`` → ``num_mcts_sims``."""
    name = _CAMEL.sub("_", name.lstrip("-").strip())
    return re.sub(r"[^0-9A-Za-z]+", "_", name).strip("_").lower()


@functools.lru_cache(maxsize=65536)
def parse_value(text: str) -> Any:
    """A setting's value as written (``'cosine'``, ``None``, ``0.9``, ``adamw`` on a command
    line, ``null`` in YAML) as a Python value, or :data:`UNKNOWN`."""
    t = text.strip()
    try:
        return ast.literal_eval(t)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    low = t.lower()
    if low in ("null", "~", "none"):
        return None
    if low in ("true", "false"):
        return low == "true"
    if re.fullmatch(r"[A-Za-z_][\w.\-]*", t):
        return t
    return UNKNOWN


@functools.cache
def _data() -> dict:
    return resources.load_yaml("scope/inert.yaml")


@dataclass(frozen=True)
class Reader:
    """A library function handed a whole settings namespace, and the fields it lets take
    effect only under a condition (an expression over the namespace's field names)."""

    functions: frozenset[str]
    argument: int
    only_when: tuple[tuple[str, ast.expr], ...]
    defaults: tuple[tuple[str, Any], ...] = ()  # a field the namespace lacks reads as this
    through_result: tuple[tuple[str, int], ...] = ()  # field → item of the result it acts by


@functools.cache
def readers() -> tuple[Reader, ...]:
    out = []
    for r in _data()["namespace_readers"]:
        conds = tuple(
            (norm(k), ast.parse(" ".join(str(v).split()), mode="eval").body)
            for k, v in r["only_when"].items()
        )
        out.append(
            Reader(
                frozenset(r["functions"]),
                int(r["argument"]),
                conds,
                tuple((norm(k), v) for k, v in (r.get("defaults") or {}).items()),
                tuple((norm(k), int(v)) for k, v in (r.get("through_result") or {}).items()),
            )
        )
    return tuple(out)


# ── what one file shows ─────────────────────────────────────────────────────────────────────

Guards = tuple[tuple[ast.expr | str, bool], ...]


@dataclass
class Read:
    """An attribute, key or name read of a setting: where, and under which conditions."""

    chain: tuple[str, ...]  # normalised names, base first: ("args", "momentum")
    line: int
    guards: Guards
    #: conditions evaluate on bare field names (a library table's), not attribute chains
    bare: bool = False
    func: str = ""  # the function it is read in ("" at module level)


@dataclass
class Function:
    file: str
    qualname: str  # Class.method or function
    params: dict[str, ast.expr | None]  # name → default
    order: list[str]  # positional parameter order (without self/cls)
    method: bool
    first_line: int
    last_line: int
    decorated: bool = False
    #: the last names of its decorators (``wraps``, ``no_grad``, ``register_module``)
    decorators: list[str] = field(default_factory=list)
    #: name loads in the body: name → [(line, guards, passed on as (callee, keyword))]
    uses: dict[str, list[tuple[int, Guards, tuple[str, str] | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    #: (line, guards) where the body sets ``self.NAME``, and where it reads it
    self_sets: dict[str, list[tuple[int, Guards]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    self_reads: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    #: names the body assigns (a parameter rebound is no longer the value it was given)
    rebound: set[str] = field(default_factory=set)
    #: ``self.NAME = name`` statements: NAME → (line, the name assigned)
    self_copies: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    #: the body's statements that may hold a guarded value: (first line, last line, last line
    #: of the header, 0 for a simple statement, conditions); compound statements always, simple
    #: ones when under a condition (:func:`guards_at`)
    stmts: list[tuple[int, int, int, Guards]] = field(default_factory=list)


@dataclass
class Escape:
    """A call handing a namespace (or any object) whole to a callee."""

    callee: str  # qualified as imported, or the written name
    last: str  # the callee's last name
    index: int  # the argument's position (-1: a keyword)
    arg: str  # the argument's last name
    line: int
    guards: Guards
    discarded: frozenset[int] = frozenset()  # items of the result assigned to `_`


@dataclass
class FileFacts:
    path: str
    reads: list[Read] = field(default_factory=list)
    escapes: list[Escape] = field(default_factory=list)
    dynamic: bool = False  # **x, vars(x), x.__dict__, getattr(x, non-literal)
    namespaces: set[str] = field(default_factory=set)  # `args = parser.parse_args()`
    defined: set[str] = field(default_factory=set)  # function and class names
    functions: list[Function] = field(default_factory=list)
    classes: dict[str, list[str]] = field(default_factory=dict)  # class → method qualnames
    #: (line, callee's last name) of calls made as an argument of a bookkeeping call, and of
    #: constructors of bookkeeping classes
    bookkeeping: set[tuple[int, str]] = field(default_factory=set)
    calls: list[tuple[str, int, int, dict[str, ast.expr]]] = field(default_factory=list)
    #: (callee's last name, conditions, the function the call is made in) of every call
    call_sites: list[tuple[str, Guards, str]] = field(default_factory=list)
    #: names loaded other than as the callee of a call (a function passed on, registered)
    refs: set[str] = field(default_factory=set)
    #: class → (first line, last line, decorated)
    class_spans: dict[str, tuple[int, int, bool]] = field(default_factory=dict)
    #: names that may name a class other than by calling it: attributes read (``models.Net``),
    #: base classes, words of string constants (``registry["Net"]``)
    #: (name, the module its head was imported from, or "")
    mentions: set[tuple[str, str]] = field(default_factory=set)
    #: (callee's last name, the module its head was imported from, or "") of every call
    constructs: list[tuple[str, str]] = field(default_factory=list)
    #: some call looks an object up by a name built at run time (``getattr(module, name)``,
    #: ``globals()[name]``, ``eval``, ``import_module``)
    looks_up: bool = False
    #: the names above by where the code naming them sits: the module's top-level class it is
    #: inside, or "" (module level, a function)
    named_at: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: (the function, or "" at module level; the function's parameters the name comes from,
    #: empty when it does not come from them alone; the callee's last name; the top module the
    #: object is looked up in was imported from, or "") of every lookup by a name built at run
    #: time
    lookups: list[tuple[str, tuple[str, ...], str, str]] = field(default_factory=list)
    #: (function, callee's last name, the argument's position or keyword, the function's
    #: parameters the argument comes from): the function hands its own arguments on
    forwards: list[tuple[str, str, int | str, tuple[str, ...]]] = field(default_factory=list)
    #: (callee's last name, the argument's position or keyword) of calls handed a string the
    #: code builds (``f"{a}.{b}"``, ``"x" + y``, or a name bound to one)
    built_calls: list[tuple[str, int | str]] = field(default_factory=list)
    #: (class, name, conditions) of names a top-level class's ``__init__`` names only under
    #: conditions (``SpatialTransformer(...) if use_st else AttentionBlock(...)``), and
    #: (class, name) of the names the class names anywhere else in it
    ctor_gated: list[tuple[str, str, Guards]] = field(default_factory=list)
    ctor_plain: set[tuple[str, str]] = field(default_factory=set)
    #: names named other than as a call's callee or a class's base (a class handed on,
    #: registered, read as an attribute, written in a string): builds we cannot read
    named_other: set[str] = field(default_factory=set)
    #: the names above but those named only under a condition in a top-level class's
    #: ``__init__`` (which :func:`switched_off_namings` judges) or only in ``__all__``:
    #: names handed on where no condition on a constructor's parameters closes the handing
    handed_plain: set[str] = field(default_factory=set)
    #: names this module writes in its ``__all__`` and names nowhere else: an export list
    #: makes a name importable, it calls nothing and hands nothing on
    export_only: set[str] = field(default_factory=set)
    #: (class, line, keywords) of registry entries the code writes (``dict(type="Loss",
    #: use_sigmoid=False)``): builds of the class it names with those arguments
    entry_builds: list[tuple[str, int, dict[str, ast.expr]]] = field(default_factory=list)
    #: the top modules the file imports from ("." for a relative import)
    import_roots: list[str] = field(default_factory=list)
    #: class → the last names of its bases
    bases: dict[str, list[str]] = field(default_factory=dict)
    #: (callee's last name, line) of calls given ``*args`` or ``**kwargs``
    splat_calls: set[tuple[str, int]] = field(default_factory=set)
    #: keys the code writes into a mapping or an object other than its own (``cfg.update(
    #: train_cfg=...)``, ``default_args=dict(...)``, ``{"key": ...}``, ``cfg["key"] = ...``,
    #: ``cfg.key = ...``), normalised: a config's value of such a key may not be what builds
    written_keys: set[str] = field(default_factory=set)
    #: the names the module's imports bind, to the absolute dotted name each imports (a
    #: relative import resolved from the file's path): ``util`` → ``pkg.utils_image``
    bindings: dict[str, str] = field(default_factory=dict)
    #: the modules the file imports every name of (``from m import *``), absolute
    star_imports: list[str] = field(default_factory=list)
    #: (the reference as written, ``util.resize``; the function it sits in, or "" at module
    #: level; the module's top-level class it sits in, or ""; its conditions) of every name or
    #: attribute chain whose head an import or a top-level function of the module binds
    references: list[tuple[str, str, str, Guards]] = field(default_factory=list)
    #: names a function may be reached by that no import resolves: the last name of a chain on
    #: an object (``obj.resize``), a bare name under a star import, a word of a string
    loose_names: set[str] = field(default_factory=set)
    #: top-level classes whose constructor hands its arguments whole to its first base's
    #: (``def __init__(self, **kwargs): super().__init__(**kwargs)``): a build of such a class
    #: is a build of the base with the same arguments
    passthrough: set[str] = field(default_factory=set)
    #: (callee's last name, line) of calls given ``*args`` in their positions
    starred_calls: set[tuple[str, int]] = field(default_factory=set)
    #: (callee's last name, line) of calls of an object's own attribute (``self.head(x)``)
    self_calls: set[tuple[str, int]] = field(default_factory=set)
    #: the code binds an attribute by a name built at run time (``setattr(self, name, m)``,
    #: ``self.add_module(f"layer{i}", m)``): an attribute no statement binds may be bound
    binds_by_built_name: bool = False
    #: attribute name → what each statement binding it assigns: the last name of a plain
    #: name or attribute (``self.criterion = cross_entropy`` → ``cross_entropy``), "" for
    #: anything else (a call's result, ``setattr(self, "head", m)``); a class body's names
    #: are attributes
    attr_binds: dict[str, set[str]] = field(default_factory=dict)
    #: the same for names the module binds at its top level, and for names functions bind
    #: in their bodies (a local alias ``fn = cross_entropy``)
    global_binds: dict[str, set[str]] = field(default_factory=dict)
    local_binds: dict[str, set[str]] = field(default_factory=dict)
    #: (callee's last name, line) of calls of a bare name (``accuracy(pred, target)``)
    bare_calls: set[tuple[str, int]] = field(default_factory=set)
    #: (the last name handed, the callee's last name, whether the call may fill its
    #: positions: :func:`_may_fill`) of names and attributes handed to a call
    handed_calls: list[tuple[str, str, bool]] = field(default_factory=list)
    #: last names of names and attributes loaded other than as a call's callee, a call's
    #: argument (:attr:`escapes`), the value of a plain alias assignment or a comparison's
    #: operand (``return wrapper``, ``[f, g]``): an object that may be called under any name
    loose_loads: set[str] = field(default_factory=set)
    #: the string constants that may name a key, an option or an object (not prose): each
    #: as written, its dotted parts, and normalised (``"--avg-factor"`` → ``avg_factor``)
    string_words: set[str] = field(default_factory=set)


def _may_fill(call: ast.Call, handed: ast.expr, callee: str) -> bool:
    """Whether ``call`` may call the function ``handed`` to it, or make it called, with any
    positions: a library may call what it receives with values of its own (``spawn(f,
    args=(a,))`` calls ``f(rank, a)``, a hook is called with the module and its inputs); a
    ``partial`` given keywords only binds by keyword and leaves the positions to its calls."""
    if callee in ("partial", "partialmethod"):
        return any(a is not handed for a in call.args)
    return True


def _own_object(node: ast.expr) -> bool:
    """``self`` / ``cls``: an object reading its own attributes by a name built at run time
    (``getattr(self, f"layer{i}")``) reads its parts, not the run's settings."""
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


_WORD = re.compile(r"[A-Za-z_]\w*")
#: calls that bind an attribute by a name given as a string
_ATTRIBUTE_BINDERS = frozenset(
    {"setattr", "__setattr__", "add_module", "register_module", "register_parameter"}
)
#: a string that may name a key or an option (``"avg_factor"``, ``"--avg-factor"``)
_OPTION_LIKE = re.compile(r"-{0,2}[A-Za-z_][\w\-.]*")
#: calls that find an object by a name built at run time
_LOOKUPS = frozenset({"globals", "locals", "eval", "exec", "__import__"})
#: calls (of any object) that import or build an object named by a string
_IMPORTERS = frozenset({"import_module", "locate", "instantiate", "get_obj_from_str"})


def _of_own_object(node: ast.expr) -> bool:
    """``self``, ``self.args``: the object's own attributes, not a module's classes."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return _own_object(node)


def _dotted(node: ast.Attribute) -> str:
    """``a.b.c`` as written (the caller knows it is a chain of names)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value  # type: ignore[assignment]
    parts.append(node.id)  # type: ignore[attr-defined]
    return ".".join(reversed(parts))


def _chain(node: ast.AST) -> tuple[str, ...] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return tuple(norm(p) for p in reversed(parts))
    return None


def _imports(tree: ast.Module, nodes: Iterable[ast.AST] | None = None) -> dict[str, str]:
    """The names the module's imports bind, to what they import (``nodes``: the tree's nodes,
    when the caller has them already)."""
    out: dict[str, str] = {}
    for node in ast.walk(tree) if nodes is None else nodes:
        if isinstance(node, ast.Import):
            for a in node.names:
                out[(a.asname or a.name).split(".")[0]] = (
                    a.name if a.asname else a.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def _qualified(func: ast.expr, imports: Mapping[str, str]) -> str:
    parts: list[str] = []
    node = func
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    head = imports.get(node.id, node.id)
    return ".".join([head, *reversed(parts)])


class _Visitor(ast.NodeVisitor):
    def __init__(self, facts: FileFacts, imports: Mapping[str, str]) -> None:
        self.f = facts
        self.imports = imports
        self.guards: Guards = ()
        self.scope: list[str] = []
        self.owner = ""  # the module's top-level class the visitor is inside ("" outside one)
        self.named: dict[str, set[tuple[str, str]]] = {}  # FileFacts.named_at, as sets
        self.func: Function | None = None
        self.test_guard: tuple[ast.expr, bool] | None = None
        self.callee: ast.expr | None = None
        self.in_bases = False  # visiting a class's bases
        self.in_all = False  # visiting the value of ``__all__``
        self.exported: set[str] = set()
        self.named_elsewhere: set[str] = set()  # names named outside ``__all__``
        self.entry_type: ast.Constant | None = None  # the ``type`` of a registry entry
        #: every name and attribute chain read: FileFacts.references before they are sorted
        self.raw_refs: list[tuple[str, str, str, Guards]] = []
        self.words: set[str] = set()  # the words of the code's strings
        #: what a store binds its target to (FileFacts.binds): set while visiting targets
        self.binding: str | None = None
        #: ids of names and attributes whose load is no loose load (FileFacts.loose_loads)
        self.quiet: set[int] = set()
        books = _data()
        self.book_calls = frozenset(books["bookkeeping_calls"])
        self.book_classes = tuple(books["bookkeeping_classes"])

    def visit(self, node: ast.AST) -> Any:
        if self.func is not None and isinstance(node, ast.stmt):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                end = getattr(node, "end_lineno", node.lineno) or node.lineno
                header = max(node.lineno, body[0].lineno - 1)
                self.func.stmts.append((node.lineno, end, header, self.guards))
            elif self.guards:
                end = getattr(node, "end_lineno", node.lineno) or node.lineno
                self.func.stmts.append((node.lineno, end, 0, self.guards))
        return super().visit(node)

    def _bind(self, name: str, attribute: bool) -> None:
        if attribute or (self.func is None and self.scope):
            table = self.f.attr_binds
        else:
            table = self.f.global_binds if self.func is None else self.f.local_binds
        table.setdefault(name, set()).add(self.binding or "")

    # structure
    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.f.defined.add(node.name)
        self.f.class_spans.setdefault(
            node.name,
            (
                node.lineno,
                getattr(node, "end_lineno", node.lineno) or node.lineno,
                bool(node.decorator_list),
            ),
        )
        top = not self.scope
        for d in node.decorator_list:  # run where the class is defined, built or not
            target = d.func if isinstance(d, ast.Call) else d
            self._named(last_name(target), self._root(target))
            self.visit(d)
        saved_owner = self.owner
        if top:
            # a base class is built when its subclass is: it is named by the class it bases
            self.owner = node.name
        self.f.bases.setdefault(node.name, [last_name(b) for b in node.bases])
        self.in_bases = True
        for b in [*node.bases, *(k.value for k in node.keywords)]:
            target = b.func if isinstance(b, ast.Call) else b
            self._named(last_name(target), self._root(target))
            self.visit(b)
        self.in_bases = False
        self.f.classes.setdefault(node.name, [])
        self.scope.append(node.name)
        saved, self.guards = self.guards, ()
        for stmt in node.body:
            self.visit(stmt)
        self.guards = saved
        self.scope.pop()
        self.owner = saved_owner

    def _named(self, name: str, root: str) -> None:
        """Code here names ``name`` (imported from the module ``root``, or "")."""
        self.f.mentions.add((name, root))
        self._names(name, root)
        self._gate(name)
        if not self.in_bases:
            self._handed(name)

    def _names(self, name: str, root: str) -> None:
        """Code here names ``name`` (:attr:`FileFacts.named_at`)."""
        self.named.setdefault(self.owner, set()).add((name, root))
        if not self.in_all:
            self.named_elsewhere.add(name)

    def _handed(self, name: str) -> None:
        """Code here names ``name`` other than as a call's callee or a class's base."""
        self.f.named_other.add(name)
        if self.in_all:
            self.exported.add(name)
            return
        self.named_elsewhere.add(name)
        if not self._in_ctor_gate():
            self.f.handed_plain.add(name)

    def _in_ctor_gate(self) -> bool:
        """The visitor is under a condition in a top-level class's ``__init__``."""
        return bool(
            self.owner
            and self.guards
            and self.func is not None
            and self.func.qualname == f"{self.owner}.__init__"
        )

    def _gate(self, name: str) -> None:
        """Where inside its class the code naming ``name`` sits: in the class's ``__init__``
        under conditions (:attr:`FileFacts.ctor_gated`), or anywhere else in it."""
        if not self.owner:
            return
        if self._in_ctor_gate():
            self.f.ctor_gated.append((self.owner, name, self.guards))
        else:
            self.f.ctor_plain.add((self.owner, name))

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.f.defined.add(node.name)
        for d in node.decorator_list:
            self.visit(d)
        a = node.args
        positional = [*a.posonlyargs, *a.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(a.defaults)) + list(
            a.defaults
        )
        params: dict[str, ast.expr | None] = {}
        for p, d in zip(positional, defaults, strict=True):
            params[p.arg] = d
        for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True):
            params[p.arg] = d
        for d in [*a.defaults, *a.kw_defaults]:
            if d is not None:
                self.visit(d)
        method = bool(self.scope) and self.scope[-1] in self.f.classes
        order = [p.arg for p in positional]
        if method and order and order[0] in ("self", "cls"):
            order = order[1:]
        qual = ".".join([*self.scope, node.name])
        fn = Function(
            self.f.path,
            qual,
            params,
            order,
            method,
            node.lineno,
            getattr(node, "end_lineno", node.lineno) or node.lineno,
            decorated=bool(node.decorator_list),
            decorators=[
                last_name(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list
            ],
        )
        self.f.functions.append(fn)
        if method:
            self.f.classes[self.scope[-1]].append(qual)
        saved = (self.guards, self.func)
        self.guards, self.func = (), fn
        self.scope.append(node.name)
        self._block(node.body)
        self.scope.pop()
        self.guards, self.func = saved

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Lambda(self, node: ast.Lambda) -> None:
        if self.func is not None:
            # the body's names of the lambda's parameters are not the function's
            a = node.args
            self.func.rebound.update(
                p.arg for p in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg] if p
            )
        self.visit(node.body)

    # conditions
    def visit_If(self, node: ast.If) -> None:
        saved = self.guards
        if not node.orelse and self.func is not None:
            # a test with nothing in its else selects only whether its body runs: a parameter
            # read there is used only if the test holds (``if p > 0: dropout(p)`` at 0)
            self.test_guard = (node.test, True)
        self.visit(node.test)
        self.test_guard = None
        self.guards = (*saved, (node.test, True))
        self._block(node.body)
        self.guards = (*saved, (node.test, False))
        self._block(node.orelse)
        self.guards = saved

    def _block(self, body: list[ast.stmt]) -> None:
        """The statements of a block; after ``if test: ... return`` with no else, the rest of
        the block runs only when the test is false (``if cfg.A_ON: return build_a(cfg)``)."""
        saved = self.guards
        for stmt in body:
            self.visit(stmt)
            if (
                isinstance(stmt, ast.If)
                and not stmt.orelse
                and stmt.body
                and isinstance(stmt.body[-1], (ast.Return, ast.Raise))
            ):
                self.guards = (*self.guards, (stmt.test, False))
        self.guards = saved

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self.visit(node.test)
        saved = self.guards
        self.guards = (*saved, (node.test, True))
        self.visit(node.body)
        self.guards = (*saved, (node.test, False))
        self.visit(node.orelse)
        self.guards = saved

    # reads
    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.ctx, ast.Load) and node is not self.callee:
            self._named(node.attr, self._root(node))
            if id(node) not in self.quiet:
                self.f.loose_loads.add(node.attr)
        elif isinstance(node.ctx, ast.Store):
            self._bind(node.attr, attribute=True)
        ch = _chain(node)
        if ch is not None:
            if isinstance(node.ctx, ast.Load) and not self.in_all:
                self.raw_refs.append((_dotted(node), self.where, self.owner, self.guards))
            if isinstance(node.ctx, ast.Load):
                # `args.opt.lower()` reads args.opt: every prefix is read
                for n in range(2, len(ch) + 1):
                    self.f.reads.append(Read(ch[:n], node.lineno, self.guards, func=self.where))
                if self.func is not None and len(ch) >= 2 and ch[0] == "self":
                    self.func.self_reads[ch[1]].append(node.lineno)
            elif (
                isinstance(node.ctx, ast.Store)
                and self.func is not None
                and len(ch) == 2
                and ch[0] == "self"
            ):
                self.func.self_sets[ch[1]].append((node.lineno, self.guards))
            elif isinstance(node.ctx, ast.Store) and ch[0] not in ("self", "cls"):
                self.f.written_keys.add(ch[-1])
            if node.attr == "__dict__":
                self.f.dynamic = True
            return
        self.generic_visit(node)

    def _root(self, node: ast.expr) -> str:
        """The top module the head of ``a.b.c`` was imported from ("" when not imported)."""
        while isinstance(node, ast.Attribute):
            node = node.value
        imported = self.imports.get(node.id, "") if isinstance(node, ast.Name) else ""
        return imported.split(".")[0]

    @property
    def where(self) -> str:
        return self.func.qualname if self.func is not None else ""

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load) and not self.in_all:
            self.raw_refs.append((node.id, self.where, self.owner, self.guards))
        if isinstance(node.ctx, ast.Load) and node is not self.callee:
            if id(node) not in self.quiet:
                self.f.loose_loads.add(node.id)
            self.f.refs.add(node.id)
            self._names(node.id, "")
            self._gate(node.id)
            if not self.in_bases:
                self._handed(node.id)
        elif isinstance(node.ctx, ast.Store) and self.func is not None:
            self.func.rebound.add(node.id)
        if isinstance(node.ctx, ast.Store):
            self._bind(node.id, attribute=False)
        if isinstance(node.ctx, ast.Load) and self.func is not None:
            if self.test_guard is not None:
                self.func.uses[node.id].append(
                    (node.lineno, (*self.guards, self.test_guard), ("", "test"))
                )
            else:
                self.func.uses[node.id].append((node.lineno, self.guards, None))

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring or a string on its own: a comment, no name any code looks up
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if node is self.entry_type:  # a build we read (FileFacts.entry_builds), no handing on
            self.f.mentions.add((node.value, ""))
            self._names(node.value, "")
            self._gate(node.value)
            return
        if isinstance(node.value, str) and len(node.value) < 400:
            for w in _WORD.findall(node.value):
                self._named(w, "")
                self.words.add(w)
            if _OPTION_LIKE.fullmatch(node.value):  # a key or a dotted name, not prose
                self.f.string_words.update(node.value.split("."))
                self.f.string_words.add(norm(node.value))

    def visit_Subscript(self, node: ast.Subscript) -> None:
        key = node.slice
        if (
            isinstance(node.ctx, ast.Store)
            and isinstance(key, ast.Constant)
            and isinstance(key.value, str)
        ):  # cfg["key"] = ...
            self.f.written_keys.add(norm(key.value))
        if (
            isinstance(node.ctx, ast.Load)
            and isinstance(key, ast.Constant)
            and isinstance(key.value, str)
        ):  # config["lr"]
            base = _chain(node.value) or ("?",)
            self.f.reads.append(
                Read((*base, norm(key.value)), node.lineno, self.guards, func=self.where)
            )
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        if any(
            k is None and not isinstance(v, ast.Dict)
            for k, v in zip(node.keys, node.values, strict=True)
        ):
            self.f.dynamic = True  # {**settings}
        self.f.written_keys.update(
            norm(k.value)
            for k in node.keys
            if isinstance(k, ast.Constant) and isinstance(k.value, str)
        )
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if isinstance(node.value, ast.Call) and last_name(node.value.func) in _NAMESPACE_MAKERS:
            for t in node.targets:
                for el in t.elts if isinstance(t, ast.Tuple) else [t]:
                    if isinstance(el, (ast.Name, ast.Attribute)):
                        self.f.namespaces.add(norm(last_name(el)))
        # targets before the value: `self.x = f(self.x)` reads before it sets
        before = len(self.f.escapes)
        exports = not self.scope and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        )
        self.in_all = exports
        target = node.targets[0] if len(node.targets) == 1 else None
        alias = isinstance(target, (ast.Name, ast.Attribute)) and isinstance(
            node.value, (ast.Name, ast.Attribute)
        )
        if alias:  # ``self.criterion = cross_entropy``: a second name, not a loose load
            self.quiet.add(id(node.value))
        self.visit(node.value)
        self.in_all = False
        if (
            self.func is not None
            and isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
            and isinstance(node.value, ast.Name)
        ):  # self.use_sigmoid = use_sigmoid
            self.func.self_copies[norm(target.attr)].append((node.lineno, node.value.id))
        if isinstance(node.value, ast.Call) and isinstance(target, ast.Tuple):
            dropped = frozenset(
                i
                for i, el in enumerate(target.elts)
                if isinstance(el, ast.Name) and el.id.startswith("_")
            )
            for e in self.f.escapes[before:]:
                if e.line == node.value.lineno:
                    e.discarded = dropped
        self.binding = last_name(node.value) if alias else None
        for t in node.targets:
            self.visit(t)
        self.binding = None

    def visit_Compare(self, node: ast.Compare) -> None:
        # ``self.criterion == lovasz_softmax`` asks which function is bound; it calls none
        for operand in [node.left, *node.comparators]:
            if isinstance(operand, (ast.Name, ast.Attribute)):
                self.quiet.add(id(operand))
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.in_all = (
            not self.scope and isinstance(node.target, ast.Name) and node.target.id == "__all__"
        )
        self.visit(node.value)
        self.in_all = False
        self.visit(node.target)

    def visit_Call(self, node: ast.Call) -> None:
        last = last_name(node.func)
        callee = _qualified(node.func, self.imports) or last
        if last in ("vars", "setattr", "locals", "globals"):
            self.f.dynamic = True
        self.f.constructs.append((last, self._root(node.func)))
        self._names(last, self._root(node.func))
        self._gate(last)
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            self.f.splat_calls.add((last, node.lineno))
        if any(isinstance(a, ast.Starred) for a in node.args):
            self.f.starred_calls.add((last, node.lineno))
        if isinstance(node.func, ast.Attribute) and _own_object(node.func.value):
            self.f.self_calls.add((last, node.lineno))
        at = 1 if last in ("setattr", "__setattr__") else 0
        if last in _ATTRIBUTE_BINDERS and len(node.args) > at:
            name = node.args[at]
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                self.f.attr_binds.setdefault(name.value, set()).add("")
            else:
                self.f.binds_by_built_name = True
        if isinstance(node.func, ast.Name):
            self.f.bare_calls.add((last, node.lineno))
        for a in [*node.args, *(k.value for k in node.keywords)]:
            if isinstance(a, (ast.Name, ast.Attribute)):  # handed on, not loose
                self.quiet.add(id(a))
                self.f.handed_calls.append((last_name(a), last, _may_fill(node, a, last)))
        kind = next((k.value for k in node.keywords if k.arg == "type"), None)
        entry = (
            last == "dict"
            and isinstance(kind, ast.Constant)
            and isinstance(kind.value, str)
            and kind.value.isidentifier()
            and not node.args
            and all(k.arg for k in node.keywords)
        )
        if entry and isinstance(kind, ast.Constant):
            # dict(type="CrossEntropyLoss", use_sigmoid=False): a registry entry
            self.f.entry_builds.append(
                (kind.value, node.lineno, {k.arg: k.value for k in node.keywords if k.arg})
            )
            self.entry_type = kind
        elif last in _KEY_WRITERS:
            self.f.written_keys.update(norm(k.arg) for k in node.keywords if k.arg)
        if last not in ("isinstance", "issubclass", "super"):
            # a class handed on whole (``partial(Net, ...)``, ``register(Net)``)
            for a in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(a, ast.Name):
                    self._handed(a.id)
                    if self._in_ctor_gate():  # ``partial(fn, sf=4)`` only when asked for
                        self._names(a.id, "")
                        self._gate(a.id)
        if (
            last == "getattr"
            and len(node.args) >= 2
            and not isinstance(node.args[1], ast.Constant)
            and not _own_object(node.args[0])
        ):  # getattr(self, name): the object's own parts (submodules by name), no setting
            self.f.dynamic = True
        key_at = 1 if last in ("getattr", "hasattr") else 0 if last in ("get", "pop") else None
        if key_at is not None and len(node.args) > key_at:
            k = node.args[key_at]
            if isinstance(k, ast.Constant) and isinstance(k.value, str):
                # getattr(args, "lr", 0.1), config.get("lr")
                owner = node.args[0] if key_at == 1 else node.func.value  # type: ignore[attr-defined]
                base = _chain(owner) or ("?",)
                self.f.reads.append(
                    Read((*base, norm(k.value)), node.lineno, self.guards, func=self.where)
                )
        if any(k.arg is None and not isinstance(k.value, ast.Dict) for k in node.keywords):
            self.f.dynamic = True  # f(**settings): every key, by name
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        self.f.calls.append((last, node.lineno, len(node.args), keywords))
        self.f.call_sites.append((last, self.guards, self.where))
        for i, a in enumerate([*node.args, *keywords.values()]):
            index = i if i < len(node.args) else -1
            if isinstance(a, (ast.Name, ast.Attribute)) and _chain(a) is not None:
                self.f.escapes.append(
                    Escape(
                        callee,
                        callee.rsplit(".", 1)[-1],
                        index,
                        norm(last_name(a)),
                        node.lineno,
                        self.guards,
                    )
                )
        if (
            isinstance(node.func, ast.Attribute)
            and last in _WHOLE_READS
            and _chain(node.func.value) is not None
        ):  # FLAGS.flag_values_dict(), args._get_kwargs(): every setting, by name
            self.f.escapes.append(
                Escape(last, last, 0, norm(last_name(node.func.value)), node.lineno, self.guards)
            )
        if last in self.book_calls:
            for a in [*node.args, *keywords.values()]:
                if isinstance(a, ast.Call):
                    self.f.bookkeeping.add((a.lineno, last_name(a.func)))
        if norm(last).split("_")[-1] in self.book_classes:
            self.f.bookkeeping.add((node.lineno, last))
        if self.func is not None:
            for k, v in keywords.items():
                if isinstance(v, ast.Name):
                    self.func.uses[v.id].append((v.lineno, self.guards, (last, k)))
            for i, v in enumerate(node.args):
                if isinstance(v, ast.Name):
                    self.func.uses[v.id].append((v.lineno, self.guards, (last, f"#{i}")))
        saved_callee, self.callee = self.callee, node.func
        self.visit(node.func)
        self.callee = saved_callee
        if last == "super":
            return  # super(Net, self): the class naming itself, not handing itself on
        for a in node.args:
            if not isinstance(a, ast.Name):
                self.visit(a)
            elif isinstance(a.ctx, ast.Load):  # a function handed on: a reference to it
                self.raw_refs.append((a.id, self.where, self.owner, self.guards))
        for k in node.keywords:
            if not (k.arg and isinstance(k.value, ast.Name)):
                self.visit(k.value)
            else:
                self.raw_refs.append((k.value.id, self.where, self.owner, self.guards))


# ── lookups by a name built at run time ─────────────────────────────────────────────────────


def _looked_up(
    call: ast.Call, namespaces: set[str], keys: Mapping[int, ast.expr], imports: Mapping[str, str]
) -> tuple[bool, ast.expr | None, str]:
    """Whether ``call`` finds an object by a name built at run time, the expression that gives
    the name (None: not known, as in ``eval``), and the top module the object is looked up in
    was imported from ("" when not known or not imported: ``getattr(torch, name)`` gives
    ``torch``). ``keys``: the key each ``globals()`` / ``locals()`` call is indexed by."""
    last = last_name(call.func)
    args = [*call.args, *(k.value for k in call.keywords)]
    if last in _IMPORTERS:
        return True, args[0] if args else None, ""
    if isinstance(call.func, ast.Name) and last in _LOOKUPS:
        return True, keys.get(id(call)), ""  # globals()[name] is getattr(this module, name)
    if (
        last == "getattr"
        and len(call.args) >= 2
        and not isinstance(call.args[1], ast.Constant)
        and not _of_own_object(call.args[0])
    ):  # getattr(models, name): a class found by its name; getattr(args, key) reads settings
        head = _chain(call.args[0])
        if head is not None and head[0] in namespaces:
            return False, None, ""
        base = call.args[0]
        while isinstance(base, ast.Attribute):
            base = base.value
        root = imports.get(base.id, "").split(".")[0] if isinstance(base, ast.Name) else ""
        return True, call.args[1], root
    return False, None, ""


def _builds_string(node: ast.AST) -> bool:
    """``node`` is a string the code builds: an f-string, ``"a" + b``, ``"%s" % b``,
    ``"{}".format(b)``, ``".".join(parts)`` (a config handed whole, whatever strings it holds, is
    not)."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return any(
            _builds_string(x) or (isinstance(x, ast.Constant) and isinstance(x.value, str))
            for x in (node.left, node.right)
        )
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("format", "join")
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    )


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _own_nodes(body: Iterable[ast.AST]) -> Iterable[ast.AST]:
    """The nodes of a scope's statements, not of the functions and classes defined in it."""
    stack = [n for n in body if not isinstance(n, _SCOPES)]
    while stack:
        n = stack.pop()
        yield n
        for child in ast.iter_child_nodes(n):
            if not isinstance(child, _SCOPES):
                stack.append(child)


def _loads(node: ast.AST) -> set[str]:
    """The names ``node`` reads, other than a function it calls by its bare name."""
    if isinstance(node, ast.Constant):
        return set()
    callees: set[int] = set()
    names: list[ast.Name] = []
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            callees.add(id(n.func))
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            names.append(n)
    return {n.id for n in names if id(n) not in callees}


def _made_of(
    e: ast.AST, origin: Mapping[str, frozenset[str]], built: set[str], neutral: set[str]
) -> frozenset[str]:
    """The parameters ``e`` is made of alone (``origin``: those of each name made of them),
    empty when it is made of something else too, of nothing, or is a string the code builds
    (or a name in ``built``, bound to one)."""
    if _builds_string(e) or (isinstance(e, ast.Name) and e.id in built):
        return frozenset()
    loads = _loads(e) - neutral
    if not loads or not all(n in origin for n in loads):
        return frozenset()
    return frozenset().union(*(origin[n] for n in loads))


def _lookup_facts(
    tree: ast.Module,
    facts: FileFacts,
    imports: Mapping[str, str],
    nodes: Iterable[ast.AST] | None = None,
) -> None:
    """Each scope's lookups by a name built at run time and the scope's parameters the name
    comes from (a function handed the string, or the config holding it), what the scope hands
    its parameters to, and which callees it hands strings it builds (``nodes``: the tree's
    nodes in :func:`ast.walk`'s order, when the caller has them already)."""
    scopes: list[tuple[str, list[str], list[Any]]] = [("", [], tree.body)]
    for node in ast.walk(tree) if nodes is None else nodes:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            a = node.args
            params = [p.arg for p in [*a.posonlyargs, *a.args, *a.kwonlyargs]]
            params += [p.arg for p in (a.vararg, a.kwarg) if p is not None]
            params = [p for p in params if p not in ("self", "cls")]
            if isinstance(node, ast.Lambda):  # called by no name we can follow: no arguments
                scopes.append(("<lambda>", [], [node.body]))
            else:
                scopes.append((node.name, params, node.body))
        elif isinstance(node, ast.ClassDef):
            scopes.append(("", [], node.body))
    neutral = set(imports)  # modules and names imported: no value of the run
    forwards: set[tuple[str, str, int | str, tuple[str, ...]]] = set()
    built_calls: set[tuple[str, int | str]] = set()
    for name, params, body in scopes:
        nodes = list(_own_nodes(body))
        keys = {
            id(n.value): n.slice
            for n in nodes
            if isinstance(n, ast.Subscript)
            and isinstance(n.value, ast.Call)
            and last_name(n.value.func) in ("globals", "locals")
        }
        assigned: dict[str, list[ast.AST]] = defaultdict(list)
        for n in nodes:
            if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and n.value is not None:
                targets = n.targets if isinstance(n, ast.Assign) else [n.target]
                pairs = [(t, n.value) for t in targets]
            elif isinstance(n, (ast.For, ast.AsyncFor)):
                pairs = [(n.target, n.iter)]
            elif isinstance(n, ast.withitem) and n.optional_vars is not None:
                pairs = [(n.optional_vars, n.context_expr)]
            else:
                continue
            for target, value in pairs:
                for t in ast.walk(target):
                    if isinstance(t, ast.Name):
                        assigned[t.id].append(value)
        # the parameters each name is made of alone (none: made of something else too), and
        # the names bound to strings the code builds
        origin: dict[str, frozenset[str]] = {p: frozenset([p]) for p in params if p not in assigned}
        built: set[str] = set()

        source = functools.partial(_made_of, origin=origin, built=built, neutral=neutral)
        # a scope with no parameter left to be made of (module and class bodies, a function
        # whose parameters are all reassigned) makes nothing of one: only built strings matter
        changed = bool(origin) or any(
            _builds_string(v) for values in assigned.values() for v in values
        )
        while changed:
            changed = False
            for local, values in assigned.items():
                if local not in built and any(
                    _builds_string(v) or (isinstance(v, ast.Name) and v.id in built) for v in values
                ):
                    built.add(local)
                    origin.pop(local, None)
                    changed = True
                if local in origin or local in built:
                    continue
                made = [source(v) for v in values]
                if all(made):
                    origin[local] = frozenset().union(*made)
                    changed = True
        for n in nodes:
            if not isinstance(n, ast.Call):
                continue
            looks, given, root = _looked_up(n, facts.namespaces, keys, imports)
            callee = last_name(n.func)
            if looks:
                made = source(given) if given is not None else frozenset()
                facts.lookups.append((name, tuple(sorted(made)), callee, root))
            slots: list[tuple[int | str, ast.expr]] = [*enumerate(n.args)]
            slots += [(k.arg, k.value) for k in n.keywords if k.arg]
            for slot, arg in slots:
                if _builds_string(arg) or (isinstance(arg, ast.Name) and arg.id in built):
                    built_calls.add((callee, slot))
                elif origin:
                    made = source(arg)
                    if made:
                        forwards.add((name, callee, slot, tuple(sorted(made))))
    # kept as sorted lists: the facts are written to the cache and read back alike
    facts.forwards = sorted(forwards, key=repr)
    facts.built_calls = sorted(built_calls, key=repr)
    facts.looks_up = bool(facts.lookups)


def scan(tree: ast.Module, path: str) -> FileFacts:
    facts = FileFacts(path)
    nodes = list(ast.walk(tree))  # walked once: the imports, the relative ones, the scopes
    imports = _imports(tree, nodes)
    visitor = _Visitor(facts, imports)
    visitor.visit(tree)
    facts.named_at = {owner: sorted(names) for owner, names in visitor.named.items()}
    facts.export_only = visitor.exported - visitor.named_elsewhere
    roots = {m.split(".")[0] for m in imports.values()}
    roots.update("." for n in nodes if isinstance(n, ast.ImportFrom) and (n.level or 0) > 0)
    facts.import_roots = sorted(roots)
    _lookup_facts(tree, facts, imports, nodes)
    _reference_facts(tree, facts, visitor, nodes)
    for fn in facts.functions:  # plain dicts once read (kept as records: code.filefacts)
        fn.uses = dict(fn.uses)
        fn.self_sets = dict(fn.self_sets)
        fn.self_reads = dict(fn.self_reads)
        fn.self_copies = dict(fn.self_copies)
    return facts


def _package(path: str) -> list[str]:
    """The dotted package a file sits in, from its path: ``pkg/sub/mod.py`` → pkg, sub."""
    return [p for p in path.split("/")[:-1] if p and p != "."]


def _bindings(nodes: Iterable[ast.AST], path: str) -> tuple[dict[str, str], list[str]]:
    """The names the module's imports bind, to the absolute dotted name each imports (a
    relative import resolved from ``path``), and the modules it star-imports."""
    out: dict[str, str] = {}
    star: list[str] = []
    for node in nodes:
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    out[a.asname] = a.name
                else:  # ``import a.b`` binds ``a``
                    out[a.name.split(".")[0]] = a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            level = node.level or 0
            package = _package(path)
            if level > len(package) + 1:
                continue
            head = package[: len(package) - level + 1] if level else []
            module = ".".join([*head, *([node.module] if node.module else [])])
            for a in node.names:
                if a.name == "*":
                    star.append(module)
                else:
                    out[a.asname or a.name] = f"{module}.{a.name}" if module else a.name
    return out, star


def _reference_facts(
    tree: ast.Module, facts: FileFacts, visitor: _Visitor, nodes: Iterable[ast.AST]
) -> None:
    """The module's import bindings, its references to what they bind or to its own top-level
    functions, the names we cannot resolve, and its constructors that only hand their
    arguments to the base's (:attr:`FileFacts.references` and the fields beside it)."""
    facts.bindings, facts.star_imports = _bindings(nodes, facts.path)
    tops = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    loose = set(visitor.words)
    refs = []
    for ref in visitor.raw_refs:
        head, _, rest = ref[0].partition(".")
        if head in facts.bindings or head in tops:
            refs.append(ref)
        elif rest and head not in ("self", "cls"):
            loose.add(ref[0].rsplit(".", 1)[-1])
        elif not rest and facts.star_imports:
            loose.add(head)
    facts.references = refs
    facts.loose_names = loose
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.bases and _hands_on_whole(node):
            facts.passthrough.add(node.name)


def _hands_on_whole(cls: ast.ClassDef) -> bool:
    """``cls``'s ``__init__`` takes nothing but ``*args`` / ``**kwargs`` and only hands them to
    its base's: ``def __init__(self, **kwargs): super().__init__(**kwargs)``."""
    init = next(
        (n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None
    )
    if init is None:
        return False
    a = init.args
    if a.posonlyargs or a.kwonlyargs or len(a.args) != 1 or a.kwarg is None:
        return False
    body = [
        s for s in init.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    if len(body) != 1 or not isinstance(body[0], ast.Expr):
        return False
    call = body[0].value
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "__init__"
        and isinstance(call.func.value, ast.Call)
        and last_name(call.func.value.func) == "super"
    ):
        return False
    star = [
        x.value.id
        for x in call.args
        if isinstance(x, ast.Starred) and isinstance(x.value, ast.Name)
    ]
    kw = [k.value.id for k in call.keywords if k.arg is None and isinstance(k.value, ast.Name)]
    return (
        len(star) == len(call.args)
        and star == ([a.vararg.arg] if a.vararg and star else [])
        and kw == [a.kwarg.arg]
        and len(call.keywords) == 1
    )


def read_files(paths: Iterable[tuple[str, str]], base: str = ".") -> dict[str, FileFacts]:
    """The facts of the audited Python files (``(path, sha256)`` pairs, relative to
    ``base``); a file that cannot be read, or no longer has the audited content, is left
    out."""
    out: dict[str, FileFacts] = {}
    for path, digest in paths:
        if not path.endswith(".py"):
            continue
        try:
            found = filefacts.facts("inert", path, digest, base, scan)
        except RecursionError:
            continue
        if found is not None:
            out[path] = found
    return out


# ── evaluating a condition on the run's values ──────────────────────────────────────────────


class Env:
    """The run's settings by normalised key (``("solver", "base_lr")``), and bare names
    (a function's parameters, or a namespace's fields for a library's condition)."""

    def __init__(
        self,
        settings: Mapping[tuple[str, ...], Any],
        names: Mapping[str, Any],
        attributes: Mapping[str, Any] | None = None,
    ):
        self.settings = settings
        self.names = names
        #: the object's own attributes whose value is known (``self.use_sigmoid`` standing
        #: for the constructor's parameter)
        self.attributes = attributes or {}

    def lookup(self, chain: tuple[str, ...], bare: bool) -> Any:
        if len(chain) == 1:
            if chain[0] in self.names:
                return self.names[chain[0]]
            if bare and chain in self.settings:
                return self.settings[chain]
            return UNKNOWN
        if chain[0] == "self" and len(chain) == 2:
            # an attribute of the object, not a setting
            return self.attributes.get(chain[1], UNKNOWN)
        for n in range(len(chain) - 1, 0, -1):
            key = chain[len(chain) - n :]
            if key in self.settings:
                return self.settings[key]
        # a config group handed on whole (`model = Model(cfg.arch)`, then `self.config.mlp_t`
        # for `arch.mlp_t`): the one setting whose key ends in the name, if only one does
        if not _SETTINGS_OBJECT.search(chain[-2]):
            return UNKNOWN  # `model.training` is the model's, whatever a config calls training
        ends = [v for k, v in self.settings.items() if len(k) > 1 and k[-1] == chain[-1]]
        return ends[0] if len(ends) == 1 else UNKNOWN


_COMPARE = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.Is: lambda a, b: a is b if b is None or a is None else a == b,
    ast.IsNot: lambda a, b: a is not b if b is None or a is None else a != b,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_STR_METHODS = frozenset({"lower", "upper", "strip", "split"})


def evaluate(node: ast.AST, env: Env, bare: bool = False) -> Any:
    """The value of a condition on the run's values, or :data:`UNKNOWN`."""
    try:
        return _eval(node, env, bare)
    except Exception:  # a comparison of unlike values, an index out of range: can't tell
        return UNKNOWN


def _eval(node: ast.AST, env: Env, bare: bool) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.Name, ast.Attribute)):
        ch = _chain(node)
        return env.lookup(ch, bare) if ch is not None else UNKNOWN
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        vals = [_eval(e, env, bare) for e in node.elts]
        return UNKNOWN if any(v is UNKNOWN for v in vals) else tuple(vals)
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, env, bare)
        if v is UNKNOWN:
            return UNKNOWN
        if isinstance(node.op, ast.Not):
            return not v
        if isinstance(node.op, ast.USub):
            return -v
        return UNKNOWN
    if isinstance(node, ast.BoolOp):
        vals = [_eval(v, env, bare) for v in node.values]
        if isinstance(node.op, ast.And):
            if any(v is not UNKNOWN and not v for v in vals):
                return False
            return UNKNOWN if any(v is UNKNOWN for v in vals) else all(vals)
        if any(v is not UNKNOWN and v for v in vals):
            return True
        return UNKNOWN if any(v is UNKNOWN for v in vals) else any(vals)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, env, bare)
        if left is UNKNOWN:
            return UNKNOWN
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, env, bare)
            if right is UNKNOWN or type(op) not in _COMPARE:
                return UNKNOWN
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Subscript):
        v = _eval(node.value, env, bare)
        i = _eval(node.slice, env, bare)
        if v is UNKNOWN or i is UNKNOWN or not isinstance(v, (str, tuple, list)):
            return UNKNOWN
        return v[i]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _STR_METHODS
        and not node.keywords
    ):  # "AdamW".lower(), "lookahead_sgd".split("_")
        v = _eval(node.func.value, env, bare)
        args = [_eval(a, env, bare) for a in node.args]
        if isinstance(v, str) and all(isinstance(a, str) for a in args):
            out = getattr(v, node.func.attr)(*args)
            return tuple(out) if isinstance(out, list) else out
    return UNKNOWN


def _dead(guards: Guards, env: Env, bare: bool = False) -> str | None:
    """The first condition around a read that the run's values make false, as written (None:
    none)."""
    for test, positive in guards:
        if isinstance(test, str):  # a fact the reader established, false by construction
            return test
        v = evaluate(test, env, bare)
        if v is UNKNOWN:
            continue
        if bool(v) != positive:
            text = ast.unparse(test)
            return text if positive else f"not ({text})"
    return None


# ── the facts, for a run ────────────────────────────────────────────────────────────────────


@dataclass
class Program:
    files: dict[str, FileFacts]

    shared: dict[frozenset[str], _Files] = field(default_factory=dict)

    @functools.cached_property
    def defined(self) -> frozenset[str]:
        return frozenset(n for f in self.files.values() for n in f.defined)

    @functools.cached_property
    def calls(self) -> _Calls:
        return _calls(self)

    def over(self, files: frozenset[str]) -> _Files:
        """The facts of ``files`` that do not depend on a run's values (kept per file set)."""
        if files not in self.shared:
            facts = [self.files[p] for p in sorted(files) if p in self.files]
            reads: dict[str, list[tuple[str, Read]]] = defaultdict(list)
            pairs = set()
            for f in facts:
                for r in f.reads:
                    if len(r.chain) >= 2:
                        reads[r.chain[-1]].append((f.path, r))
                        pairs.add((r.chain[-2], r.chain[-1]))
            escaped = {
                e.arg
                for f in facts
                for e in f.escapes
                if e.last not in self.defined and e.last not in _HARMLESS
            }
            self.shared[files] = _Files(
                facts,
                dict(reads),
                frozenset(pairs),
                frozenset(n for f in facts for n in f.namespaces),
                frozenset(escaped),
                any(f.dynamic for f in facts),
            )
        return self.shared[files]


def _settings_env(values: Mapping[str, str]) -> dict[tuple[str, ...], Any]:
    out: dict[tuple[str, ...], Any] = {}
    for key, text in values.items():
        k = tuple(norm(p) for p in key.split(".") if p)
        if k:
            out[k] = parse_value(text)
    return out


def _library_reads(files: Sequence[FileFacts], bases: set[str]) -> list[tuple[str, Read, Reader]]:
    out = []
    for f in files:
        for e in f.escapes:
            if e.arg not in bases:
                continue
            for r in readers():
                if e.callee not in r.functions or e.index != r.argument:
                    continue
                for name, cond in r.only_when:
                    out.append((name, Read((name,), e.line, (*e.guards, (cond, True)), True), r))
                for name, item in r.through_result:
                    if item in e.discarded:
                        why = f"the caller kept item {item} of {e.last}(...)'s result"
                        out.append((name, Read((name,), e.line, ((why, True),), True), r))
    return out


@dataclass
class _Calls:
    """The project's functions that may be left uncalled, and where each is called."""

    candidates: list[Function]
    sites: dict[str, list[tuple[str, Guards, str]]]
    #: the project's classes that may be left unbuilt: (file, name, its methods' qualnames)
    classes: list[tuple[str, str, list[str]]] = field(default_factory=list)


def _calls(program: Program) -> _Calls:
    defs: dict[str, list[Function]] = defaultdict(list)
    for f in program.files.values():
        for fn in f.functions:
            defs[fn.qualname.rsplit(".", 1)[-1]].append(fn)
    refs = {n for f in program.files.values() for n in f.refs}
    sites: dict[str, list[tuple[str, Guards, str]]] = defaultdict(list)
    for f in program.files.values():
        for callee, guards, where in f.call_sites:
            sites[callee].append((f.path, guards, where))
    candidates = [
        fns[0]
        for name, fns in defs.items()
        if len(fns) == 1
        and not fns[0].method
        and not fns[0].decorated
        and name not in refs
        and sites.get(name)
        # a call outside every condition runs it in every run
        and all(guards or where for _p, guards, where in sites[name])
    ]
    # a class is built by calling its name; one named any other way (a base class, handed
    # on, a string) may be built where we cannot follow
    class_defs: dict[str, list[tuple[str, bool, list[str]]]] = defaultdict(list)
    named: set[str] = set(refs)
    for f in program.files.values():
        named.update(m for m, _root in f.mentions)
        for cls, (_a, _b, decorated) in f.class_spans.items():
            class_defs[cls].append((f.path, decorated, f.classes.get(cls, [])))
    classes = [
        (defs[0][0], name, defs[0][2])
        for name, defs in class_defs.items()
        if len(defs) == 1
        and not defs[0][1]
        and name not in named
        and sites.get(name)
        and all(guards or where for _p, guards, where in sites[name])
    ]
    wanted = [fn.qualname.rsplit(".", 1)[-1] for fn in candidates] + [c[1] for c in classes]
    return _Calls(candidates, {name: sites[name] for name in wanted}, classes)


def dead_functions(program: Program, env: Env) -> dict[tuple[str, str], str]:
    """The project's functions the run never calls: every call of a function (one of its name
    in the code, not a method, not decorated, never passed on by name) sits under a condition
    the run's values make false, or in a function the run never calls; ``(file, qualname)`` →
    the condition."""
    calls = program.calls
    dead: dict[tuple[str, str], str] = {}
    changed = True
    while changed:
        changed = False
        for path, cls, methods in calls.classes:
            if (path, cls) in dead:
                continue
            why = _all_sites_dead(calls.sites[cls], dead, env)
            if why is not None:
                dead[(path, cls)] = why
                for m in methods:
                    dead[(path, m)] = f"{cls} is built ({why})"
                changed = True
        for fn in calls.candidates:
            key = (fn.file, fn.qualname)
            if key in dead:
                continue
            why = []
            for path, guards, where in calls.sites[fn.qualname.rsplit(".", 1)[-1]]:
                test = _dead(guards, env)
                if test is None and (path, where) in dead:
                    test = dead[(path, where)]
                if test is None:
                    break
                why.append(test)
            else:
                dead[key] = ", ".join(dict.fromkeys(why))
                changed = True
    return dead


def _all_sites_dead(
    sites: list[tuple[str, Guards, str]], dead: Mapping[tuple[str, str], str], env: Env
) -> str | None:
    """The conditions that keep every one of ``sites`` from running (None: one may run)."""
    why = []
    for path, guards, where in sites:
        test = _dead(guards, env)
        if test is None and (path, where) in dead:
            test = dead[(path, where)]
        if test is None:
            return None
        why.append(test)
    return ", ".join(dict.fromkeys(why)) if why else None


@dataclass
class RunView:
    """What one run shows of the settings: the files it may read them in, its values, and the
    facts every setting of the run is judged on (built once per run)."""

    env: Env
    reads: dict[str, list[tuple[str, Read]]]  # a read's last name → (file, read)
    library: dict[str, list[Read]]  # a field → the reads a library factory makes of it
    bases: frozenset[str]  # names the settings are read through (`args`, `cfg`, `FLAGS`)
    escaped: frozenset[str]  # names handed whole to code not in the audit
    dynamic: bool  # some file reads settings by a name built at run time
    dead: dict[tuple[str, str], str]  # functions the run never calls

    @classmethod
    def build(cls, program: Program, files: Iterable[str], values: Mapping[str, str]) -> RunView:
        shared = program.over(frozenset(files))
        settings = _settings_env(values)
        bases = {b for b, n in shared.pairs if (n,) in settings} | shared.namespaces
        library: dict[str, list[Read]] = defaultdict(list)
        for name, read, reader in _library_reads(shared.facts, bases):
            library[name].append(read)
            for field_name, value in reader.defaults:
                settings.setdefault((field_name,), value)
        env = Env(settings, {})
        return cls(
            env,
            shared.reads,
            dict(library),
            frozenset(bases),
            shared.escaped,
            shared.dynamic,
            dead_functions(program, env),
        )


@dataclass
class _Files:
    """What a set of files shows whatever the run's values (shared by the runs that reach the
    same files)."""

    facts: list[FileFacts]
    reads: dict[str, list[tuple[str, Read]]]
    pairs: frozenset[tuple[str, str]]  # (base, name) of every `base.name` read
    namespaces: frozenset[str]
    escaped: frozenset[str]
    dynamic: bool


def setting_inert(key: str, view: RunView) -> str | None:
    """Why the setting ``key`` never takes effect in the run ``view`` shows, or None when it
    may."""
    k = tuple(norm(p) for p in key.split(".") if p)
    if not k:
        return None
    name = k[-1]
    reads = view.reads.get(name, [])
    library = [("", r) for r in view.library.get(name, [])]
    if not reads and not library:
        if view.dynamic:
            return None
        bases = view.bases | ({k[-2]} if len(k) >= 2 else set())
        if bases & view.escaped:
            return None
        return "never read by the code the run reaches"
    why = []
    for path, r in [*reads, *library]:
        test = _dead(r.guards, view.env, r.bare)
        if test is None and (path, r.func) in view.dead:
            test = f"{r.func}() runs ({view.dead[(path, r.func)]})"
        if test is None:
            return None
        why.append(test)
    conds = ", ".join(dict.fromkeys(why))
    return f"takes effect only when {conds}; not so in the run"


# ── parameters switched off by their own value ─────────────────────────────────────────────


def _functions(program: Program) -> dict[str, list[Function]]:
    out: dict[str, list[Function]] = defaultdict(list)
    for f in program.files.values():
        for fn in f.functions:
            out[fn.qualname.rsplit(".", 1)[-1]].append(fn)
    return out


def _literal(node: ast.expr | None) -> Any:
    if node is None:
        return UNKNOWN
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return UNKNOWN


def _passed_values(program: Program, fn: Function, param: str) -> list[Any] | None:
    """The literal values calls in the code pass ``param`` of ``fn`` (None: some call passes
    it something else, or something we cannot read). A call handing on its own function's
    parameter of the same name, by keyword or in ``param``'s position, is left out: that
    value is judged where it comes from."""
    last = fn.qualname.rsplit(".", 1)[-1]
    index = fn.order.index(param) if param in fn.order else None
    out = []
    for f in program.files.values():
        callers = {g.qualname: g for g in f.functions}
        # calls of ``fn`` that reach ``param`` by position, by the function they are made in
        positional: dict[str, int] = defaultdict(int)
        for (callee, line, npos, kws), (_c, _g, where) in zip(f.calls, f.call_sites, strict=True):
            if callee != last:
                continue
            if index is not None and npos > index:
                if (callee, line) in f.splat_calls:
                    return None  # ``f(*args, x)``: no telling which position ``x`` is in
                positional[where] += 1
                continue
            if param in kws:
                v = kws[param]
                if (
                    isinstance(v, ast.Name)
                    and v.id == param
                    and _own_param(callers.get(where), param)
                ):
                    continue  # passed on under its own name: judged where it comes from
                lit = _literal(v)
                if lit is UNKNOWN:
                    return None
                out.append(lit)
        for where, n in positional.items():
            if _handed_on_at(callers.get(where), param, last, index) != n:
                return None
    return out


def _own_param(caller: Function | None, name: str) -> bool:
    """``name`` in ``caller`` is still the parameter it was given (not rebound there)."""
    return caller is not None and name in caller.params and name not in caller.rebound


def _handed_on_at(caller: Function | None, param: str, callee: str, index: int | None) -> int:
    """How many times ``caller`` hands its own parameter ``param`` on to ``callee`` in the
    position ``index`` (``f(loss, weight, reduction, avg_factor)``)."""
    if index is None or caller is None or not _own_param(caller, param):
        return 0
    slot = (callee, f"#{index}")
    return sum(1 for _line, _guards, to in caller.uses.get(param, ()) if to == slot)


def param_switched_off(
    program: Program, fn: Function, param: str, seen: frozenset[tuple[str, str]] = frozenset()
) -> str | None:
    """Why ``param`` of ``fn``, at its default, never takes effect: every use is under a
    condition its value makes false, or passes it on to a parameter for which that holds."""
    if (fn.qualname, param) in seen or not _own_param(fn, param):
        return None  # a parameter the body rebinds is no longer the default it was given
    default = _literal(fn.params[param])
    if default is UNKNOWN:
        return None
    passed = _passed_values(program, fn, param)
    if passed is None or any(v != default for v in passed):
        return None
    uses = fn.uses.get(param, [])
    if not uses:
        return None
    env = Env({}, {param: default})
    by_name = _functions(program)
    tests = []
    if all(p == ("", "test") for _l, _g, p in uses):
        return None  # a switch, not a magnitude: its value is the choice
    for _line, guards, passed_to in uses:
        test = _dead(guards, env)
        if test is not None:
            tests.append(test)
            continue
        if passed_to is None or passed_to == ("", "test"):
            return None
        callee, keyword = passed_to
        if keyword.startswith("#"):
            # handed on by position: followed when the callee's parameter in that position
            # has the same name (``f(loss, weight, reduction, avg_factor)``)
            i, keyword = int(keyword[1:]), param
            targets = [g for g in by_name.get(callee, ()) if g.order[i : i + 1] == [param]]
        else:
            targets = [g for g in by_name.get(callee, ()) if keyword in g.params]
        if len(targets) != 1:
            return None
        target = targets[0]
        if _literal(target.params[keyword]) != default:
            return None
        inner = param_switched_off(program, target, keyword, seen | {(fn.qualname, param)})
        if inner is None:
            return None
        tests.append(f"{callee}({keyword}=…): {inner}")
    if not tests:
        return None
    return f"`{param}={ast.unparse(fn.params[param])}` switches it off ({'; '.join(dict.fromkeys(tests))})"


# ── values under a branch that a parameter's own default closes ─────────────────────────────

#: methods a call on an object may run: its ``__call__`` (a module's ``forward``), and the
#: constructor every build of a class or of a subclass runs
_RUN_ON_OBJECTS = frozenset({"forward", "__call__", "__init__"})
#: decorators that hand a call on as it was made
_SAME_CALL = frozenset(
    {
        "wraps",
        "staticmethod",
        "classmethod",
        "property",
        "cached_property",
        "setter",
        "abstractmethod",
        "no_grad",
        "enable_grad",
        "inference_mode",
        "autocast",
        "custom_fwd",
        "lru_cache",
        "cache",
        "register_module",
        "register",
        "overload",
        "contextmanager",
    }
)
#: callees handed a name that do not call it (``isinstance(x, Net)``, ``super(Net, self)``)
_NOT_CALLING = _HARMLESS | {"super", "issubclass", "callable", "getattr", "hasattr"}


def _merged(tables: Iterable[Mapping[str, set[str]]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for table in tables:
        for name, values in table.items():
            out[name] |= values
    return dict(out)


def guards_at(fn: Function, line: int) -> Guards:
    """The conditions under which ``line`` of ``fn``'s body runs: those of the innermost
    statement holding it, or, when it is in a compound statement's header (the test of an
    ``if``, a one-line ``if x: y = 1``), those of the outermost such statement."""
    headers = [g for first, _last, head, g in fn.stmts if head and first <= line <= head]
    if headers:
        return min(headers, key=len)
    inner = [g for first, last, _head, g in fn.stmts if first <= line <= last]
    return max(inner, key=len, default=())


@dataclass(frozen=True)
class _Site:
    """A call of the project's code: where it is made, what it calls, how many positions."""

    file: str
    where: str  # the function it is made in ("" at module level)
    last: str  # the callee's last name ("" for an expression: ``fns[i](x)``)
    npos: int
    starred: bool  # given ``*args`` in its positions
    named: bool  # the callee's name calls only the project's functions that bear it


class HeldDefaults:
    """Which parameters of the project's functions always hold their default: no call the
    audited code makes can give them another value. A parameter ``p`` of ``f`` holds its
    literal default ``d`` when ``f`` never rebinds it and

    - by keyword: every ``p=`` any call writes (whatever it calls: an object's method may be any
      function) gives ``d``, or hands on ``p`` of the function it is made in, itself held at
      ``d``; and no mapping may carry a key ``p``: no code writes that key (``dict(p=...)``,
      ``{"p": ...}``, ``cfg.p = ...``), no string is ``p`` (``"--p"``, ``getattr(x, "p")``),
      no audited file that is not Python (a config, a launcher) has the word. A ``**kwargs``
      handed on carries only keys someone wrote, so it carries no ``p``;
    - by position (``p`` not keyword-only): every call that may reach ``f`` with ``p``'s
      position filled hands on, in that position, ``p`` of the function it is made in, held at
      ``d``; no such call is given ``*args``; ``f`` has no decorator that may change its calls.
      The calls that may reach ``f``: those by ``f``'s name, or by a name every binding of
      which is a function of the project (``self.criterion = cross_entropy``); and when ``f``
      may be called as an object (a ``forward``, a constructor, decorated, handed to a call,
      returned or put in a container, named in a string, bound with something else), every
      call of an expression or of a name some code binds to anything else
      (``self.loss_decode(x, y)``, ``model(x)``). A name nothing in the project binds calls a
      library's function or method (``len(x)``, ``x.view(b, c, h, w)``, ``self.parameters()``,
      unless the code binds attributes by built names), and a library's function calls what
      it is handed only: handed to a call (``spawn(f, args=(a,))``, a hook registered) or to
      ``partial`` with positions, ``f`` holds nothing by position; ``partial(f, k=v)`` binds
      by keyword only.

    The runs' code is the code the scope keeps (a test or another implementation runs in
    none). Not followed: a library that calls a project's object it was handed (a module
    wrapped whole, the ``forward`` of a model handed to an exporter) with more positions than
    we see, and a library that builds a mapping
    with the key ``p`` itself.
    """

    def __init__(
        self, program: Program, other_text: str, left_out: frozenset[str] = frozenset()
    ) -> None:
        # the runs' code: a test or another implementation the scope leaves out runs in none
        self.program = Program({p: f for p, f in program.files.items() if p not in left_out})
        self.other_text = other_text
        self.by_name = _functions(self.program)
        files = list(self.program.files.values())
        #: a call by one of these names runs the functions that bear it (a decorated one
        #: through its wrapper, which :meth:`_position_handers` judges)
        self.functions = frozenset(self.by_name)
        self.classes = frozenset(c for f in files for c in f.class_spans)
        words: set[str] = set()
        for f in files:
            words |= f.string_words - f.export_only
        self.words = frozenset(words)
        self.attr_binds = _merged(f.attr_binds for f in files)
        self.global_binds = _merged(f.global_binds for f in files)
        local = _merged(f.local_binds for f in files)
        self.bound_names = frozenset(
            {
                *local,
                *self.global_binds,
                *(p for fns in self.by_name.values() for g in fns for p in g.params),
            }
        )
        self.loose = frozenset(n for f in files for n in f.loose_loads)
        self.handed = [h for f in files for h in f.handed_calls if h[1] not in _NOT_CALLING]
        self.callers = {
            p: {g.qualname: g for g in f.functions} for p, f in self.program.files.items()
        }
        self.built = any(f.binds_by_built_name for f in files)
        #: names a function is bound to that do not call only the project's functions, and
        #: the names bound in functions' bodies: calls by them are calls of objects
        self.loosely_bound = frozenset(
            [
                *(v for vs in local.values() for v in vs),
                *(
                    v
                    for table in (self.attr_binds, self.global_binds)
                    for n, vs in table.items()
                    if not self._aliases(vs, n)
                    for v in vs
                ),
            ]
        )
        project = _project_modules(program.files)
        self.sites: list[_Site] = []
        for f in files:
            callers = self.callers[f.path]
            for (last, line, npos, _kws), (_l, root), (_c, _g, where) in zip(
                f.calls, f.constructs, f.call_sites, strict=True
            ):
                if root and root not in project:
                    continue  # a library's function: calls what it is handed only
                kind = self._kind(f, last, line, callers.get(where))
                if kind is None:
                    continue
                starred = (last, line) in f.starred_calls
                self.sites.append(_Site(f.path, where, last, npos, starred, kind == "named"))
        self.solved: dict[str, dict[int, tuple[str, ...]]] = {}

    def _aliases(self, values: set[str], name: str) -> bool:
        """Every binding of ``name`` gives it one of the project's functions."""
        return "" not in values and values <= self.functions and name not in self.words

    def _kind(self, f: FileFacts, last: str, line: int, caller: Function | None) -> str | None:
        """What the call by ``last`` may run: "named" the project's functions or classes that
        bear the name (or that every binding of it gives), "object" anything an object may
        be, None a library's function or method (nothing in the project binds the name:
        ``len(x)``, ``x.view(b, c, h, w)``, ``self.parameters()``)."""
        if not last:
            return "object"  # ``fns[i](x)``, ``getattr(self, name)(x)``
        if (last, line) in f.bare_calls:
            if caller is not None and (last in caller.params or last in caller.rebound):
                return "object"
            bound = self.global_binds.get(last)
            if bound is not None:
                return "named" if self._aliases(bound, last) else "object"
            if last in self.functions or last in self.classes:
                return "named"
            return "object" if last in self.bound_names else None  # a builtin, an import
        bound = self.attr_binds.get(last)
        if bound is not None:
            return "named" if self._aliases(bound, last) else "object"
        if last in self.functions or last in self.classes:
            return "named"
        return "object" if (last, line) in f.self_calls and self.built else None

    def held(self, fn: Function, param: str) -> tuple[str, ...] | None:
        """The functions that hand ``param`` on to ``fn`` unchanged, when ``param`` always
        holds its default (None: a call may give it another value)."""
        if param not in self.solved:
            self.solved[param] = self._solve(param)
        return self.solved[param].get(id(fn))

    def _solve(self, param: str) -> dict[int, tuple[str, ...]]:
        nodes = {id(g): g for fns in self.by_name.values() for g in fns if param in g.params}
        keyword = self._keyword_sources(param)
        handers: dict[int, list[Function]] = {}
        for k, g in nodes.items():
            default = _literal(g.params[param])
            if keyword is None or default is UNKNOWN or not _own_param(g, param):
                continue
            values, by_keyword = keyword
            if any(v != default for v in values):
                continue
            by_position = self._position_handers(g, param)
            if by_position is not None:
                handers[k] = [*by_keyword, *by_position]
        changed = True
        while changed:  # a function handing on a value that may change changes it
            changed = False
            for k in list(handers):
                mine = _literal(nodes[k].params[param])
                if any(
                    id(h) not in handers or _literal(h.params[param]) != mine for h in handers[k]
                ):
                    del handers[k]
                    changed = True
        return {
            k: tuple(dict.fromkeys(h.qualname for h in hs if h is not nodes[k]))
            for k, hs in handers.items()
        }

    def _keyword_sources(self, param: str) -> tuple[list[Any], list[Function]] | None:
        """The literal values calls give ``param`` by keyword, and the functions that hand on
        their own; None when a call gives it anything else or a mapping may carry its key."""
        key = norm(param)
        if param in self.words or key in self.words:
            return None
        if any(key in f.written_keys for f in self.program.files.values()):
            return None
        if re.search(
            rf"(?<![A-Za-z0-9]){'[-_]?'.join(map(re.escape, key.split('_')))}(?!\w)",
            self.other_text,
            re.IGNORECASE,
        ):
            return None
        values: list[Any] = []
        handers: list[Function] = []
        for path, f in self.program.files.items():
            for (_callee, _line, _npos, kws), (_c, _g, where) in zip(
                f.calls, f.call_sites, strict=True
            ):
                if param not in kws:
                    continue
                v = kws[param]
                caller = self.callers[path].get(where)
                if isinstance(v, ast.Name) and v.id == param and _own_param(caller, param):
                    handers.append(caller)  # type: ignore[arg-type]
                    continue
                lit = _literal(v)
                if lit is UNKNOWN:
                    return None
                values.append(lit)
        return values, handers

    def _position_handers(self, fn: Function, param: str) -> list[Function] | None:
        """The functions whose calls fill ``param``'s position of ``fn``, each handing on its
        own ``param`` there (None: a call fills it with anything else, or may, or no audited
        call reaches ``fn``: what calls it is code we do not see)."""
        name = fn.qualname.rsplit(".", 1)[-1]
        own = self.classes if name == "__init__" else frozenset({name})
        handed = [fills for h, _callee, fills in self.handed if h in own]
        names = {name} | {
            n
            for table in (self.attr_binds, self.global_binds)
            for n, vs in table.items()
            if name in vs
        }
        if name == "__init__":
            names |= self.classes
        as_object = (
            name in _RUN_ON_OBJECTS
            or fn.decorated
            or bool(handed)
            or name in self.loose
            or name in self.words
            or name in self.loosely_bound
        )
        reaching = [
            s for s in self.sites if (s.named and s.last in names) or (as_object and not s.named)
        ]
        if not reaching:
            return None
        if param not in fn.order:
            return []  # keyword-only
        if any(d not in _SAME_CALL for d in fn.decorators):
            return None  # called through a wrapper: positions may differ
        if any(handed):
            return None  # ``partial(f, x)`` shifts the positions, ``spawn(f, ...)`` fills them
        index = fn.order.index(param)
        filling: dict[tuple[str, str, str], int] = defaultdict(int)
        for s in reaching:
            if s.starred:
                return None
            if s.npos > index:
                filling[(s.file, s.where, s.last)] += 1
        out = []
        for (path, where, last), n in filling.items():
            caller = self.callers[path].get(where)
            if _handed_on_at(caller, param, last, index) != n:
                return None
            out.append(caller)
        return out  # type: ignore[return-value]


def _closed_by_default(c: Choice, facts: FileFacts, held: HeldDefaults) -> str | None:
    """Why ``c``'s value, written in a function's body under a condition on the function's
    parameters, never runs: the parameters always hold their defaults, which make the
    condition false (``else: loss = loss.sum() / avg_factor`` under ``if avg_factor is
    None``, no call giving ``avg_factor`` a value)."""
    around = [g for g in facts.functions if g.first_line < c.line <= g.last_line]
    if not around:
        return None
    fn = max(around, key=lambda g: g.first_line)
    guards = guards_at(fn, c.line)
    asked = {n for test, _ in guards if not isinstance(test, str) for n in _loads(test)}
    values: dict[str, Any] = {}
    chains: dict[str, tuple[str, ...]] = {}
    for p in sorted(asked & set(fn.params)):
        handers = held.held(fn, p)
        if handers is not None:
            values[p], chains[p] = _literal(fn.params[p]), handers
    if not values:
        return None
    dead = _dead_guard(guards, Env({}, values))
    if dead is None:
        return None
    test, positive = dead
    said = []
    for p in sorted(set(_loads(test)) & set(values)):
        via = chains[p]
        shown = ", ".join(via[:4]) + (", …" if len(via) > 4 else "")
        by = f" (calls only hand on the same default of {shown})" if via else ""
        said.append(f"`{p}={ast.unparse(fn.params[p])}` is never given another value{by}")  # type: ignore[arg-type]
    where = (
        f"branch of `if {ast.unparse(test)}`"
        if positive
        else (f"else-branch of `if {ast.unparse(test)}`")
    )
    return f"{'; '.join(said)}: {where}"


# ── attributes the forward pass replaces ───────────────────────────────────────────────────

_FORWARD = frozenset({"forward", "call", "__call__"})


def replaced_attributes(program: Program) -> dict[tuple[str, int], str]:
    """``(file, line)`` of ``self.X = ...`` in ``__init__`` whose value the forward pass
    replaces, unconditionally and before reading it: after one step the attribute holds what
    the forward pass wrote, never its first value."""
    out: dict[tuple[str, int], str] = {}
    for f in program.files.values():
        by_qual = {fn.qualname: fn for fn in f.functions}
        for cls, methods in f.classes.items():
            init = by_qual.get(f"{cls}.__init__")
            forward = next((by_qual[m] for m in methods if m.rsplit(".", 1)[-1] in _FORWARD), None)
            if init is None or forward is None:
                continue
            for attr, sets in init.self_sets.items():
                written = [line for line, guards in forward.self_sets.get(attr, []) if not guards]
                if not written:
                    continue
                first_write = min(written)
                if any(line <= first_write for line in forward.self_reads.get(attr, [])):
                    continue
                for line, _g in sets:
                    out[(f.path, line)] = (
                        f"self.{attr} is replaced by {cls}.{forward.qualname.rsplit('.', 1)[-1]} "
                        f"(line {first_write}) before it is read"
                    )
    return out


# ── classes no code constructs ─────────────────────────────────────────────────────────────


def _project_modules(paths: Iterable[str]) -> frozenset[str]:
    """The names a module of the project may be imported by: every folder and file stem."""
    out = set()
    for path in paths:
        parts = path[:-3].split("/") if path.endswith(".py") else path.split("/")
        out.update(p for p in parts if p)
    return frozenset(out)


def unconstructed_classes(
    program: Program,
    other_text: str = "",
    switched: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
    left_out: frozenset[str] = frozenset(),
    entries: frozenset[str] = frozenset(),
) -> dict[tuple[str, str], str]:
    """``(file, class)`` of the project's classes that no audited code the runs may execute
    constructs, subclasses or names, in a file some other class of which the code outside it
    (or a config) does construct or name: a module of parts (layers, heads) the runs pick from.
    Naming counts any call of the class's name (other than through a module imported from
    outside the project, ``nn.Embedding(...)``), a base class, decorator, attribute read or
    string of that name, and a word of it in the audited configs and launchers
    (``other_text``). Naming from inside a class that is itself never built does not count: a
    class named only from classes nothing builds is not built either (a fixed point from the
    code outside classes and the configs; a subclass builds its base only when it is built).
    A file whose classes nothing outside it names (the model file audited alone) claims
    nothing. Nor does any file while some code looks objects up by a name built at run time
    (``getattr(module, name)``, ``globals()[name]``), unless every such lookup is by a name a
    config gives (:func:`_lookups_by_config`): then the names looked up are the configs' words,
    which already count as naming. A lookup in a file the scope leaves out (``left_out``: a
    test, the docs' settings) is code no run executes, and one through ``eval`` /
    ``globals()`` in a module that defines no class and imports nothing of the project finds
    only that module's names (:func:`_own_namespace_lookups`): neither keeps every class. ``switched``: (file, class) → the names the class's
    constructor names only under conditions every build of it makes false, with why
    (:func:`switched_off_namings`): those namings do not count. The top-level functions only
    such code reaches are :func:`unreached_functions` (``entries``: the files runs execute as
    programs)."""
    switched = switched or {}
    files = list(program.files.values())
    project = _project_modules(program.files)
    lookers = [
        f
        for f in files
        if f.looks_up and f.path not in left_out and not _own_namespace_lookups(f, project)
    ]
    if lookers and not _lookups_by_config(
        program, other_text, project, frozenset(f.path for f in lookers)
    ):
        return {}
    config_words = set(_WORD.findall(other_text))
    # names each file's code names, by the top-level class the naming code sits in ("" outside)
    at: dict[str, dict[str, set[str]]] = {}
    for f in files:
        at[f.path] = {
            owner: {last for last, root in names if not root or root in project}
            for owner, names in f.named_at.items()
        }
    # a file some class of which the code outside it or a config names holds parts the runs
    # pick from; a class of any other file (the model audited alone, an entry point's) may be
    # built by code the audit does not hold, and what it names counts
    outside_of = {
        f.path: config_words.union(*(n for p, by in at.items() if p != f.path for n in by.values()))
        for f in files
    }
    picked = {f.path: [c for c in f.class_spans if c in outside_of[f.path]] for f in files}
    live = config_words | {n for by in at.values() for n in by.get("", ())}
    live |= {
        cls
        for f in files
        for cls, (_a, _b, decorated) in f.class_spans.items()
        if decorated or cls.startswith("_") or not picked[f.path]
    }
    done: set[tuple[str, str]] = set()
    changed = True
    while changed:  # the names that classes built name: built too
        changed = False
        for path, by in at.items():
            for owner, names in by.items():
                if owner and (path, owner) not in done and owner in live:
                    done.add((path, owner))
                    names = names - set(switched.get((path, owner), ()))
                    if not names <= live:
                        live |= names
                        changed = True
    out: dict[tuple[str, str], str] = {}
    out.update(_uncalled_functions(program, at, picked, live, config_words, switched))
    for key, why in unreached_functions(
        program, {p: picked[p] and live for p in picked}, config_words, switched, entries
    ).items():
        out.setdefault(key, why)
    for f in files:
        if not picked[f.path]:
            continue
        for cls in f.class_spans:
            if cls in live:
                continue
            off = [
                f"{owner} builds {why}"
                for (_p, owner), names in switched.items()
                if owner in live
                for n, why in names.items()
                if n == cls
            ]
            if off:
                out[(f.path, cls)] = f"inside {cls}, which {off[0]}"
                continue
            named_by = sorted(
                owner
                for by in at.values()
                for owner, names in by.items()
                if owner and owner != cls and cls in names
            )
            who = (
                f"only {', '.join(named_by[:3])} name it, and no audited code builds them"
                if named_by
                else "no audited code constructs or names"
            )
            out[(f.path, cls)] = (
                f"inside {cls}, which {who} "
                f"(the code uses {', '.join(sorted(picked[f.path])[:3])} of its file)"
            )
    return out


#: lookups that find a name in the calling module's own namespace
_NAMESPACE_LOOKUPS = frozenset({"eval", "exec", "globals", "locals"})


def _own_namespace_lookups(f: FileFacts, project: frozenset[str]) -> bool:
    """Every lookup of ``f`` by a name built at run time finds a name of ``f``'s own module
    (``eval(name + "_classes")()``, ``globals()[name]``), and that module defines no class and
    imports nothing of the project (``project``: the names its modules may be imported by):
    none finds a class of the project."""
    return (
        not f.class_spans
        and all(callee in _NAMESPACE_LOOKUPS for _fn, _params, callee, _root in f.lookups)
        and not any(r == "." or r in project for r in f.import_roots)
    )


def _uncalled_functions(
    program: Program,
    at: Mapping[str, Mapping[str, set[str]]],
    picked: Mapping[str, list[str]],
    live: set[str],
    config_words: set[str],
    switched: Mapping[tuple[str, str], Mapping[str, str]],
) -> dict[tuple[str, str], str]:
    """``(file, function)`` of the top-level functions of a module of parts that only classes
    call (never handed on, decorated or named in a config), when no class that is built calls
    them (a class's call in its constructor under a condition every build makes false does not
    count). A bare name in a file that defines a top-level function of that name calls that
    file's own function."""
    files = program.files
    tops = {
        p: {fn.qualname: fn for fn in f.functions if "." not in fn.qualname and not fn.method}
        for p, f in files.items()
    }
    namers: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # name → (file, owner, root)
    for q, g in files.items():
        for owner, names in g.named_at.items():
            for n, root in names:
                namers[n].append((q, owner, root))
    # a naming under a constructor's condition is judged with the constructor's other namings
    # (``switched``), an export list's is no call and no handing on
    handed = {n for g in files.values() for n in g.handed_plain}
    out: dict[tuple[str, str], str] = {}
    for path, f in files.items():
        if not picked[path]:
            continue
        for name, fn in tops[path].items():
            if (
                fn.decorated
                or name in config_words
                or sum(fn.qualname == name for fn in f.functions) != 1
                or name in handed
            ):
                continue
            callers = list(
                dict.fromkeys(
                    (q, owner)
                    for q, owner, root in namers.get(name, ())
                    if (q == path or root or name not in tops[q])
                    and not (not owner and name in files[q].export_only)
                )
            )
            if not callers or any(not owner for _q, owner in callers):
                continue
            calling = [
                (q, owner)
                for q, owner in callers
                if owner in live and name not in switched.get((q, owner), {})
            ]
            if calling:
                continue
            off = [
                f"{c[1]} calls {switched[c][name]}" for c in callers if name in switched.get(c, {})
            ]
            who = sorted({owner for _q, owner in callers})
            out[(path, name)] = (
                f"inside {name}(), which {off[0]}"
                if off
                else f"inside {name}(), which only {', '.join(who[:3])} call, and no audited "
                f"code builds them (the code uses {', '.join(sorted(picked[path])[:3])} of its file)"
            )
    return out


# ── top-level functions no code the runs execute reaches ──────────────────────────────────────


class _Modules:
    """The project's modules by dotted name (from the audited folder or any folder in it:
    ``src/pkg/mod.py`` is ``pkg.mod`` too), and what a reference resolves to."""

    UNSURE = ("", "?")  # a project name we cannot follow

    def __init__(self, program: Program) -> None:
        self.files = program.files
        named: dict[str, set[str]] = defaultdict(set)
        for path in program.files:
            parts = path[: -len(".py")].split("/")
            if parts[-1] == "__init__":
                parts = parts[:-1]
            for i in range(len(parts)):
                named[".".join(parts[i:])].add(path)
        self.by_name = {m: sorted(paths) for m, paths in named.items() if m}
        self.tops = {
            p: {fn.qualname for fn in f.functions if "." not in fn.qualname and not fn.method}
            for p, f in program.files.items()
        }
        self.folders = {part for path in program.files for part in path.split("/")[:-1]}

    def missing(self, dotted: str) -> bool:
        """``dotted`` names a module of the project the audit does not hold: its head is a
        folder of the project and no module has its name, or a module does but the rest is
        neither a name it imports nor one of its classes (``pkg.absent.helper``)."""
        path, rest = self.module(dotted)
        if path is None:
            return dotted.split(".")[0] in self.folders
        f = self.files.get(path)
        return (
            f is not None
            and len(rest) >= 2
            and not (rest[0] in f.bindings or rest[0] in f.class_spans)
        )

    def module(self, dotted: str) -> tuple[str | None, list[str]]:
        """The project file of the longest prefix of ``dotted`` that names a module ("" when
        more than one file has that name, None when none), and the rest of the name."""
        parts = dotted.split(".")
        for n in range(len(parts), 0, -1):
            paths = self.by_name.get(".".join(parts[:n]))
            if paths:
                return (paths[0] if len(paths) == 1 else ""), parts[n:]
        return None, parts

    def resolve(self, dotted: str, depth: int = 0) -> tuple[str, str] | None:
        """The top-level function (file, name) ``dotted`` names, :attr:`UNSURE` when it may
        name one of the project's we cannot tell, None when it names none (a module from
        outside the project, a class, a variable)."""
        path, rest = self.module(dotted)
        if path is None:
            return None
        if path == "" or depth > 8:
            return self.UNSURE
        if not rest:
            return None
        f = self.files[path]
        if rest[0] in f.bindings:  # imported there: a re-export (``from .a import f as g``)
            return self.resolve(".".join([f.bindings[rest[0]], *rest[1:]]), depth + 1)
        if len(rest) == 1 and rest[0] in self.tops[path]:
            return path, rest[0]
        if f.star_imports:
            return self.UNSURE
        return None

    def reference(self, path: str, written: str) -> tuple[str, str] | None:
        """What ``written`` (a reference in ``path``) names: :meth:`resolve`."""
        head, _, rest = written.partition(".")
        f = self.files[path]
        if head in f.bindings:
            return self.resolve(".".join(filter(None, [f.bindings[head], rest])))
        if head in self.tops[path]:  # the function, or an attribute of it (``fn.cache_clear``)
            return path, head
        return None


def unreached_functions(
    program: Program,
    built: Mapping[str, set[str] | bool],
    config_words: set[str],
    switched: Mapping[tuple[str, str], Mapping[str, str]],
    entries: frozenset[str] = frozenset(),
) -> dict[tuple[str, str], str]:
    """``(file, function)`` of the project's top-level functions that no code the runs execute
    reaches, with the chain: every reference to the function (a call or the function handed
    on, resolved through the imports: ``import pkg.utils as util; util.resize(...)``, ``from
    pkg import resize as rs``, a package re-exporting it) sits in a function so reached, in a
    class nothing builds, under a condition of a constructor every build of it closes
    (``switched``), or in the ``__main__`` block of a module another file imports and no run
    executes (``entries``: the files runs execute); a fixed point. A function nothing
    references is unreached when code outside its file references another function of it.
    Kept when unsure: decorated, named in a config (``config_words``) or a string, named by a
    reference we cannot resolve (``obj.resize``, a star import, a name two files share), or
    referenced at a module's top level. Nothing is claimed while the code imports a module of
    the project the audit does not hold (a part of the project audited alone): that module may
    call any function. ``built``: per file, the names of the classes of the file that are built
    (True: every class may be)."""
    modules = _Modules(program)
    files = program.files
    if any(modules.missing(t) for f in files.values() for t in f.bindings.values()):
        return {}
    loose = set(config_words).union(*(f.loose_names for f in files.values()))
    imported = set()
    for f in files.values():
        for target in f.bindings.values():
            path, _rest = modules.module(target)
            if path and path != f.path:
                imported.add(path)
    refs: dict[tuple[str, str], list[tuple[str, str, str, Guards, str]]] = defaultdict(list)
    for path, f in files.items():
        for written, where, owner, guards in f.references:
            target = modules.reference(path, written)
            if target == _Modules.UNSURE:
                loose.add(written.rsplit(".", 1)[-1])
            elif target is not None and (target[0], where.split(".")[0]) != target:
                refs[target].append((path, where, owner, guards, written))
    named_outside = {p for (p, _n), sites in refs.items() if any(q != p for q, *_r in sites)}
    candidates = [
        (path, fn.qualname)
        for path, f in files.items()
        for fn in f.functions
        if fn.qualname in modules.tops[path]
        and not fn.decorated
        and fn.qualname not in loose
        and sum(g.qualname == fn.qualname for g in f.functions) == 1
        and (refs.get((path, fn.qualname)) or path in named_outside)
    ]

    def closed(site: tuple[str, str, str, Guards, str]) -> str | None:
        path, where, owner, guards, written = site
        head = where.split(".")[0]
        if (path, head) in dead:
            return f"{head}()"
        cls_built = built.get(path, True)
        if owner and cls_built is not True and owner not in cls_built:
            return f"{owner}, which no audited run builds"
        why = switched.get((path, owner), {}).get(written.rsplit(".", 1)[-1]) if owner else None
        if why is not None and where == f"{owner}.__init__":
            return f"{owner}, which names it {why}"
        demo = any(is_main_guard(t) and p for t, p in guards)
        if demo and path in imported and path not in entries:
            return f"the `__main__` block of {path}, which other code imports and no run executes"
        test = _dead(guards, Env({}, {}))
        return f"where `{test}`" if test is not None else None

    dead: dict[tuple[str, str], str] = {}
    #: a dead function's chain of callers, the function that starts it, and why that one is
    #: reached only from closed places
    chain: dict[tuple[str, str], tuple[list[str], str]] = {}
    changed = True
    while changed:
        changed = False
        for key in candidates:
            if key in dead:
                continue
            sites = refs.get(key, [])
            whys = [closed(s) for s in sites]
            if any(w is None for w in whys):
                continue
            changed = True
            path, name = key
            if not sites:
                chain[key] = ([], "which no audited code calls or names")
                dead[key] = (
                    f"inside {name}(), which no audited code calls or names (code outside "
                    f"{path} uses other functions of it)"
                )
                continue
            callers = [(s[0], s[1].split(".")[0]) for s in sites]
            # the chain shown runs through a caller reached from a closed place if one is
            through = next(
                (c for c in callers if c in dead and chain[c][1][:5] != "which"),
                next((c for c in callers if c in dead), None),
            )
            places = list(dict.fromkeys(w for w in whys if w))
            if through is not None:
                names, root = chain[through]
                chain[key] = ([f"{through[1]}()", *names], root)
            else:
                chain[key] = ([], places[0])
            names, root = chain[key]
            others = len(places) - 1
            dead[key] = (
                f"inside {name}(), reached only from "
                + " ← ".join(names)
                + (", " if root[:5] == "which" else ", from " if names else "")
                + root
                + (f" (and {others} other closed place{'s' * (others > 1)})" if others else "")
            )
    return dead


#: ``pkg.module.Name`` or ``pkg.module:Name`` (an entry point's notation) written in a config
_DOTTED = re.compile(r"\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)[.:]([A-Za-z_]\w*)\b")


def _lookups_by_config(
    program: Program,
    other_text: str,
    project: frozenset[str],
    looking: frozenset[str] | None = None,
) -> bool:
    """Every lookup by a name built at run time leaves the project's classes to the configs:
    it looks in a module from outside the project (``getattr(torch.nn, name)`` finds no class
    of ours), or it is by a name a config gives: it sits in a function and the name comes from
    the function's arguments alone (``get_obj_from_str(config["target"])``,
    ``getattr(import_module(module), cls)`` after ``module, cls = string.rsplit(".", 1)``,
    ``globals()[name]``); no call of such a function, or of one handing its own arguments on to
    it, hands it a string the code builds (``f"models.{name}"``); and the audited configs name
    the project's objects by dotted paths (``target: pkg.module.Net`` or ``pkg.module:Net``,
    where ``pkg/module.py`` defines ``Net``). A call of the project's own loader is judged by the lookup inside it. A
    lookup at module level, in a method on its own attributes, or by a name the code builds
    keeps every class in use. ``looking``: the files whose lookups are judged (None: all)."""
    files = program.files.values()
    # a function's parameter by a call's position or keyword
    orders: dict[str, list[list[str]]] = defaultdict(list)
    for f in files:
        for fn in f.functions:
            orders[fn.qualname.rsplit(".", 1)[-1]].append(fn.order)
    # a call of the project's own loader (``get_obj_from_str(...)`` defined here) is judged by
    # the lookup inside it and by what it is handed, not as a lookup of its own
    lookups = [
        (name, params)
        for f in files
        if looking is None or f.path in looking
        for name, params, callee, root in f.lookups
        if (callee not in orders or callee == "getattr") and (not root or root in project)
    ]
    if not lookups:
        return True  # only in modules from outside the project (``getattr(torch, name)``)
    if not all(params for _name, params in lookups):
        return False

    def param_of(callee: str, slot: int | str) -> set[str]:
        if isinstance(slot, str):
            return {slot}
        return {o[slot] for o in orders.get(callee, ()) if slot < len(o)}

    takers = {(name, p) for name, params in lookups for p in params}
    forwards = {row for f in files for row in f.forwards}
    changed = True
    while changed:  # a function handing its parameters to one that looks them up
        changed = False
        for caller, callee, slot, params in forwards:
            if caller and any((callee, p) in takers for p in param_of(callee, slot)):
                new = {(caller, p) for p in params} - takers
                if new:
                    takers |= new
                    changed = True
    for f in files:
        for callee, slot in f.built_calls:
            if any((callee, p) in takers for p in param_of(callee, slot)):
                return False
    # a module's dotted name: its path without ``.py`` (a package's: its folder), from the
    # audited folder or from any folder in it (``src/pkg/module.py`` is ``pkg.module``)
    by_module: dict[str, list[FileFacts]] = defaultdict(list)
    for path, f in program.files.items():
        parts = path[: -len(".py")].split("/")
        if parts[-1] == "__init__":
            parts = parts[:-1]
        for i in range(len(parts)):
            by_module[".".join(parts[i:])].append(f)
    for module, name in _DOTTED.findall(other_text):
        if any(name in f.defined for f in by_module.get(module, ())):
            return True
    return False


# ── parts a constructor builds only under its own parameters ────────────────────────────────


@dataclass(frozen=True)
class Build:
    """One build of a class by the audited runs: where (``train.py:12``, ``configs/a.yaml:3``)
    and the values it gives the constructor's parameters (normalised names; a parameter given
    something we cannot read is left out)."""

    where: str
    values: dict[str, Any]


@dataclass(frozen=True)
class ConfigBuild:
    """A callable an audited run's config file builds with its keys as arguments."""

    where: str  # file:line of the ``target`` / ``_target_`` / ``type`` entry
    file: str
    args: tuple[str, ...]  # the normalised key of the arguments
    target: str  # the callable as written
    settings: Mapping[tuple[str, ...], Any]  # the run's values by normalised key
    text: str  # the config file's text


def class_builds(
    program: Program,
    cls: str,
    kept: frozenset[str],
    configs: Sequence[ConfigBuild],
    unread_text: str,
    depth: int = 0,
    init_of: Function | None = None,
) -> list[Build] | None:
    """Every build of the project's class ``cls`` by the audited runs: its calls in the code
    the scope keeps (a keyword given a literal, or left out: the default) and the config
    entries of the audited runs that name it (a key the config leaves out: the default). None
    when some build cannot be read: ``cls`` handed on or named other than by a call or a config
    entry, a call given ``*args`` / ``**kwargs``, a subclass that is built, a word of its name in
    a config or launcher no audited run reads, or more words of it in a run's config than
    entries naming it. A build of a subclass that hands its constructor's arguments whole to
    ``cls``'s (:attr:`FileFacts.passthrough`, or one with no constructor of its own) is a build
    of ``cls`` with those arguments (``init_of``: the constructor whose parameters the builds
    give, when ``cls`` is such a subclass)."""
    homes = [f for f in program.files.values() if cls in f.class_spans]
    if depth > 4 or len(homes) != 1:
        return None
    home = homes[0]
    init = init_of or next((fn for fn in home.functions if fn.qualname == f"{cls}.__init__"), None)
    if init is None or any(
        fn.qualname == cls for f in program.files.values() for fn in f.functions
    ):
        return None
    word = re.compile(rf"\b{re.escape(cls)}\b")
    if word.search(unread_text):
        return None
    files = [f for p, f in program.files.items() if p in kept]
    if any(cls in f.named_other and cls not in f.export_only for f in files):
        return None
    params = {p: d for p, d in init.params.items() if p not in ("self", "cls")}
    written = {k for f in files for k in f.written_keys}
    out: list[Build] = []
    for f in files:
        for sub, bases in f.bases.items():
            if cls in bases and _maybe_built(program, sub, kept, configs, unread_text, depth + 1):
                through = _builds_through(program, f, sub, cls, kept, configs, unread_text, depth)
                if through is None:
                    return None
                out.extend(through)
        for callee, line, npos, keywords in f.calls:
            if callee != cls:
                continue
            if (cls, line) in f.splat_calls:
                return None
            values = {}
            for p, default in params.items():
                if p in init.order and init.order.index(p) < npos:
                    continue
                v = _literal(keywords[p]) if p in keywords else _literal(default)
                if v is not UNKNOWN:
                    values[norm(p)] = v
            out.append(Build(f"{f.path}:{line}", values))
        for callee, line, keywords in f.entry_builds:
            if callee != cls:
                continue
            values = {}
            for p, default in params.items():
                if norm(p) in written:
                    continue  # the code may write it into the entry
                v = _literal(keywords[p]) if p in keywords else _literal(default)
                if v is not UNKNOWN:
                    values[norm(p)] = v
            out.append(Build(f"{f.path}:{line}", values))
    dotted = home.path[: -len(".py")].replace("/", ".")
    entries: dict[str, set[str]] = defaultdict(set)
    for c in configs:
        module, _, name = c.target.rpartition(":") if ":" in c.target else c.target.rpartition(".")
        if name != cls or (module and not (dotted == module or dotted.endswith("." + module))):
            continue
        entries[c.file].add(c.where)
        values = {}
        for p, default in params.items():
            if norm(p) in written:
                continue  # the code may give it a value the config does not show
            key = (*c.args, norm(p))
            if key not in c.settings and re.search(rf"\b{re.escape(p)}\b", c.text):
                continue  # the config writes it where the run's values do not show it
            v = c.settings.get(key, _literal(default))
            if v is not UNKNOWN:
                values[norm(p)] = v
        out.append(Build(c.where, values))
    for path, text in {c.file: c.text for c in configs}.items():
        if len(word.findall(text)) > len(entries.get(path, ())):
            return None
    return out


def _builds_through(
    program: Program,
    f: FileFacts,
    sub: str,
    cls: str,
    kept: frozenset[str],
    configs: Sequence[ConfigBuild],
    unread_text: str,
    depth: int,
) -> list[Build] | None:
    """The builds of ``sub`` (a subclass of ``cls`` in ``f``) as builds of ``cls``, when ``sub``
    hands its constructor's arguments whole to ``cls``'s and sets no attribute of its own; None
    when it does not, or when some build of it cannot be read."""
    bases = f.bases.get(sub, [])
    own = any(fn.qualname == f"{sub}.__init__" for fn in f.functions)
    if bases[:1] != [cls] or (own and sub not in f.passthrough):
        return None
    if any(fn.self_sets for fn in f.functions if fn.qualname.startswith(f"{sub}.")):
        return None  # a method of its own may set what the constructor's conditions read
    homes = [g for g in program.files.values() if cls in g.class_spans]
    init = next(
        (fn for g in homes[:1] for fn in g.functions if fn.qualname == f"{cls}.__init__"), None
    )
    if init is None:
        return None
    return class_builds(program, sub, kept, configs, unread_text, depth + 1, init)


def _maybe_built(
    program: Program,
    cls: str,
    kept: frozenset[str],
    configs: Sequence[ConfigBuild],
    unread_text: str,
    depth: int = 0,
) -> bool:
    """Whether anything may build ``cls``: a call or any other naming of it in the kept code, a
    config entry or a word in the configs and launchers, a subclass that may be built."""
    if depth > 4:
        return True
    files = [f for p, f in program.files.items() if p in kept]
    if any(
        cls in f.named_other
        or any(c[0] == cls for c in f.calls)
        or any(e[0] == cls for e in f.entry_builds)
        for f in files
    ):
        return True
    if re.search(
        rf"\b{re.escape(cls)}\b",
        unread_text + "\n".join({c.file: c.text for c in configs}.values()),
    ):
        return True
    return any(
        _maybe_built(program, sub, kept, configs, unread_text, depth + 1)
        for f in files
        for sub, bases in f.bases.items()
        if cls in bases
    )


def _dead_guard(guards: Guards, env: Env) -> tuple[ast.expr, bool] | None:
    """The first of ``guards`` that ``env``'s values make false (None: none)."""
    for test, positive in guards:
        if isinstance(test, str):
            continue
        v = evaluate(test, env)
        if v is not UNKNOWN and bool(v) != positive:
            return test, positive
    return None


def _holds(test: ast.expr, positive: bool) -> str:
    """The condition a guard asks for, as a reader says it: "`use_extra` is true"."""
    if not positive and isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test, positive = test.operand, True
    text = ast.unparse(test) if positive else f"not ({ast.unparse(test)})"
    plain = isinstance(test, ast.Name) or (
        isinstance(test, ast.Attribute) and isinstance(test.value, ast.Name)
    )
    return f"`{text}` is true" if plain and positive else f"`{text}` holds"


def switched_off_namings(
    program: Program,
    kept: frozenset[str],
    configs: Sequence[ConfigBuild],
    unread_text: str,
) -> dict[tuple[str, str], dict[str, str]]:
    """(file, class) → the names the class's ``__init__`` names only under a condition on its
    own parameters (never rebound) that every build of the class by the audited runs makes
    false (:func:`class_builds`), with why ("only when `use_st` is true; every build of ...
    leaves use_st=False: configs/a.yaml:3"): ``SpatialTransformer(...) if use_st else
    AttentionBlock(...)`` where every build leaves ``use_st=False``."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for path, f in program.files.items():
        gated: dict[str, dict[str, list[Guards]]] = defaultdict(lambda: defaultdict(list))
        for owner, name, guards in f.ctor_gated:
            if (owner, name) not in f.ctor_plain and name != owner:
                gated[owner][name].append(guards)
        for owner, names in gated.items():
            builds = class_builds(program, owner, kept, configs, unread_text)
            if not builds:
                continue
            init = next(fn for fn in f.functions if fn.qualname == f"{owner}.__init__")
            own = {norm(p) for p in init.params} - {norm(p) for p in init.rebound}
            copies = _parameter_attributes(program, owner, init, own)
            envs = [
                Env(
                    {},
                    {p: v for p, v in b.values.items() if p in own},
                    {x: b.values[p] for x, (_line, p) in copies.items() if p in b.values},
                )
                for b in builds
            ]
            for name, sites in names.items():
                closed = [_dead_guard(g, env) for g in sites for env in envs]
                if not closed or any(c is None for c in closed):
                    continue
                if any(
                    copies[x][0] >= test.lineno  # read before the constructor sets it
                    for test, _positive in closed  # type: ignore[misc]
                    for x in _own_attributes(test)
                    if x in copies
                ):
                    continue
                test, positive = closed[0]  # type: ignore[misc]
                asked = sorted(
                    {n for n in _loads(test) if norm(n) in own - {"self", "cls"}}
                    | {copies[x][1] for x in _own_attributes(test) if x in copies}
                )
                given = ", ".join(
                    f"{p}={' or '.join(dict.fromkeys(repr(b.values[norm(p)]) for b in builds if norm(p) in b.values))}"
                    for p in asked
                )
                where = list(dict.fromkeys(b.where for b in builds))
                shown = ", ".join(where[:4]) + (
                    f" and {len(where) - 4} more" if len(where) > 4 else ""
                )
                out.setdefault((path, owner), {})[name] = (
                    f"only when {_holds(test, positive)}; every build of {owner} by "
                    f"the audited runs leaves {given or 'it otherwise'}: {shown}"
                )
    return out


def _own_attributes(test: ast.expr) -> set[str]:
    """The attributes of ``self`` a condition reads (normalised): ``self.use_sigmoid``."""
    return {
        norm(n.attr)
        for n in ast.walk(test)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self"
    }


def _parameter_attributes(
    program: Program, cls: str, init: Function, own: set[str]
) -> dict[str, tuple[int, str]]:
    """The attributes of ``cls`` that stand for a parameter of its constructor ``init``, as
    (the line that sets it, the parameter): ``__init__`` sets ``self.x = x`` once, outside any
    condition, from a parameter it never rebinds, and nothing else sets it: no other method of
    the class or of its bases in the project, and no code writing ``obj.x = ...``."""
    family = {cls}
    todo = [cls]
    while todo:  # the class and its bases in the project
        c = todo.pop()
        for f in program.files.values():
            for base in f.bases.get(c, ()):
                if base not in family:
                    family.add(base)
                    todo.append(base)
    written = {k for f in program.files.values() for k in f.written_keys}
    out: dict[str, tuple[int, str]] = {}
    for attr, sets in init.self_copies.items():
        lines = init.self_sets.get(attr, [])
        if (
            len(sets) != 1
            or len(lines) != 1
            or lines[0][0] != sets[0][0]
            or lines[0][1]
            or norm(sets[0][1]) not in own
            or attr in written
        ):
            continue
        if any(
            attr in fn.self_sets
            for f in program.files.values()
            for fn in f.functions
            if fn is not init and fn.qualname.split(".")[0] in family and "." in fn.qualname
        ):
            continue
        out[attr] = (sets[0][0], norm(sets[0][1]))
    return out


# ── the choices ─────────────────────────────────────────────────────────────────────────────


def inert_choices(
    choices: Iterable[Choice],
    inventory: CodeInventory,
    base: str = ".",
    audited_runs: frozenset[str] | None = None,
    left_out: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """The ids of the ``choices`` whose value never takes effect in the runs they belong to,
    with the reason (see the module's docstring). A run's reads are looked for in the files it
    reaches and in every audited file the scope keeps (``left_out``: the files it leaves out,
    another implementation or a test): a module loaded by a name built at run time is not in
    the run's reach, and its reads must still count."""
    choices = list(choices)
    program = Program(
        read_files(
            ((f.path, f.sha256) for f in inventory.files if f.language in ("python", "python2")),
            base,
        )
    )
    if not program.files:
        return {}
    unread = [
        f.path
        for f in inventory.files
        if f.language in ("python", "python2", "notebook")
        and f.path not in program.files
        and f.path not in left_out
    ]
    if unread:
        # code this reader cannot see (a notebook, Python 2, a file that does not parse) may
        # read any setting: nothing is claimed of the settings
        choices = [c for c in choices if not (c.setting and c.source in _DEFINING)]
    every = sorted(p for p in program.files if p not in left_out)
    reach: dict[str, list[str]] = {}
    reaching: dict[str, set[str]] = defaultdict(set)  # a file → the audited runs that reach it
    for r in inventory.reaches:
        for run in r.runs:
            reach[run] = sorted({*every, *(p for p in r.files if p in program.files)})
            if audited_runs is None or run in audited_runs:
                for p in r.files:
                    reaching[p].add(run)
    runs = {r.name: r for r in inventory.runs}
    values_of: dict[str, dict[str, str]] = {}
    # settings not run-specific: the values their definitions give (one value each)
    written: dict[str, set[str]] = defaultdict(set)
    for c in [*choices, *inventory.context]:
        if c.setting and c.source in _DEFINING:
            written[c.setting].add(c.value)
    plain = {k: next(iter(v)) for k, v in written.items() if len(v) == 1}

    def run_values(name: str) -> dict[str, str]:
        if name not in values_of:
            run = runs.get(name)
            values_of[name] = (
                {k: s.value for k, s in inventory.values_of(run).items()} if run else plain
            )
        return values_of[name]

    out: dict[str, str] = {}
    replaced = replaced_attributes(program)
    other_text = _other_text(inventory, base)
    unbuilt = (
        {}
        if unread
        else unconstructed_classes(
            program,
            other_text,
            _switched(program, inventory, base, audited_runs, left_out, run_values),
            left_out,
            frozenset(r.entry for r in inventory.runs if r.entry),
        )
    )
    bookkeeping = {
        (p, line, last) for p, f in program.files.items() for line, last in f.bookkeeping
    }
    by_name = _functions(program)
    held = None if unread else HeldDefaults(program, other_text, left_out)
    views: dict[str, RunView] = {}

    def view_of(run: str) -> RunView:
        if run not in views:
            files = reach.get(run, every) if run else every
            views[run] = RunView.build(program, files, run_values(run) if run else plain)
        return views[run]

    for c in choices:
        why = None
        if c.setting and c.source in _DEFINING:
            in_runs = [r for r in c.runs if audited_runs is None or r in audited_runs]
            if c.runs and not in_runs:
                continue
            reasons = []
            for run in in_runs or [""]:
                reasons.append(setting_inert(c.setting, view_of(run)))
                if not reasons[-1]:
                    break
            if reasons and all(reasons):
                why = reasons[0]
        elif (
            c.source == "argument"
            and c.symbol
            and (c.file, c.line, c.symbol.rsplit(".", 1)[-1]) in bookkeeping
        ):
            why = "a value of an object that only records numbers for logging"
        if why is None and c.scope and _FOR_LOGGING.search(c.scope.rsplit(".", 1)[-1]):
            why = f"a value of {c.scope}, which only makes what a logger shows"
        if why is None and (c.file, c.line) in replaced and c.scope.endswith("__init__"):
            why = replaced[(c.file, c.line)]
        if why is None and c.scope and c.file in program.files:
            why = _switched_off_at(c, program, by_name)
        if (
            why is None
            and not (c.setting and c.source in _DEFINING)
            and c.scope
            and c.file in program.files
        ):  # a value written, or a setting's value used, in code the runs never reach
            why = _never_runs(c, sorted(reaching.get(c.file, ())), view_of)
        if why is None and c.scope and c.file in program.files:
            why = _written_in_unbuilt(c, program.files[c.file], unbuilt)
        if (
            why is None
            and held is not None
            and not (c.setting and c.source in _DEFINING)
            and c.file in held.program.files
        ):  # a value under a branch that a parameter's own default closes
            why = _closed_by_default(c, program.files[c.file], held)
        if why:
            out[c.id] = why
    return out


def _switched(
    program: Program,
    inventory: CodeInventory,
    base: str,
    audited_runs: frozenset[str] | None,
    left_out: frozenset[str],
    run_values: Any,
) -> dict[tuple[str, str], dict[str, str]]:
    """:func:`switched_off_namings` over the builds of the audited runs (``run_values``: a
    run's values by name) and the code the scope keeps (not the runs' config files, Python or
    not); the other configs and launchers the scope keeps are text we cannot read builds
    from."""
    if not any(f.ctor_gated for f in program.files.values()):
        return {}
    texts: dict[str, str] = {}

    def text(path: str) -> str:
        if path not in texts:
            texts[path] = _read_text(os.path.join(base, path))
        return texts[path]

    configs = []
    for run in inventory.runs:
        if audited_runs is not None and run.name not in audited_runs:
            continue
        settings = None
        for args, target, file, line in run.builds:
            if settings is None:
                settings = _settings_env(run_values(run.name))
            key = tuple(norm(p) for p in args.split(".") if p)
            configs.append(ConfigBuild(f"{file}:{line}", file, key, target, settings, text(file)))
    read = {c.file for c in configs}
    # a config file written in Python (mmcv ``dict(type="Net")``) is read as a config, not as
    # code that names the class
    config_files = {p for run in inventory.runs for p in run.configs}
    unread_text = "\n".join(
        text(f.path)
        for f in inventory.files
        if (f.language not in ("python", "python2") or f.path in config_files)
        and f.path not in left_out
        and f.path not in read
    )
    kept = frozenset(p for p in program.files if p not in left_out and p not in config_files)
    return switched_off_namings(program, kept, configs, unread_text)


def _read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read(1_000_000)
    except OSError:
        return ""


def _written_in_unbuilt(
    c: Choice, facts: FileFacts, unbuilt: Mapping[tuple[str, str], str]
) -> str | None:
    """Why the class ``c``'s value is written in is never built (its scope's class, or the
    class whose lines hold it: a default of ``Block(dropout=0.)`` handed on to the layers of
    another class), or None."""
    spans = {
        **{fn.qualname: (fn.first_line, fn.last_line) for fn in facts.functions},
        **facts.class_spans,
    }
    for cls in dict.fromkeys([c.scope.split(".")[0], *facts.class_spans]):
        span = spans.get(cls)
        if (c.file, cls) in unbuilt and span is not None and span[0] <= c.line <= span[1]:
            return unbuilt[(c.file, cls)]
    return None


def _never_runs(c: Choice, runs: Sequence[str], view_of: Any) -> str | None:
    """Why the function or class ``c`` sits in never runs in any of the audited ``runs``
    that reach its file (None: it may run in one, or no audited run is known to reach it)."""
    if not runs:
        return None
    head = c.scope.split(".")[0]
    why = None
    for run in runs:
        dead = view_of(run).dead
        why = dead.get((c.file, c.scope)) or dead.get((c.file, head))
        if why is None:
            return None
    return f"in {c.scope}, which the run never reaches: {why}"


def _other_text(inventory: CodeInventory, base: str) -> str:
    """The text of the audited files that are not Python (configs, launchers): a class may be
    named there (``target: pkg.Net``)."""
    parts = []
    for f in inventory.files:
        if f.language in ("python", "python2"):
            continue
        try:
            with open(os.path.join(base, f.path), encoding="utf-8", errors="replace") as fh:
                parts.append(fh.read(1_000_000))
        except OSError:
            continue
    return "\n".join(parts)


def _switched_off_at(c: Choice, program: Program, by_name: Mapping[str, list[Function]]):
    """A choice whose value is a parameter's default written on its line (``noise_dropout=0.``
    resolved into ``dropout(p=noise_dropout)``), when that parameter is switched off."""
    fn = next(
        (
            g
            for g in by_name.get(c.scope.rsplit(".", 1)[-1], ())
            if g.file == c.file and g.qualname == c.scope
        ),
        None,
    )
    if fn is None or not (fn.first_line <= c.line <= fn.last_line):
        return None
    # the parameter the value comes from: the choice's own, or the one its call passes
    # (``dropout(p=noise_dropout)`` written in the choice's detail)
    words = {c.param} | set(re.findall(rf"\b{re.escape(c.param)}=(\w+)", c.detail))
    for param, default in fn.params.items():
        if default is None or getattr(default, "lineno", -1) != c.line:
            continue
        if param not in words:
            continue
        why = param_switched_off(program, fn, param)
        if why:
            return why
    return None
