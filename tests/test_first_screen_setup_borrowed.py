"""Settings the paper says, in general terms, it takes from earlier work ("the same setup as in
the original paper [6]") are asked once, after the unexplained settings with no statement at
all, naming what the paper borrows."""

from __future__ import annotations

from dataclasses import replace

from helpers import choice, finding

from paperlint import firstscreen, ranking
from paperlint.model import Assessment

_CUE = "same setup as in the original paper [6] (p. 5)"


def _case():
    heads = choice("heads", "heads", "8", param="num_heads", file="model.py", line=3)
    width = choice("width", "channels", "512", param="hidden_size", file="model.py", line=4)
    init = choice("init", "init", "trunc_normal_", file="model.py", line=9)
    wd = choice("wd", "weight_decay", "0.3", param="weight_decay", file="train.py", line=7)
    cs = {c.id: c for c in (heads, width, init, wd)}
    said = {
        "heads": Assessment("heads", setup_from=_CUE),
        "width": Assessment("width", setup_from=_CUE),
        "init": Assessment("init", setup_from=_CUE),
        "wd": Assessment("wd"),
    }
    return cs, said, [finding(c) for c in (heads, width, init, wd)]


def test_settings_taken_in_general_terms_rank_after_a_setting_with_no_statement():
    cs, said, found = _case()
    assert ranking.finding_class(found[0], cs, said) == "borrowed"
    assert ranking.finding_class(found[3], cs, said) != "borrowed"
    ordered = ranking.order(found, cs, said)
    assert ordered[0].choice == "wd"


def test_settings_taken_in_general_terms_are_one_question_naming_the_statement():
    cs, said, found = _case()
    out = firstscreen.group_setup_borrowed(found, cs, said)
    assert [f.choice for f in out].count("wd") == 1
    assert len(out) == 2
    asked = next(f for f in out if f.choice != "wd")
    assert set(asked.group) | {asked.choice} == {"heads", "width", "init"}
    assert "original paper [6]" in asked.message and "num_heads `8`" in asked.message


def test_a_finding_whose_choices_are_not_all_taken_is_asked_as_usual():
    cs, said, found = _case()
    mixed = replace(found[0], group=("wd",))
    assert ranking.finding_class(mixed, cs, said) != "borrowed"
    assert firstscreen.group_setup_borrowed([mixed, found[3]], cs, said)[0] is mixed


def test_two_statements_citing_the_same_work_are_one_question():
    cs, said, found = _case()
    other = "build upon the architecture from Smith et al. [6] (p. 2)"
    said["width"] = Assessment("width", setup_from=other)
    out = firstscreen.group_setup_borrowed(found, cs, said)
    assert len(out) == 2  # heads, width and init asked together; wd on its own
    # a statement citing another work is its own question
    said["width"] = Assessment("width", setup_from="same architecture as Jones et al. [9] (p. 2)")
    assert len(firstscreen.group_setup_borrowed(found, cs, said)) == 3
