"""Read one Python file with libcst and list the choices written in it.

One pass of one visitor over the module (no metadata providers; see :mod:`paperlint.code.lines`)
records:

* calls to library components the signature tables know (``nn.BatchNorm2d(64)``,
  ``optim.Adam(lr=3e-4)``), as a component item and one item per non-default argument;
* settings: argparse/click/absl options, config dicts, hyperparameter-like assignments and
  function parameters with defaults;
* calls to the project's own building blocks (``DoubleConv(64, 128)``), kept symbolic so that
  :mod:`paperlint.code.project` can bind their parameters at each call site;
* structure: loops that build layers, residual additions, custom losses, magic numbers.

Values stay symbolic (:class:`~paperlint.code.values.Val`) until the project stage resolves
parameters and settings across files. Nothing here imports or runs the audited code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from paperlint.code import settings as setting_names
from paperlint.code.imports import ImportTable, canonical
from paperlint.code.lines import LineCounter
from paperlint.code.signatures import STAR, Callable_, table
from paperlint.code.values import (
    LIT,
    PARAM,
    REF,
    Val,
    code_of,
    dotted_name,
    evaluate,
    lit,
    unknown,
)

# ── records ──────────────────────────────────────────────────────────────────────────────────


@dataclass
class Item:
    """A potential choice; its value may still refer to a parameter or a setting."""

    kind: str
    concept: str
    value: Val
    line: int
    scope: str  # template key the item was written in ("" at module level)
    source: str  # call | argument | argparse | flag | click | dict | assign | param | loop | structure | absence
    symbol: str = ""
    param: str = ""
    framework: str = ""
    in_model: bool = False
    obviousness: str = "deliberate"
    detail: str = ""
    group: str = ""  # the call an argument item belongs to
    display: str = ""  # how the value reads, when not just the value ("BatchNorm2d")


@dataclass
class TemplateCall:
    """A call to one of the project's own functions or classes."""

    target: str  # unresolved reference: "name", "module.name", or "self.method" (see project.py)
    line: int
    scope: str
    positional: list[Val]
    keywords: dict[str, Val]
    in_model: bool
    assigned_to: str = ""


@dataclass
class ParamDef:
    name: str
    default: Val | None
    line: int


@dataclass
class TemplateDef:
    """A function, method or class of the project: a building block with parameters."""

    key: str  # "module:Name" or "module:Class.method"
    name: str
    kind: str  # function | class | method
    line: int
    params: list[ParamDef] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    is_model: bool = False
    class_key: str = ""
    called_names: set[str] = field(default_factory=set)


@dataclass
class LayerUse:
    """A layer assigned in a model's constructor: feeds structure analysis (irregular placement)."""

    scope: str
    attr: str  # self.conv1 / local name / "" inside Sequential
    target: str  # canonical library name or template reference
    concept: str
    kind: str | None
    line: int
    container: str = ""  # the Sequential/list this layer sits in ("" at top level)
    index: int = 0


@dataclass
class FileFacts:
    path: str
    module: str
    imports: ImportTable
    items: list[Item] = field(default_factory=list)
    calls: list[TemplateCall] = field(default_factory=list)
    templates: dict[str, TemplateDef] = field(default_factory=dict)
    layers: list[LayerUse] = field(default_factory=list)
    constants: dict[str, Val] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    applied: set[str] = field(default_factory=set)  # names passed to .apply()/called anywhere
    param_uses: set[str] = field(default_factory=set)  # parameters passed on to some call
    suppressions: list[tuple[int, tuple[str, ...], str]] = field(default_factory=list)
    lines: int = 0
    source_lines: list[str] = field(default_factory=list)


# ── helpers ──────────────────────────────────────────────────────────────────────────────────

