"""Static values: what an expression in the audited code is worth, without running it.

A :class:`Val` is a literal (``3``, ``1e-4``, ``"relu"``, ``(3, 3)``), a reference to a parameter
of the enclosing function (filled in when a call site binds it), a reference to a setting
(``args.lr``, ``cfg["lr"]``: resolved later against argparse defaults and config files), or
unknown. Arithmetic on literals is folded (``10 ** -4``, ``2 * base``) by a tiny evaluator that
accepts numbers only and caps exponents: no ``eval``, no imports, nothing executed.
"""

from __future__ import annotations

import ast
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import libcst as cst

LIT, PARAM, REF, UNKNOWN = "lit", "param", "ref", "unknown"

#: Names a config object is usually called; ``args.lr`` and ``self.args.lr`` are settings.
SETTING_OBJECTS = frozenset(
    [
        "args",
        "arg",
        "opt",
        "opts",
        "options",
        "config",
        "cfg",
        "conf",
        "configs",
        "hparams",
        "hparam",
        "hp",
        "hps",
        "params",
        "param",
        "flags",
        "FLAGS",
        "settings",
        "setting",
        "hyperparams",
        "hyperparameters",
        "hyper_params",
        "model_args",
        "training_args",
        "train_args",
        "train_config",
        "model_config",
        "run_config",
        "exp_config",
        "c",
        "C",
    ]
)


@dataclass(frozen=True)
class Val:
    """A statically known (or knowingly unknown) value of an expression."""

    state: str  # lit | param | ref | unknown
    value: Any = None  # the Python literal when state == lit
    text: str = ""  # the source text, for display
    name: str = ""  # parameter name (param) or setting key (ref)
    line: int = 0  # where the value was written (0: unknown); a choice is reported there
    default: Any = None  # for a parameter: the Val of its default, if it has one
    via: int = 0  # when the value reached its use through a name: the line it was written on
    #: a setting reference's full key after its config object (``cfg.SOLVER.BASE_LR`` →
    #: ``SOLVER.BASE_LR``); ``name`` is its last part
    path: str = ""

    @property
    def known(self) -> bool:
        return self.state == LIT

    def display(self) -> str:
        if self.state == LIT:
            return format_literal(self.value)
        return self.text

    def numbers(self) -> tuple[float, ...]:
        """The numbers in a known value: ``3`` → (3.0,), ``(3, 3)`` → (3.0, 3.0)."""
        if self.state != LIT:
            return ()
        return _numbers(self.value)


def _numbers(value: Any) -> tuple[float, ...]:
    if isinstance(value, bool):
        return ()
    if isinstance(value, (int, float)):
        return (float(value),)
    if isinstance(value, (tuple, list)):
        out: list[float] = []
        for v in value:
            out.extend(_numbers(v))
        return tuple(out)
    return ()


def lit(value: Any, text: str = "") -> Val:
    return Val(LIT, value, text or format_literal(value))


def unknown(text: str) -> Val:
    return Val(UNKNOWN, None, text)


def format_literal(value: Any) -> str:
    if isinstance(value, float):
        if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e6):
            return f"{value:.6g}"
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, tuple):
        return (
            "("
            + ", ".join(format_literal(v) for v in value)
            + ("," if len(value) == 1 else "")
            + ")"
        )
    if isinstance(value, list):
        return "[" + ", ".join(format_literal(v) for v in value) + "]"
    return repr(value)


# ── the evaluator ─────────────────────────────────────────────────────────────────────────────

_MAX_EXPONENT = 400
_MAX_SEQUENCE = 64

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    cst.Add: lambda a, b: a + b,
    cst.Subtract: lambda a, b: a - b,
    cst.Multiply: lambda a, b: a * b,
    cst.Divide: lambda a, b: a / b,
    cst.FloorDivide: lambda a, b: a // b,
    cst.Modulo: lambda a, b: a % b,
    cst.Power: lambda a, b: a**b,
}

