"""Numbers as papers write them, and as code writes them, made comparable.

``1e-4``, ``1E−4``, ``10^-4``, ``10^{-4}``, ``0.0001``, ``5 × 10^-4``, ``1,000``, ``10k``, ``10%``,
``3 × 3``, "ten" all become floats; :func:`same_value` compares them with a relative tolerance.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_WORDS = {
    "zero": 0,
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "sixteen": 16,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_MAG = r"(?:\s*[×x*·]\s*10\s*\^?\s*\{?\s*(?P<mexp>[-+]?\d+)\s*\}?)?"
NUMBER_PATTERN = (
    r"(?:"
    r"(?P<pow>10\s*\^\s*\{?\s*[-+]?\d+\s*\}?)"
    # "5.e-5": a point right before the exponent is a valid way to write 5e-5
    r"|(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+|\.(?=[eE][-+]?\d))?(?:\s*[eE]\s*[-+]?\d+)?|\.\d+)"
    + _MAG
    + r"(?P<suffix>\s*%|\s*[kK](?![a-zA-Z])|\s*(?:million|M)(?![a-zA-Z])|\s*(?:billion|B)(?![a-zA-Z]))?"
    r"|(?P<word>\b(?:" + "|".join(_WORDS) + r")\b)"
    r")"
)
_NUMBER = re.compile(NUMBER_PATTERN, re.I)
#: where a number in any notation starts (and ends) in a text
NUMBER_RX = _NUMBER
_DIMS = re.compile(
    r"(?<![\d.])(\d{1,4})\s*[×x]\s*(\d{1,4})(?:\s*[×x]\s*(\d{1,4}))?(?:\s*[×x]\s*(\d{1,4}))?(?![\d.])"
)


@dataclass(frozen=True)
class Number:
    value: float
    start: int
    end: int
    text: str
    percent: bool = False
    dims: tuple[int, ...] = ()  # "3 × 3" → (3, 3)


def parse_number(text: str) -> float | None:
    m = _NUMBER.fullmatch(text.strip())
    return _value(m) if m else None


def _value(m: re.Match[str]) -> float | None:
    try:
        if m.group("word"):
            return float(_WORDS[m.group("word").lower()])
        if m.group("pow"):
            exp = int(re.sub(r"[^\d+-]", "", m.group("pow").split("^", 1)[1]))
            return 10.0**exp if abs(exp) < 300 else None
        raw = re.sub(r"\s+", "", m.group("num")).replace(",", "")
        v = float(raw)
        if m.group("mexp"):
            exp = int(m.group("mexp"))
            if abs(exp) >= 300:
                return None
            v *= 10.0**exp
        suffix = (m.group("suffix") or "").strip().lower()
        if suffix == "%":
            v /= 100.0
        elif suffix == "k":
            v *= 1e3
        elif suffix in ("million", "m"):
            v *= 1e6
        elif suffix in ("billion", "b"):
            v *= 1e9
        return v if math.isfinite(v) else None
    except (ValueError, OverflowError):
        return None


def numbers_in(text: str) -> list[Number]:
    """Every number in ``text`` with its span; ``3 × 3`` is one number with dims (3, 3)."""
    out: list[Number] = []
    taken: list[tuple[int, int]] = []
    for m in _DIMS.finditer(text):
        dims = tuple(int(g) for g in m.groups() if g)
        # "60 × 10^4" is a magnitude, not a shape
        if text[m.end() : m.end() + 1] == "^":
            continue
        out.append(Number(float(dims[0]), m.start(), m.end(), m.group(), dims=dims))
        taken.append((m.start(), m.end()))
    for m in _NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        v = _value(m)
        if v is None:
            continue
        # a citation marker, a footnote mark glued to a word ("Othello3") or a name ("conv5")
        # is not a value; "x2" / "×4" (a factor) is
        before = text[max(0, m.start() - 1) : m.start()]
        after = text[m.end() : m.end() + 1]
        is_integer = re.fullmatch(r"\d{1,3}", m.group().strip()) is not None
        if is_integer and (before == "[" or (after == "]" and before in (",", " ", "["))):
            continue
        if before.isalpha() and before not in "x×X" and not m.group("word"):
            continue
        pct = (m.group("suffix") or "").strip() == "%"
        out.append(Number(v, m.start(), m.end(), m.group().strip(), percent=pct))
    out.sort(key=lambda n: n.start)
    return out


def same_value(a: float, b: float, rel: float = 1e-6) -> bool:
    if a == b:
        return True
    return abs(a - b) <= rel * max(abs(a), abs(b))
