"""paperlint's records as plain JSON, exactly: what the cache stores and the code workers pass.

:func:`dumps` writes any value built of paperlint's dataclasses, ``None``, booleans, numbers,
strings, lists, tuples, dicts (of any keys), sets, frozensets, bytes, complex numbers,
``...`` and :mod:`ast` nodes (the syntax the passes that read the audited code keep);
:func:`loads` gives back an equal value of the same types (a tuple stays a tuple, ``1`` an int
and ``1.0`` a float, a record the same class), and a list, dict, set or record that two
places share comes back shared, as pickle gives it. Anything else (a parser's object, a
function, a value that contains itself) is refused with :class:`TypeError`: the caller does
not cache what cannot be written exactly.

Reading is as safe as the sandbox's unpickler (:mod:`paperlint.sandbox`): JSON only builds
builtins, and a record is built only for a dataclass defined in one of paperlint's modules, by
setting its fields (no constructor, no ``__setstate__``, nothing of the input is called), and a
syntax node only of a class of :mod:`ast` (data, never compiled or run here), so an entry that a
subverted worker or another program wrote stays data.

Every JSON object in the text is tagged by its ``""`` key: ``"r"`` a record (``n`` its class,
``v`` its fields' values in order), ``"d"`` a dict of string keys (the other keys), ``"p"`` any
other dict (``i``: key/value pairs), ``"t"`` a tuple, ``"s"``/``"f"`` a set/frozenset,
``"b"`` bytes (base64), ``"c"`` a complex number, ``"e"`` the ellipsis, ``"a"`` a syntax node
(``n`` its class, ``v`` its fields' values, ``p`` its position), ``"l"`` a list that is
shared, ``"@"`` a later place of a shared value (see :class:`_Encoder`).
"""

from __future__ import annotations

import ast
import base64
import dataclasses
import functools
import importlib
import json
from typing import Any

#: the records' field names by class (dataclasses.fields is slow to call for every record)
_FIELDS: dict[type, tuple[str, ...]] = {}


def dumps(obj: Any) -> bytes:
    """``obj`` as JSON text (ASCII bytes); :class:`TypeError` for what cannot be written
    exactly (see the module's docstring)."""
    try:
        data = _Encoder().run(obj)
        return json.dumps(data, separators=(",", ":"), allow_nan=True).encode("ascii")
    except RecursionError:
        raise TypeError("nested too deeply to be written") from None


def loads(data: bytes | str) -> Any:
    """The value :func:`dumps` wrote; :class:`ValueError` for anything else (malformed JSON,
    an unknown tag, a class that is not one of paperlint's records)."""
    try:
        return json.loads(data, object_hook=_Decoder())
    except (TypeError, KeyError, IndexError, AttributeError, RecursionError) as e:
        raise ValueError(f"not a record: {e}") from None


# ── writing ──────────────────────────────────────────────────────────────────────────────────


class _Encoder:
    """One value's encoding. A mutable value met twice (the same list in two records) is
    written once, its first place tagged with an anchor number (the tag becomes ``[tag, n]``)
    and every later place as ``{"": "@", "i": n}``: it comes back as one object, as pickle
    would give it. A list's first place is a plain array, so a list met twice is written again
    with its first place as ``{"": ["l", n], "i": [...]}``."""

    def __init__(self, shared_lists: frozenset[int] = frozenset()) -> None:
        # ids stay valid while writing: every value written is held by the value being written
        self.first: dict[int, Any] = {}  # id of a mutable value → its encoding
        self.anchors: dict[int, int] = {}  # id → anchor number, once met twice
        self.shared_lists = shared_lists
        self.lists_met_twice: set[int] = set()

    def run(self, obj: Any) -> Any:
        out = self.encode(obj)
        if self.lists_met_twice:  # written again, with their first places tagged
            return _Encoder(frozenset(self.lists_met_twice)).encode(obj)
        return out

    def again(self, obj: Any) -> dict | None:
        """The reference to a mutable value already written (None the first time: a value
        that contains itself is written until the recursion limit stops it)."""
        i = id(obj)
        if i not in self.first:
            return None
        n = self.anchors.get(i)
        if n is None:
            n = self.anchors[i] = len(self.anchors)
            out = self.first[i]
            if type(out) is list:
                self.lists_met_twice.add(i)
            else:
                out[""] = [out[""], n]
        return {"": "@", "i": n}

    def done(self, obj: Any, out: Any) -> Any:
        self.first[id(obj)] = out
        return out

    def encode(self, obj: Any) -> Any:
        t = type(obj)
        if t is str or t is int or t is float or t is bool or obj is None:
            return obj
        if t is tuple:
            return {"": "t", "i": [self.encode(x) for x in obj]}
        if t is list or t is dict or t is set:
            ref = self.again(obj)
            if ref is not None:
                return ref
            if t is list:
                out: Any = [self.encode(x) for x in obj]
                if id(obj) in self.shared_lists:
                    out = {"": "l", "i": out}
            elif t is set:
                out = {"": "s", "i": [self.encode(x) for x in _in_order(obj)]}
            elif all(type(k) is str and k for k in obj):
                out = {k: self.encode(v) for k, v in obj.items()}
                out[""] = "d"
            else:
                out = {"": "p", "i": [[self.encode(k), self.encode(v)] for k, v in obj.items()]}
            return self.done(obj, out)
        fields = _FIELDS.get(t)
        if fields is None and dataclasses.is_dataclass(t) and _record_class(t):
            fields = _FIELDS[t] = tuple(f.name for f in dataclasses.fields(t))
        if fields is not None:
            state = getattr(obj, "__dict__", None)
            if state is None or len(state) != len(fields):
                raise TypeError(f"{t.__name__} carries more than its fields")
            if _frozen(t):
                return {"": "r", "n": _name(t), "v": [self.encode(state[f]) for f in fields]}
            ref = self.again(obj)
            if ref is not None:
                return ref
            out = {"": "r", "n": _name(t), "v": [self.encode(state[f]) for f in fields]}
            return self.done(obj, out)
        if isinstance(obj, ast.AST):
            ref = self.again(obj)
            if ref is not None:
                return ref
            out = {
                "": "a",
                "n": t.__name__,
                "v": [self.encode(getattr(obj, f, None)) for f in t._fields],
                "p": [getattr(obj, a, None) for a in _POSITION],
            }
            return self.done(obj, out)
        if t is frozenset:
            return {"": "f", "i": [self.encode(x) for x in _in_order(obj)]}
        if t is bytes:
            return {"": "b", "i": base64.b64encode(obj).decode("ascii")}
        if t is complex:
            return {"": "c", "i": [obj.real, obj.imag]}
        if obj is Ellipsis:
            return {"": "e"}
        raise TypeError(f"cannot write a {t.__module__}.{t.__qualname__} as JSON")


