"""Text clean-up shared by the PDF and LaTeX readers.

PDF text arrives with ligatures (ﬁ), typographic minus signs (−), ``(cid:12)`` glyph noise,
soft hyphens and zero-width characters; values are only comparable once those are undone.
Bidi and invisible control characters are made *visible* rather than dropped, so that a
report never hides what was in the file.
"""

from __future__ import annotations

import re
import unicodedata

_CID = re.compile(r"\(cid:\d+\)")
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_DASHES = {
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": " - ",
    "\u2015": " - ",
    "\ufe63": "-",
    "\uff0d": "-",
}
_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00b4": "'",
    "\u2032": "'",
}
_SPACES = {
    "\u00a0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u205f": " ",
    "\u3000": " ",
}
_DROP = {"\u00ad": "", "\u200b": "", "\ufeff": "", "\u200c": "", "\u200d": "", "\u2060": ""}
# Characters that can make text read differently from how it is stored (Trojan Source):
# shown as a visible marker instead of being honoured or silently removed.
BIDI_CONTROLS = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
}
_TABLE = str.maketrans({**_LIGATURES, **_DASHES, **_QUOTES, **_SPACES, **_DROP})
# Control characters, zero-width characters and Unicode "tag" characters (invisible ASCII
# look-alikes): shown as ⟨U+XXXX⟩. (PDF text drops the common zero-width ones first, in
# clean_line; code keeps them, so a snippet shows them.)
_OTHER_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u180e\u200b-\u200d\u2060-\u2064\ufeff\U000e0000-\U000e007f]"
)
_MATH_ITALIC = re.compile(r"[\U0001d400-\U0001d7ff]")


def show_invisible(text: str) -> str:
    """Bidi controls and stray control characters as visible ``⟨RLO⟩`` markers."""
    if not any(ch in BIDI_CONTROLS for ch in text) and not _OTHER_CONTROL.search(text):
        return text
    out = "".join(f"⟨{BIDI_CONTROLS[ch]}⟩" if ch in BIDI_CONTROLS else ch for ch in text)
    return _OTHER_CONTROL.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", out)


def clean_line(text: str) -> str:
    text = _CID.sub("", text)
    text = text.translate(_TABLE)
    if _MATH_ITALIC.search(text):
        text = _MATH_ITALIC.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = show_invisible(text)
    text = text.replace("\t", " ").replace("\r", "")
    return text.rstrip("\n")


def normalize_for_search(text: str) -> str:
    """Lower-case, whitespace-collapsed text for matching phrases."""
    return re.sub(r"\s+", " ", text).strip().lower()
