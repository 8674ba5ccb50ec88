"""From files to choices: read every file, then resolve what one file cannot know alone.

* Names a module gets from ``from local_module import *`` are resolved first (a cheap
  :mod:`ast` pre-pass over every file's imports), so ``nn.Conv2d`` works in ``train.py`` when
  ``nn`` came from ``models.py``.
* A project's own building blocks (``Down(512, 1024)``) are expanded at their call sites: a
  literal bound to a parameter is reported where it was written, so ``out_channels=1024`` inside
  ``DoubleConv`` is a choice at the ``Down(512, 1024)`` line; a component written under a
  condition (``if use_bn:``) is present only at the call sites that switch it on.
* Settings (``args.lr``, ``cfg["lr"]``) are resolved to the argparse/flag/config default that
  feeds them, across files.
* Model code is recognised by what it builds (layers), not only by its base class, so Keras
  functional builders and TF1 graph classes count too.
* Structure: layers repeated in a row are a depth choice; a module applied more than once shares
  its weights; normalization/dropout/pooling placed in only some of a repeated pattern's layers is
  an *irregular* choice; components missing from a whole model (no normalization, no dropout, no
  schedule) are choices of their own.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import itertools
import pickle
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

import libcst as cst

from paperlint.code import dataparallel, notsettings, py2, syntax, training, training_stages
from paperlint.code import settings as setting_names
from paperlint.code.counts import (
    built_from_numbered_input,
    built_from_own_entry,
    counts_layers,
    loops_over_data,
)
from paperlint.code.files import CodeFile, decode_source, read_bytes
from paperlint.code.imports import ImportTable, loads_by_name
from paperlint.code.programs import does_work_at_top_level
from paperlint.code.python import (
    WEIGHTED,
    FileFacts,
    Guard,
    Item,
    LayerUse,
    TemplateCall,
    TemplateDef,
    analyze,
    arg_concept,
    concept_of_string,
    loss_class_named,
    loss_function_named,
    same_value,
)
from paperlint.code.settings import normalize_name
from paperlint.code.stage import Options, extract  # noqa: F401 - the code stage's entry point
from paperlint.code.values import LIT, PARAM, REF, UNKNOWN, Val, format_literal
from paperlint.errors import PaperlintError
from paperlint.model import Choice, CodeInventory, Problem, SourceFile, Suppression, short_hash

MAX_AST_DEPTH = 120
MAX_EXPANSION_DEPTH = 6

#: Library base classes that make a project class a component of that kind.
_COMPONENT_BASES = {
    "torch.optim.Optimizer": "optimizer",
    "torch.optim.optimizer.Optimizer": "optimizer",
    "keras.optimizers.Optimizer": "optimizer",
    "tensorflow.train.Optimizer": "optimizer",
    "torch.optim.lr_scheduler._LRScheduler": "scheduler",
    "torch.optim.lr_scheduler.LRScheduler": "scheduler",
    "keras.optimizers.schedules.LearningRateSchedule": "scheduler",
    "torch.nn.modules.loss._Loss": "loss",
    "keras.losses.Loss": "loss",
}
#: Project classes named for a component: an average of the model's weights (``LitEma``,
#: ``EMAHelper``, ``ModelEMA``, ``SWAModel``), stochastic depth (``DropPath``, ``DropBlock``).
_NAMED_COMPONENTS = (
    (
        re.compile(
            r"(^|[a-z0-9_])(EMA|Ema)([A-Z0-9_]|$)|ExponentialMovingAverage|MovingAverage"
            r"|(^|[a-z_])SWA([A-Z_]|$)"
        ),
        ("other", "ema", "weights averaged"),
    ),
    (
        re.compile(r"^Drop(Path|Block|Connect)|StochasticDepth"),
        ("other", "drop_path", "stochastic depth"),
    ),
)


def _named_component(class_name: str) -> tuple[str, str, str] | None:
    """(kind, concept, what it does) for a project class named for a component."""
    for pattern, named in _NAMED_COMPONENTS:
        if pattern.search(class_name):
            return named
    return None


#: The layers that open a "unit" of a repeated pattern; what follows them belongs to them.
_MAIN_LAYERS = frozenset(["conv", "transposed_conv", "separable_conv", "depthwise_conv", "linear"])
_PLACED_KINDS = ("normalization", "dropout", "pooling")
#: attributes and classes a model holds that are not its parts
_NOT_A_PART = re.compile(
    r"(^|[._])(loss|losses|criterion|metric|metrics|evaluator|acc|accuracy|score|logger)(_\w+)?(\s|$)"
    r"|(Loss|Metric|Criterion|Logger)\b",
    re.I,
)
#: methods that build a model's parts
_BUILD_METHOD_NAMES = frozenset(["__init__", "build", "setup", "_build", "build_graph"])
#: the project's own functions that change the learning rate, by name
_SCHEDULE_FUNCTION = re.compile(
    r"sched|anneal|warm_?up|(^|_)(adjust|update|set|decay|get)_(lr|learning_rate)($|_)|(^|_)lr_(lambda|policy|decay|step)"
)
#: components a block's boolean argument can switch on or off (`use_dropout=True`)
_SWITCHED_KINDS = frozenset(["dropout", "normalization", "residual", "activation", "pooling"])
#: choices made by passing a function (`act=tf.nn.relu`, `loss_fn=F.mse_loss`)
_FUNCTION_KINDS = frozenset(["activation", "loss", "init", "normalization", "pooling"])
#: where a setting's value is written (not a library call's argument)
_SETTING_SOURCES = frozenset(
    ["argparse", "flag", "click", "dict", "config", "assign", "field", "attr", "param"]
)
#: First parameters of functions that apply layers to a tensor (TF1 `ops.py` style helpers).
_TENSOR_PARAMS = frozenset(
    [
        "x",
        "inputs",
        "input",
        "input_",
        "inp",
        "net",
        "h",
        "z",
        "features",
        "tensor",
        "feats",
        "hidden",
        "hidden_states",
        "layer_input",
        "bottom",
        "in_tensor",
    ]
)


# ── reading one file ─────────────────────────────────────────────────────────────────────────


@dataclass
class _Source:
    """A Python source (or notebook) that passed the gates, before libcst reads it."""

    file: CodeFile
    text: str
    language: str
    digest: str
    imports: ImportTable
    cells: list[tuple[int, int]]
    defined: tuple[str, ...] = ()  # names the module itself defines at top level
    skipped: tuple[Problem, ...] = ()  # notebook cells that do not parse (E112)
    shell: tuple[tuple[str, int], ...] = ()  # a notebook's shell commands (its launches)


def read_file(f: CodeFile, max_file_size: int = 2_000_000) -> tuple[FileFacts, str, str]:
    """The facts of one file, its language and sha256. Raises PaperlintError for bad input.

    The gates run cheapest first: regular file and size (:func:`read_bytes`), encoding
    (:func:`decode_source`), CPython's parser and a nesting check (:func:`python_source`);
    only then does libcst see the text. :func:`extract` runs both steps (:func:`_read`,
    :func:`_analyze_source`) in a worker process (:mod:`paperlint.sandbox`), so a hang or a
    crash in a parser costs one file, not the run.
    """
    got = _read(f, max_file_size)
    if isinstance(got, _Source):
        return _analyze_source(got, {}), got.language, got.digest
    return got


def _read(f: CodeFile, max_file_size: int) -> _Source | tuple[FileFacts, str, str]:
    data = read_bytes(f, max_file_size)
    digest = hashlib.sha256(data).hexdigest()
    text = decode_source(data, f.display)
    if f.language not in ("python", "notebook"):
        from paperlint.code.sources import file_source

        source = file_source(f.language)
        if source is not None and source.read_file is not None:
            return source.read_file(text, f.display, f.module), f.language, digest
    cells: list[tuple[int, int]] = []
    skipped: tuple[Problem, ...] = ()
    shell: tuple[tuple[str, int], ...] = ()
    if f.language == "notebook":
        from paperlint.code.notebooks import notebook_code

        nb = notebook_code(text, f.display, max_file_size)
        text, cells, skipped, shell = nb.text, nb.cells, tuple(nb.skipped), tuple(nb.shell)
    text, language, tree = python_source(text, f.display)
    if f.language == "notebook":
        language = "notebook"
    imports = ImportTable(module=f.module, package=f.path.name == "__init__.py")
    imports.add_ast(tree)
    return _Source(
        f, text, language, digest, imports, cells, _top_level_names(tree), skipped, shell
    )


# the worker's tasks (see paperlint.code.stage): a file's facts go back and forth as JSON text
# (paperlint.jsonrecords, what the cache stores too), or pickled when JSON cannot hold them
# exactly; either is read back through an allow-list of paperlint's records


def gate_file(f: CodeFile, max_file_size: int) -> tuple:
    """Step 1: the gates and the imports of one file; a config file is read completely."""
    got = _read(f, max_file_size)
    if isinstance(got, _Source):
        imports = got.imports
        summary = (f.module, list(imports.star_modules), dict(imports.names), got.defined)
        return "source", pickle.dumps(got), summary, got.language, got.digest
    ff, language, digest = got
    return "facts", _facts_text(ff), language, digest, ff.lines


def analyze_file(blob: bytes, inherited: dict[str, str]) -> tuple[bytes, int]:
    """Step 2: libcst's reading of one Python file (or notebook)."""
    from paperlint.sandbox import load_records

    ff = _analyze_source(load_records(blob), inherited)
    return _facts_text(ff), ff.lines


def inventory_of(
    blobs: list[bytes], sources: list[SourceFile], problems: list[Problem]
) -> CodeInventory | list[int]:
    """Step 3: the project-wide reading of every file's facts, in the files' order; or, when
    some facts (a cache entry another program wrote) are not paperlint's records, their
    positions, for the caller to read those files again."""
    facts, unreadable = [], []
    for i, blob in enumerate(blobs):
        try:
            ff = _facts_of(blob)
        except (ValueError, pickle.UnpicklingError, EOFError):
            unreadable.append(i)
            continue
        if not isinstance(ff, FileFacts):
            unreadable.append(i)
        facts.append(ff)
    if unreadable:
        return unreadable
    return build_inventory(facts, sources, problems)


def _facts_text(ff: FileFacts) -> bytes:
    from paperlint import jsonrecords

    try:
        return jsonrecords.dumps(ff)
    except TypeError:
        return pickle.dumps(ff)


def _facts_of(blob: bytes) -> FileFacts:
    if blob[:1] == b"{":
        from paperlint import jsonrecords

        return jsonrecords.loads(blob)
    from paperlint.sandbox import load_records

    return load_records(blob)


