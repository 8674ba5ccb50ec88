"""A file as the trace's readers see it: its text, parsed once on demand, and values with lines.

YAML (and JSON) is composed with PyYAML's safe loader and Python parsed with :func:`ast.parse`;
neither is ever run. Both become the same small tree of :class:`Node` (mappings, lists and
scalars *as written*, each with its line), so a reader of W&B sweeps reads a YAML file and a
``sweep_config = {...}`` dict in Python with one function.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from paperlint.code import syntax
from paperlint.trace.records import Space

#: nodes a tree may have: a file that aliases its way past this is read no further (a sweep
#: or a config has hundreds)
MAX_NODES = 20_000
#: brackets a config may nest: deeper is not a config a person wrote, and is not composed
MAX_DEPTH = 64
_NUMBER = re.compile(r"[-+]?(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_NULLS = frozenset({"null", "~", "none", ""})


def number(text: str) -> float | None:
    """``"1e-3"`` → 0.001, ``"3_000"`` → 3000.0; None for anything that is not one number."""
    t = text.strip().strip("'\"")
    if not _NUMBER.fullmatch(t):
        return None
    try:
        return float(t.replace("_", ""))
    except ValueError:
        return None


@dataclass
class Node:
    """A value of a config or a Python literal: ``dict[str, Node]``, ``list[Node]`` or the
    scalar's text as written (quotes dropped), with the line it starts on (1-based)."""

    value: Any
    line: int
    quoted: bool = False  # a quoted string in the file
    key_line: int = 0  # the line of the key this value belongs to, in a mapping

    @property
    def at(self) -> int:
        """Where the entry is: its key's line when it has one (``lr:`` above ``values: [..]``)."""
        return self.key_line or self.line

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        return isinstance(self.value, str)

    @property
    def text(self) -> str:
        return self.value if isinstance(self.value, str) else ""

    def get(self, key: str) -> Node | None:
        return self.value.get(key) if isinstance(self.value, dict) else None

    def items(self) -> Iterator[tuple[str, Node]]:
        if isinstance(self.value, dict):
            yield from self.value.items()

    def scalars(self) -> list[Node]:
        """The scalar items of a list (or the node itself when it is a scalar)."""
        if isinstance(self.value, list):
            return [n for n in self.value if n.is_scalar]
        return [self] if self.is_scalar else []

    def plain(self) -> Any:
        """As plain Python data (scalars stay text)."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value

    def walk(self) -> Iterator[tuple[tuple[str, ...], Node]]:
        """Every mapping entry under this node, with its key path."""
        stack: list[tuple[tuple[str, ...], Node]] = [((), self)]
        while stack:
            path, node = stack.pop()
            if isinstance(node.value, dict):
                for k, v in reversed(list(node.value.items())):
                    stack.append(((*path, k), v))
                    yield (*path, k), v
            elif isinstance(node.value, list):
                stack.extend((path, v) for v in reversed(node.value))


@dataclass
class SourceFile:
    """One file for the readers: ``path`` is its display path, ``language`` how to parse it."""

    path: str
    text: str
    language: str  # yaml | json | python | shell
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def lines(self) -> list[str]:
        if "lines" not in self._cache:
            self._cache["lines"] = self.text.splitlines()
        return self._cache["lines"]

    def yaml_documents(self) -> list[Node]:
        """Every YAML document of the file as a tree (JSON too); [] when it does not parse."""
        if "yaml" not in self._cache:
            self._cache["yaml"] = _compose_all(self.text, self.language)
        return self._cache["yaml"]

    def python(self) -> ast.Module | None:
        """The file's syntax tree, or None when it does not parse."""
        if "python" not in self._cache:
            try:
                self._cache["python"] = syntax.parse(self.text)
            except (SyntaxError, ValueError, MemoryError, RecursionError):
                self._cache["python"] = None
        return self._cache["python"]

    def imports(self, *packages: str) -> bool:
        """True when the file imports one of ``packages`` (or a module under it)."""
        tree = self.python()
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            if any(n == p or n.startswith(p + ".") for n in names for p in packages):
                return True
        return False

    def calls(self) -> list[ast.Call]:
        """Every call in the Python file, in source order."""
        if "calls" not in self._cache:
            tree = self.python()
            found = [n for n in ast.walk(tree) if isinstance(n, ast.Call)] if tree else []
            found.sort(key=lambda n: (n.lineno, n.col_offset))
            self._cache["calls"] = found
        return self._cache["calls"]

    def segment(self, node: ast.AST) -> str:
        """The source text of a one-line expression (the value as written)."""
        lineno = getattr(node, "lineno", 0)
        end = getattr(node, "end_lineno", lineno)
        if not lineno or end != lineno or lineno > len(self.lines):
            return ast.unparse(node)
        raw = self.lines[lineno - 1].encode("utf-8")
        return raw[node.col_offset : node.end_col_offset].decode("utf-8", "replace")  # type: ignore[attr-defined]

    def assigned(self) -> dict[str, ast.AST]:
        """``name = <expr>`` anywhere in the file (see :func:`assignments`)."""
        if "assigned" not in self._cache:
            self._cache["assigned"] = assignments(self.python())
        return self._cache["assigned"]

    def literal(self, node: ast.AST) -> Node | None:
        """A Python literal (dicts, lists, tuples, sets, ``dict(k=v)``, numbers, strings) as a
        :class:`Node`; a name is looked up among the file's assignments (once). None for
        anything else."""
        return _literal(self, node, dict(self.assigned()), 0)


