"""Several findings for one question: a component the paper names that the code swaps for
another, at a flag and in the layers that hard-code it, is asked once."""

from __future__ import annotations

from helpers import choice, finding

from paperlint import firstscreen
from paperlint.model import Assessment


def test_a_component_swapped_for_another_is_one_question_and_numbers_are_not_joined():
    flag = choice("flag", "other", "'gru'", concept="architecture", file="main.py", line=37)
    layer = choice("layer", "other", "'gru'", concept="cell_type", file="attn.py", line=23)
    drop = choice("drop", "dropout", "0.5", file="model.py", line=5)
    wd = choice("wd", "weight_decay", "0.5", file="train.py", line=9)
    cs = {c.id: c for c in (flag, layer, drop, wd)}
    said = {
        "flag": Assessment("flag", paper_value="LSTM", mismatch=True),
        "layer": Assessment("layer", paper_value="lstm", mismatch=True),
        "drop": Assessment("drop", paper_value="0.1", mismatch=True),
        "wd": Assessment("wd", paper_value="0.1", mismatch=True),
    }
    found = [finding(c, "MM201") for c in (flag, layer, drop, wd)]
    out = firstscreen.group_swapped_components(found, cs, said)
    assert [f.choice for f in out] == ["flag", "drop", "wd"]
    assert out[0].group == ("layer",) and "attn.py:23" in out[0].message
