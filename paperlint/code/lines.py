"""Line numbers for libcst nodes without whole-module metadata.

libcst's ``PositionProvider`` regenerates the whole module's source to learn where each node
starts, which costs about twice ``parse_module`` on a large file. A node's line is simply one
plus the number of newlines written before it, and libcst visits nodes in source order, so a
visitor can count newlines as it goes: they live only in ``Newline`` tokens, in string literals,
and in backslash continuations inside whitespace. :class:`LineCounter` does that counting;
``tests/test_code_lines.py`` checks it against ``PositionProvider`` on real files.

The extractor itself walks with :class:`paperlint.code.walk.Walker`, which inlines this same
counting in its (non-copying) traversal; this class stays the readable reference for it and
works with libcst's own ``visit``.
"""

from __future__ import annotations

import libcst as cst


class LineCounter:
    """Feed every visited node to :meth:`enter`; :attr:`line` is then the current line."""

    __slots__ = ("line",)

    def __init__(self) -> None:
        self.line = 1

    def enter(self, node: cst.CSTNode) -> int:
        """The line ``node`` starts on; advances past any newline the node itself is."""
        line = self.line
        t = type(node)
        if t is cst.Newline:
            self.line += 1
        elif t is cst.SimpleString or t is cst.FormattedStringText or t is cst.SimpleWhitespace:
            self.line += node.value.count("\n")  # type: ignore[attr-defined]
        lpar = getattr(node, "lpar", None)
        if lpar and type(lpar) in (tuple, list):
            # `(\n  value)`: the node starts after its own opening parentheses, whose newlines
            # are counted when they are visited (after this call)
            for paren in lpar:
                ws = paren.whitespace_after
                if type(ws) is cst.ParenthesizedWhitespace:
                    line += 1 + len(ws.empty_lines)
                elif type(ws) is cst.SimpleWhitespace:
                    line += ws.value.count("\n")
        return line