# ── YAML ────────────────────────────────────────────────────────────────────────────────────


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Brackets nested deeper than ``limit`` (quotes ignored: a cheap upper bound)."""
    depth = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth = max(0, depth - 1)
    return False


def _compose_all(text: str, language: str) -> list[Node]:
    import yaml

    if too_deep(text):
        return []

    try:
        roots = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError):
        if language != "json":
            return []
        return _json_tree(text)
    budget = [MAX_NODES]
    out = []
    for root in roots:
        if root is None:
            continue
        node = _from_yaml(root, budget, 0)
        if node is not None:
            out.append(node)
    return out


def _from_yaml(n: Any, budget: list[int], depth: int) -> Node | None:
    import yaml

    budget[0] -= 1
    if budget[0] < 0 or depth > 200:
        return None
    line = n.start_mark.line + 1
    if isinstance(n, yaml.MappingNode):
        out: dict[str, Node] = {}
        for k, v in n.value:
            if not isinstance(k, yaml.ScalarNode):
                continue
            child = _from_yaml(v, budget, depth + 1)
            if child is not None:
                child.key_line = k.start_mark.line + 1
                if k.value == "<<" and child.is_map:  # a merge key: the entries are inherited
                    for kk, vv in child.items():
                        out.setdefault(kk, vv)
                    continue
                out[str(k.value)] = child
        return Node(out, line)
    if isinstance(n, yaml.SequenceNode):
        items = [_from_yaml(v, budget, depth + 1) for v in n.value]
        return Node([i for i in items if i is not None], line)
    style = getattr(n, "style", None)
    return Node(str(n.value), line, quoted=style in ("'", '"'))


def _json_tree(text: str) -> list[Node]:
    """JSON that YAML refuses (tabs): parsed with :mod:`json`; lines found by searching."""
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    lines = text.splitlines()

    def line_of(key: str, after: int) -> int:
        needle = json.dumps(key)
        for i in range(max(0, after - 1), len(lines)):
            if needle in lines[i]:
                return i + 1
        return after or 1

    def conv(value: Any, line: int) -> Node:
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                at = line_of(str(k), line)
                out[str(k)] = conv(v, at)
            return Node(out, line)
        if isinstance(value, list):
            return Node([conv(v, line) for v in value], line)
        if isinstance(value, bool):
            return Node("true" if value else "false", line)
        if value is None:
            return Node("null", line)
        return Node(str(value), line, quoted=isinstance(value, str))

    return [conv(data, 1)]


# ── Python literals ─────────────────────────────────────────────────────────────────────────


def _literal(src: SourceFile, node: ast.AST, assigned: dict[str, ast.AST], depth: int) -> Any:
    if depth > 50:
        return None
    line = getattr(node, "lineno", 0)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return Node(node.value, line, quoted=True)
        if isinstance(node.value, (int, float, bool)) or node.value is None:
            return Node(src.segment(node), line)
        return None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        if isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, (int, float)):
            return Node(src.segment(node), line)
        return None
    if isinstance(node, ast.Dict):
        out: dict[str, Node] = {}
        for k, v in zip(node.keys, node.values, strict=True):
            if k is None:  # {**base, ...}
                base = _literal(src, v, assigned, depth + 1)
                if base is not None and base.is_map:
                    out.update(base.value)
                continue
            if not (isinstance(k, ast.Constant) and isinstance(k.value, (str, int, float))):
                continue
            child = _literal(src, v, assigned, depth + 1)
            child = child if child is not None else Node(None, v.lineno)
            child.key_line = k.lineno
            out[str(k.value)] = child
        return Node(out, line)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = [_literal(src, e, assigned, depth + 1) for e in node.elts]
        return Node([i if i is not None else Node(None, line) for i in items], line)
    if isinstance(node, ast.Call) and _callee(node) == "dict" and not node.args:
        out = {}
        for kw in node.keywords:
            if kw.arg is None:
                continue
            child = _literal(src, kw.value, assigned, depth + 1)
            child = child if child is not None else Node(None, kw.value.lineno)
            child.key_line = kw.value.lineno
            out[kw.arg] = child
        return Node(out, line)
    if isinstance(node, ast.Name) and node.id in assigned:
        target = assigned.pop(node.id)  # once: `a = a` cannot loop
        try:
            return _literal(src, target, assigned, depth + 1)
        finally:
            assigned[node.id] = target
    return None


def _callee(call: ast.Call) -> str:
    """The dotted name of what is called: ``tune.grid_search``, ``trial.suggest_float``."""
    parts: list[str] = []
    f: ast.AST = call.func
    while isinstance(f, ast.Attribute):
        parts.append(f.attr)
        f = f.value
    if isinstance(f, ast.Name):
        parts.append(f.id)
    elif isinstance(f, ast.Call):
        parts.append("()")
    return ".".join(reversed(parts))


callee = _callee


def keyword(call: ast.Call, name: str, position: int | None = None) -> ast.AST | None:
    """The argument ``name`` of a call, by keyword or (if given) by position."""
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    if position is not None and position < len(call.args):
        arg = call.args[position]
        return None if isinstance(arg, ast.Starred) else arg
    return None


def assignments(tree: ast.AST | None) -> dict[str, ast.AST]:
    """``name = <expr>`` at any level (the last one wins), for looking a literal up by name;
    ``d["k"] = v`` on a dict named ``d`` is folded into its literal when it is one."""
    out: dict[str, ast.AST] = {}
    if tree is None:
        return out
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                out[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            out[node.target.id] = node.value
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            t = node.targets[0]
            if (
                isinstance(t, ast.Subscript)
                and isinstance(t.value, ast.Name)
                and isinstance(out.get(t.value.id), ast.Dict)
                and isinstance(t.slice, ast.Constant)
                and isinstance(t.slice.value, str)
            ):
                d = out[t.value.id]
                assert isinstance(d, ast.Dict)
                d.keys.append(t.slice)
                d.values.append(node.value)
    return out


def text_of(src: SourceFile, node: ast.AST | None) -> str:
    """A string or number argument as written ("" when it is neither)."""
    if node is None:
        return ""
    lit = src.literal(node)
    return lit.text if lit is not None and lit.is_scalar else ""


# ── spaces ──────────────────────────────────────────────────────────────────────────────────


@functools.lru_cache(maxsize=4096)
def setting_kind(name: str) -> tuple[str, str, str] | None:
    """(key, kind, concept) of a setting name (its last dotted / ``__`` part), or None for
    plumbing (paths, seeds, devices) and for what the code runs on (the dataset): repeating a
    run over seeds or datasets is not a search."""
    from paperlint.code.settings import classify, normalize_name

    leaf = re.split(r"\.|__|/", name.strip().lstrip("-+~"))[-1]
    found = classify(leaf)
    if found is None or found.kind == "context":
        return None
    return normalize_name(leaf), found.kind, found.concept


def space(
    name: str,
    distribution: str,
    file: str,
    line: int,
    *,
    values: tuple[str, ...] = (),
    low: str = "",
    high: str = "",
    step: str = "",
) -> Space | None:
    """A :class:`Space` for setting ``name``, keyed and classified; None for plumbing."""
    what = setting_kind(name)
    if what is None:
        return None
    if values and all("/" in v or "\\" in v for v in values):
        return None  # paths: where runs read or write, not values tried
    key, kind, concept = what
    return Space(
        name=name,
        key=key,
        kind=kind,
        concept=concept,
        distribution=distribution,
        values=values,
        low=low,
        high=high,
        step=step,
        file=file,
        line=line,
    )


def grid_size(spaces: tuple[Space, ...] | list[Space]) -> int:
    """The number of configurations of a grid over ``spaces`` (0 if one is a range)."""
    total = 1
    for s in spaces:
        if s.is_range:
            return 0
        total *= max(1, len(s.values))
    return total


def positive_int(text: str) -> int:
    n = number(text)
    return int(n) if n is not None and n >= 1 and n == int(n) else 0