_MODEL_BASES = frozenset(
    {
        "torch.nn.Module",
        "keras.Model",
        "keras.models.Model",
        "keras.layers.Layer",
        "flax.linen.Module",
        "tensorflow.Module",
        "keras.Sequential",
        "keras.models.Sequential",
        "pytorch_lightning.LightningModule",
        "lightning.LightningModule",
        "lightning.pytorch.LightningModule",
    }
)
_SHAPE_METHODS = frozenset(
    [
        "view",
        "reshape",
        "permute",
        "transpose",
        "unsqueeze",
        "squeeze",
        "size",
        "expand",
        "repeat",
        "flatten",
        "narrow",
        "split",
        "chunk",
        "index_select",
        "gather",
        "scatter",
        "unfold",
        "contiguous",
        "max",
        "min",
        "argmax",
        "argmin",
        "sum",
        "mean",
        "topk",
        "sort",
        "format",
        "join",
        "append",
        "insert",
        "pop",
        "get",
        "range",
        "print",
        "log",
        "info",
        "debug",
        "warning",
        "error",
        "write",
        "zeros",
        "ones",
        "full",
        "empty",
        "arange",
        "linspace",
        "randn",
        "rand",
        "randint",
        "eye",
        "tile",
        "stack",
        "concat",
        "cat",
        "pad_sequence",
        "set_shape",
        "get_shape",
        "reduce_sum",
        "reduce_mean",
        "reduce_max",
        "expand_dims",
        "shape",
    ]
)
_TRIVIAL_NUMBERS = frozenset({0, 1, -1, 2, -1.0, 0.5, 10, 100, 1000, 255, 256, 3})
_SUPPRESS = re.compile(r"#\s*paperlint:\s*ignore(?:\[([A-Za-z0-9_, ]+)\])?\s*(?:--\s*(.*))?$")
_INIT_METHODS = frozenset(
    [
        "normal_",
        "uniform_",
        "xavier_normal_",
        "xavier_uniform_",
        "kaiming_normal_",
        "kaiming_uniform_",
        "zero_",
        "fill_",
        "constant_",
        "orthogonal_",
        "trunc_normal_",
    ]
)
_STATE_NAME = re.compile(
    r"^(start|cur|curr|current|best|last|prev|previous|global|running|done|total|count|counter|step|i|j|k|idx|index)(_|$)|^(epoch|step|it|iteration)$",
    re.I,
)
_LOSS_NAME = re.compile(r"(^|_)loss(es)?($|_)|criterion", re.I)
_EPOCH_NAME = re.compile(
    r"^(epoch|ep|e|epoch_idx|epoch_num|i_epoch|epoch_i|n_epoch|it|iteration|iter|step)$"
)
_RESIDUAL_NAME = re.compile(
    r"identity|residual|shortcut|skip|(^|_)res($|_)|(^|_)inp(ut)?($|_)", re.I
)


def _short(qualname: str) -> str:
    return qualname.rsplit(".", 1)[-1]


def _is_dict_config(node: cst.Dict) -> bool:
    keys = [e for e in node.elements if isinstance(e, cst.DictElement)]
    if len(keys) < 2:
        return False
    str_keys = [e for e in keys if isinstance(e.key, cst.SimpleString)]
    return len(str_keys) == len(keys)


# ── the visitor ──────────────────────────────────────────────────────────────────────────────


@dataclass
class _Scope:
    key: str  # template key ("" = module)
    kind: str  # module | class | function | method
    params: dict[str, ParamDef] = field(default_factory=dict)
    locals: dict[str, Val] = field(default_factory=dict)
    is_model: bool = False
    class_key: str = ""
    name: str = ""