#: Builtins whose result on literal arguments is itself a literal.
_PURE_CALLS: dict[str, Callable[..., Any]] = {
    "int": int,
    "float": float,
    "round": round,
    "abs": abs,
    "min": min,
    "max": max,
    "tuple": tuple,
    "list": list,
    "bool": bool,
}

Resolver = Callable[[str], "Val | None"]


def code_of(node: cst.CSTNode) -> str:
    """The exact source of ``node`` (libcst codegen: slow on big nodes; see :func:`expr_text`)."""
    return cst.Module(body=[]).code_for_node(node)


_OPS: dict[type, str] = {
    cst.Add: "+",
    cst.Subtract: "-",
    cst.Multiply: "*",
    cst.Divide: "/",
    cst.FloorDivide: "//",
    cst.Modulo: "%",
    cst.Power: "**",
    cst.MatrixMultiply: "@",
    cst.LeftShift: "<<",
    cst.RightShift: ">>",
    cst.BitAnd: "&",
    cst.BitOr: "|",
    cst.BitXor: "^",
    cst.And: "and",
    cst.Or: "or",
    cst.Minus: "-",
    cst.Plus: "+",
    cst.Not: "not ",
    cst.BitInvert: "~",
    cst.Equal: "==",
    cst.NotEqual: "!=",
    cst.LessThan: "<",
    cst.LessThanEqual: "<=",
    cst.GreaterThan: ">",
    cst.GreaterThanEqual: ">=",
    cst.In: "in",
    cst.NotIn: "not in",
    cst.Is: "is",
    cst.IsNot: "is not",
}


class _TooLong(Exception):
    pass


