"""Which parameters the audited code passes, and which code only a module's own ``__main__``
block runs: a pass over the audited Python files after extraction (parsed with :mod:`ast`,
never imported or run).

Research code gives classes and functions defaults and then calls them with the values it
means: ``MixVisionTransformer(num_heads=[1, 2, 4, 8])`` is a default, and each variant's
``super().__init__(num_heads=[1, 2, 5, 8])`` is what runs. A library module it calls (the
optimiser's ``lr=1e-3``) is called with the run's value. And a module the entry point imports
often ends with a demo or a test of its own under ``if __name__ == "__main__":`` that no run
executes. :func:`read` collects both, for :mod:`paperlint.setaside`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from paperlint.code import filefacts
from paperlint.model import SourceFile

#: classes whose ``from_pretrained`` loads a checkpoint's companion files (its tokenizer, its
#: configuration, its preprocessing, a diffusion pipeline's noise schedule), not its weights
CHECKPOINT_COMPANION = re.compile(
    r"tokeni[sz]er|config|processor|feature_?extractor|vocab|scheduler", re.I
)

#: calls that read a command line: a block that makes them is a program someone runs
_COMMAND_LINE = frozenset(
    {"parse_args", "parse_known_args", "ArgumentParser", "Fire", "parse_flags_with_usage"}
)


@dataclass
class CallSites:
    #: (callee's last name, keyword) for every keyword argument some call passes; a
    #: ``super().__init__(k=...)`` in class C counts for each of C's bases
    passed: set[tuple[str, str]] = field(default_factory=set)
    #: file → (first, last) lines of code only the file's ``__main__`` block runs
    main_only: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    #: (class, checkpoint) of every ``Class.from_pretrained("name")`` call, and the files that
    #: define each class (see :func:`paperlint.scope.pretrained_definitions`)
    loads: set[tuple[str, str]] = field(default_factory=set)
    defined_in: dict[str, set[str]] = field(default_factory=dict)

    def passes(self, owner: str, param: str) -> bool:
        return (owner, param) in self.passed

    def in_main_only(self, file: str, line: int) -> bool:
        return any(a <= line <= b for a, b in self.main_only.get(file, ()))


def last_name(node: ast.AST) -> str:
    """The last name of a called or referenced expression (`self.head.fc` → fc), or ""."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def is_main_guard(test: ast.AST | str) -> bool:
    """``__name__ == "__main__"``: the block a module runs only as a program (a guard kept as
    text is none)."""
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def _calls(nodes: Iterable[ast.AST]) -> set[str]:
    return {last_name(n.func) for b in nodes for n in ast.walk(b) if isinstance(n, ast.Call)}


@dataclass
class _Module:
    """What :func:`demo_ranges` needs of one file (plain data: kept per file by
    :mod:`paperlint.code.filefacts`)."""

    path: str
    imported: bool
    guards: list[tuple[int, int]]  # (first, last) lines of the module's __main__ blocks
    in_guard: set[str]  # names called in them
    #: the module's top-level functions: name → (first, last) lines; and the names called by
    #: each of those its __main__ blocks call
    functions: dict[str, tuple[int, int]]
    function_calls: dict[str, set[str]]
    decorated: set[str]  # the top-level functions that have a decorator
    calls_outside: set[str]  # names called outside the module's __main__ blocks
    classes: dict[str, tuple[int, int]] = field(default_factory=dict)  # name → lines
    #: names used outside the module's __main__ blocks in any way (called, subclassed, passed)
    used_outside: set[str] = field(default_factory=set)
    #: (callee's last name, keyword) of every keyword argument the file's calls pass
    passed: set[tuple[str, str]] = field(default_factory=set)
    #: (class, checkpoint) of the file's ``Class.from_pretrained("name")`` calls
    loads: set[tuple[str, str]] = field(default_factory=set)


def _lines(node: ast.AST) -> tuple[int, int]:
    first = getattr(node, "lineno", 0)
    return first, getattr(node, "end_lineno", None) or first


def scan(tree: ast.AST, path: str, sites: CallSites, *, imported: bool = False) -> _Module:
    """Add the keyword arguments one parsed file passes to ``sites``; return what
    :func:`demo_ranges` needs. ``imported``: another audited run imports the file."""
    module = replace(file_facts(tree, path), imported=imported)
    sites.passed |= module.passed
    return module