def _top_level_names(tree: ast.Module) -> tuple[str, ...]:
    out = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.append(node.name)
        elif isinstance(node, ast.Assign):
            out.extend(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out.append(node.target.id)
    return tuple(n for n in out if not n.startswith("_"))


def _analyze_source(src: _Source, inherited: dict[str, str]) -> FileFacts:
    try:
        facts = analyze(src.text, src.file.display, src.file.module, inherited)
    except cst.ParserSyntaxError as e:
        raise PaperlintError("E105", src.file.display, f"line {e.raw_line}: {e.message}") from None
    except RecursionError:
        raise PaperlintError("E106", src.file.display) from None
    if src.cells:
        from paperlint.code.notebooks import locate_cells, read_shell

        locate_cells(facts, src.cells)
        read_shell(facts, list(src.shell))
    facts.problems.extend(src.skipped)
    return facts


#: CPython parser messages that mean "too deep", not "wrong"
_TOO_DEEP = ("too many nested parentheses", "too many levels of indentation", "too complex")


def too_deep(message: str) -> bool:
    """A parser message that means "nested too deeply", not "wrong"."""
    return any(m in message for m in _TOO_DEEP)


def python_source(text: str, display: str) -> tuple[str, str, ast.Module]:
    """The text to hand to libcst, after CPython's parser has vouched for it (a cheap gate: libcst
    can crash the process on pathological nesting). Python 2 files are rewritten line by line;
    a file that neither parses nor can be rewritten is E105, one nested too deeply E106."""
    language = "python"
    try:
        tree = syntax.parse(text)
    except SyntaxError as first:
        if too_deep(str(first.msg)):
            raise PaperlintError("E106", display, f"line {first.lineno}: {first.msg}") from None
        rewritten, _n = py2.rewrite(text)
        try:
            tree = syntax.parse(rewritten)
        except SyntaxError:
            raise PaperlintError("E105", display, f"line {first.lineno}: {first.msg}") from None
        except (RecursionError, MemoryError):
            raise PaperlintError("E106", display) from None
        except ValueError as e:
            raise PaperlintError("E105", display, str(e)) from None
        text, language = rewritten, "python2"
    except (RecursionError, MemoryError):
        raise PaperlintError("E106", display) from None
    except ValueError as e:  # NUL bytes and the like
        raise PaperlintError("E105", display, str(e)) from None
    if ast_depth(tree) > MAX_AST_DEPTH:
        raise PaperlintError(
            "E106", display, f"expressions nest more than {MAX_AST_DEPTH} levels deep"
        )
    return text, language, tree


def ast_depth(tree: ast.AST) -> int:
    """How deep the syntax tree nests (stops counting past the limit)."""
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    skip = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
    while stack:
        node, d = stack.pop()
        if d > deepest:
            deepest = d
            if deepest > MAX_AST_DEPTH:
                return deepest
        for name in node._fields:
            v = getattr(node, name, None)
            if type(v) is list:
                for x in v:
                    if isinstance(x, ast.AST) and not isinstance(x, skip):
                        stack.append((x, d + 1))
            elif isinstance(v, ast.AST) and not isinstance(v, skip):
                stack.append((v, d + 1))
    return deepest


# ── the project ──────────────────────────────────────────────────────────────────────────────


def build_inventory(
    facts: list[FileFacts], sources: list[SourceFile], problems: list[Problem]
) -> CodeInventory:
    problems = [*problems, *(p for ff in facts for p in ff.problems)]
    project = Project(facts)
    choices = project.choices()
    context = tuple(c for c in choices if c.kind == "context")
    choices = [c for c in choices if c.kind != "context"]
    per_file = Counter(c.file for c in choices)
    sources = [replace(s, choices=per_file.get(s.path, 0)) for s in sources]
    suppressions = tuple(
        Suppression(ff.path, line, rules, reason)
        for ff in facts
        for line, rules, reason in ff.suppressions
    )
    # bad input a source of settings read past (an unbalanced quote in one command)
    problems = [
        *problems,
        *(
            PaperlintError(code, ff.path, message).problem()
            for ff in facts
            for code, message in ff.config.problems
        ),
        *project.config.problems,
    ]
    return CodeInventory(
        tuple(choices),
        tuple(sources),
        tuple(problems),
        suppressions,
        context,
        runs=project.config.runs,
        defaults=project.config.defaults,
        reaches=project.config.reaches,
        trains=tuple(ff.path for ff in facts if training.trains(ff.source_lines)),
        infers=tuple(ff.path for ff in facts if training.infers(ff.source_lines)),
        loaders=tuple(ff.path for ff in facts if loads_by_name(ff.source_lines)),
        scripts=tuple(ff.path for ff in facts if ff.config.entry.main),
        top_level_work=tuple(
            ff.path
            for ff in facts
            if ff.path.endswith(".py") and does_work_at_top_level(ff.source_lines)
        ),
        loads=project.config.loads,
        training_stages=tuple(
            (ff.path, n) for ff in facts for n in training_stages.stages_in(ff.source_lines)
        ),
    )


Binding = dict[str, tuple[Val, str]]  # full parameter name → (value, file it was written in)
Raw = tuple[Item, str, Val, int, str, tuple[str, ...]]  # item, file, value, line, via, runs
Emit = Callable[..., None]


def _top_level(scope: str) -> bool:
    """A module's top level (a script's or a notebook's statements): it calls every helper the
    script has (loading data, computing metrics, plotting), so what it calls builds layers only
    when that code builds layers itself (it is still code the model's run uses)."""
    return not scope or scope.endswith(":")


class Project:
    def __init__(self, facts: list[FileFacts]) -> None:
        for ff in facts:
            if ff.superseded:
                _drop_superseded(ff)
        self.facts = facts
        self.templates: dict[str, tuple[TemplateDef, FileFacts]] = {}
        self.by_simple_name: dict[str, list[str]] = defaultdict(list)
        self.items_by_scope: dict[str, list[tuple[Item, FileFacts]]] = defaultdict(list)
        self.calls_by_scope: dict[str, list[tuple[TemplateCall, FileFacts]]] = defaultdict(list)
        self.children: dict[str, list[str]] = defaultdict(list)  # template → its direct inner keys
        self.called: set[str] = set()
        for ff in facts:
            for key, t in ff.templates.items():
                self.templates[key] = (t, ff)
                self.by_simple_name[t.name].append(key)
            for it in ff.items:
                self.items_by_scope[it.scope].append((it, ff))
            for c in ff.calls:
                self.calls_by_scope[c.scope].append((c, ff))
        for key in self.templates:
            parent = _parent_key(key)
            if parent and parent in self.templates:
                self.children[parent].append(key)
        self.resolved_calls: list[tuple[TemplateCall, FileFacts, str]] = []
        #: a template's key → the positions of the calls resolved to it in ``resolved_calls``
        self._calls_to: dict[str, list[int]] = defaultdict(list)
        #: calls of a class or function imported from outside the project (``timm``'s
        #: ``VisionTransformer(embed_dim=768, depth=12)``)
        self.outside_calls: list[tuple[TemplateCall, FileFacts]] = []
        self._target_cache: dict[tuple[int, str], str | None] = {}
        roots = {ff.module.split(".")[0] for ff in facts}
        for ff in facts:
            for c in ff.calls:
                key = self.resolve_target(c, ff)
                if key is None:
                    if "." in c.target and c.target.split(".")[0] not in (roots | {"self"}):
                        self.outside_calls.append((c, ff))
                    continue
                if key is not None:
                    self._calls_to[key].append(len(self.resolved_calls))
                    self.resolved_calls.append((c, ff, key))
                    self.called.add(key)
                    cls_key = key.rsplit(".", 1)[0] if key.endswith(".__init__") else key
                    self.called.add(cls_key)
        self.settings = self._collect_settings()
        self._bound_at_calls: dict[str, list[set[str]]] | None = None
        self._component_kinds_cache: dict[str, set[str]] | None = None
        self._weighted: set[str] | None = None
        self._configured: set[str] | None = None
        from paperlint.code.runs import EffectiveConfiguration

        self.config = EffectiveConfiguration(facts)
        self.consumed: set[str] = set().union(*(ff.param_uses for ff in facts)) if facts else set()
        #: parameters passed on as a tensor operation's axis (``softmax(x, dim)``)
        self.axis_params: set[str] = (
            set().union(*(ff.axis_params for ff in facts)) if facts else set()
        )
        self.layer_scopes: set[str] = set()
        self.model_scopes = self._model_scopes()

    # ── call targets ──
    def resolve_target(self, call: TemplateCall, ff: FileFacts) -> str | None:
        ck = (id(call), ff.path)
        if ck in self._target_cache:
            return self._target_cache[ck]
        found = self._resolve_target(call, ff)
        self._target_cache[ck] = found
        return found

    def _resolve_target(self, call: TemplateCall, ff: FileFacts) -> str | None:
        t = call.target
        if t.startswith("self."):
            method = t[5:]
            cls = self._class_of_scope(call.scope)
            seen = set()
            while cls and cls not in seen:
                seen.add(cls)
                key = f"{cls}.{method}"
                if key in self.templates:
                    return key
                tdef = self.templates.get(cls)
                cls = None
                if tdef:
                    for base in tdef[0].bases:
                        found = self._find(base, tdef[1])
                        if found:
                            cls = found
                            break
            return None
        return self._find(t, ff)

    def _class_of_scope(self, scope: str) -> str | None:
        parts = scope.split(".")
        while parts:
            key = ".".join(parts)
            t = self.templates.get(key)
            if t and t[0].kind == "class":
                return key
            parts.pop()
        return None

    def _find(self, name: str, ff: FileFacts) -> str | None:
        if "." not in name:
            local = f"{ff.module}:{name}"
            if local in self.templates:
                return local
            q = ff.imports.qualify(name)
            if q is not None:
                name = q
            else:
                cands = self.by_simple_name.get(name, [])
                # only names made visible by `from local_module import *`
                if ff.imports.star_modules:
                    cands = [
                        c
                        for c in cands
                        if self.templates[c][0].kind in ("class", "function")
                        and ":" in c
                        and "." not in c.split(":", 1)[1]
                    ]
                    return cands[0] if len(cands) == 1 else None
                return None
        module, _, simple = name.rpartition(".")
        exact = f"{module}:{simple}"
        if exact in self.templates:
            return exact
        # `sys.path` hacks import sibling modules by their last name: match on module suffix.
        cands = [
            k
            for k in self.by_simple_name.get(simple, [])
            if k.split(":", 1)[0].endswith(module.split(".")[-1]) and "." not in k.split(":", 1)[1]
        ]
        if len(cands) > 1:
            same_dir = [
                k
                for k in cands
                if k.split(":", 1)[0].rsplit(".", 1)[0] == ff.module.rsplit(".", 1)[0]
            ]
            cands = same_dir or cands
        return cands[0] if cands else None

    # ── settings ──
    def _collect_settings(self) -> dict[str, list[tuple[Item, FileFacts]]]:
        out: dict[str, list[tuple[Item, FileFacts]]] = defaultdict(list)
        for ff in self.facts:
            for it in ff.items:
                if (
                    it.source
                    in ("argparse", "flag", "click", "dict", "config", "assign", "field", "attr")
                    and it.param
                ):
                    out[setting_names.normalize_name(it.param)].append((it, ff))
        return out

    def resolve_ref(self, v: Val, where: str = "") -> tuple[Val, str] | None:
        """The value of setting ``v`` (``args.lr``, ``cfg.MODEL.X``) in the runs the file
        ``where`` belongs to, when they agree; None when they differ (it depends on the run)."""
        found = self.resolve_runs(v, where)
        if not found:
            return None
        if len({repr(val.value) for val, _w, _r in found}) > 1:
            return None
        val, at, _runs = found[0]
        return val, at

    def resolve_runs(self, v: Val, where: str = "") -> list[tuple[Val, str, tuple[str, ...]]]:
        """Every value setting ``v`` takes in the runs ``where`` belongs to (one per distinct
        value, with its runs); the nearest definition when no run knows the setting."""
        found = self.config.resolve(v.path or v.name, where)
        if found:
            return found
        legacy = self._nearest(v, where)
        return [(legacy[0], legacy[1], ())] if legacy is not None else []

    def _nearest(self, v: Val, where: str = "") -> tuple[Val, str] | None:
        """The nearest definition of setting ``v`` — in the same file, then the same folder,
        then a parent folder, then anywhere; among equals an argparse/flag default before a
        config file before a dict or assignment."""
        cands = self.settings.get(setting_names.normalize_name(v.name), [])
        folder = where.rsplit("/", 1)[0] if "/" in where else ""

        def distance(path: str) -> int:
            if path == where:
                return 0
            other = path.rsplit("/", 1)[0] if "/" in path else ""
            if other == folder:
                return 1
            if folder.startswith(other + "/") or not other:
                return 2
            if other.startswith(folder + "/") or not folder:
                return 3
            return 4

        for it, ff in sorted(
            cands,
            key=lambda p: (
                distance(p[1].path),
                {
                    "argparse": 0,
                    "flag": 0,
                    "click": 0,
                    "config": 1,
                    "attr": 1,
                    "dict": 2,
                    "field": 2,
                    "assign": 3,
                }.get(p[0].source, 4),
            ),
        ):
            if it.value.state == LIT:
                return it.value, f"{ff.path}:{it.line}"
        return None

    def _truth(self, guard: Guard, bindings: Binding, where: str = "") -> bool | None:
        """Whether a guarded component is present under these bindings (None: can't tell)."""
        ref = guard.ref
        value: Val | None = None
        if ref.state == PARAM and ref.name in bindings:
            value = bindings[ref.name][0]
        elif ref.state == REF:
            found = self.resolve_ref(ref, where)
            value = found[0] if found else None
        if value is not None and value.state == REF:
            found = self.resolve_ref(value, where)
            value = found[0] if found else None
        if value is None or value.state != LIT:
            return None
        return bool(value.value) == guard.positive

    # ── which code builds a model ──
    def _model_scopes(self) -> set[str]:
        """Templates that build a model: classes with a model base, and any function, method or
        class that creates layers (Keras functional builders, TF1 graph classes), with the
        classes they belong to and the blocks they call.

        ``self.layer_scopes`` keeps the narrower set of scopes that themselves build layers
        (directly or through the blocks they call), without the other methods of their class."""
        core: set[str] = set()
        for ff in self.facts:
            for lu in ff.layers:
                if lu.concept in WEIGHTED or lu.kind in _PLACED_KINDS:
                    core.add(lu.scope)
        self._propagate(core, upward=True)
        self.layer_scopes = set(core)
        out = set(core)
        for key, (t, _) in self.templates.items():
            if t.is_model:
                out.add(key)
        # the class a layer-building method belongs to, and every method of it
        for key in list(out):
            cls = self._class_of_scope(key)
            if cls is not None:
                out.add(cls)
        for key in list(out):
            if key in self.templates and self.templates[key][0].kind == "class":
                out.update(self._scopes_of(key))
        self._propagate(out, upward=False)
        return out

    def _propagate(self, scopes: set[str], upward: bool) -> None:
        """Add the blocks called from ``scopes`` and, ``upward``, the code that chains
        layer-like functions (TF1's ``net = lrelu(conv2d(x, 64))``: a function whose first
        parameter is a tensor and that builds layers). ``upward`` (the scopes that build
        layers), what a module's top level calls is not added: :func:`_top_level`."""
        changed = True
        while changed:
            changed = False
            for call, _ff, key in self.resolved_calls:
                t = self.templates[key][0]
                if (
                    call.scope in scopes
                    and not (upward and _top_level(call.scope))
                    and key not in scopes
                    and t.kind != "class"
                ):
                    scopes.add(key)
                    scopes.update(self._scopes_of(key))
                    changed = True
                elif (
                    upward
                    and key in scopes
                    and call.scope not in scopes
                    and call.scope in self.templates
                    and t.kind == "function"
                    and t.params
                    and t.params[0].name in _TENSOR_PARAMS
                ):
                    scopes.add(call.scope)
                    changed = True

    def _keep(self, it: Item, ff: FileFacts | None = None) -> bool:
        if it.needs_model and not (it.in_model or it.scope in self.model_scopes):
            return False
        if it.kind == "depth" and it.source == "loop" and loops_over_data(it.detail):
            return False  # `for z in range(n_epochs)` in a data generator stacks no blocks
        if it.builds is not None and ff is not None:
            # a loop counts as depth only when what it calls builds model blocks; the indices
            # are into the calls of the file that defines the loop (an expanded call site's
            # file is another)
            ff = self.templates[it.scope][1] if it.scope in self.templates else ff
            start, stop = it.builds
            return any(
                ((key := self.resolve_target(c, ff)) is not None and key in self.layer_scopes)
                or (key is None and c.target.rsplit(".", 1)[-1][:1].isupper())
                for c in ff.calls[start:stop]
            )
        return True

    # ── choices ──
    def choices(self) -> list[Choice]:
        raw: list[Raw] = []

        by_path = {ff.path: ff for ff in self.facts}

        def emit(
            item: Item, file: str, value: Val, line: int, via: str = "", runs: tuple = ()
        ) -> None:
            if item.source == "layer" or not self._keep(item, by_path.get(file)):
                return
            raw.append((item, file, value, line, via, runs))

        # 1. items as written, where they are written; a setting's value only where it takes
        #    effect in some run (a default every run overrides is not what runs)
        for ff in self.facts:
            for it in ff.items:
                v = it.value
                runs: tuple[str, ...] = ()
                if it.key and it.source in _DEFINING:
                    found = self.config.site_runs(ff.path, it.line, it.key)
                    if found is None:
                        continue
                    runs = found
                if v.state == PARAM:
                    owner = v.name.split("::", 1)[0]
                    cls = owner.rsplit(".", 1)[0] if owner.endswith(".__init__") else owner
                    if owner in self.called or cls in self.called:
                        continue  # reported at the call sites instead
                    default = v.default
                    if default is not None and default.state == LIT:
                        emit(it, ff.path, default, it.line)
                    else:
                        emit(it, ff.path, Val(UNKNOWN, None, f"parameter `{v.text}`"), it.line)
                    continue
                if it.param and self._default_never_used(it):
                    continue  # every call passes its own value: this default never runs
                via = f"{ff.path}:{v.via}" if v.state == LIT and v.via else ""
                emit(it, ff.path, v, it.line, via, runs)

        # 1b. values a launcher sets (`--lr 5e-4`, `lr=1e-4`), at the script's line
        from paperlint.code.runs import default_item, launch_item, weights_item

        weight_options = set().union(*(ff.weight_options for ff in self.facts))
        for d, runs, also in self.config.launch_values():
            it = launch_item(d, runs, also)
            if it is None and weight_options:
                it = weights_item(d, runs, weight_options)
            if it is not None:
                emit(it, d.file, it.value, d.line, "", runs)
        # 1c. constructor defaults of the classes a config builds, where it leaves them unset
        for d, runs in self.config.default_values():
            it = default_item(d)
            if it is not None:
                emit(it, d.file, it.value, d.line, "", runs)

        # 2. building blocks expanded at their call sites
        memo: set[tuple] = set()
        inits: set[tuple[str, str]] = set()
        for call, ff, key in self.resolved_calls:
            self._component_call(call, ff, key, emit)
            self._init_helper_call(call, ff, key, emit, inits)
            bindings = self._bind(call, ff, key, {})
            self._expand(key, bindings, call, ff, emit, 0, memo, (key,))

        # 2b. a model built by a library's class or factory, with its settings written there
        #     (not a call the code stage read as a component: an optimizer, a loss, weights)
        read_as_component = {
            (ff.path, it.line, it.symbol) for ff in self.facts for it in ff.items if it.symbol
        }
        for call, ff in self.outside_calls:
            if (ff.path, call.line, call.target) not in read_as_component:
                self._outside_arguments(call, ff, emit)

        # 3. structure
        for item, file, value, line in self._structure():
            emit(item, file, value, line)
        return self._finish(raw)

    def _outside_arguments(self, call: TemplateCall, ff: FileFacts, emit: Emit) -> None:
        """``VisionTransformer(embed_dim=768, depth=12, num_heads=12, qkv_bias=True)`` where the
        class comes from a library paperlint has no signature for (a model zoo: timm, mmcv, a
        graph library): research code defines its model variants by such calls. Each keyword
        the settings vocabulary names, written as a literal, is a choice at its line; keywords
        it does not name (``norm_layer=partial(...)``, ``pretrained=pretrained``) are not."""
        short = call.target.rsplit(".", 1)[-1]
        for name, v in call.keywords.items():
            if name == "**" or not isinstance(v, Val) or v.state != LIT or v.via:
                continue
            value = v.value
            if notsettings.is_axis_keyword(name, call.target, value):
                continue  # `scatter_sum(src, index, dim=0)`: an axis, not a width
            if not (isinstance(value, (int, float, str)) or _per_stage(value)):
                continue
            reading = setting_names.read(name, value, owner=short)
            kind = reading.result
            if kind is None or reading.rule is None or kind.kind == "context":
                continue  # a name the vocabulary does not know says nothing of what it sets
            if isinstance(value, bool) and not (
                reading.rule.values == "boolean" or kind.kind in _SWITCHED_KINDS
            ):
                continue  # `pretrained=False`, `inplace=True`: a flag whose effect is not named
            if isinstance(value, str) and kind.kind not in _FUNCTION_KINDS:
                continue  # `mode="fan_out"`: a string the vocabulary does not read as a value
            concept = kind.concept
            line = call.keyword_lines.get(name, call.line)
            it = Item(
                kind.kind,
                concept_of_string(value, kind.kind) or concept
                if isinstance(value, str)
                else concept,
                Val(LIT, value, v.text, line=line),
                line,
                call.scope,
                "argument",
                symbol=call.target,
                param=name,
                in_model=call.in_model,
                detail=f"{short}({name}=...)",
            )
            emit(it, ff.path, it.value, line)

    def _component_call(self, call: TemplateCall, ff: FileFacts, key: str, emit: Emit) -> None:
        """``AdamW(params, lr=lr)`` where AdamW is the project's own optimizer class;
        ``GroupNorm32(32, ch)`` where GroupNorm32 subclasses a library layer; ``rms_norm(x, eps)``
        where the project's function is named for the layer it implements."""
        t, _tff = self.templates[key]
        if t.kind == "function":
            self._layer_function_call(call, ff, key, t, emit)
            self._loss_function_call(call, ff, key, t, emit)
            return
        if t.kind != "class":
            return
        copied = _library_copy(t)
        if copied is not None:
            if copied.kind is not None:
                self._copied_component(call, ff, key, t, copied, emit)
            self._library_arguments(call, ff, t, copied, emit)
            return
        layer_base = _library_layer_base(t)
        if layer_base is not None and not (layer_base.kind == "loss" and loss_class_named(t.name)):
            self._layer_subclass_call(call, ff, key, t, layer_base, emit)
            return
        kind = next((_COMPONENT_BASES[b] for b in t.bases if b in _COMPONENT_BASES), None)
        if kind in (None, "loss") and loss_class_named(t.name):
            return  # a class named as a loss is read where it is called (python.py)
        named = _named_component(t.name) if kind is None else None
        if named is not None:
            kind, concept, what = named
            it = Item(
                kind,
                concept,
                Val(LIT, t.name, t.name, line=call.line),
                call.line,
                call.scope,
                "call",
                symbol=key.replace(":", "."),
                in_model=call.in_model,
                detail=f"{what} by the project's own `{t.name}`",
                display=t.name,
            )
            emit(it, ff.path, it.value, call.line)
            return
        if kind is None:
            return
        from paperlint.vocab import concept_for_code_string

        concept = concept_for_code_string(t.name) or f"custom_{kind}"
        it = Item(
            kind,
            concept,
            Val(LIT, t.name, t.name, line=call.line),
            call.line,
            call.scope,
            "call",
            symbol=key.replace(":", "."),
            in_model=call.in_model,
            detail=f"the project's own {kind} `{t.name}` ({_base_names(t)})",
            display=t.name,
        )
        emit(it, ff.path, it.value, call.line)

    def _component_kinds(self) -> dict[str, set[str]]:
        """Scope → kinds of the layers it uses through the project's own components (a
        subclass of a library layer, a function named for one)."""
        if self._component_kinds_cache is None:
            out: dict[str, set[str]] = defaultdict(set)
            for call, _ff, key in self.resolved_calls:
                t = self.templates[key][0]
                if t.kind == "class" and (spec := _library_layer_base(t)) is not None:
                    out[call.scope].add(spec.kind)
                elif t.kind == "function" and (named := layer_named(t.name)) is not None:
                    out[call.scope].add(named[0])
            self._component_kinds_cache = out
        return self._component_kinds_cache

    def _layer_subclass_call(
        self, call: TemplateCall, ff: FileFacts, key: str, t: TemplateDef, spec, emit: Emit
    ) -> None:
        """``class GroupNorm32(nn.GroupNorm)`` used as ``GroupNorm32(32, ch)``: the library
        layer it extends, where it is used; without a constructor of its own, the call's
        arguments are the library's, read against its signature (the 32 groups a choice)."""
        detail = f"the project's `{t.name}`, a `{spec.qualname.rsplit('.', 1)[-1]}`"
        self._copied_component(call, ff, key, t, spec, emit, detail)
        if f"{key}.__init__" in self.templates:
            return  # its own constructor: its parameters are read where they are used
        self._library_arguments(call, ff, t, spec, emit)

    def _copied_component(
        self,
        call: TemplateCall,
        ff: FileFacts,
        key: str,
        t: TemplateDef,
        spec,
        emit: Emit,
        detail: str = "",
    ) -> None:
        """The project's class used where the library component it copies or extends is
        expected: that component, at the call."""
        it = Item(
            spec.kind,
            spec.concept,
            Val(LIT, t.name, t.name, line=call.line),
            call.line,
            call.scope,
            "call",
            symbol=key.replace(":", "."),
            framework=spec.framework,
            in_model=call.in_model,
            detail=detail or f"the project's copy of `{spec.qualname}`",
            display=t.name,
        )
        emit(it, ff.path, it.value, call.line)

    def _library_arguments(
        self, call: TemplateCall, ff: FileFacts, t: TemplateDef, spec, emit: Emit
    ) -> None:
        """The arguments of a call to the project's class read against a library callable's
        signature: those given a value other than the library's default, and not plumbing."""
        bound, _complete = spec.bind(list(call.positional), dict(call.keywords))
        for name, v in bound.items():
            p = spec.param(name)
            if p is None or not isinstance(v, Val) or v.state != LIT:
                continue
            if name in spec.plumbing and name not in spec.arg_kinds:
                continue
            if p.has_default and same_value(v.value, p.default):
                continue
            kind = spec.arg_kinds.get(name, "other")
            arg = Item(
                kind,
                arg_concept(spec, name, kind, v),
                v,
                call.keyword_lines.get(name, call.line),
                call.scope,
                "argument",
                symbol=spec.qualname,
                param=name,
                framework=spec.framework,
                in_model=call.in_model,
                detail=f"{t.name}({name}=...)",
            )
            emit(arg, ff.path, v, arg.line)

    def _layer_function_call(
        self, call: TemplateCall, ff: FileFacts, key: str, t: TemplateDef, emit: Emit
    ) -> None:
        """``rms_norm(h + out, eps)`` in a model, where ``def rms_norm`` is the project's own:
        a function named exactly for a normalization or an activation implements that layer,
        and using it is that choice."""
        if not call.in_model and call.scope not in self.model_scopes:
            return
        named = layer_named(t.name)
        if named is None:
            return
        kind, concept = named
        it = Item(
            kind,
            concept,
            Val(LIT, t.name, t.name, line=call.line),
            call.line,
            call.scope,
            "call",
            symbol=key.replace(":", "."),
            in_model=True,
            detail=f"the project's own `{t.name}`",
            display=t.name,
        )
        emit(it, ff.path, it.value, call.line)

    def _loss_function_call(
        self, call: TemplateCall, ff: FileFacts, key: str, t: TemplateDef, emit: Emit
    ) -> None:
        """``self.loss += masked_softmax_cross_entropy(outputs, labels, mask)`` where the
        function is the project's own: research code wraps its loss (masked to the labelled
        examples, weighted, summed over heads) in a function named for it; calling it is that
        loss, where it is called. A name that says no particular loss (``compute_loss``) is
        read inside the function instead."""
        concept = loss_function_named(t.name)
        if concept is None:
            return
        it = Item(
            "loss",
            concept,
            Val(LIT, t.name, t.name, line=call.line),
            call.line,
            call.scope,
            "call",
            symbol=key.replace(":", "."),
            in_model=call.in_model,
            detail=f"the project's own `{t.name}`, a loss named for its kind",
            display=t.name,
        )
        emit(it, ff.path, it.value, call.line)

    def _default_never_used(self, it: Item) -> bool:
        """``it`` is the default of a parameter (``act=tf.nn.relu`` in a layer's signature) that
        every call of its function or class passes explicitly."""
        t = self.templates.get(it.scope)
        if t is None or not any(p.name == it.param and p.line == it.line for p in t[0].params):
            return False
        if self._bound_at_calls is None:
            bound: dict[str, list[set[str]]] = defaultdict(list)
            for call, _ff, key in self.resolved_calls:
                owner, params = self._params_of(key)
                names = set(call.keywords) - {"**"}
                for i, v in enumerate(call.positional):
                    if not isinstance(v, Val) or v.state == "star":
                        names.add("*")
                        break
                    if i < len(params):
                        names.add(params[i].name)
                bound[owner].append(names)
            self._bound_at_calls = bound
        sites = self._bound_at_calls.get(it.scope, [])
        return bool(sites) and all(it.param in names for names in sites)

    def _init_helper_call(
        self, call: TemplateCall, ff: FileFacts, key: str, emit: Emit, seen: set
    ) -> None:
        """``self.w = glorot([in_dim, out_dim])`` in a layer: the project's own helper that
        creates a weight, named for its initialization scheme, initializes it (once per layer)."""
        t = self.templates[key][0]
        if t.kind != "function" or call.scope not in self.model_scopes or call.guard is not None:
            return  # (a weight made under a condition is decided where the condition is)
        concept = setting_names.init_scheme(t.name)
        if concept is None or (call.scope, concept) in seen:
            return
        seen.add((call.scope, concept))
        it = Item(
            "init",
            concept,
            Val(LIT, f"{t.name}(...)", f"{t.name}(...)", line=call.line),
            call.line,
            call.scope,
            "call",
            symbol=key.replace(":", "."),
            in_model=True,
            detail=f"a weight created by the project's own `{t.name}` ({concept.replace('_', ' ')})",
            display=f"{t.name}(...)",
        )
        emit(it, ff.path, it.value, call.line)

    def _params_of(self, key: str) -> tuple[str, list]:
        t, _ = self.templates[key]
        if t.kind == "class":
            init = f"{key}.__init__"
            if init in self.templates:
                return init, self.templates[init][0].params
            return init, t.params
        return key, t.params

    def _bind(self, call: TemplateCall, ff: FileFacts, key: str, outer: Binding) -> Binding:
        owner, params = self._params_of(key)
        bindings: Binding = {}
        for i, v in enumerate(call.positional):
            if not isinstance(v, Val) or v.state == "star":
                break
            if i < len(params):
                bindings[f"{owner}::{params[i].name}"] = self._subst(v, ff.path, outer)
        for k, v in call.keywords.items():
            if k == "**":
                continue
            bindings[f"{owner}::{k}"] = self._subst(v, ff.path, outer)
        for p in params:
            full = f"{owner}::{p.name}"
            if full not in bindings and p.default is not None:
                bindings[full] = (p.default, self.templates[key][1].path)
        return bindings

    def _subst(self, v: Val, file: str, outer: Binding) -> tuple[Val, str]:
        if v.state == PARAM and v.name in outer:
            return outer[v.name]
        return v, file

    def _expand(
        self,
        key: str,
        bindings: Binding,
        site: TemplateCall,
        site_ff: FileFacts,
        emit: Emit,
        depth: int,
        memo: set,
        path: tuple,
    ) -> None:
        if depth > MAX_EXPANSION_DEPTH:
            return
        sig = (
            key,
            site_ff.path,
            site.line,
            tuple(sorted((k, v.state, repr(v.value), v.line, f) for k, (v, f) in bindings.items())),
        )
        if sig in memo:
            return
        memo.add(sig)
        scopes = self._scopes_of(key)
        used: set[str] = set()
        for scope in scopes:
            for it, tff in self.items_by_scope.get(scope, []):
                v = it.value
                if v.state != PARAM or v.name not in bindings:
                    continue

                used.add(v.name)
                if it.guard is not None and self._truth(it.guard, bindings, tff.path) is False:
                    continue  # switched off at this call site
                bv, bfile = bindings[v.name]
                if bv.state == PARAM:
                    continue  # still unbound: the caller's own callers will bind it
                if bv.state == LIT and bv.line and not bv.via:
                    emit(it, bfile, bv, bv.line)  # a literal written at the call site
                else:
                    # reached through a name or a setting: the choice is made where it is used
                    where = f"{bfile}:{bv.via or bv.line}" if bv.state == LIT and bv.line else ""
                    emit(it, tff.path, bv, it.line, where)
        for scope in scopes:
            for call, ff in self.calls_by_scope.get(scope, []):
                inner_key = self.resolve_target(call, ff)
                if inner_key is None or inner_key in path:
                    continue
                if call.guard is not None and self._truth(call.guard, bindings, ff.path) is False:
                    continue
                args = [
                    v for v in (*call.positional, *call.keywords.values()) if isinstance(v, Val)
                ]
                if any(v.state == PARAM and v.name in bindings for v in args):
                    used.update(v.name for v in args if v.state == PARAM)
                    inner = self._bind(call, ff, inner_key, bindings)
                    self._expand(
                        inner_key, inner, site, site_ff, emit, depth + 1, memo, (*path, inner_key)
                    )
        if depth == 0:
            self._unconsumed(key, bindings, site, site_ff, used, emit)

    def _unconsumed(
        self,
        key: str,
        bindings: Binding,
        site: TemplateCall,
        site_ff: FileFacts,
        used: set[str],
        emit: Emit,
    ) -> None:
        """Values handed to a building block that no component inside consumed are still
        decisions (``RNNEncoder(..., "gru")`` picks the cell type): report them as settings."""
        owner, params = self._params_of(key)
        name = self.templates[key][0].name
        for p in params:
            full = f"{owner}::{p.name}"
            if full in used or full not in bindings or full in self.axis_params:
                continue  # (an axis: `masked_softmax(x, mask, 2)` whose `dim` softmax takes)
            bv, bfile = bindings[full]
            if bv is p.default or bfile != site_ff.path:
                continue  # the parameter's default, or a value written in another file
            if bv.via and not (
                bv.state == LIT
                and isinstance(bv.value, (int, float))
                and not isinstance(bv.value, bool)
                and bv.via < site.line
                and site.line - bv.via <= _NEAR_LOCAL
            ):
                continue  # reached through a name set elsewhere: the choice is made there
            given = bv.value if bv.state == LIT else setting_names.NO_VALUE
            kind = setting_names.classify(p.name, given, owner=name)
            if kind is None:
                continue
            feeds = self._param_feeds_choice(key, owner, p.name)
            line = site.keyword_lines.get(p.name) or site.line
            value = bv
            concept = kind.concept
            source, display = "argument", ""
            if bv.state == LIT:
                # `n = 50` a few lines above `hist(nbin=n)`: the number is chosen where written
                line = bv.via or bv.line or line
                if bv.value is None or not (
                    isinstance(bv.value, (int, float, str)) or _per_stage(bv.value)
                ):
                    continue
                if isinstance(bv.value, str) and kind.kind in _FUNCTION_KINDS:
                    # `activation="gelu"`: the component the string names
                    concept = concept_of_string(bv.value, kind.kind) or concept
                if isinstance(bv.value, bool) and kind.kind not in _SWITCHED_KINDS:
                    continue  # `sparse_inputs=True`: a flag whose effect is not named
                if feeds or (
                    full in self.consumed and kind.kind == "other" and not _per_stage(bv.value)
                ):
                    # passed on to a component (maybe as plumbing: `in_channels`); a value per
                    # stage (`sr_ratios=[8, 4, 2, 1]`) is a table of choices, not plumbing
                    continue
                if key not in self.model_scopes and not setting_names.is_known_setting(p.name):
                    continue  # `AverageMeter(fmt=':6.3f')` is not a design choice
            elif bv.state == REF:
                # `GraphConv(in_dim, FLAGS.hidden)`: a setting handed to the project's own layer,
                # used there in no component the tables know (a weight's shape): its setting
                if feeds or kind.kind == "other" or key not in self.model_scopes:
                    continue
            elif bv.state == UNKNOWN and kind.kind in _FUNCTION_KINDS:
                # `act=tf.nn.relu`, `act=lambda x: x`: the function the layer applies
                chosen = self._function_named(bv.text, site_ff, kind.kind)
                if chosen is None or feeds:
                    continue
                concept, display = chosen
                value = Val(LIT, display, display, line=line)
                source = "reference"
            else:
                continue
            it = Item(
                kind.kind,
                concept,
                value,
                line,
                site.scope,
                source,
                symbol=name,
                param=p.name,
                in_model=site.in_model,
                obviousness=_referenced_obviousness(concept)
                if source == "reference"
                else "deliberate",
                detail=f"{name}({p.name}=...)",
                display=display,
            )
            emit(it, site_ff.path, value, line)

    def _function_named(self, text: str, ff: FileFacts, kind: str) -> tuple[str, str] | None:
        """The concept and short name of a function passed by reference (``tf.nn.relu`` →
        relu; ``lambda x: x`` → the identity, a linear activation); None when unknown."""
        from paperlint.code.imports import canonical
        from paperlint.code.signatures import table

        text = text.strip()
        short = text.rsplit(".", 1)[-1]
        if kind == "activation" and (
            re.fullmatch(r"lambda (\w+): \1", text) or short in ("identity", "Identity", "linear")
        ):
            return "linear_activation", "identity"  # no activation
        if not re.fullmatch(r"[A-Za-z_][\w.]*", text):
            return None
        q = ff.imports.qualify(text)
        spec = table().get(canonical(q)) if q else None
        if spec is not None:
            return spec.concept, short
        found = concept_of_string(short, kind)
        return (found, short) if found else None

    def _param_feeds_choice(self, key: str, owner: str, name: str) -> bool:
        full = f"{owner}::{name}"
        for scope in self._scopes_of(key):
            for it, _ in self.items_by_scope.get(scope, []):
                if it.value.state == PARAM and it.value.name == full:
                    return True
            for call, _ in self.calls_by_scope.get(scope, []):
                if any(
                    isinstance(v, Val) and v.state == PARAM and v.name == full
                    for v in [*call.positional, *call.keywords.values()]
                ):
                    return True
        return False

    def _scopes_of(self, key: str) -> list[str]:
        out = [key]
        stack = list(self.children.get(key, ()))
        while stack:
            k = stack.pop()
            out.append(k)
            stack.extend(self.children.get(k, ()))
        return out

    # ── structure ──
    def _structure(self) -> list[tuple[Item, str, Val, int]]:
        out: list[tuple[Item, str, Val, int]] = []
        repeated = self._repeated_blocks()
        covered = {(file, line) for _it, file, _v, line in repeated}
        out.extend(r for r in self._numbered_runs() if (r[1], r[3]) not in covered)
        out.extend(repeated)
        covered |= {(file, line) for _it, file, _v, line in repeated}
        out.extend(r for r in self._appended_layers() if (r[1], r[3]) not in covered)
        out.extend(self._weight_sharing())
        out.extend(self._irregular_layers())
        out.extend(self._irregular_blocks())
        out.extend(self._absences())
        return out

    def _numbered_runs(self) -> list[tuple[Item, str, Val, int]]:
        """Layers assigned one after another to numbered attributes: conv1..conv4 → depth 4."""
        out = []
        for ff in self.facts:
            runs: dict[tuple[str, str, str], list[int]] = defaultdict(list)
            for lu in ff.layers:
                if lu.project:
                    continue  # the project's own blocks are counted from their calls below
                m = re.fullmatch(r"(?:self\.)?([A-Za-z_]+?)_?(\d+)", lu.attr or "")
                if (
                    m
                    and lu.kind not in (*_PLACED_KINDS, "activation")
                    # a container holds layers; a lookup table takes indices, not the layer
                    # before it, so numbered tables sit side by side (one per input or stage:
                    # token and position, stage 1 and stage 2) and stack nothing
                    and lu.concept not in ("sequential", "module_list", "embedding")
                ):
                    runs[(lu.scope, m.group(1), lu.target)].append((lu.line, int(m.group(2))))
            for call in ff.calls:
                m = re.fullmatch(r"(?:self\.)?([A-Za-z_]+?)_?(\d+)", call.assigned_to or "")
                built = call.assigned_to.startswith("self.") or call.target[:1].isupper()
                target = self.resolve_target(call, ff) if m and built else None
                external = target is None and call.target.rsplit(".", 1)[-1][:1].isupper()
                if (
                    m
                    and built
                    and (
                        (target is not None and target in self.model_scopes)
                        or (external and call.scope in self.model_scopes)
                    )
                    and not built_from_numbered_input(
                        call.assigned_to,
                        [v.text for v in (*call.positional, *call.keywords.values())],
                    )
                    and not built_from_own_entry(
                        int(m.group(2)),
                        [v.text for v in (*call.positional, *call.keywords.values())],
                    )
                ):
                    runs[(call.scope, m.group(1), call.target)].append((call.line, int(m.group(2))))
            for (scope, stem, target), placed in runs.items():
                lines = sorted({line for line, _ in placed})
                if len(lines) >= 2 and counts_layers({n for _, n in placed}):
                    first = lines[0]
                    v = Val(LIT, len(lines), str(len(lines)), line=first)
                    it = Item(
                        "depth",
                        "depth",
                        v,
                        first,
                        scope,
                        "structure",
                        symbol=target,
                        in_model=True,
                        detail=f"{len(lines)} × {target.rsplit('.', 1)[-1]} stacked ({stem}…)",
                    )
                    out.append((it, ff.path, v, first))
        return out

    def _appended_layers(self) -> list[tuple[Item, str, Val, int]]:
        """Layers built one after another and appended to one list of a model
        (``self.layers.append(GraphConvolution(...))`` twice in ``_build``): the model's depth
        is their number, at the first one. (Built in a loop, the loop's count says it.)"""
        out = []
        for ff in self.facts:
            runs: dict[tuple[str, str], list[TemplateCall]] = defaultdict(list)
            for call in ff.calls:
                if not (
                    call.appended_to
                    and call.loop is None
                    and call.target.rsplit(".", 1)[-1][:1].isupper()
                ):
                    continue
                key = self.resolve_target(call, ff)
                if (key is not None and key in self.model_scopes) or (
                    key is None and (call.in_model or call.scope in self.model_scopes)
                ):
                    runs[(call.scope, call.appended_to)].append(call)
            for (scope, target), calls in runs.items():
                lines = sorted({c.line for c in calls})
                if len(lines) < 2:
                    continue
                names = sorted({c.target.rsplit(".", 1)[-1] for c in calls})
                first = lines[0]
                v = Val(LIT, len(lines), str(len(lines)), line=first)
                it = Item(
                    "depth",
                    "depth",
                    v,
                    first,
                    scope,
                    "structure",
                    symbol=calls[0].target,
                    in_model=True,
                    detail=f"{len(lines)} layers appended to `{target}` "
                    f"({', '.join(names)}; lines {first}-{lines[-1]})",
                )
                out.append((it, ff.path, v, first))
        return out

    def _repeated_blocks(self) -> list[tuple[Item, str, Val, int]]:
        """The same block built with the same arguments several times in a row
        (``Conv_depth(512, 512, 1)`` × 5): a depth choice of its own."""
        out = []
        for ff in self.facts:
            by_scope: dict[tuple[str, int], list[LayerUse]] = defaultdict(list)
            for lu in ff.layers:
                if lu.project and not lu.in_comprehension and lu.loop is None:
                    by_scope[(lu.scope, lu.container)].append(lu)
            calls = {(c.scope, c.line): c for c in ff.calls}
            for (scope, _container), layers in by_scope.items():
                layers.sort(key=lambda lu: lu.line)
                sigs = []
                for lu in layers:
                    c = calls.get((scope, lu.line))
                    sigs.append((lu.target, _call_args_text(c)) if c is not None else None)
                for start, stop in _runs(sigs):
                    run = layers[start:stop]
                    first = run[0]
                    args = sigs[start][1] if sigs[start] else ""
                    name = first.target.rsplit(".", 1)[-1]
                    v = Val(LIT, len(run), str(len(run)), line=first.line)
                    it = Item(
                        "depth",
                        "depth",
                        v,
                        first.line,
                        scope,
                        "structure",
                        symbol=first.target,
                        in_model=True,
                        detail=f"{len(run)} identical {name}({args}) blocks in a row "
                        f"(lines {first.line}-{run[-1].line})",
                        display=f"{len(run)} × {name}({args})",
                    )
                    out.append((it, ff.path, v, first.line))
        return out

    def _weight_sharing(self) -> list[tuple[Item, str, Val, int]]:
        """A module applied more than once in a forward pass: its weights are shared."""
        out = []
        for ff in self.facts:
            attrs: dict[tuple[str, str], LayerUse] = {}
            for lu in ff.layers:
                if lu.attr.startswith("self."):
                    cls = self._class_of_scope(lu.scope) or ""
                    attrs.setdefault((cls, lu.attr[5:]), lu)
            groups: dict[tuple[str, str, int], list] = defaultdict(list)
            for sc in ff.self_calls:
                if sc.guard is not None and self._truth(sc.guard, {}, ff.path) is False:
                    continue  # switched off by its setting: it never runs
                groups[(sc.scope, sc.attr, sc.def_line)].append(sc)
            for (scope, attr, _def), all_calls in groups.items():
                lu = attrs.get((all_calls[0].class_key, attr))
                if lu is None or lu.in_comprehension or lu.loop is not None:
                    continue
                if not self._holds_weights(lu, ff):
                    continue  # DropPath, an activation, a pooling: nothing to share
                # calls in different branches of an `if` never run together: count the calls
                # written in one branch
                by_path: dict[tuple, list] = defaultdict(list)
                for sc in all_calls:
                    by_path[sc.path].append(sc)
                calls = max(by_path.values(), key=len)
                n = len(calls)
                chained = all(
                    b.arg and b.arg in (a.target, a.arg) for a, b in itertools.pairwise(calls)
                )
                if n > 1 and not chained:
                    continue  # applied to several inputs (real and fake, two views): no depth
                loop = calls[0].loop
                if (
                    n == 1
                    and loop is not None
                    and loop.state == LIT
                    and isinstance(loop.value, int)
                    and loop.value > 1
                ):
                    n = loop.value
                if n < 2:
                    continue
                chained = all(
                    b.arg and b.arg in (a.target, a.arg) for a, b in itertools.pairwise(calls)
                ) or (len(calls) == 1)
                first = calls[0].line
                v = Val(LIT, n, str(n), line=first)
                it = Item(
                    "depth" if chained else "other",
                    "weight_sharing",
                    v,
                    first,
                    scope,
                    "structure",
                    symbol=f"self.{attr}",
                    in_model=True,
                    detail=(
                        f"`self.{attr}` is applied {n} times"
                        + (" in a row" if chained else "")
                        + f": its weights are shared (defined at line {lu.line})"
                    ),
                    display=f"self.{attr} × {n} (shared weights)",
                )
                out.append((it, ff.path, v, first))
        return out

    def _holds_weights(self, lu: LayerUse, ff: FileFacts) -> bool:
        """A layer with weights of its own: a weighted library layer, or one of the project's
        blocks that builds one (not a stateless DropPath or activation module)."""
        if not lu.project:
            return lu.concept in WEIGHTED
        key = self._find(lu.target, ff)
        if key is None:
            return True  # not the project's: assume it holds weights
        return any(s in self._weighted_scopes() for s in self._reachable(key))

    def _weighted_scopes(self) -> set[str]:
        if self._weighted is None:
            self._weighted = {
                lu.scope for ff in self.facts for lu in ff.layers if lu.concept in WEIGHTED
            }
        return self._weighted

    def _irregular_layers(self) -> list[tuple[Item, str, Val, int]]:
        """Normalization/dropout/pooling after only some of a repeated layer type, in the order
        the layers are built (``conv-bn, conv, conv-bn, conv``), when the pattern is neither
        uniform, nor "all but the last" (an output layer), nor periodic (pool every 2 convs)."""
        out = []
        for ff in self.facts:
            by_scope: dict[str, list[LayerUse]] = defaultdict(list)
            for lu in ff.layers:
                if lu.in_comprehension or lu.loop is not None or lu.project:
                    continue
                if lu.scope in self.model_scopes:
                    by_scope[lu.scope].append(lu)
            for scope, layers in by_scope.items():
                units = _units(layers)
                # compare layers that play the same part: the same attribute stem (conv1..conv5),
                # the same container, or the same variable in a builder (x = Conv2D(...)(x))
                groups: dict[tuple[str, str], list[tuple[LayerUse, list[LayerUse]]]] = defaultdict(
                    list
                )
                for u in units:
                    groups[(u[0].concept, _stem(u[0]))].append(u)
                for (concept, _part), same in groups.items():
                    if len(same) < 3:
                        continue
                    for kind in _PLACED_KINDS:
                        present = [
                            i
                            for i, (_, extra) in enumerate(same)
                            if any(e.kind == kind for e in extra)
                        ]
                        if not _irregular(present, len(same), kind, heads=concept == "linear"):
                            continue
                        comp = next(e for e in same[present[0]][1] if e.kind == kind)
                        shown = ", ".join(str(i + 1) for i in present)
                        short = comp.target.rsplit(".", 1)[-1]
                        what = f"{short} after {concept} layer{'s' if len(present) > 1 else ''} {shown} of {len(same)}"
                        v = Val(LIT, f"{len(present)} of {len(same)}", line=comp.line)
                        it = Item(
                            kind,
                            comp.concept or kind,
                            v,
                            comp.line,
                            scope,
                            "structure",
                            symbol=comp.target,
                            in_model=True,
                            obviousness="irregular",
                            detail=f"irregular placement: {what}",
                            display=f"in {len(present)} of {len(same)} {concept} layers",
                        )
                        out.append((it, ff.path, v, comp.line))
        return out

    def _irregular_blocks(self) -> list[tuple[Item, str, Val, int]]:
        """A block called several times whose normalization/dropout/pooling is switched on by a
        flag (``Block(..., bn=True)``) at only some of its call sites."""
        out = []
        sites: dict[tuple[str, str], list[tuple[TemplateCall, FileFacts]]] = defaultdict(list)
        for call, ff, key in self.resolved_calls:
            if call.loop is None:
                sites[(call.scope, key)].append((call, ff))
        for (scope, key), calls in sites.items():
            if len(calls) < 3:
                continue
            calls.sort(key=lambda c: c[0].line)
            guarded = [
                (it, tff)
                for s in self._scopes_of(key)
                for it, tff in self.items_by_scope.get(s, [])
                if it.guard is not None and it.kind in _PLACED_KINDS and it.source == "call"
            ]
            seen_kinds: set[str] = set()
            for it, _tff in guarded:
                if it.kind in seen_kinds:
                    continue
                present = []
                known = True
                for i, (call, ff) in enumerate(calls):
                    bound = self._bind(call, ff, key, {})
                    truth = self._truth(it.guard, bound, ff.path)  # type: ignore[arg-type]
                    if truth is None:
                        known = False
                        break
                    if truth:
                        present.append(i)
                if not known or not _irregular(present, len(calls), it.kind):
                    continue
                seen_kinds.add(it.kind)
                call, ff = calls[present[0]]
                name = self.templates[key][0].name
                shown = ", ".join(str(i + 1) for i in present)
                v = Val(LIT, f"{len(present)} of {len(calls)}", line=call.line)
                item = Item(
                    it.kind,
                    it.concept,
                    v,
                    call.line,
                    scope,
                    "structure",
                    symbol=it.symbol,
                    in_model=True,
                    obviousness="irregular",
                    detail=(
                        f"irregular placement: {it.display or it.concept} in {name} blocks "
                        f"{shown} of {len(calls)} (lines {', '.join(str(c.line) for c, _ in calls)})"
                    ),
                    display=f"in {len(present)} of {len(calls)} {name} blocks",
                )
                out.append((item, ff.path, v, call.line))
        return out

    # ── models and what they lack ──
    def _model_units(self) -> list[tuple[str, FileFacts]]:
        """The models of the project: model classes (or model-building functions) that no other
        model code builds; those the project's scripts instantiate first."""
        built_by_models = {
            key for call, _ff, key in self.resolved_calls if call.scope in self.model_scopes
        }
        units = []
        for key, (t, ff) in self.templates.items():
            if key not in self.model_scopes or key in built_by_models:
                continue
            if t.kind == "class" or (
                t.kind == "function" and ":" in key and "." not in key.split(":", 1)[1]
            ):
                if t.kind == "class" and self._parent_model(key):
                    continue
                if not self._builds_layers(key):
                    continue
                if t.kind == "function" and self._layer_factory(key, ff):
                    continue  # `conv_nd(dims, ...)`: one layer or another, no model
                units.append((key, ff))
        used = {
            key for call, _ff, key in self.resolved_calls if call.scope not in self.model_scopes
        }
        used |= {k.rsplit(".", 1)[0] for k in used if k.endswith(".__init__")}
        used |= self._named_in_configs()
        preferred = [u for u in units if u[0] in used]
        return preferred or units

    def _layer_factory(self, key: str, ff: FileFacts) -> bool:
        """A function that returns one layer or another (``if dims == 2: return
        nn.Conv2d(...)``): each of its weighted layers is returned as it is built; no model."""
        mine = [lu for lu in ff.layers if lu.scope == key and lu.concept in WEIGHTED]
        return len(mine) >= 2 and all(lu.returned for lu in mine)

    def _named_in_configs(self) -> set[str]:
        """Classes a config instantiates by their dotted name (``target:
        ldm.models.autoencoder.AutoencoderKL``, ``_target_:``, ``type:``): they run."""
        if self._configured is None:
            names = set()
            for ff in self.facts:
                # `target:` / `_target_:` entries the sources of settings recorded
                for _args, target, _line in ff.config.targets:
                    module, _, name = target.rpartition(".")
                    names.add(f"{module}:{name}")
                for it in ff.items:
                    v = it.value.value if it.value.state == LIT else None
                    if isinstance(v, str) and re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+", v):
                        module, _, name = v.rpartition(".")
                        names.add(f"{module}:{name}")
            self._configured = {k for k in names if k in self.templates}
        return self._configured

    def _parent_model(self, key: str) -> bool:
        parent = _parent_key(key)
        return bool(parent) and parent in self.model_scopes

    def _builds_layers(self, key: str) -> bool:
        n = 0
        for scope in self._reachable(key):
            for it, _ in self.items_by_scope.get(scope, []):
                if it.layer:
                    n += 1
                    if n >= 2:
                        return True
        return False

    def _reachable(self, key: str) -> list[str]:
        """The template scopes a model is made of: its own, the blocks it calls, and the blocks
        handed to it as arguments (``ResNet(BasicBlock, [2, 2, 2, 2])``)."""
        seen: list[str] = []
        stack = [key]
        # the calls of the model (by its key or its constructor's), in the order they were met
        made_by = sorted([*self._calls_to.get(key, ()), *self._calls_to.get(f"{key}.__init__", ())])
        for call, ff, _target in (self.resolved_calls[i] for i in made_by):
            for v in (*call.positional, *call.keywords.values()):
                if isinstance(v, Val) and v.state == UNKNOWN and re.fullmatch(r"[\w.]+", v.text):
                    found = self._find(v.text, ff)
                    if found is not None:
                        stack.append(found)
        done: set[str] = set()
        while stack:
            k = stack.pop()
            if k in done or k not in self.templates:
                continue
            done.add(k)
            for s in self._scopes_of(k):
                if s not in seen:
                    seen.append(s)
                for call, ff in self.calls_by_scope.get(s, []):
                    target = self.resolve_target(call, ff)
                    if target is not None and target not in done:
                        stack.append(target)
        return seen

    def _absences(self) -> list[tuple[Item, str, Val, int]]:
        out: list[tuple[Item, str, Val, int]] = []
        all_items = [(it, ff) for ff in self.facts for it in ff.items]
        kinds_present = {it.kind for it, _ in all_items}

        def absent(kind: str, concept: str, what: str, file: str, line: int, scope: str) -> None:
            v = Val(LIT, "none", "none", line=line)
            it = Item(
                kind,
                concept,
                v,
                line,
                scope,
                "absence",
                in_model=True,
                obviousness="absent",
                detail=what,
                display="absent",
            )
            out.append((it, file, v, line))

        applied = set().union(*(ff.applied for ff in self.facts)) if self.facts else set()
        unused_init_scopes = set()
        for t, ff in self.templates.values():
            if t.kind != "function" or not re.search(r"init", t.name, re.I):
                continue
            inside = [it for it, _ in self.items_by_scope.get(t.key, []) if it.kind == "init"]
            if inside and t.key not in self.called and t.name not in applied:
                unused_init_scopes.add(t.key)
                v = Val(LIT, "unused", "unused", line=t.line)
                it = Item(
                    "init",
                    "unused_init",
                    v,
                    t.line,
                    t.key,
                    "structure",
                    in_model=True,
                    detail=f"`{t.name}` initializes weights but is never called or applied",
                    display=f"{t.name} (never applied)",
                )
                out.append((it, ff.path, v, t.line))

        units = self._model_units()
        # initialization applied from outside the model (`model.apply(init_fn)`, a script that
        # initializes one layer) counts for every model
        outside_inits = [
            it
            for it, _ in all_items
            if it.kind == "init"
            and it.scope not in unused_init_scopes
            and it.scope not in self.model_scopes
            and it.source != "absence"
        ]
        for key, ff in units:
            t = self.templates[key][0]
            scopes = self._reachable(key)
            if self._opaque(scopes):
                continue  # it builds parts we cannot see: silence there is no absence
            items = [it for s in scopes for it, _ in self.items_by_scope.get(s, [])]
            kinds = {it.kind for it in items if it.source not in ("structure",)}
            kinds |= {k for s in scopes for k in self._component_kinds().get(s, ())}
            named = {
                found[1]
                for s in scopes
                if (t_s := self.templates.get(s)) is not None
                and t_s[0].kind == "class"
                and (found := _named_component(t_s[0].name)) is not None
            }
            if "drop_path" in named or any(it.concept == "drop_path" for it in items):
                kinds.add("dropout")  # stochastic depth regularizes as dropout does
            name = t.name
            if "normalization" not in kinds:
                file, line, scope = self._block_anchor(key, scopes, ff)
                absent(
                    "normalization",
                    "no_normalization",
                    f"no normalization layer anywhere in `{name}`",
                    file,
                    line,
                    scope,
                )
            if "dropout" not in kinds:
                file, line, scope = self._dropout_anchor(key, scopes, ff)
                absent(
                    "dropout", "no_dropout", f"no dropout anywhere in `{name}`", file, line, scope
                )
            inits = [it for it in items if it.kind == "init" and it.scope not in unused_init_scopes]
            if not inits and not outside_inits:
                absent(
                    "init",
                    "default_init",
                    f"no explicit weight initialization in `{name}` (framework defaults)",
                    ff.path,
                    t.line,
                    key,
                )
        if not units:
            # a model written at module level (a script or notebook: `model = Sequential([...])`)
            for ff in self.facts:
                layers = [lu for lu in ff.layers if lu.scope == ""]
                if sum(lu.concept in WEIGHTED for lu in layers) < 2:
                    continue
                kinds = {it.kind for it in ff.items if it.scope == "" and it.source != "structure"}
                mains = sorted(lu.line for lu in layers if lu.concept in _MAIN_LAYERS) or sorted(
                    lu.line for lu in layers
                )
                heads = [lu.line for lu in layers if lu.concept == "linear"]
                what = f"the model built in `{ff.path}`"
                if "normalization" not in kinds:
                    absent(
                        "normalization",
                        "no_normalization",
                        f"no normalization layer in {what}",
                        ff.path,
                        mains[0],
                        "",
                    )
                if "dropout" not in kinds:
                    line = max(heads) if heads else mains[-1]
                    absent("dropout", "no_dropout", f"no dropout in {what}", ff.path, line, "")
                if "init" not in kinds and not outside_inits:
                    absent(
                        "init",
                        "default_init",
                        f"no explicit weight initialization in {what} (framework defaults)",
                        ff.path,
                        mains[0],
                        "",
                    )
        if "optimizer" in kinds_present and not self._has_schedule(kinds_present):
            file, line, scope = self._training_anchor()
            if file:
                absent(
                    "scheduler",
                    "no_schedule",
                    "no learning-rate schedule: the learning rate is constant",
                    file,
                    line,
                    scope,
                )
        if "augmentation" not in kinds_present:
            pipelines = sorted(
                (ff.path, line, scope) for ff in self.facts for line, scope in ff.pipelines
            )
            if pipelines:
                path, line, scope = pipelines[0]
                absent(
                    "augmentation",
                    "no_augmentation",
                    "no data augmentation in the input pipeline",
                    path,
                    line,
                    scope,
                )
        return out

    def _opaque(self, scopes: list[str]) -> bool:
        """A model that builds a submodule we cannot read: ``self.encoder = Encoder(**cfg)`` from
        a file that was not audited, or through a factory (``instantiate_from_config(cfg)``)."""
        for s in scopes:
            t = self.templates.get(s)
            if t is None or t[0].name not in _BUILD_METHOD_NAMES:
                continue
            for call, ff in self.calls_by_scope.get(s, []):
                if not call.assigned_to.startswith("self.") or _NOT_A_PART.search(
                    f"{call.assigned_to} {call.target}"
                ):
                    continue  # (the loss or a metric a model holds is none of its layers)
                if self.resolve_target(call, ff) is None:
                    return True
        return False

    def _has_schedule(self, kinds_present: set[str]) -> bool:
        """Whether the code changes its learning rate somewhere: a schedule or warm-up it names,
        a schedule built elsewhere that it steps (``scheduler.step()``), or one of the project's
        own functions named for a schedule (``adjust_learning_rate``, ``cosine_lr``)."""
        if kinds_present & {"scheduler", "warmup"}:
            return True
        if any(ff.schedule_steps for ff in self.facts):
            return True
        return any(
            _SCHEDULE_FUNCTION.search(setting_names.normalize_name(self.templates[key][0].name))
            for _call, _ff, key in self.resolved_calls
        )

    def _layers_in(self, scopes: list[str]) -> list[tuple[LayerUse, FileFacts]]:
        wanted = set(scopes)
        return [(lu, ff) for ff in self.facts for lu in ff.layers if lu.scope in wanted]

    def _block_anchor(self, key: str, scopes: list[str], ff: FileFacts) -> tuple[str, int, str]:
        """Where a missing normalization would go: the first layer of the most repeated block."""
        wanted = set(scopes)
        counts: Counter = Counter()
        for call, _cff, target in self.resolved_calls:
            if call.scope in wanted and target != key:
                loop = call.loop
                n = 1
                if loop is not None:
                    n = loop.value if loop.state == LIT and isinstance(loop.value, int) else 3
                counts[target] += max(n, 1)
        for target, n in counts.most_common():
            if n < 2:
                break
            layers = sorted(
                (lu.line, tff.path, lu.scope)
                for lu, tff in self._layers_in(self._scopes_of(target))
                if lu.concept in _MAIN_LAYERS
            )
            if layers:
                line, path, scope = layers[0]
                return path, line, scope
        layers = sorted(
            (lu.line, tff.path, lu.scope)
            for lu, tff in self._layers_in(scopes)
            if lu.concept in _MAIN_LAYERS
        )
        if layers:
            line, path, scope = layers[0]
            return path, line, scope
        return ff.path, self.templates[key][0].line, key

    def _dropout_anchor(self, key: str, scopes: list[str], ff: FileFacts) -> tuple[str, int, str]:
        """Where a missing dropout would usually go: before the classifier head; else after the
        activation of a layer loop in the forward pass (graph and recurrent models); else at the
        widest layer (an encoder-decoder's bottleneck)."""
        layers = self._layers_in(scopes)
        heads = [
            (lu.line, lu.container or lu.line, tff.path, lu.scope)
            for lu, tff in layers
            if lu.concept == "linear" and not lu.in_comprehension and lu.loop is None
        ]
        if heads:
            _line, anchor, path, scope = max(heads)
            return path, anchor, scope  # the head (the container it sits in, if any)
        wanted = set(scopes)
        looped = sorted(
            (it.line, tff.path, it.scope)
            for s in wanted
            for it, tff in self.items_by_scope.get(s, [])
            if it.kind == "activation" and it.source == "call" and self._in_loop_scope(it, tff)
        )
        if looped:
            line, path, scope = looped[0]
            return path, line, scope
        widest: tuple[float, int, str, str] | None = None
        for call, cff, target in self.resolved_calls:
            if call.scope not in wanted or target not in self.model_scopes:
                continue
            for v in (*call.positional, *call.keywords.values()):
                if (
                    isinstance(v, Val)
                    and v.state == LIT
                    and isinstance(v.value, int)
                    and not isinstance(v.value, bool)
                    and (widest is None or v.value > widest[0])
                ):
                    widest = (v.value, call.line, cff.path, call.scope)
        if widest is not None:
            return widest[2], widest[1], widest[3]
        return ff.path, self.templates[key][0].line, key

    def _in_loop_scope(self, it: Item, ff: FileFacts) -> bool:
        t = self.templates.get(it.scope)
        if t is None or t[0].name not in ("forward", "call", "__call__"):
            return False
        lines = ff.source_lines
        indent = None
        line = it.line
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        indent = len(text) - len(text.lstrip())
        for i in range(line - 2, max(t[0].line - 1, 0) - 1, -1):
            s = lines[i]
            stripped = s.lstrip()
            if not stripped:
                continue
            ind = len(s) - len(stripped)
            if ind < indent:
                if stripped.startswith("for "):
                    return True
                indent = ind
        return False

    def _training_anchor(self) -> tuple[str, int, str]:
        for ff in self.facts:
            for it in ff.items:
                if it.symbol in ("fit", "fit_generator"):
                    return ff.path, it.line, it.scope
        for ff in self.facts:
            for it in ff.items:
                if it.source == "loop" and it.kind == "epochs":
                    return ff.path, it.line, it.scope
        for ff in self.facts:
            for it in ff.items:
                if it.kind == "optimizer":
                    return ff.path, it.line, it.scope
        return "", 0, ""

    # ── final records ──
    def _finish(self, raw: list[Raw]) -> list[Choice]:
        seen: set[tuple] = set()
        out: list[Choice] = []
        occurrence: Counter = Counter()
        cells = {ff.path: ff.cells for ff in self.facts if ff.cells}
        lines_of = {ff.path: ff.source_lines for ff in self.facts}
        # within a line: specific kinds before the catch-all `other`; what is written before the
        # structure read from it, and what is missing last
        order = {"structure": 1, "absence": 2}
        raw.sort(
            key=lambda r: (
                r[1],
                r[3],
                r[0].kind == "other",
                order.get(r[0].source, 0),
                r[0].kind,
                r[0].concept,
                r[0].param,
            )
        )
        by_line_kind = {
            (file, line, item.kind)
            for item, file, _v, line, _via, _runs in raw
            if item.source != "param"
        }
        expanded: list[tuple[Raw, tuple[Val, str, str] | None]] = []
        for r in raw:
            item, file, value, line, via, runs = r
            if value.state != REF:
                expanded.append((r, None))
                continue
            # a setting read in code: the value it takes in most of the runs the code belongs
            # to, the others named beside it (each is a choice where a launcher writes it)
            found = self.resolve_runs(value, file)
            if not found:
                expanded.append((r, None))
                continue
            found.sort(key=lambda f: -len(f[2]))
            v2, where, vruns = found[0]
            others = "; ".join(
                f"{o.display()} in {len(rs)} run{'s' if len(rs) > 1 else ''} ({w})"
                for o, w, rs in found[1 : 1 + _MAX_VALUES_PER_USE]
            )
            extra = f"; other runs: {others}" if others else ""
            expanded.append(((item, file, value, line, via, vruns or runs), (v2, where, extra)))
        for (item, file, value, line, via, runs), resolution in expanded:
            if not file or line <= 0:
                continue
            if item.source == "param" and (file, line, item.kind) in by_line_kind:
                continue  # the component that consumes the parameter reports it
            resolved = True
            detail = item.detail
            if (
                value.state == REF
                and item.source in _SETTING_SOURCES
                and setting_names.classify(value.name) is None
            ):
                continue  # `{"validation": args.validation_file}` copies plumbing: plumbing too
            setting = self.config.full_key(file, line, item.key) if item.key else ""
            if value.state == REF:
                setting = setting or value.path or value.name
                if resolution is not None:
                    v2, where, extra = resolution
                    detail = (
                        f"{detail}; `{value.text}` = {v2.display()} ({where}){extra}"
                        if detail
                        else f"`{value.text}` = {v2.display()} ({where}){extra}"
                    )
                    value = Val(LIT, v2.value, v2.text)
                    via = where
                else:
                    resolved = False
            if value.state in (UNKNOWN, "unset", PARAM):
                resolved = False
            if (
                value.state == LIT
                and (item.source in _SETTING_SOURCES or via)
                and setting_names.is_unset(value.value, item.kind)
            ):
                continue  # `num_heads = -1`: a placeholder, nothing is decided here
            obviousness = item.obviousness
            if item.source == "argument" and value.state == LIT:
                # a value bound at a call site (`Conv_bn(32, 64, 1)` → stride=1) is rated once it
                # is known: the library default is no choice, a conventional value ranks low
                rated = _rate_argument(item, value)
                if rated == "default" and not _always_reported(item):
                    continue
                if rated == "conventional" and obviousness == "deliberate":
                    obviousness = rated  # a known value can only make a choice more obvious
            if item.source in ("structure", "absence") and value.state == UNKNOWN:
                resolved = True  # the choice is the structure itself, fully read
            display = (
                item.display
                if item.source in ("call", "structure", "absence", "reference") and item.display
                else value.display()
            )
            if (
                item.source == "call"
                and item.symbol
                and value.state == LIT
                and not isinstance(value.value, str)
            ):
                display = f"{item.symbol.rsplit('.', 1)[-1]}({value.display()})"  # Dropout(0.3)
            if value.state == PARAM:
                display = f"parameter `{value.text}`"
            key = (file, line, item.kind, item.concept, item.param, display)
            if key in seen:
                continue
            seen.add(key)
            numbers = value.numbers() if value.state == LIT else ()
            if item.kind == "dropout" and item.param and "keep" in item.param and len(numbers) == 1:
                detail = f"{detail} (keep probability; dropout rate {1 - numbers[0]:.3g})"
            if via and "(" not in detail.rsplit(";", 1)[-1] and item.source != "absence":
                detail = f"{detail}; value from {via}" if detail else f"value from {via}"
            cell = cell_line = None
            if file in cells and 0 < line <= len(cells[file]):
                cell, cell_line = cells[file][line - 1]
            ident = (file, item.kind, item.concept, item.param, item.scope, item.symbol)
            occurrence[ident] += 1
            cid = "c" + short_hash(*ident, occurrence[ident])
            out.append(
                Choice(
                    id=cid,
                    kind=item.kind,
                    concept=item.concept,
                    value=display,
                    file=file,
                    line=line,
                    source=item.source,
                    symbol=item.symbol,
                    param=item.param,
                    scope=item.scope.split(":", 1)[-1] if item.scope else "",
                    framework=item.framework,
                    obviousness=obviousness,
                    number=numbers[0] if len(numbers) == 1 else None,
                    values=numbers if len(numbers) > 1 else (),
                    resolved=resolved,
                    detail=detail,
                    via=via,
                    cell=cell,
                    cell_line=cell_line,
                    snippet=_snippet(lines_of.get(file, ()), line),
                    branch=item.branch,
                    setting=setting,
                    runs=tuple(runs),
                )
            )
        return dataparallel.mark(out, self.facts)


def _drop_superseded(ff: FileFacts) -> None:
    """Forget what is written in definitions a later one of the same name replaced before they
    ran (a notebook cell run again with changes): that code never runs."""

    def live(line: int) -> bool:
        return not any(a <= line <= b for a, b in ff.superseded)

    kept = [live(c.line) for c in ff.calls]
    before = list(itertools.accumulate(kept, initial=0))  # kept calls before each index
    items = []
    for it in ff.items:
        if not live(it.line):
            continue
        if it.builds is not None:  # indices into ff.calls, which shrinks
            it = replace(it, builds=(before[it.builds[0]], before[it.builds[1]]))
        items.append(it)
    ff.items = items
    ff.calls = [c for c, k in zip(ff.calls, kept, strict=True) if k]
    ff.layers = [lu for lu in ff.layers if live(lu.line)]
    ff.self_calls = [sc for sc in ff.self_calls if live(sc.line)]


#: Item sources that define a setting (what the effective configuration resolves)
_DEFINING = frozenset(["argparse", "flag", "click", "field", "attr", "dict", "config"])
#: other per-run values a setting read in code names in its detail, at most
_MAX_VALUES_PER_USE = 3


def _units(layers: list[LayerUse]) -> list[tuple[LayerUse, list[LayerUse]]]:
    """Main layers (conv, linear) in build order, each with the normalization/dropout/pooling
    that follows it. What follows a layer is known from a chain written as one expression
    (Keras ``BatchNormalization()(Conv2D(...)(x))``), a container (``nn.Sequential``), a
    builder function (one statement after the other), or matching numbers (``conv2``/``bn2``).
    Unnumbered attributes of a constructor (``self.query``, ``self.dropout``) say nothing about
    the order data flows in, and are left out."""
    layers = sorted(layers, key=lambda lu: lu.line)
    units: list[tuple[LayerUse, list[LayerUse]]] = [
        (lu, []) for lu in layers if lu.concept in _MAIN_LAYERS
    ]
    for lu in layers:
        if lu.kind not in _PLACED_KINDS or not units:
            continue
        owner = _owner_unit(lu, units)
        if owner is not None:
            units[owner][1].append(lu)
    return units


def _stem(lu: LayerUse) -> str:
    if lu.container:
        return f"[{lu.container}]"
    return re.sub(r"_?\d+$", "", (lu.attr or "").removeprefix("self."))


def _number(attr: str) -> str:
    m = re.search(r"(\d+)$", attr or "")
    return m.group(1) if m else ""


def _owner_unit(lu: LayerUse, units: list[tuple[LayerUse, list[LayerUse]]]) -> int | None:
    before = [i for i, (m, _) in enumerate(units) if m.line <= lu.line]
    if not before:
        return None
    chain = [i for i in before if units[i][0].line == lu.line and units[i][0].attr == lu.attr]
    if chain:
        return chain[-1]
    if lu.container:
        inside = [i for i in before if units[i][0].container == lu.container]
        return inside[-1] if inside else None
    num = _number(lu.attr)
    if num:
        cands = [i for i in before if _number(units[i][0].attr) == num]
        stem = lu.attr.removeprefix("self.")
        named = [
            i
            for i in cands
            if re.sub(r"_?\d+$", "", units[i][0].attr.removeprefix("self.")) in stem
        ]
        if named:
            return named[-1]
        return cands[-1] if cands else None
    if not lu.attr.startswith("self.") and not units[before[-1]][0].attr.startswith("self."):
        return before[-1]  # a builder function: one statement after the other
    return None


def _irregular(present: list[int], n: int, kind: str, heads: bool = False) -> bool:
    """Whether components after ``present`` (indices) of ``n`` layers form an irregular pattern."""
    if n < 3 or not present or len(present) == n:
        return False
    if present == list(range(n - 1)):
        return False  # all but the output layer
    if heads and present == list(range(len(present))) and n - len(present) <= 2:
        return False  # hidden layers, then one or two output heads
    if len(present) >= 2:
        steps = {b - a for a, b in itertools.pairwise(present)}
        if (
            len(steps) == 1
            and present[0] < next(iter(steps))
            and n - 1 - present[-1] < next(iter(steps))
        ):
            return False  # every k-th layer (pooling after each stage)
    # one pooling before the head is not irregular either
    return not (kind == "pooling" and len(present) == 1 and present[0] == n - 1)


def _runs(sigs: list) -> list[tuple[int, int]]:
    """[start, stop) ranges of 3 or more equal, non-None signatures in a row."""
    out = []
    start = 0
    for i in range(1, len(sigs) + 1):
        if i == len(sigs) or sigs[i] is None or sigs[i] != sigs[start]:
            if sigs[start] is not None and i - start >= 3:
                out.append((start, i))
            start = i
    return out


def _per_stage(value: object) -> bool:
    """A list of numbers, one per stage or block (``depths=[3, 4, 6, 3]``): a table of
    choices a model's variant is defined by."""
    return (
        isinstance(value, (list, tuple))
        and len(value) >= 2
        and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in value)
    )


