"""A fast, source-ordered walk over a libcst tree.

libcst's own ``node.visit(visitor)`` rebuilds every node it passes (``_visit_and_replace_children``
returns a fresh copy), which on a large file costs as much again as ``parse_module``. paperlint
only reads the tree, so :func:`walk` follows each node's fields directly, in the order libcst itself
visits them (that is source order, which :class:`~paperlint.code.lines.LineCounter` relies on).

The order is read once per node type from the ``visit_*(self, "field", ...)`` calls in the type's
``_visit_and_replace_children`` (the one place libcst writes it down), so it follows whatever
libcst version is installed: from the string constants of its compiled code, which Python keeps
in the order the source first uses them (reading the source itself cost 0.05 s a run).
``tests/test_code_lines.py`` checks the resulting line numbers against libcst's
``PositionProvider``, and the order against one read from the source.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import libcst as cst

_ORDER: dict[type, tuple[str, ...]] = {}


def field_order(cls: type) -> tuple[str, ...]:
    """The names of ``cls``'s child fields in the order libcst visits them."""
    order = _ORDER.get(cls)
    if order is not None:
        return order
    known = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
    names: list[str] = []
    method = getattr(cls, "_visit_and_replace_children", None)
    code = getattr(method, "__code__", None)
    if code is not None:
        for const in _string_constants(code):
            if const in known and const not in names:
                names.append(const)
    order = tuple(names)
    if not order and known:
        # no child visited by name (FormattedStringText(value=self.value)): declaration order
        order = tuple(f.name for f in dataclasses.fields(cls))
    _ORDER[cls] = order
    return order


def _string_constants(code: types.CodeType) -> Iterator[str]:
    """The string constants of ``code`` and the code nested in it, in source order."""
    for const in code.co_consts:
        if isinstance(const, str):
            yield const
        elif isinstance(const, types.CodeType):
            yield from _string_constants(const)


Handler = Callable[[Any], Any]
_NODE_TYPES: dict[type, bool] = {}
_TEXT_TYPES = (cst.SimpleString, cst.FormattedStringText, cst.SimpleWhitespace)


def _is_node_type(t: type) -> bool:
    known = _NODE_TYPES.get(t)
    if known is None:
        known = _NODE_TYPES[t] = issubclass(t, cst.CSTNode)
    return known


class Walker:
    """Drive a visitor over a tree with the :class:`libcst.CSTVisitor` protocol —
    ``visit_<Type>(node)`` (returning False skips the children), the children, then
    ``leave_<Type>(node)`` — without copying, counting lines as it goes.

    :attr:`line` is the current line; :meth:`line_of` the first line of a node of one of the
    ``remember`` types once it has been entered (see :class:`~paperlint.code.lines.LineCounter`
    for how lines are counted without metadata).
    """

    def __init__(self, visitor: Any, remember: tuple[type, ...] = ()) -> None:
        self.visitor = visitor
        self.line = 1
        self.lines: dict[int, int] = {}
        self._remember = frozenset(remember)
        #: node id → callback run just before that node is entered (an ``else`` branch flips
        #: the condition the visitor is tracking)
        self.hooks: dict[int, Callable[[], None]] = {}
        self._dispatch: dict[type, tuple[tuple[str, ...], Handler | None, Handler | None, int]] = {}

    def line_of(self, node: cst.CSTNode) -> int:
        return self.lines.get(id(node), self.line)

    def _entry(self, t: type) -> tuple[tuple[str, ...], Handler | None, Handler | None, int]:
        name = t.__name__
        flags = 0
        if t is cst.Newline:
            flags |= 1
        elif t in _TEXT_TYPES:
            flags |= 2
        if dataclasses.is_dataclass(t) and any(f.name == "lpar" for f in dataclasses.fields(t)):
            flags |= 4
        if t in self._remember:
            flags |= 8
        entry = (
            field_order(t),
            getattr(self.visitor, f"visit_{name}", None),
            getattr(self.visitor, f"leave_{name}", None),
            flags,
        )
        self._dispatch[t] = entry
        return entry

    def walk(self, node: cst.CSTNode) -> None:
        dispatch = self._dispatch
        new_entry = self._entry
        lines = self.lines
        is_node = _NODE_TYPES
        paren_ws = cst.ParenthesizedWhitespace
        simple_ws = cst.SimpleWhitespace

        hooks = self.hooks

        def go(n: cst.CSTNode) -> None:
            if hooks:
                hook = hooks.pop(id(n), None)
                if hook is not None:
                    hook()
            t = type(n)
            entry = dispatch.get(t)
            if entry is None:
                entry = new_entry(t)
            fields, visit, leave, flags = entry
            if flags:
                line = self.line
                if flags & 1:
                    self.line += 1
                elif flags & 2:
                    self.line += n.value.count("\n")  # type: ignore[attr-defined]
                if flags & 4 and type(n.lpar) in (tuple, list):  # type: ignore[attr-defined]
                    # `(\n  value)`: the node starts after its own opening parentheses, whose
                    # newlines are counted when they are visited (after this)
                    for paren in n.lpar:  # type: ignore[attr-defined]
                        ws = paren.whitespace_after
                        if type(ws) is paren_ws:
                            line += 1 + len(ws.empty_lines)
                        elif type(ws) is simple_ws:
                            line += ws.value.count("\n")
                if flags & 8:
                    lines[id(n)] = line
            if visit is not None and visit(n) is False:
                if leave is not None:
                    leave(n)
                return
            for f in fields:
                v = getattr(n, f)
                vt = type(v)
                if vt is tuple or vt is list:
                    for x in v:
                        xt = type(x)
                        if is_node.get(xt) or (xt not in is_node and _is_node_type(xt)):
                            go(x)
                elif is_node.get(vt) or (vt not in is_node and _is_node_type(vt)):
                    go(v)
            if leave is not None:
                leave(n)

        go(node)


def names_in(
    node: cst.CSTNode,
    limit: int = 2000,
    children: Callable[[cst.CSTNode], Iterable[cst.CSTNode] | None] | None = None,
) -> set[str]:
    """The identifiers used in ``node`` (for small expressions: stops after ``limit`` nodes).

    ``children``, when given, may replace the nodes a node is read through: it returns the ones to
    read instead, or None for the usual fields (:func:`paperlint.code.dataflow.data_names_in`
    skips what is read only for its shape).
    """
    out: set[str] = set()
    stack: list[Any] = [node]
    seen = 0
    while stack and seen < limit:
        n = stack.pop()
        seen += 1
        t = type(n)
        if t is cst.Name:
            out.add(n.value)
            continue
        instead = children(n) if children is not None else None
        if instead is not None:
            stack.extend(instead)
            continue
        if t is cst.Attribute:
            stack.append(n.value)  # `self.x.y` uses `self`, not `x` or `y`
            continue
        for f in field_order(t):
            v = getattr(n, f)
            vt = type(v)
            if vt is tuple or vt is list:
                stack.extend(x for x in v if _is_node_type(type(x)))
            elif _is_node_type(vt):
                stack.append(v)
    return out
