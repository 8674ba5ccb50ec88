"""The cheap line counter agrees with libcst's PositionProvider on real files."""

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
def test_line_counter_matches_position_provider(path):
    module = cst.parse_module(path.read_text(encoding="utf-8"))
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    rec = _Recorder()
    module.visit(rec)
    by_id = {id(n): pos.start.line for n, pos in positions.items()}
    compared = [(line, by_id[i]) for i, line in rec.lines.items() if i in by_id]
    assert compared, "nothing to compare"
    assert [pair for pair in compared if pair[0] != pair[1]] == []