def _call_args_text(call: TemplateCall) -> str:
    parts = [
        v.display() if isinstance(v, Val) and v.state != "star" else "*" for v in call.positional
    ]
    parts += [f"{k}={v.display()}" for k, v in call.keywords.items() if isinstance(v, Val)]
    return ", ".join(parts)


def _parent_key(key: str) -> str:
    if "<locals>" in key:
        return key.rsplit(".<locals>.", 1)[0]
    if ":" in key and "." in key.split(":", 1)[1]:
        return key.rsplit(".", 1)[0]
    return ""


def _library_copy(t: TemplateDef):
    """The library callable a project class is a copy or an extension of (a vendored
    ``ImageDataGenerator`` with two parameters more): same name, and its constructor takes
    nearly every parameter of the library's (four at least, 80%)."""
    from paperlint.code.signatures import table

    mine = {p.name for p in t.params}
    if len(mine) < 4:
        return None
    for spec in _table_by_name().get(t.name, ()):
        theirs = {p.name for p in table()[spec].params if not p.name.startswith("*")}
        if len(theirs) >= 4 and len(theirs & mine) >= 0.8 * len(theirs):
            return table()[spec]
    return None


@functools.cache
def _table_by_name() -> dict[str, tuple[str, ...]]:
    """Library callables by their last name (``ImageDataGenerator`` → its qualified names)."""
    from paperlint.code.signatures import table

    out: dict[str, list[str]] = defaultdict(list)
    for q in table():
        out[q.rsplit(".", 1)[-1]].append(q)
    return {k: tuple(v) for k, v in out.items()}


