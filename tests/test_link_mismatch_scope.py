"""The right comparison for a mismatch, piece by piece: a table's caption scopes its rows over the
section it floats into, a rate of a step ("steps per epoch 2400") is no count of epochs, a
fraction is read whole, a Greek letter a setting's name spells out is the paper's symbol, and a
learning rate named for a part or a phase is not the base rate."""

from __future__ import annotations

from helpers import choices_of, find, setting, view_of

from paperlint.link import naming
from paperlint.link.linker import Linker, code_modules
from paperlint.link.scopes import CONFLICT, MATCH
from paperlint.paper.document import document_from_text
from paperlint.paper.index import build_index


def _assess(paper: str, code: str, **want):
    cs = choices_of(("train.py", code))
    linker = Linker(build_index(document_from_text(paper)), (), code_modules(cs))
    (c,) = find(cs, **want)
    return linker.assess(c)


FLOATED_TABLE = """# Experiments

We fine-tune Aster-Base and Birch-2.

# D.1 Aster-Base

We use the settings of Table 7.

# D.2 Birch-2

| | Task-A | Task-B |
|---|---|---|
| Max Seq. Len. | 512 | 256 |

Table 7: The hyperparameters we used for Aster-Base.

We train Birch-2 with a sequence length of 128.
"""


def test_a_tables_caption_scopes_its_rows_over_the_section_it_lands_in():
    view = view_of(FLOATED_TABLE)
    scopes = view.values.scopes
    row = next(s for s in view.doc.sentences if s.text.startswith("Max Seq"))
    prose = next(s for s in view.doc.sentences if s.text.startswith("We train Birch-2"))
    aster = setting("max_seq_length", 512, file="aster_base_task_a.sh")
    assert scopes.sentence_verdict(aster, row.index) == MATCH
    # the section still scopes the prose that belongs to it
    assert scopes.sentence_verdict(aster, prose.index) == CONFLICT


def test_steps_per_epoch_are_not_a_number_of_epochs():
    a = _assess(
        "# Training\n\nWe train with number of steps per epoch 2400, and number of epochs 25.\n",
        "import argparse\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--epochs', type=int, default=10)\n",
        kind="epochs",
    )
    assert a.paper_value == "25" and a.mismatch


def test_a_fraction_after_a_symbol_is_read_whole():
    view = view_of("# Method\n\nThe counts are weighted with the exponent α = 3/4.\n")
    alpha = setting("weighting_alpha", 0.75)
    ((_, n),) = view.values.symbol_stated(alpha, "α")
    assert n.value == 0.75 and n.text == "3/4"


def test_a_greek_letter_spelled_out_is_the_papers_symbol():
    assert naming.greek_symbol_of(setting("distillation_tau", 1.0)) == "τ"
    assert naming.greek_symbol_of(setting("lora_alpha", 16)) == "α"
    # only the name's last part, and only a letter's name
    assert naming.greek_symbol_of(setting("tau_decay", 0.9)) == ""
    assert naming.greek_symbol_of(setting("alphabet_size", 26)) == ""


def test_a_symbol_stated_in_related_work_is_not_the_papers_value():
    view = view_of(
        "# Related Work\n\nPrior work distils with τ = 10.\n\n"
        "# Method\n\nWe distil with τ = 3.0 for all runs.\n"
    )
    tau = setting("distillation_tau", 3.0)
    assert [n.text for _, n in view.values.symbol_stated(tau, "τ")] == ["3.0"]


RATES = """# Training

We use a learning rate of 1e-4 and a warm-up of 5 epochs.
"""

RATE_CODE = """import argparse
parser = argparse.ArgumentParser()
parser.add_argument('--head_lr', type=float, default=1e-3)
parser.add_argument('--warmup_lr', type=float, default=1e-6)
parser.add_argument('--init_lr', type=float, default=3e-4)
"""


def test_a_rate_named_for_a_part_or_a_phase_is_not_the_base_rate():
    assert not _assess(RATES, RATE_CODE, param="head_lr").mismatch
    assert not _assess(RATES, RATE_CODE, param="warmup_lr").mismatch
    # `init_lr` is the base rate by another name: compared, and it disagrees
    base = _assess(RATES, RATE_CODE, param="init_lr")
    assert base.mismatch and base.paper_value == "1e-4"


def _results_row(row: str) -> str:
    return f"# Results\n\n| Method | FID | IS | Sampling |\n|---|---|---|---|\n| {row} |\n"


def test_a_setting_written_after_a_methods_scores_is_how_the_result_was_sampled():
    scale = setting("guidance_s", 2.0)
    view = view_of(_results_row("Aster-G (ours) | 3.60 | 247.6 | 250 steps, s = 1.5"))
    assert view.values.symbol_stated(scale, "s") == []
    # the twin: a row that only sets the value
    view = view_of(_results_row("Aster-G (ours) | guidance | scale | s = 1.5"))
    ((_, n),) = view.values.symbol_stated(scale, "s")
    assert n.value == 1.5