class _Analyzer(cst.CSTVisitor):
    def __init__(self, facts: FileFacts) -> None:
        super().__init__()
        self.f = facts
        self.lc = LineCounter()
        self.scopes: list[_Scope] = [_Scope("", "module")]
        self.class_attrs: dict[str, dict[str, Val]] = {}  # class key → self.x → Val
        self.table = table()
        self._pending_def_name: dict[int, tuple[str, cst.CSTNode]] = {}
        self.call_stack: list[tuple[cst.Call, int]] = []
        self.stmt_line = 1
        self.assign_target: list[str] = []
        self.container_stack: list[list] = []
        self._call_lines: dict[int, int] = {}
        self._skip_numbers: int = 0

    # every node passes here first: count lines
    def on_visit(self, node: cst.CSTNode) -> bool:
        line = self.lc.enter(node)
        if isinstance(
            node, (cst.Call, cst.Integer, cst.Float, cst.DictElement, cst.Param, cst.Name, cst.Arg)
        ):
            self._call_lines[id(node)] = line
        return super().on_visit(node)

    def line_of(self, node: cst.CSTNode) -> int:
        return self._call_lines.get(id(node), self.lc.line)

    # ── scopes ──
    @property
    def scope(self) -> _Scope:
        return self.scopes[-1]

    def _template_scope(self) -> _Scope:
        for s in reversed(self.scopes):
            if s.kind in ("function", "method", "class"):
                return s
        return self.scopes[0]

    def in_model(self) -> bool:
        return any(s.is_model for s in self.scopes)

    def visit_Import(self, node: cst.Import) -> None:
        self.f.imports.add_import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.f.imports.add_import_from(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        bases = []
        for b in node.bases:
            d = dotted_name(b.value)
            if d:
                q = self.qualify(d)
                bases.append(q or d)
        parent = self._template_scope()
        key = (
            f"{self.f.module}:{node.name.value}"
            if parent.kind == "module"
            else f"{parent.key}.{node.name.value}"
        )
        is_model = any(b in _MODEL_BASES for b in bases) or any(
            self.f.templates.get(f"{self.f.module}:{b}", TemplateDef("", "", "", 0)).is_model
            for b in bases
        )
        t = TemplateDef(key, node.name.value, "class", 0, bases=bases, is_model=is_model)
        self.f.templates[key] = t
        self._pending_def_name[id(node.name)] = (key, node)
        self.scopes.append(
            _Scope(key, "class", is_model=is_model, class_key=key, name=node.name.value)
        )
        self.class_attrs.setdefault(key, {})

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.scopes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        parent = self.scope
        name = node.name.value
        if parent.kind == "class":
            key = f"{parent.key}.{name}"
            kind = "method"
        elif parent.kind == "module":
            key = f"{self.f.module}:{name}"
            kind = "function"
        else:
            key = f"{parent.key}.<locals>.{name}"
            kind = "function"
        t = TemplateDef(key, name, kind, 0, class_key=parent.key if parent.kind == "class" else "")
        t.is_model = parent.is_model
        self.f.templates[key] = t
        self._pending_def_name[id(node.name)] = (key, node)
        self.scopes.append(
            _Scope(key, kind, is_model=parent.is_model, class_key=t.class_key, name=name)
        )

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        scope = self.scopes.pop()
        t = self.f.templates[scope.key]
        t.params = list(scope.params.values())
        if scope.kind == "method" and scope.name == "__init__":
            cls = self.f.templates.get(scope.class_key)
            if cls is not None:
                cls.params = t.params
                cls.line = cls.line or t.line
        if (
            (
                _LOSS_NAME.search(scope.name)
                and scope.name not in ("__init__",)
                and not scope.name.startswith(("_get", "get_", "log", "print", "plot", "save"))
            )
            and any(True for _ in [0])
            and t.line
        ):
            self.f.items.append(
                Item(
                    "loss",
                    "custom_loss",
                    lit(scope.name, scope.name),
                    t.line,
                    self._template_scope().key,
                    "structure",
                    symbol=scope.name,
                    in_model=scope.is_model,
                    detail=f"custom loss function `{scope.name}`",
                    display=f"def {scope.name}(...)",
                )
            )

    def visit_Name(self, node: cst.Name) -> None:
        pending = self._pending_def_name.pop(id(node), None)
        if pending is not None:
            key, _ = pending
            self.f.templates[key].line = self.line_of(node)

    def visit_Param(self, node: cst.Param) -> None:
        scope = self.scope
        if scope.kind not in ("function", "method"):
            return
        name = node.name.value
        if name in ("self", "cls"):
            return
        line = self.line_of(node)
        default = evaluate(node.default, self.resolver()) if node.default is not None else None
        if default is not None and default.state == LIT:
            default = Val(LIT, default.value, default.text, line=line)
        scope.params[name] = ParamDef(name, default, line)

    def leave_Param(self, node: cst.Param) -> None:
        scope = self.scope
        if scope.kind not in ("function", "method"):
            return
        name = node.name.value
        p = scope.params.get(name)
        if p is None or p.default is None or p.default.state != LIT:
            return
        kind = setting_names.classify(name)
        v = p.default.value
        if kind is None or v is None or isinstance(v, bool) or not _is_setting_value(v):
            return
        if not setting_names.is_known_setting(name):
            return  # `s=1, p=0` in a helper's signature are not named settings
        self.f.items.append(
            Item(
                kind.kind,
                kind.concept,
                p.default,
                p.line,
                scope.key,
                "param",
                symbol=name,
                param=name,
                in_model=scope.is_model,
                detail=f"default of parameter `{name}`",
            )
        )

    # ── name resolution ──
    def qualify(self, dotted: str) -> str | None:
        head = dotted.split(".")[0]
        if head in self.f.aliases:
            rest = dotted[len(head) :]
            return canonical(self.f.aliases[head] + rest)
        q = self.f.imports.qualify(dotted)
        if q is not None:
            return canonical(q)
        if "." not in dotted:
            for mod in self.f.imports.star_modules:
                cand = canonical(f"{mod}.{dotted}")
                if cand in self.table:
                    return cand
        return None

    def resolver(self):
        scopes = list(self.scopes)

        def resolve(name: str) -> Val | None:
            for s in reversed(scopes):
                if name in s.locals:
                    return s.locals[name]
                if name in s.params:
                    p = s.params[name]
                    return Val(
                        PARAM, None, name, f"{s.key}::{name}", line=p.line, default=p.default
                    )
            if name in self.f.constants:
                return self.f.constants[name]
            return None

        return resolve

    def eval(self, node: cst.BaseExpression) -> Val:
        # self.x → the value assigned to self.x in this class's constructor
        if (
            isinstance(node, cst.Attribute)
            and isinstance(node.value, cst.Name)
            and node.value.value == "self"
        ):
            attrs = self.class_attrs.get(self.scope.class_key, {})
            if node.attr.value in attrs:
                return attrs[node.attr.value]
        v = evaluate(node, self.resolver())
        if v.state == LIT and not v.line:
            v = Val(
                LIT,
                v.value,
                v.text,
                line=self.line_of(node) if id(node) in self._call_lines else self.lc.line,
            )
        return v

    # ── statements ──
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        for _line in node.leading_lines:
            pass
        self.stmt_line = self.lc.line + len(node.leading_lines)

    def visit_Assign(self, node: cst.Assign) -> None:
        targets = [t.target for t in node.targets]
        names = [dotted_name(t) for t in targets]
        self.assign_target.append(names[0] or "")
        value_node = node.value
        line = self.lc.line
        scope = self.scope
        for _tgt, name in zip(targets, names, strict=True):
            if name is None:
                continue
            if isinstance(value_node, (cst.Name, cst.Attribute)) and scope.kind == "module":
                d = dotted_name(value_node)
                q = self.qualify(d) if d else None
                if q is not None:
                    self.f.aliases[name] = q
                    continue
            v = self.eval(value_node)
            if name.startswith("self.") and name.count(".") == 1:
                self.class_attrs.setdefault(scope.class_key, {})[name[5:]] = v
                attr = name[5:]
                if v.state == LIT:
                    self._setting_assignment(attr, v, line, scope)
                continue
            if "." in name:
                continue
            if scope.kind == "module":
                if v.state in (LIT, REF):
                    self.f.constants[name] = v
            else:
                scope.locals[name] = v
            if v.state == LIT:
                self._setting_assignment(name, v, line, scope)
        if isinstance(value_node, (cst.BinaryOperation, cst.UnaryOperation)) and any(
            n and _LOSS_NAME.fullmatch(n.split(".")[-1]) for n in names
        ):
            text = code_of(value_node).strip()
            self.f.items.append(
                Item(
                    "loss",
                    "custom_loss",
                    unknown(text[:80]),
                    line,
                    self._template_scope().key,
                    "structure",
                    symbol=names[0] or "",
                    in_model=self.in_model(),
                    detail="loss computed by an expression",
                    display=text[:80],
                )
            )

    def leave_Assign(self, node: cst.Assign) -> None:
        self.assign_target.pop()

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        name = dotted_name(node.target)
        if name is None or node.value is None:
            return
        v = self.eval(node.value)
        line = self.lc.line
        if name.startswith("self."):
            self.class_attrs.setdefault(self.scope.class_key, {})[name[5:]] = v
            name = name[5:]
        if v.state == LIT:
            if self.scope.kind == "class":
                # dataclass / config-class field: a setting with its default
                self._setting_assignment(name, v, line, self.scope, source="field")
            else:
                self._setting_assignment(name, v, line, self.scope)

    def _setting_assignment(
        self, name: str, v: Val, line: int, scope: _Scope, source: str = "assign"
    ) -> None:
        kind = setting_names.classify(name)
        if kind is None or not _is_setting_value(v.value):
            return
        # Outside config containers only a name the vocabulary knows is taken as a setting:
        # `board_x = 8` or `i = 0` are not design choices.
        if (
            kind.kind == "other"
            and source == "assign"
            and not (name.isupper() and scope.kind == "module")
        ):
            return
        if source == "assign" and scope.kind in ("function", "method") and _STATE_NAME.search(name):
            return  # loop state (`start_epoch = 0`, `best_acc = 0`), not a setting
        if isinstance(v.value, bool):
            return
        self.f.items.append(
            Item(
                kind.kind,
                kind.concept,
                v,
                line,
                self._template_scope().key,
                source,
                symbol=name,
                param=name,
                in_model=self.in_model(),
                detail=f"`{name}` set in code",
            )
        )

    # ── loops: epochs and layers built in a loop ──
    def visit_For(self, node: cst.For) -> None:
        it = node.iter
        line = self.lc.line + len(node.leading_lines)
        if not (
            isinstance(it, cst.Call)
            and isinstance(it.func, cst.Name)
            and it.func.value == "range"
            and it.args
        ):
            return
        count_node = it.args[-1].value if len(it.args) < 3 else it.args[1].value
        count = self.eval(count_node)
        target = (
            dotted_name(node.target) if isinstance(node.target, (cst.Name, cst.Attribute)) else None
        )
        body_code = code_of(node.body)
        scope_key = self._template_scope().key
        if target and (
            _EPOCH_NAME.match(target) and "epoch" in (target + code_of(count_node)).lower()
        ):
            self.f.items.append(
                Item(
                    "epochs",
                    "epochs",
                    count,
                    line,
                    scope_key,
                    "loop",
                    symbol="range",
                    param=target,
                    in_model=self.in_model(),
                    detail=f"training loop `for {target} in range({code_of(count_node).strip()})`",
                )
            )
        elif re.search(
            r"\b(append|add_module|Conv|Dense|Linear|[Bb]lock|layer|Layer)\b|\.append\(|_block\(",
            body_code,
        ):
            self.f.items.append(
                Item(
                    "depth",
                    "depth",
                    count,
                    line,
                    scope_key,
                    "loop",
                    symbol="range",
                    param=target or "",
                    in_model=self.in_model(),
                    detail=f"blocks built in a loop `for {target} in range({code_of(count_node).strip()})`",
                )
            )

    def visit_While(self, node: cst.While) -> None:
        pass

    # ── comparisons: early stopping patience and thresholds ──
    def visit_Comparison(self, node: cst.Comparison) -> None:
        if not self._in_function():
            return
        text = code_of(node)
        for comp in node.comparisons:
            num = comp.comparator
            if isinstance(num, (cst.Integer, cst.Float)):
                v = self.eval(num)
                left = code_of(node.left).strip()
                if re.search(
                    r"patience|no_improve|not_improv|increase|bad_epochs|wait|stop", left, re.I
                ):
                    self.f.items.append(
                        Item(
                            "epochs",
                            "early_stopping",
                            v,
                            self.line_of(num),
                            self._template_scope().key,
                            "structure",
                            symbol=left,
                            in_model=self.in_model(),
                            detail=f"early stopping: `{text.strip()[:60]}`",
                        )
                    )
                    self._skip_numbers += 0
                    return

    def _in_function(self) -> bool:
        return any(s.kind in ("function", "method") for s in self.scopes)

    # ── numbers written into model and training code ──
    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, cst.Add) and self.in_model() and self._in_function():
            self._residual(node)
        if not self._in_function():
            return
        for operand in (node.left, node.right):
            if isinstance(operand, (cst.Integer, cst.Float)) and not self._inside_shape_call():
                v = self.eval(operand)
                if (
                    v.state == LIT
                    and v.value not in _TRIVIAL_NUMBERS
                    and isinstance(v.value, float)
                ):
                    text = code_of(node).strip()
                    if len(text) > 90:
                        text = text[:87] + "..."
                    self.f.items.append(
                        Item(
                            "other",
                            "constant",
                            v,
                            self.line_of(operand),
                            self._template_scope().key,
                            "constant",
                            symbol="",
                            in_model=self.in_model(),
                            detail=f"constant in `{text}`",
                            display=f"{v.display()} in `{text}`",
                        )
                    )

    def _inside_shape_call(self) -> bool:
        for call, _ in self.call_stack[-2:]:
            f = call.func
            name = (
                f.attr.value
                if isinstance(f, cst.Attribute)
                else f.value
                if isinstance(f, cst.Name)
                else ""
            )
            if name in _SHAPE_METHODS:
                return True
        return False

    def _residual(self, node: cst.BinaryOperation) -> None:
        left, right = code_of(node.left).strip(), code_of(node.right).strip()
        simple = [s for s in (left, right) if re.fullmatch(r"[A-Za-z_][\w.]*", s)]
        hit = False
        for s in simple:
            other = right if s == left else left
            if _RESIDUAL_NAME.search(s) or re.search(rf"\(\s*{re.escape(s)}\s*[,)]", other):
                hit = True
        if hit:
            self.f.items.append(
                Item(
                    "residual",
                    "residual_connection",
                    unknown(f"{left} + {right}"[:80]),
                    self.lc.line,
                    self._template_scope().key,
                    "structure",
                    in_model=True,
                    detail=f"skip connection `{left} + {right}`"[:120],
                    display=f"{left} + {right}"[:80],
                )
            )

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.operator, cst.AddAssign) and self.in_model() and self._in_function():
            t, v = code_of(node.target).strip(), code_of(node.value).strip()
            if re.fullmatch(r"[A-Za-z_][\w.]*", v) and (
                _RESIDUAL_NAME.search(v) or v in ("x", "h", "inputs")
            ):
                self.f.items.append(
                    Item(
                        "residual",
                        "residual_connection",
                        unknown(f"{t} += {v}"),
                        self.lc.line,
                        self._template_scope().key,
                        "structure",
                        in_model=True,
                        detail=f"skip connection `{t} += {v}`",
                        display=f"{t} += {v}",
                    )
                )

    # ── dict configs ──
    def leave_Dict(self, node: cst.Dict) -> None:
        # on leaving, every element has been visited and its line is known
        if not _is_dict_config(node):
            return
        in_call = self.call_stack[-1][0] if self.call_stack else None
        # `{'params': ..., 'lr': ...}` param groups and `**{...}` kwargs are read as settings too
        for el in node.elements:
            if not isinstance(el, cst.DictElement) or not isinstance(el.key, cst.SimpleString):
                continue
            key = evaluate(el.key).value
            if not isinstance(key, str):
                continue
            kind = setting_names.classify(key)
            if kind is None:
                continue
            v = self.eval(el.value)
            line = self.line_of(el)
            if v.state == LIT and not _is_setting_value(v.value):
                continue
            if v.state not in (LIT, REF):
                continue
            if isinstance(v.value, bool) and kind.kind == "other":
                continue
            v = Val(v.state, v.value, v.text, v.name, line=line)
            self.f.items.append(
                Item(
                    kind.kind,
                    kind.concept,
                    v,
                    line,
                    self._template_scope().key,
                    "dict",
                    symbol=key,
                    param=key,
                    in_model=self.in_model(),
                    detail=f"config key `{key}`" + (" in a call" if in_call is not None else ""),
                )
            )

    # ── calls ──
    def visit_Call(self, node: cst.Call) -> None:
        line = self.line_of(node)
        self.call_stack.append((node, line))
        func = node.func
        dotted = dotted_name(func)
        if dotted is None:
            # nn.ReLU()(x): the callee is itself a call; it is visited on its own
            return
        last = dotted.rsplit(".", 1)[-1]
        if last == "add_argument" and node.args and _string_arg(node.args[0]).startswith("-"):
            self._argparse(node, line)
            return
        if last.startswith("DEFINE_") and node.args:
            self._flag(node, line)
            return
        if last in ("option", "argument") and dotted.startswith("click."):
            self._click(node, line)
            return
        if last == "set_defaults":
            for a in node.args:
                if a.keyword is not None:
                    self._setting_from_call(a.keyword.value, self.eval(a.value), line, "argparse")
            return
        if last == "apply" and node.args:
            n = dotted_name(node.args[0].value)
            if n:
                self.f.applied.add(n.rsplit(".", 1)[-1])
        if last in ("compile",) and isinstance(func, cst.Attribute):
            self._keras_compile(node, line)
        if last in ("fit", "fit_generator") and isinstance(func, cst.Attribute):
            self._keras_fit(node, line)
        if (
            last in _INIT_METHODS
            and isinstance(func, cst.Attribute)
            and re.search(r"weight|bias|data", code_of(func.value))
        ):
            self.f.items.append(
                Item(
                    "init",
                    "custom_init",
                    unknown(code_of(node).strip()[:80]),
                    line,
                    self._template_scope().key,
                    "call",
                    symbol=last,
                    in_model=self.in_model(),
                    detail="weights initialized in place",
                    display=code_of(node).strip()[:80],
                )
            )
        q = self.qualify(dotted)
        if q is not None and q in self.table:
            self._library_call(self.table[q], node, line)
            return
        if q is not None and q.split(".")[0] in (
            "torch",
            "tensorflow",
            "keras",
            "numpy",
            "jax",
            "flax",
            "optax",
            "torchvision",
            "transformers",
            "sklearn",
            "math",
            "os",
            "sys",
            "random",
            "np",
        ):
            return
        # a call into the project: this file's own function/class, an imported one, or self.method
        if dotted.startswith("self.") and dotted.count(".") == 1:
            target = f"self.{last}"
        elif q is not None:
            target = q
        elif "." not in dotted:
            target = dotted
        else:
            return
        self._template_call(target, node, line)

    def leave_Call(self, node: cst.Call) -> None:
        self.call_stack.pop()

    def _args(self, node: cst.Call) -> tuple[list[Val], dict[str, Val]]:
        positional: list[Val] = []
        keywords: dict[str, Val] = {}
        for a in node.args:
            if a.star == "*":
                positional.append(STAR)  # type: ignore[arg-type]
            elif a.star == "**":
                keywords["**"] = unknown(code_of(a.value))
            elif a.keyword is not None:
                keywords[a.keyword.value] = self.eval(a.value)
            else:
                positional.append(self.eval(a.value))
        for v in (*positional, *keywords.values()):
            if isinstance(v, Val) and v.state == PARAM:
                self.f.param_uses.add(v.name)
        # a parameter used inside an argument expression (`Linear(2 * width)`) is consumed too
        for name in re.findall(r"[A-Za-z_]\w*", code_of(node)[len(code_of(node.func)) :]):
            found = self.resolver()(name)
            if found is not None and found.state == PARAM:
                self.f.param_uses.add(found.name)
        return positional, keywords

    def _template_call(self, target: str, node: cst.Call, line: int) -> None:
        positional, keywords = self._args(node)
        self.f.calls.append(
            TemplateCall(
                target,
                line,
                self._template_scope().key,
                positional,
                keywords,
                self.in_model(),
                assigned_to=self.assign_target[-1] if self.assign_target else "",
            )
        )
        self.f.templates_called = getattr(self.f, "templates_called", set())

    def _library_call(self, spec: Callable_, node: cst.Call, line: int) -> None:
        positional, keywords = self._args(node)
        bound, _complete = spec.bind(positional, keywords)
        scope_key = self._template_scope().key
        in_model = self.in_model()
        if spec.only_in_model and not in_model:
            return
        if spec.needs and not all(n in bound for n in spec.needs):
            return
        group = f"{line}:{len(self.f.items)}"
        short = _short(spec.qualname)
        target_name = self.assign_target[-1] if self.assign_target else ""
        if spec.kind is not None:
            concept, kind, display = spec.concept, spec.kind, short
            if spec.value_param:
                v = bound.get(spec.value_param)
                if v is not None and v.state == LIT and isinstance(v.value, str):
                    from paperlint.vocab import concept_for_code_string

                    c = concept_for_code_string(v.value)
                    concept = c or v.value
                    display = f"{short}({v.value!r})"
            from paperlint.vocab import concept as vocab_concept

            vc = vocab_concept(concept)
            conventional = spec.conventional_component or bool(vc and vc.conventional)
            obviousness = "conventional" if conventional else "deliberate"
            value = lit(display, display)
            # Dropout(0.3): the rate *is* the dropout choice, not a second one
            folded = [n for n, k in spec.arg_kinds.items() if k == spec.kind]
            if len(folded) == 1:
                fp = spec.param(folded[0])
                fv = bound.get(folded[0])
                if fv is None and fp is not None and fp.has_default and folded[0] in spec.always:
                    fv = Val(LIT, fp.default, fp.default_text or repr(fp.default), line=line)
                if fv is not None and fv is not STAR:
                    value = fv
                    display = f"{short}({fv.display()})"
                    if fv.state == PARAM:
                        display = ""
            self.f.items.append(
                Item(
                    kind,
                    concept,
                    value,
                    line,
                    scope_key,
                    "call",
                    symbol=spec.qualname,
                    framework=spec.framework,
                    in_model=in_model,
                    obviousness=obviousness,
                    group=group,
                    display=display,
                    detail=_call_detail(short, bound),
                )
            )
        if (
            in_model
            and self.scope.kind in ("method", "function")
            and (
                self.scope.name in ("__init__", "build", "setup", "__call__") or self.assign_target
            )
        ):
            self.f.layers.append(
                LayerUse(scope_key, target_name, spec.qualname, spec.concept, spec.kind, line)
            )
        for p in spec.params:
            name = p.name
            if name.startswith("*") or name in spec.plumbing or name == spec.value_param:
                continue
            if (
                spec.kind is not None
                and spec.arg_kinds.get(name) == spec.kind
                and len([k for k in spec.arg_kinds.values() if k == spec.kind]) == 1
            ):
                continue  # folded into the component choice above
            given = name in bound
            if not given and name not in spec.always:
                continue
            if given:
                v = bound[name]
                if v is STAR:
                    continue
                if v.state == LIT and p.has_default and _same(v.value, p.default):
                    obv = "default"
                elif (
                    v.state == LIT
                    and name in spec.conventional
                    and any(_same(v.value, c) for c in spec.conventional[name])
                ):
                    obv = "conventional"
                else:
                    obv = "deliberate"
            else:
                if not p.has_default:
                    continue
                v = Val(LIT, p.default, p.default_text or repr(p.default), line=line)
                obv = "default"
            if obv == "default" and name not in spec.always:
                continue  # a default value written out is not a choice of its own
            kind = spec.arg_kinds.get(name, "other")
            concept = _arg_concept(spec, name, kind, v)
            self.f.items.append(
                Item(
                    kind,
                    concept,
                    v,
                    line if not given else (v.line or line),
                    scope_key,
                    "argument",
                    symbol=spec.qualname,
                    param=name,
                    framework=spec.framework,
                    in_model=in_model,
                    obviousness=obv,
                    group=group,
                    detail=f"{short}({name}=...)"
                    + (" (library default)" if obv == "default" else ""),
                )
            )

    def _setting_from_call(self, name: str, v: Val, line: int, source: str) -> None:
        kind = setting_names.classify(name)
        if kind is None:
            return
        if v.state == LIT and v.value is not None and not _is_setting_value(v.value):
            return
        if v.state == LIT and isinstance(v.value, bool) and kind.kind == "other":
            return
        self.f.items.append(
            Item(
                kind.kind,
                kind.concept,
                v,
                line,
                self._template_scope().key,
                source,
                symbol=name,
                param=name,
                in_model=False,
                detail=f"{source} option `{name}`",
            )
        )

    def _argparse(self, node: cst.Call, line: int) -> None:
        flags = [_string_arg(a) for a in node.args if a.keyword is None]
        longs = [f for f in flags if f.startswith("--")] or flags
        dest = None
        default = None
        choices = None
        action = ""
        for a in node.args:
            if a.keyword is None:
                continue
            k = a.keyword.value
            if k == "dest":
                dest = _string_arg(a)
            elif k == "default":
                default = self.eval(a.value)
            elif k == "choices":
                choices = a
            elif k == "action":
                action = _string_arg(a)
        name = dest or (longs[0] if longs else "")
        if not name:
            return
        if default is None:
            if action in ("store_true", "store_false"):
                default = lit(
                    action == "store_false", "False" if action == "store_true" else "True"
                )
            else:
                default = Val("unset", None, "(no default)")
        v = Val(default.state, default.value, default.text, default.name, line=line)
        self._setting_from_call(setting_names.normalize_name(name), v, line, "argparse")
        _ = choices

    def _flag(self, node: cst.Call, line: int) -> None:
        name = _string_arg(node.args[0])
        if not name:
            return
        v = (
            self.eval(node.args[1].value)
            if len(node.args) > 1
            else Val("unset", None, "(no default)")
        )
        v = Val(v.state, v.value, v.text, v.name, line=line)
        self._setting_from_call(name, v, line, "flag")

    def _click(self, node: cst.Call, line: int) -> None:
        flags = [_string_arg(a) for a in node.args if a.keyword is None]
        name = next((f for f in flags if f.startswith("--")), flags[0] if flags else "")
        default = next(
            (
                self.eval(a.value)
                for a in node.args
                if a.keyword is not None and a.keyword.value == "default"
            ),
            None,
        )
        if name:
            self._setting_from_call(
                setting_names.normalize_name(name),
                default or Val("unset", None, "(no default)"),
                line,
                "click",
            )

    def _keras_compile(self, node: cst.Call, line: int) -> None:
        from paperlint.vocab import concept_for_code_string

        for a in node.args:
            if a.keyword is None or a.keyword.value not in ("optimizer", "loss"):
                continue
            v = self.eval(a.value)
            values = (
                v.value
                if v.state == LIT and isinstance(v.value, (list, tuple))
                else [v.value]
                if v.state == LIT
                else []
            )
            for s in values:
                if isinstance(s, str):
                    concept = concept_for_code_string(s) or s
                    kind = a.keyword.value
                    self.f.items.append(
                        Item(
                            kind,
                            concept,
                            lit(s),
                            line,
                            self._template_scope().key,
                            "call",
                            symbol="compile",
                            param=kind,
                            framework="keras",
                            in_model=self.in_model(),
                            detail=f"compile({kind}={s!r})",
                            display=repr(s),
                        )
                    )

    def _keras_fit(self, node: cst.Call, line: int) -> None:
        for a in node.args:
            if a.keyword is None:
                continue
            k = a.keyword.value
            kind = {"epochs": "epochs", "batch_size": "batch_size", "steps_per_epoch": "other"}.get(
                k
            )
            if kind:
                v = self.eval(a.value)
                self.f.items.append(
                    Item(
                        kind,
                        k,
                        v,
                        line,
                        self._template_scope().key,
                        "argument",
                        symbol="fit",
                        param=k,
                        framework="keras",
                        detail=f"fit({k}=...)",
                    )
                )

    # ── comments: inline suppressions ──
    def visit_Comment(self, node: cst.Comment) -> None:
        m = _SUPPRESS.search(node.value)
        if m:
            rules = tuple(r.strip() for r in (m.group(1) or "").split(",") if r.strip())
            self.f.suppressions.append((self.lc.line, rules, (m.group(2) or "").strip()))