def expr_text(node: cst.CSTNode, limit: int = 80) -> str:
    """A one-line rendering of an expression for display, cut at about ``limit`` characters.

    Whitespace and comments are normalised away; much cheaper than libcst's codegen, which
    builds the text of the whole node even when only its start is shown.
    """
    out: list[str] = []
    budget = [limit + 4]

    def put(s: str) -> None:
        out.append(s)
        budget[0] -= len(s)
        if budget[0] < 0:
            raise _TooLong

    def seq(items: list, sep: str = ", ") -> None:
        for i, x in enumerate(items):
            if i:
                put(sep)
            go(x)

    def go(n: cst.CSTNode) -> None:
        parens = getattr(n, "lpar", None)
        if parens and type(parens) in (tuple, list):
            put("(" * len(parens))
            render(n)
            put(")" * len(parens))
        else:
            render(n)

    def render(n: cst.CSTNode) -> None:
        t = type(n)
        if t is cst.Name:
            put(n.value)  # type: ignore[attr-defined]
        elif t is cst.Attribute:
            go(n.value)  # type: ignore[attr-defined]
            put("." + n.attr.value)  # type: ignore[attr-defined]
        elif t in (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString):
            put(n.value)  # type: ignore[attr-defined]
        elif t is cst.Call:
            go(n.func)  # type: ignore[attr-defined]
            put("(")
            seq(list(n.args))  # type: ignore[attr-defined]
            put(")")
        elif t is cst.Arg:
            put(n.star)  # type: ignore[attr-defined]
            if n.keyword is not None:  # type: ignore[attr-defined]
                put(n.keyword.value + "=")  # type: ignore[attr-defined]
            go(n.value)  # type: ignore[attr-defined]
        elif t is cst.Subscript:
            go(n.value)  # type: ignore[attr-defined]
            put("[")
            seq(list(n.slice))  # type: ignore[attr-defined]
            put("]")
        elif t is cst.SubscriptElement:
            go(n.slice)  # type: ignore[attr-defined]
        elif t is cst.Index:
            go(n.value)  # type: ignore[attr-defined]
        elif t is cst.Slice:
            if n.lower is not None:  # type: ignore[attr-defined]
                go(n.lower)  # type: ignore[attr-defined]
            put(":")
            if n.upper is not None:  # type: ignore[attr-defined]
                go(n.upper)  # type: ignore[attr-defined]
            if n.step is not None:  # type: ignore[attr-defined]
                put(":")
                go(n.step)  # type: ignore[attr-defined]
        elif t in (cst.BinaryOperation, cst.BooleanOperation):
            go(n.left)  # type: ignore[attr-defined]
            put(f" {_OPS.get(type(n.operator), '?')} ")  # type: ignore[attr-defined]
            go(n.right)  # type: ignore[attr-defined]
        elif t is cst.UnaryOperation:
            put(_OPS.get(type(n.operator), "?"))  # type: ignore[attr-defined]
            go(n.expression)  # type: ignore[attr-defined]
        elif t is cst.Comparison:
            go(n.left)  # type: ignore[attr-defined]
            for c in n.comparisons:  # type: ignore[attr-defined]
                put(f" {_OPS.get(type(c.operator), '?')} ")
                go(c.comparator)
        elif t in (cst.Tuple, cst.List, cst.Set):
            o, c = {cst.Tuple: "()", cst.List: "[]", cst.Set: "{}"}[t]
            if t is cst.Tuple and n.lpar:  # type: ignore[attr-defined]
                o, c = "", ""  # its own parentheses are written around it
            put(o)
            seq(list(n.elements))  # type: ignore[attr-defined]
            if t is cst.Tuple and len(n.elements) == 1:  # type: ignore[attr-defined]
                put(",")
            put(c)
        elif t in (cst.Element, cst.StarredElement):
            if t is cst.StarredElement:
                put("*")
            go(n.value)  # type: ignore[attr-defined]
        elif t is cst.IfExp:
            go(n.body)  # type: ignore[attr-defined]
            put(" if ")
            go(n.test)  # type: ignore[attr-defined]
            put(" else ")
            go(n.orelse)  # type: ignore[attr-defined]
        elif t is cst.Lambda:
            params = n.params.params  # type: ignore[attr-defined]
            body = n.body  # type: ignore[attr-defined]
            if (
                len(params) == 1
                and isinstance(body, cst.Name)
                and body.value == params[0].name.value
            ):
                put(f"lambda {body.value}: {body.value}")  # the identity, spelled out
            else:
                put("lambda ...")
        elif t in (cst.ListComp, cst.GeneratorExp, cst.SetComp, cst.DictComp):
            put("[...]" if t is cst.ListComp else "(...)" if t is cst.GeneratorExp else "{...}")
        elif t is cst.Dict:
            put("{...}" if n.elements else "{}")  # type: ignore[attr-defined]
        elif t is cst.Ellipsis:
            put("...")
        elif t in (cst.FormattedString, cst.ConcatenatedString):
            put("'...'")
        elif t is cst.Await:
            put("await ")
            go(n.expression)  # type: ignore[attr-defined]
        else:
            put(code_of(n).strip() if budget[0] > 0 else "...")

    try:
        go(node)
        text = "".join(out)
    except _TooLong:
        text = "".join(out)
    except RecursionError:
        text = "".join(out) or "..."
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def evaluate(node: cst.BaseExpression, resolve_name: Resolver | None = None, depth: int = 0) -> Val:
    """The static value of ``node``; ``resolve_name`` looks a bare name up in the enclosing scopes."""
    try:
        return _evaluate(node, resolve_name, depth)
    except (ArithmeticError, ValueError, TypeError, OverflowError, RecursionError):
        return unknown(_text(node))


def _text(node: cst.CSTNode) -> str:
    return expr_text(node)