_PLAIN = (str, int, float, bool)


def _in_order(members: set | frozenset) -> list:
    """A set's members in one order: sorted when they are plain values or tuples of them (a
    set of ``(class, name)`` pairs), so that equal sets are written as the same bytes (a set's
    iteration order depends on how it was built, and a set read back is built anew); others
    (records) in the set's own order."""
    items = list(members)
    if all(_orderable(x) for x in items):
        items.sort(key=_order_key)
    return items


def _orderable(x: object) -> bool:
    return type(x) in _PLAIN or (type(x) is tuple and all(_orderable(y) for y in x))


def _order_key(x: object) -> tuple:
    if type(x) is tuple:
        return ("tuple", tuple(_order_key(y) for y in x))
    return (type(x).__name__, x)


def _record_class(t: type) -> bool:
    return t.__module__.startswith("paperlint.") and not hasattr(t, "__slots__")


#: where a syntax node is in its file
_POSITION = ("lineno", "col_offset", "end_lineno", "end_col_offset")


@functools.cache
def _frozen(t: type) -> bool:
    return bool(t.__dataclass_params__.frozen)  # type: ignore[attr-defined]


@functools.cache
def _name(t: type) -> str:
    return f"{t.__module__}:{t.__qualname__}"


# ── reading ──────────────────────────────────────────────────────────────────────────────────


class _Decoder:
    """``json.loads``'s object hook: builds each tagged object; keeps the anchored ones."""

    def __init__(self) -> None:
        self.anchored: dict[int, Any] = {}

    def __call__(self, obj: dict) -> Any:
        tag = obj.pop("")
        if type(tag) is list:
            tag, n = tag
            out = self.build(tag, obj)
            if type(n) is not int or n in self.anchored:
                raise ValueError("a malformed anchor")
            self.anchored[n] = out
            return out
        if tag == "@":
            return self.anchored[obj["i"]]
        return self.build(tag, obj)

    @staticmethod
    def build(tag: str, obj: dict) -> Any:
        if tag == "r":
            cls = _allowed(obj["n"])
            fields = _FIELDS.get(cls) or _FIELDS.setdefault(
                cls, tuple(f.name for f in dataclasses.fields(cls))
            )
            values = obj["v"]
            if len(values) != len(fields):
                raise ValueError(f"{obj['n']}: {len(values)} values for {len(fields)} fields")
            record = object.__new__(cls)
            record.__dict__.update(zip(fields, values, strict=True))
            return record
        if tag == "d":
            return obj
        if tag == "t":
            return tuple(obj["i"])
        if tag == "l":
            if type(obj["i"]) is not list:
                raise ValueError("a list that is not one")
            return obj["i"]
        if tag == "p":
            return {_key(k): v for k, v in obj["i"]}
        if tag == "s":
            return {_key(x) for x in obj["i"]}
        if tag == "f":
            return frozenset(_key(x) for x in obj["i"])
        if tag == "b":
            return base64.b64decode(obj["i"], validate=True)
        if tag == "c":
            return complex(*obj["i"])
        if tag == "e":
            return Ellipsis
        if tag == "a":
            return _node(obj["n"], obj["v"], obj["p"])
        raise ValueError(f"unknown tag {tag!r}")


def _key(value: Any) -> Any:
    """A dict key or set member as written (a list could not have been one)."""
    if type(value) is list:
        raise ValueError("a list as a key")
    return value


def _node(name: str, values: list, position: list) -> ast.AST:
    """A syntax node of the :mod:`ast` class ``name``, its fields and position set (nothing is
    compiled or run)."""
    cls = getattr(ast, name, None) if name.isidentifier() and not name.startswith("_") else None
    if not (isinstance(cls, type) and issubclass(cls, ast.AST)) or len(values) != len(cls._fields):
        raise ValueError(f"not a syntax node: {name}")
    node = cls.__new__(cls)
    for f, v in zip(cls._fields, values, strict=True):
        setattr(node, f, v)
    for a, v in zip(_POSITION, position, strict=False):
        if v is not None:
            setattr(node, a, v)
    return node


@functools.cache
def _allowed(name: str) -> type:
    """The record class ``module:Class`` names: a dataclass of paperlint's own modules."""
    module, _, qualname = name.partition(":")
    if not module.startswith("paperlint.") or module.endswith("__main__") or "." in qualname:
        raise ValueError(f"not a paperlint record: {name}")
    try:
        cls = getattr(importlib.import_module(module), qualname, None)
    except ImportError:
        cls = None
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls) and _record_class(cls)):
        raise ValueError(f"not a paperlint record: {name}")
    return cls
