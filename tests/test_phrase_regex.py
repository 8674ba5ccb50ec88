"""The cue and phrase regexes are tries (:func:`paperlint.paper.index.phrase_alternation`) for
speed; they must match exactly what the plain longest-first alternation matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from paperlint.paper.index import phrase_alternation

# few letters, a space and a hyphen: phrases that are prefixes of one another, or differ only in
# case, and matches that a word boundary after them refuses, are the common case here
_TEXT = st.text(alphabet="abAB -", max_size=30)
_PHRASES = st.lists(st.text(alphabet="abAB -", min_size=1, max_size=6), min_size=1, max_size=8)
_BOUNDS = [(r"(?<![\w/])", r"(?![\w])"), (r"(?<![\w-])", r"(?![\w-])")]  # the index's, the linker's


def _flat(phrases: list[str]) -> str:
    return "|".join(re.escape(p.lower()) for p in sorted(set(phrases), key=len, reverse=True))


def _spans(alternation: str, bounds: tuple[str, str], text: str) -> list[tuple[int, int]]:
    before, after = bounds
    rx = re.compile(before + "(?:" + alternation + ")" + after, re.I)
    return [m.span() for m in rx.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(_PHRASES, _TEXT, st.sampled_from(_BOUNDS))
def test_the_trie_matches_what_the_longest_first_alternation_matches(phrases, text, bounds):
    assert _spans(phrase_alternation(phrases), bounds, text) == _spans(_flat(phrases), bounds, text)


def test_the_longest_phrase_wins_unless_what_follows_refuses_it():
    bounds = _BOUNDS[0]
    alternation = phrase_alternation(["batch", "Batch size", "batch sizes"])
    assert _spans(alternation, bounds, "the batch size is 64") == [(4, 14)]
    assert _spans(alternation, bounds, "BATCH SIZES of 64") == [(0, 11)]
    # "batch sizer" is no phrase: the match backs off to "batch"
    assert _spans(alternation, bounds, "a batch sizer") == [(2, 7)]


def test_no_phrases_match_nothing():
    rx = re.compile(r"(?<![\w/])(?:" + phrase_alternation([]) + r")(?![\w])", re.I)
    assert rx.search("any text, even an empty one: ") is None