def _evaluate(node: cst.BaseExpression, resolve: Resolver | None, depth: int) -> Val:
    if depth > 30:
        return unknown(_text(node))
    ev = lambda n: _evaluate(n, resolve, depth + 1)  # noqa: E731
    if isinstance(node, cst.Integer):
        return lit(_int(node.value), node.value)
    if isinstance(node, cst.Float):
        return lit(float(node.value.replace("_", "")), node.value)
    if isinstance(node, cst.SimpleString):
        return lit(_string(node.value), node.value)
    if isinstance(node, cst.ConcatenatedString):
        left, right = ev(node.left), ev(node.right)
        if left.known and right.known:
            return lit(left.value + right.value)
        return unknown(_text(node))
    if isinstance(node, cst.Name):
        if node.value in ("True", "False", "None"):
            return lit({"True": True, "False": False, "None": None}[node.value], node.value)
        if resolve is not None:
            found = resolve(node.value)
            if found is not None:
                return found
        return unknown(node.value)
    if isinstance(node, cst.UnaryOperation):
        inner = ev(node.expression)
        if not inner.known or not isinstance(inner.value, (int, float)):
            return unknown(_text(node))
        op = node.operator
        if isinstance(op, cst.Minus):
            return lit(-inner.value, _text(node))
        if isinstance(op, cst.Plus):
            return lit(+inner.value, _text(node))
        if isinstance(op, cst.Not):
            return lit(not inner.value, _text(node))
        return unknown(_text(node))
    if isinstance(node, cst.BinaryOperation):
        left, right = ev(node.left), ev(node.right)
        fn = _BINOPS.get(type(node.operator))
        if fn is None or not (left.known and right.known):
            return unknown(_text(node))
        a, b = left.value, right.value
        if not (_is_number(a) and _is_number(b)):
            if (
                isinstance(node.operator, cst.Add)
                and type(a) is type(b)
                and isinstance(a, (str, tuple, list))
            ):
                return lit(a + b, _text(node))
            return unknown(_text(node))
        if isinstance(node.operator, cst.Power) and (abs(b) > _MAX_EXPONENT or abs(a) > 1e6):
            return unknown(_text(node))
        result = fn(a, b)
        if isinstance(result, float) and not math.isfinite(result):
            return unknown(_text(node))
        return lit(result, _text(node))
    if isinstance(node, (cst.Tuple, cst.List)):
        if len(node.elements) > _MAX_SEQUENCE:
            return unknown(_text(node))
        items = []
        for el in node.elements:
            if isinstance(el, cst.StarredElement):
                return unknown(_text(node))
            v = ev(el.value)
            if not v.known:
                return unknown(_text(node))
            items.append(v.value)
        return lit(tuple(items) if isinstance(node, cst.Tuple) else items, _text(node))
    if isinstance(node, (cst.Attribute, cst.Subscript)):
        if (
            resolve is not None
            and isinstance(node, cst.Attribute)
            and isinstance(node.value, cst.Name)
            and node.value.value == "self"
        ):
            found = resolve(f"self.{node.attr.value}")
            if found is not None:
                return found
        key = setting_key(node)
        if key is not None:
            return Val(REF, None, _text(node), key, path=setting_path(node) or key)
        entry_of = _setting_entry_of(node)
        if entry_of is not None:
            # `config.hidden_sizes[task_id]`: one entry of a setting given per task or stage;
            # the value is that setting's, asked where the setting is written
            key = setting_key(entry_of)
            return Val(REF, None, _text(node), key or "", path=setting_path(entry_of) or key or "")
        return unknown(_text(node))
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value in _PURE_CALLS
    ):
        if (
            node.func.value in ("int", "float", "round", "abs")
            and len(node.args) == 1
            and node.args[0].keyword is None
            and not node.args[0].star
        ):
            inner = ev(node.args[0].value)
            if inner.state in (PARAM, REF):
                return inner  # a conversion does not change which setting the value is
        args = []
        for a in node.args:
            if a.keyword is not None or a.star:
                return unknown(_text(node))
            v = ev(a.value)
            if not v.known:
                return unknown(_text(node))
            args.append(v.value)
        if node.func.value in ("int", "float", "round", "abs") and not all(
            _is_number(x) or isinstance(x, str) for x in args
        ):
            return unknown(_text(node))
        return lit(_PURE_CALLS[node.func.value](*args), _text(node))
    return unknown(_text(node))


def _int(text: str) -> int:
    t = text.replace("_", "").lower()
    if t.startswith(("0x", "0o", "0b")):
        return int(t, 0)
    if len(t) > 1 and t.startswith("0") and t.strip("0"):
        return int(t, 8)  # Python 2 octal, rewritten by py2.py; kept exact here
    return int(t)


