"""A training length counted in iterations (an iteration-based runner's ``max_iters``, a
solver's ``MAX_ITER``, ``max_steps``) is compared with the iterations the paper states, never
with its epochs; an epochs setting still takes the paper's epochs."""

from __future__ import annotations

import textwrap

from paperlint.api import Config, assemble
from paperlint.code.project import build_inventory
from paperlint.code.python import analyze
from paperlint.paper.document import document_from_text

ITERATIONS_PAPER = """
# Net

# Experiments

We trained the models using AdamW optimizer for 160K iterations on ADE20K, and 80K iterations on COCO-Stuff.
Exceptionally, for the ablation studies, we trained the models for 40K iterations.
"""

EPOCHS_PAPER = """
# Net

# Experiments

We train the network for 12 epochs with a batch size of 16.
"""


def _assess(code: str, paper: str, param: str, path: str = "schedule.py"):
    module = path.removesuffix(".py").replace("/", ".")
    facts = [analyze(textwrap.dedent(code).lstrip("\n"), path, module)]
    doc = document_from_text(textwrap.dedent(paper).lstrip("\n"))
    result = assemble(build_inventory(facts, [], []), doc, [], Config(audit_all=True))
    (choice,) = [c for c in result.choices if c.param == param]
    return choice, result.assessment_of(choice.id), result


def test_an_iteration_based_runner_is_a_count_of_iterations_agreeing_with_160k():
    code = "runner = dict(type='IterBasedRunner', max_iters=160000)\n"
    choice, a, result = _assess(code, ITERATIONS_PAPER, "max_iters")
    assert choice.kind == "epochs" and choice.concept == "training_iterations"
    assert a.paper_value == "160K" and not a.mismatch
    assert not [f for f in result.findings if f.rule == "MM201"]


def test_an_iteration_count_the_paper_does_not_state_is_a_mismatch_with_its_iterations():
    code = "runner = dict(type='IterBasedRunner', max_iters=120000)\n"
    _choice, a, _ = _assess(code, ITERATIONS_PAPER, "max_iters")
    assert a.paper_value == "160K" and a.mismatch


def test_an_iteration_count_is_never_compared_with_the_papers_epochs():
    for code, param in [
        ("runner = dict(type='IterBasedRunner', max_iters=90000)\n", "max_iters"),
        ("total_steps = 90000\n", "total_steps"),
    ]:
        _choice, a, _ = _assess(code, EPOCHS_PAPER, param)
        assert a.paper_value is None and not a.mismatch
    # the twin: an epochs setting takes the paper's epochs, and disagrees
    choice, a, _ = _assess("max_epochs = 24\n", EPOCHS_PAPER, "max_epochs")
    assert choice.concept == "epochs" and a.paper_value == "12" and a.mismatch


def test_a_run_whose_iteration_count_the_paper_states_for_its_experiments_agrees():
    paper = """
    # Net

    # Experiments

    Our network is trained with SGD for 90K iterations with a minibatch of 16 images.

    For these experiments, we double the number of iterations to 180K.
    """
    _choice, a, _ = _assess("MAX_ITER = 180000\n", paper, "MAX_ITER")
    assert a.paper_value == "180K" and not a.mismatch
    _choice, a, _ = _assess("MAX_ITER = 120000\n", paper, "MAX_ITER")
    assert a.mismatch


def test_a_state_of_the_art_comparison_section_names_no_other_run():
    paper = """
    # Net

    # Experiments

    Our network is trained with SGD for 90K iterations with a minibatch of 16 images.

    ## R101 backbones

    The R101 backbone gains 2.1% AP over R50.

    ## Comparison with State-of-the-art Detectors

    For these experiments, we double the number of iterations to 180K.
    """
    _c, a, _ = _assess("MAX_ITER = 180000\n", paper, "MAX_ITER", "configs/r101_2x.py")
    assert a.paper_value == "180K" and not a.mismatch
