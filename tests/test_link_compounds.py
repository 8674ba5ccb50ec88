"""A value stated for a compound noun ("guidance scale", "dropout rate") is the setting's only when
the compound's modifier is one of the setting's own words: every example of
rules/vocabulary/compounds.yaml runs, and the data is checked for what the reader relies on."""

from __future__ import annotations

import pytest

from paperlint import resources
from paperlint.link.compounds import other_quantity, same_word
from paperlint.model import Choice

DATA = resources.load_yaml("vocabulary/compounds.yaml")
EXAMPLES = DATA["examples"]


def _choice(code: dict) -> Choice:
    fields = {"kind": "other", "concept": "", **code}
    return Choice(id="c", value="1", file="train.py", line=1, source="argument", **fields)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["text"][:48] for e in EXAMPLES])
def test_compound_example_names_the_quantity_the_data_says(example):
    text = example["text"].replace("{V}", "0.5")
    start = example["text"].index("{V}")
    assert other_quantity(_choice(example["code"]), text, start) == example["other"]


def test_examples_show_both_outcomes():
    outcomes = {bool(e["other"]) for e in EXAMPLES}
    assert outcomes == {True, False}


def test_a_modifier_the_call_writes_is_the_settings_own():
    # the same statement of a `scale_factor`, with and without the call that says it upsamples
    text = "The features use a guidance scale s = 2."
    start = text.index("2")
    bare = _choice({"param": "scale_factor"})
    assert other_quantity(bare, text, start) == "guidance"
    helped = _choice(
        {"param": "scale_factor", "snippet": "F.interpolate(x, scale_factor=2)  # guidance"}
    )
    assert other_quantity(helped, text, start) == ""


def test_a_setting_named_by_the_head_alone_is_not_told_apart():
    # `scale` alone may be the guidance scale; `scale_factor` names another word of its own
    text = "Sampled with a guidance scale s = 5."
    start = text.index("5")
    assert other_quantity(_choice({"param": "scale"}), text, start) == ""
    assert other_quantity(_choice({"param": "scale_factor"}), text, start) == "guidance"


def test_the_settings_letter_stands_for_the_head_only_when_it_is_the_settings_letter():
    text = "Sampled with a guidance scale s = 5."
    start = text.index("5")
    assert other_quantity(_choice({"param": "cosine_s"}), text, start) == "guidance"
    assert other_quantity(_choice({"param": "cosine_t"}), text, start) == ""
    assert other_quantity(_choice({"param": "guidance_scale"}), text, start) == ""


def test_forms_of_one_word_are_the_same_word():
    assert same_word("upsampling", "Upsample".lower())
    assert same_word("interpolation", "interpolate")
    assert not same_word("guidance", "scale")


def test_every_neutral_modifier_and_head_is_one_lower_case_word():
    for key in ("quantity_heads", "neutral_modifiers", "descriptive_endings"):
        for w in DATA[key]:
            assert w == w.lower() and w.isalpha(), (key, w)