@functools.lru_cache(maxsize=8192)
def _string(text: str) -> Any:
    return ast.literal_eval(text)


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def setting_key(node: cst.BaseExpression) -> str | None:
    """``args.lr``, ``self.args.lr``, ``cfg["lr"]``, ``config.optim.lr`` → ``"lr"``; else None.

    A key is only taken when the object looks like a settings object (``args``, ``cfg``, ``FLAGS``,
    ``self.config`` ...), so ``self.conv1`` or ``torch.float32`` are not mistaken for settings.
    """
    if isinstance(node, cst.Attribute):
        base = node.value
        chain = _dotted(base)
        if chain is None:
            return None
        parts = chain.split(".")
        if any(p in SETTING_OBJECTS for p in parts) or parts[-1].lower().endswith(
            ("args", "config", "cfg", "flags", "params")
        ):
            return node.attr.value
        return None
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        sl = node.slice[0].slice
        if isinstance(sl, cst.Index) and isinstance(sl.value, cst.SimpleString):
            key = ast.literal_eval(sl.value.value)
            chain = _dotted(node.value)
            if isinstance(key, str) and chain is not None:
                parts = chain.split(".")
                if any(p in SETTING_OBJECTS for p in parts) or parts[-1].lower().endswith(
                    ("args", "config", "cfg", "params", "hparams")
                ):
                    return key
                inner = (
                    setting_key(node.value)
                    if isinstance(node.value, (cst.Attribute, cst.Subscript))
                    else None
                )
                if inner is not None:
                    return key
    return None


def _setting_entry_of(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """``cfg.sizes[i]``, ``args.widths[0]``: a setting read at a position (a name or a number,
    not a string key) → the setting read (``cfg.sizes``); else None. Only where a value is
    read: an assignment to ``cfg.sizes[0]`` sets no setting of its own."""
    if not (isinstance(node, cst.Subscript) and len(node.slice) == 1):
        return None
    sl = node.slice[0].slice
    if not (isinstance(sl, cst.Index) and isinstance(sl.value, (cst.Name, cst.Integer))):
        return None
    if isinstance(node.value, (cst.Attribute, cst.Subscript)) and setting_key(node.value):
        return node.value
    return None


def setting_path(node: cst.BaseExpression) -> str | None:
    """The full key of a setting reference after its config object: ``cfg.MODEL.FCOS.NUM_CONVS``
    → ``MODEL.FCOS.NUM_CONVS``, ``self.args.lr`` → ``lr``, ``cfg["model"]["lr"]`` → ``model.lr``."""
    parts = _parts(node)
    if not parts:
        return None
    for i, p in enumerate(parts[:-1]):
        if p in SETTING_OBJECTS or p.lower().endswith(_SETTING_SUFFIXES):
            return ".".join(parts[i + 1 :])
    return None


_SETTING_SUFFIXES = ("args", "config", "cfg", "flags", "params")


def _parts(node: cst.BaseExpression, depth: int = 0) -> list[str]:
    if depth > 30:
        return []
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, cst.Attribute):
        inner = _parts(node.value, depth + 1)
        return [*inner, node.attr.value] if inner else []
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        sl = node.slice[0].slice
        if isinstance(sl, cst.Index) and isinstance(sl.value, cst.SimpleString):
            try:
                key = ast.literal_eval(sl.value.value)
            except (ValueError, SyntaxError):
                return []
            inner = _parts(node.value, depth + 1)
            return [*inner, key] if inner and isinstance(key, str) else []
    return []


def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr.value}" if inner else None
    if isinstance(node, cst.Subscript):
        return _dotted(node.value)
    return None


def dotted_name(node: cst.BaseExpression) -> str | None:
    """``torch.nn.Conv2d`` for the expression ``torch.nn.Conv2d``; None for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        inner = dotted_name(node.value)
        return f"{inner}.{node.attr.value}" if inner else None
    return None


def substitute(val: Val, bindings: Mapping[str, Val]) -> Val:
    """Replace a parameter reference by what a call site bound to it."""
    if val.state == PARAM and val.name in bindings:
        return bindings[val.name]
    return val
