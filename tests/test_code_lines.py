"""The cheap line counter and the walker agree with libcst's PositionProvider on real files."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from paperlint.code.lines import LineCounter

ROOT = Path(__file__).resolve().parent.parent
STDLIB = Path(sysconfig.get_paths()["stdlib"])
FILES = [
    *sorted((ROOT / "paperlint").rglob("*.py")),
    *sorted((ROOT / "fixtures").rglob("*.py")),
    STDLIB / "argparse.py",
    STDLIB / "json" / "decoder.py",
    STDLIB / "textwrap.py",
    STDLIB / "tokenize.py",
]


class _Recorder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.counter = LineCounter()
        self.lines: dict[int, int] = {}

    def on_visit(self, node: cst.CSTNode) -> bool:
        line = self.counter.enter(node)
        if isinstance(node, (cst.Call, cst.Name, cst.Integer, cst.Float, cst.SimpleString)):
            self.lines[id(node)] = line
        return True


@pytest.mark.parametrize(
    "path",
    [p for p in FILES if p.exists() and p.stat().st_size > 200],
    ids=lambda p: str(p.relative_to(p.parents[1])),
)
def test_line_counter_and_walker_match_position_provider(path):
    from paperlint.code.walk import Walker

    module = cst.parse_module(path.read_text(encoding="utf-8"))
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    by_id = {id(n): pos.start.line for n, pos in positions.items()}
    rec = _Recorder()
    module.visit(rec)
    walker = Walker(_Remember(), _TYPES)
    walker.walk(module)
    for lines in (rec.lines, walker.lines):
        compared = [(line, by_id[i]) for i, line in lines.items() if i in by_id]
        assert compared, "nothing to compare"
        assert [pair for pair in compared if pair[0] != pair[1]] == []


class _Remember:
    """A visitor with no handlers: the Walker only counts lines."""


_TYPES = (cst.Call, cst.Name, cst.Integer, cst.Float, cst.SimpleString, cst.Param, cst.Arg)


def test_walker_visits_in_source_order_and_calls_leave_after_children():
    from paperlint.code.walk import Walker

    seen: list[str] = []

    class V:
        def visit_Call(self, node):
            seen.append(f"call {node.func.value}")

        def leave_Call(self, node):
            seen.append(f"leave {node.func.value}")

        def visit_Name(self, node):
            seen.append(node.value)

        def visit_FunctionDef(self, node):
            return False  # children skipped, leave still called

    Walker(V()).walk(cst.parse_module("f(a, g(b))\ndef h():\n    k()\n"))
    assert seen == ["call f", "f", "a", "call g", "g", "b", "leave g", "leave f"]


def _order_from_source(cls: type) -> tuple[str, ...]:
    """The reference: the `visit_*(self, "field", ...)` calls of libcst's source, in order."""
    import ast
    import dataclasses
    import inspect
    import textwrap

    known = [f.name for f in dataclasses.fields(cls)]
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls._visit_and_replace_children)))
    calls = sorted(
        (
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name)
            and n.func.id.startswith("visit_")
            and len(n.args) >= 2
            and isinstance(n.args[1], ast.Constant)
        ),
        key=lambda n: (n.lineno, n.col_offset),
    )
    names: list[str] = []
    for c in calls:
        if c.args[1].value in known and c.args[1].value not in names:
            names.append(c.args[1].value)
    return tuple(names) or tuple(known)


def test_the_walk_visits_every_node_types_children_in_the_order_libcst_writes_down():
    import dataclasses

    from paperlint.code.walk import field_order

    def subclasses(c: type) -> set[type]:
        return {s for d in c.__subclasses__() for s in (d, *subclasses(d))}

    classes = [
        c
        for c in subclasses(cst.CSTNode)
        if dataclasses.is_dataclass(c) and "_visit_and_replace_children" in c.__dict__
    ]
    assert len(classes) > 150
    for cls in classes:
        assert field_order(cls) == _order_from_source(cls), cls.__name__
    # a node with children in more than one field, visited out of declaration order or not
    assert field_order(cst.BinaryOperation) == ("lpar", "left", "operator", "right", "rpar")