def _string_arg(arg: cst.Arg) -> str:
    v = arg.value
    if isinstance(v, cst.SimpleString):
        try:
            s = evaluate(v).value
        except Exception:
            return ""
        return s if isinstance(s, str) else ""
    return ""


def _same(a: object, b: object) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (list, tuple)) and not isinstance(b, (list, tuple)):
        return len(a) > 0 and all(_same(x, b) for x in a)
    if isinstance(b, (list, tuple)) and not isinstance(a, (list, tuple)):
        return _same(b, a)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))
    return a == b


def _is_setting_value(v: object) -> bool:
    if v is None:
        return True
    if isinstance(v, (bool, int, float)):
        return True
    if isinstance(v, str):
        return 0 < len(v) <= 40 and not re.search(
            r"[/\\]|\.(pt|pth|ckpt|h5|hdf5|json|ya?ml|txt|csv|npy|pkl|png|jpg)$|\s{2,}", v
        )
    if isinstance(v, (list, tuple)):
        return 0 < len(v) <= 16 and all(
            isinstance(x, (int, float, str)) and not isinstance(x, bool) for x in v
        )
    return False


def _arg_concept(spec: Callable_, name: str, kind: str, v: Val) -> str:
    if kind == "activation" and v.state == LIT and isinstance(v.value, str):
        from paperlint.vocab import concept_for_code_string

        return concept_for_code_string(v.value.rsplit(".", 1)[-1]) or v.value
    if kind in (
        "learning_rate",
        "weight_decay",
        "momentum",
        "dropout",
        "channels",
        "kernel_size",
        "depth",
        "heads",
        "batch_size",
        "epochs",
        "warmup",
    ):
        return {"channels": "width"}.get(kind, kind)
    return f"{spec.concept}.{name}"


def _call_detail(short: str, bound: dict[str, Val]) -> str:
    shown = []
    for k, v in bound.items():
        if v is STAR or k == "**":
            continue
        shown.append(f"{k}={v.display()}")
        if len(shown) == 4:
            break
    return f"{short}({', '.join(shown)})"


def analyze(source: str, path: str, module: str) -> FileFacts:
    """All the facts one Python 3 source file holds. Raises libcst's ParserSyntaxError."""
    tree = cst.parse_module(source)
    facts = FileFacts(path=path, module=module, imports=ImportTable(module=module))
    facts.lines = source.count("\n") + 1
    facts.source_lines = source.splitlines()
    tree.visit(_Analyzer(facts))
    return facts