def _library_layer_base(t: TemplateDef):
    """The library component a project class extends (``nn.GroupNorm``), when the tables give
    it a kind of its own (a normalization, an activation, a pooling, a dropout, a loss)."""
    from paperlint.code.signatures import table

    for b in t.bases:
        spec = table().get(b)
        if spec is not None and spec.kind in _LAYER_BASE_KINDS:
            return spec
    return None


#: a number set in a local a few lines above the call it is handed to (``num_bins = 50`` then
#: ``histogram(nbin=num_bins)``) is that argument's value, chosen where it is written
_NEAR_LOCAL = 12
#: kinds of library components whose project subclasses are read as the component
_LAYER_BASE_KINDS = frozenset(["normalization", "activation", "pooling", "dropout", "loss"])


def layer_named(function_name: str) -> tuple[str, str] | None:
    """(kind, concept) of a function named exactly for a normalization or an activation the
    vocabulary knows (``rms_norm``, ``layer_norm``, ``gelu``, ``swish``); None otherwise."""
    from paperlint.vocab import concepts

    name = normalize_name(function_name)
    c = concepts().get(name)
    if c is None or c.kind not in ("normalization", "activation") or c.name == c.kind:
        return None  # `def normalization(ch)` names no layer: it returns one, read inside it
    return c.kind, c.name


