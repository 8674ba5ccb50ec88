"""How large a gap a sentence states between two results, relative to them.

"Significantly better" in a paper without a test is an unsupported statistical claim when the
gap could be run-to-run noise (83.4 vs 83.1). When the sentence itself states a gap of tens of
percent of the result ("a 64% relative reduction of error", "77.5% ... against 46%", "a
three-fold improvement"), the word is colloquial: no seed changes a result by a third. ST306
decides from the numbers, not from the word (its ``colloquial_gap`` parameter).

Read from one sentence:

- a relative change stated as such: ``64% relative reduction``, ``a relative improvement of
  up to 588%``, ``reduces the error by half``, ``3x faster``, ``three-fold``;
- two percentages (``92% ... the second best with 83%``) or two numbers joined by ``vs``,
  ``compared to`` or ``from ... to``: their difference over the larger one;
- a difference in points beside the result (``51.8%, which is 1.6% better``): the difference
  over the result.

``rules/packs/examples/ST306/`` runs the examples.
"""

from __future__ import annotations

import re

_NUMBER = r"(\d+(?:\.\d+)?)"
_RELATIVE = [
    re.compile(rf"{_NUMBER}\s*%\s*relative\b", re.I),
    re.compile(
        rf"\brelative\s+(?:\w+\s+){{0,2}}?(?:of|by)\s+(?:up\s+to\s+|about\s+|~\s*)?{_NUMBER}\s*%",
        re.I,
    ),
]
_FOLD = re.compile(rf"\b{_NUMBER}\s*(?:x|×|-fold|\s+fold|\s+times)\b(?!\s*\d)", re.I)
_WORD_FOLD = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten)[- ]fold\b|\b(?:by|in)\s+half\b|\bhalves\b|\bdoubl(?:es?|ing)\b",
    re.I,
)
_PERCENT = re.compile(rf"(?<![\w.]){_NUMBER}\s*%")
_PAIR = re.compile(
    rf"(?<![\w.]){_NUMBER}\s*%?\s*(?:vs\.?|versus|compared\s+(?:to|with)|against|→|->)\s*(?:the\s+)?(?:\w+\s+){{0,4}}?{_NUMBER}\s*%?",
    re.I,
)
#: a difference stated in points after a result: ``51.8%, which is 1.6% mIoU better``
_POINTS = re.compile(
    rf"(?<![\w.]){_NUMBER}\s*%\s*(?:\w+\s+){{0,2}}?(?:better|higher|lower|worse|more|less|"
    r"improvement|gain|increase|decrease|drop)\b",
    re.I,
)
_FROM_TO = re.compile(rf"\bfrom\s+{_NUMBER}\s*%?\s+to\s+{_NUMBER}\s*%?", re.I)


def _relative(a: float, b: float) -> float | None:
    top = max(abs(a), abs(b))
    return abs(a - b) / top if top > 0 else None


def stated_gap(text: str) -> float | None:
    """The largest relative gap ``text`` states between two results (0.64 for "a 64% relative
    reduction"; 0.41 for "77.5% ... against 46%"), or None when it states none."""
    gaps: list[float] = []
    for pattern in _RELATIVE:
        gaps.extend(float(m.group(1)) / 100 for m in pattern.finditer(text))
    for m in _FOLD.finditer(text):
        factor = float(m.group(1))
        if factor > 1:
            gaps.append(1 - 1 / factor)
    if _WORD_FOLD.search(text):
        gaps.append(0.5)
    for pattern in (_PAIR, _FROM_TO):
        for m in pattern.finditer(text):
            g = _relative(float(m.group(1)), float(m.group(2)))
            if g is not None:
                gaps.append(g)
    percents = [float(m.group(1)) for m in _PERCENT.finditer(text)]
    stated = [float(m.group(1)) for m in _POINTS.finditer(text) if "relative" not in m.group()]
    if stated:
        # the gap is given in points beside the result it is a gap of
        results = [p for p in percents if p not in stated]
        if results:
            gaps.append(max(stated) / max(results))
    elif len(percents) == 2:
        g = _relative(*percents)
        if g is not None:
            gaps.append(g)
    return max(gaps) if gaps else None
