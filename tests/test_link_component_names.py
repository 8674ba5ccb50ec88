"""How an experiment can name a component the code builds without the code's own words: the
title of the method subsection that states it, and the inputs a join brings in."""

from __future__ import annotations

import pytest

from paperlint.link.evidence.joined_input import input_words
from paperlint.link.evidence.titled_component import title_name
from paperlint.model import Choice


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("3.4 Per-class Threshold Selection", "Threshold Selection"),
        ("3.2 Mix-FFN", "Mix-FFN"),
        ("Lightweight All-MLP Decoder", "All-MLP Decoder"),
        ("Center-ness for FCOS", "Center-ness"),
    ],
)
def test_a_title_that_names_a_component_gives_its_name(title, name):
    assert title_name(title) == name


@pytest.mark.parametrize(
    "title",
    [
        "Training Details",
        "3.1 Network Architecture",
        "Loss Function",
        "Hierarchical Feature Representation",  # one plain word left: no name
        "Deep: Transfer Learned Xception",  # the part before the colon is one plain word
    ],
)
def test_a_title_of_generic_words_names_no_component(title):
    assert title_name(title) is None


def _join(snippet: str) -> Choice:
    return Choice("c", "other", "concatenation", "cat", "m.py", 1, snippet=snippet)


def test_a_joins_inputs_are_named_by_the_words_that_tell_them_apart():
    choice = _join("x = Concatenate(axis=1)([wide_output_hog, wide_output_color, deep_output])")
    assert input_words(choice) == ["color", "deep", "hog", "wide"]


def test_words_every_input_shares_or_that_only_say_tensor_name_no_input():
    assert input_words(_join("h = torch.cat([left_feat, right_feat], dim=1)")) == [
        "left",
        "right",
    ]
    assert input_words(_join("h = torch.cat([x_output, y_output], dim=1)")) == []


def test_a_join_of_one_named_input_or_an_unparsable_line_has_no_inputs():
    assert input_words(_join("h = torch.cat(parts, dim=1)")) == []
    assert input_words(_join("h = torch.cat([a,")) == []
