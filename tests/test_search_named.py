"""A sentence that names a search ("we sweep learning rate, epochs and batch size") is the only
support of each setting it covers: the first screen asks for the search itself once — which
values, which criterion, which split — listing the settings, instead of one "justified only by
an unshown empirical claim" per setting. Other empirical claims are asked as before."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import choice, finding

from paperlint import firstscreen, searchnamed
from paperlint.model import Assessment, Evidence

NAMES_A_SEARCH = [
    "We sweep learning rate, number of training epochs, and batch size for each task.",
    "The learning rate and weight decay were tuned on the development set.",
    "We use grid search to pick the dropout rate and the margin.",
    "Hyper-parameters were selected on the validation set.",
    "We tune the temperature for every dataset.",
]
NAMES_NO_SEARCH = [
    "We found empirically that a dropout of 0.3 works best.",
    "We did not tune the learning rate.",
    "We plan to run a grid search over the learning rate in future work.",
    "We fine-tune the learning rate schedule of the pre-trained model.",
    "Empirically, Adam converged faster than SGD.",
]


@pytest.mark.parametrize("text", NAMES_A_SEARCH)
def test_a_sentence_that_names_a_search_is_recognised(text):
    assert searchnamed.names_search(text)


@pytest.mark.parametrize("text", NAMES_NO_SEARCH)
def test_other_empirical_claims_and_denied_searches_are_not_searches(text):
    assert not searchnamed.names_search(text)


def test_the_question_asks_for_what_the_sentence_leaves_out():
    bare = searchnamed.missing_parts("We sweep the learning rate.")
    assert bare == ["over which values", "selected by which criterion on which split"]
    split = searchnamed.missing_parts("The learning rate was tuned on the dev set.")
    assert split == ["over which values", "selected by which criterion"]
    space = searchnamed.missing_parts("We sweep the learning rate over {1e-4, 5e-4, 1e-3}.")
    assert space == ["selected by which criterion on which split"]


_SWEEP = "We sweep learning rate, number of training epochs, and batch size for LoRA."
_FOUND = "We found empirically that a dropout of 0.3 works best."


def _said(cid: str, text: str, page: int) -> Assessment:
    quote = Evidence("justification", page, "Training", text, cue=text.split()[1])
    return Assessment(cid, mentioned=True, justification="empirical_claim", evidence=(quote,))


def _case():
    lr = choice("lr", "learning_rate", "0.0005", setting="learning_rate", file="run.sh", line=3)
    ep = choice("ep", "epochs", "30", setting="num_train_epochs", file="run.sh", line=4)
    bs = choice("bs", "batch_size", "16", setting="batch_size", file="run.sh", line=5)
    do = choice("do", "dropout", "0.3", setting="dropout", file="model.py", line=9)
    cs = {c.id: c for c in (lr, ep, bs, do)}
    said = {
        "lr": _said("lr", _SWEEP, 18),
        "ep": _said("ep", _SWEEP, 18),
        "bs": _said("bs", _SWEEP, 18),
        "do": _said("do", _FOUND, 6),
    }
    return cs, said, [finding(c, "CH102") for c in (lr, ep, bs, do)]


def test_the_settings_one_search_sentence_covers_are_one_question_asking_for_the_search():
    cs, said, found = _case()
    out = firstscreen.group_searches(found, cs, said)
    assert len(out) == 2
    search = next(f for f in out if f.choice != "do")
    assert {search.choice, *search.group} == {"lr", "ep", "bs"}
    assert "p. 18" in search.message and "We sweep learning rate" in search.message
    assert "over which values" in search.message and "which split" in search.message
    assert "learning_rate `0.0005`" in search.message and "num_train_epochs `30`" in search.message


def test_a_setting_resting_on_another_empirical_claim_is_asked_as_before():
    cs, said, found = _case()
    out = firstscreen.group_searches(found, cs, said)
    kept = next(f for f in out if f.choice == "do")
    assert kept is found[3]


def test_a_setting_justified_by_a_reason_beside_a_search_sentence_is_not_grouped():
    cs, said, found = _case()
    said["bs"] = Assessment(
        "bs", mentioned=True, justification="reasoning", evidence=said["bs"].evidence
    )
    out = firstscreen.group_searches(found, cs, said)
    assert found[2] in out and len(out) == 3


def test_two_search_sentences_are_two_questions():
    cs, said, found = _case()
    other = "The batch size was tuned on the validation set."
    said["bs"] = _said("bs", other, 7)
    out = firstscreen.group_searches(found, cs, said)
    assert len(out) == 3
    alone = next(f for f in out if f.choice == "bs")
    assert "p. 7" in alone.message and "selected by which criterion?" in alone.message


_PAPER = """We train with AdamW. We tune the learning rate for each module separately.
{detail} We use gradient clipping at 1.0. We report the best epoch."""


def _with_document(detail: str):
    from helpers import document_from_text

    doc = document_from_text(_PAPER.format(detail=detail))
    i = next(s.index for s in doc.sentences if s.text.startswith("We tune"))
    lr = choice("lr", "learning_rate", "1e-05", setting="lr", file="a.json", line=2)
    ad = choice("ad", "learning_rate", "0.001", setting="lr_adapt", file="a.json", line=3)
    quote = Evidence("justification", 1, "", doc.sentences[i].text, cue="tune", sentence=i)
    said = Assessment("lr", True, "empirical_claim", evidence=(quote,))
    one = replace(finding(lr, "CH102"), group=("ad",))
    return doc, {"lr": lr, "ad": ad}, {"lr": said}, one


def test_a_range_given_just_after_the_search_statement_is_not_asked_for():
    doc, cs, said, f = _with_document("We choose the best over the range [1e-5, 1e-3].")
    (asked,) = firstscreen.group_searches([f], cs, said, doc)
    assert "over which values" not in asked.message
    assert "selected by which criterion on which split?" in asked.message


def test_without_a_range_the_values_are_asked_for():
    doc, cs, said, f = _with_document("We use a warm-up of 10 percent.")
    (asked,) = firstscreen.group_searches([f], cs, said, doc)
    assert "over which values" in asked.message


def test_each_setting_a_grouped_finding_speaks_for_is_named_with_its_value():
    doc, cs, said, f = _with_document("")
    (asked,) = firstscreen.group_searches([f], cs, said, doc)
    assert "lr `1e-05` at a.json:2" in asked.message
    assert "lr_adapt `0.001` at a.json:3" in asked.message
    assert {asked.choice, *asked.group} == {"lr", "ad"}