def _base_names(t: TemplateDef) -> str:
    return ", ".join(b.rsplit(".", 1)[-1] for b in t.bases) or "no base"


def _snippet(lines: list[str] | tuple[str, ...], line: int) -> str:
    """The source line of a choice, stripped."""
    return lines[line - 1].strip()[:200] if 0 < line <= len(lines) else ""


def format_value(v: object) -> str:
    return format_literal(v)


def _rate_argument(item: Item, value: Val) -> str | None:
    """default / conventional / deliberate for an argument of a known library callable."""
    from paperlint.code.signatures import table

    spec = table().get(item.symbol)
    if spec is None or not item.param:
        return None
    p = spec.param(item.param)
    if p is not None and p.has_default and same_value(value.value, p.default):
        return "default"
    if item.param in spec.conventional and any(
        same_value(value.value, c) for c in spec.conventional[item.param]
    ):
        return "conventional"
    return "deliberate"


def _referenced_obviousness(concept: str) -> str:
    """A component handed to the project's own layer by reference (``act=tf.nn.relu``) is as
    conventional as the same component called directly: ReLU is the field's habit. An identity
    handed as the activation (``act=lambda x: x``) is no activation: the layer's output is used
    as it is, the logits a loss takes."""
    from paperlint.vocab import concept as vocab_concept

    if concept == "linear_activation":
        return "conventional"
    vc = vocab_concept(concept)
    return "conventional" if vc is not None and vc.conventional else "deliberate"


def _always_reported(item: Item) -> bool:
    from paperlint.code.signatures import table

    spec = table().get(item.symbol)
    return spec is not None and item.param in spec.always