def file_facts(tree: ast.AST, path: str) -> _Module:
    """What one parsed file shows of call sites, whoever imports it."""
    passed: set[tuple[str, str]] = set()
    loads: set[tuple[str, str]] = set()

    def visit(node: ast.AST, cls: ast.ClassDef | None) -> None:
        if isinstance(node, ast.ClassDef):
            cls = node
        if isinstance(node, ast.Call):
            func = node.func
            load = _from_pretrained(node)
            if load is not None:
                loads.add(load)
            keywords = [k.arg for k in node.keywords if k.arg]
            callee = last_name(func)
            targets = [callee] if callee else []
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Call)
                and last_name(func.value.func) == "super"
                and cls is not None
            ):
                targets = [last_name(b) for b in cls.bases if last_name(b)]
            for t in targets:
                for k in keywords:
                    passed.add((t, k))
        for child in ast.iter_child_nodes(node):
            visit(child, cls)

    visit(tree, None)
    body = tree.body if isinstance(tree, ast.Module) else []
    guards = [n for n in body if isinstance(n, ast.If) and is_main_guard(n.test)]
    functions = {n.name: n for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    rest = [n for n in body if not any(n is g for g in guards)]
    outside = _calls(rest)
    classes = {n.name: _lines(n) for n in body if isinstance(n, ast.ClassDef)}
    used: set[str] = set()
    for n in rest:
        names = set()
        for x in ast.walk(n):
            if isinstance(x, ast.Name):
                names.add(x.id)
            elif isinstance(x, ast.Attribute):
                names.add(x.attr)
        if isinstance(n, ast.ClassDef):
            names.discard(n.name)  # `super(TestNet, self)` inside its own body
        used |= names
    in_guard = _calls(guards)
    return _Module(
        path,
        False,
        [_lines(g) for g in guards],
        in_guard,
        {name: _lines(fn) for name, fn in functions.items()},
        {name: _calls([fn]) for name, fn in functions.items() if name in in_guard},
        {name for name, fn in functions.items() if fn.decorator_list},
        outside,
        classes,
        used,
        passed,
        loads,
    )


def _from_pretrained(call: ast.Call) -> tuple[str, str] | None:
    """(class, checkpoint) of ``Class.from_pretrained("name", ...)``, or None."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "from_pretrained" and call.args):
        return None
    first = call.args[0]
    owner = last_name(func.value)
    if not owner or not isinstance(first, ast.Constant) or not isinstance(first.value, str):
        return None
    return owner, first.value


def demo_ranges(modules: list[_Module], sites: CallSites) -> None:
    """The ``__main__`` block of a module another run imports is the module's demo when it
    calls none of the module's functions that other code calls too (a script's ``main()`` that a
    launcher also calls is the script, not a demo) and reads no command line (a training script
    that another file imports for a helper is still the program one runs); the functions only
    that block calls are part of the demo."""
    called_anywhere: set[str] = set()
    used_anywhere: set[str] = set()
    for m in modules:
        called_anywhere |= m.calls_outside
        used_anywhere |= m.used_outside
    for m in modules:
        if not m.imported or not m.guards:
            continue
        in_guard = m.in_guard
        own = {n for n in in_guard if n in m.functions}
        if own & called_anywhere:
            continue
        reached = set(in_guard)
        for n in own:
            reached |= m.function_calls[n]
        if reached & _COMMAND_LINE or own & m.decorated:
            continue  # it reads a command line (or is a decorated CLI): a program one runs
        ranges = list(m.guards)
        for name in own:
            ranges.append(m.functions[name])
        # the small models the demo builds to test the module (`TestNet()`), used nowhere else
        for name in in_guard & set(m.classes):
            if name not in used_anywhere:
                ranges.append(m.classes[name])
        sites.main_only[m.path] = ranges


def read(
    files: Iterable[SourceFile],
    imported: Iterable[str] = (),
    *,
    base: str = ".",
) -> CallSites:
    """The call sites of the audited Python ``files`` (paths relative to ``base``; ``imported``:
    those another run imports). A file that cannot be read, or no longer has the content that
    was audited, is left out."""
    sites = CallSites()
    imported_set = set(imported)
    modules: list[_Module] = []
    for f in files:
        if f.language not in ("python", "python2") or not f.path.endswith(".py"):
            continue
        found = filefacts.facts("callsites", f.path, f.sha256, base, file_facts)
        if found is None:
            continue
        sites.passed |= found.passed
        sites.loads |= found.loads
        for name in found.classes:
            sites.defined_in.setdefault(name, set()).add(f.path)
        modules.append(replace(found, imported=f.path in imported_set))
    demo_ranges(modules, sites)
    return sites
