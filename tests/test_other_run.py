"""Mismatches that compare the code with a statement about another run (paperlint.otherrun): a
value the paper states in a part about another model of the code, a notebook's trial value
where a script runs the paper's. Each beside a twin whose mismatch stays on the first screen."""

from __future__ import annotations

from helpers import choice, finding

from paperlint import firstscreen, otherrun, setaside
from paperlint.model import Assessment, Evidence
from paperlint.paper.document import document_from_text

PAPER = """# 5.1 Matrix factorization

To run the baselines we implemented MFA and MFB ourselves. We set the regularization factor
lambda = 0.1 for both.

# 5.2 Graph network

We train GraphRec with the BPR loss for 400 epochs and weight decay 0.01.
"""


def _sentence(doc, words: str) -> int:
    return next(s.index for s in doc.sentences if words in s.text)


def _stated(doc, c, value: str, words: str, cue: str = "") -> Assessment:
    i = _sentence(doc, words)
    quote = doc.sentences[i].text
    evidence = (
        Evidence("mention", 1, "", quote, cue or value, sentence=i),
        Evidence("value", 1, "", quote, value, sentence=i),
    )
    return Assessment(c.id, mentioned=True, paper_value=value, mismatch=True, evidence=evidence)


def _weight_decay(id: str, file: str, scope: str = "") -> object:
    return choice(id, "weight_decay", "0", number=0.0, file=file, scope=scope)


def _models() -> list:
    # the repository's model files, so that MFA, MFB and GraphRec are names of its models
    return [
        choice("als_f", "channels", "100", file="src/models/mfa.py", scope="MFA.__init__"),
        choice("ials_f", "channels", "100", file="src/models/mfb.py", scope="IMFA.__init__"),
    ]


def test_a_value_stated_in_the_part_about_other_models_is_not_compared_with_this_model():
    doc = document_from_text(PAPER)
    model = _weight_decay("graph_wd", "src/models/graphrec.py", "GraphRec.configure_optimizers")
    stated = {model.id: _stated(doc, model, "0.1", "lambda = 0.1")}
    got = otherrun.reasons([model, *_models()], stated, doc)
    assert got == {"graph_wd": "other_model_statement"}


def test_a_value_stated_in_the_part_about_the_choices_own_model_is_compared():
    doc = document_from_text(PAPER)
    model = _weight_decay("graph_wd", "src/models/graphrec.py", "GraphRec.configure_optimizers")
    stated = {model.id: _stated(doc, model, "0.01", "weight decay 0.01")}
    assert otherrun.reasons([model, *_models()], stated, doc) == {}


def test_a_file_named_for_no_model_of_the_paper_is_compared_wherever_the_value_is_stated():
    doc = document_from_text(PAPER)
    plain = _weight_decay("wd", "train.py", "Trainer.fit")
    stated = {plain.id: _stated(doc, plain, "0.1", "lambda = 0.1")}
    assert otherrun.reasons([plain, *_models()], stated, doc) == {}


def test_a_statement_that_names_the_choices_model_beside_others_is_compared():
    doc = document_from_text(
        "# Setup\n\nFor MFA and GraphRec we set the regularization factor lambda = 0.1.\n"
    )
    model = _weight_decay("graph_wd", "src/models/graphrec.py", "GraphRec.configure_optimizers")
    stated = {model.id: _stated(doc, model, "0.1", "lambda = 0.1")}
    assert otherrun.reasons([model, *_models()], stated, doc) == {}


PAPER_WITH_A_DATASET_SECTION = """# 4 Dataset

THE DATASET AND ITS MODELS: we describe the models trained on it, MFA and MFB.

# 5 Puzzles

Each puzzle masks 30% to 70% of the board, and MFB solves it.
"""


def test_a_generic_folder_word_the_paper_capitalises_names_no_model():
    # `src/dataset/` is a folder of any codebase: "DATASET" set in capitals in the paper does
    # not make it a model whose statements live elsewhere
    doc = document_from_text(PAPER_WITH_A_DATASET_SECTION)
    masking = choice("mask", "other", "0.2", number=0.2, file="src/dataset/build_puzzles.py")
    stated = {masking.id: _stated(doc, masking, "30%", "masks 30% to 70%")}
    assert otherrun.reasons([masking, *_models()], stated, doc) == {}
    # the twin: a file named for a model the paper names, stated in another model's part
    model = _weight_decay("mfa_mask", "src/mfa/build_puzzles.py")
    stated = {model.id: _stated(doc, model, "30%", "masks 30% to 70%")}
    assert otherrun.reasons([model, *_models()], stated, doc) == {
        "mfa_mask": "other_model_statement"
    }


def _batch(id: str, value: float, file: str, **kw) -> object:
    return choice(id, "batch_size", str(int(value)), number=value, file=file, **kw)


def _stated_plainly(c, value: str) -> Assessment:
    return Assessment(c.id, mentioned=True, paper_value=value, mismatch=True)


def test_a_notebooks_trial_value_is_set_aside_where_a_script_runs_the_papers_value():
    trial = _batch("trial", 32, "playground.ipynb", cell=4)
    runner = _batch("runner", 64, "runner.py")
    stated = {"trial": _stated_plainly(trial, "64")}
    assert otherrun.reasons([trial, runner], stated, None) == {"trial": "exploration_notebook"}


def test_a_notebooks_value_is_compared_when_no_script_runs_the_papers_value():
    trial = _batch("trial", 32, "playground.ipynb", cell=4)
    runner = _batch("runner", 128, "runner.py")
    stated = {"trial": _stated_plainly(trial, "64")}
    assert otherrun.reasons([trial, runner], stated, None) == {}


def test_a_scripts_value_is_compared_even_when_another_script_runs_the_papers_value():
    # one job runs the stated batch size and another does not: both are runs, the mismatch holds
    other_job = _batch("job_b", 128, "job_b.sh")
    job = _batch("job_a", 512, "job_a.sh")
    stated = {"job_b": _stated_plainly(other_job, "512")}
    assert otherrun.reasons([other_job, job], stated, None) == {}


def test_the_first_screen_sets_the_mismatch_of_another_model_aside():
    doc = document_from_text(PAPER)
    model = _weight_decay("graph_wd", "src/models/graphrec.py", "GraphRec.configure_optimizers")
    stated = {model.id: _stated(doc, model, "0.1", "lambda = 0.1")}
    cs = {c.id: c for c in (model, *_models())}
    screen = firstscreen.arrange([finding(model, "MM201")], cs, stated, document=doc)
    assert screen.findings == []
    assert screen.set_aside == {"other_model_statement": 1}
    assert set(screen.set_aside) <= set(setaside.REASONS)
    # without the paper nothing says which part the value was stated in: the mismatch stays
    kept = firstscreen.arrange([finding(model, "MM201")], cs, stated)
    assert [f.choice for f in kept.findings] == ["graph_wd"]


def test_a_mismatch_of_several_settings_is_led_by_the_setting_the_statement_names():
    doc = document_from_text(PAPER)
    # a baseline's iteration count written in three files, and the model's epochs in one
    iters = [
        choice(
            f"it{i}", "epochs", "100", number=100.0, file=f"src/models/m{i}.py", param="iterations"
        )
        for i in range(3)
    ]
    epochs = choice("ep", "epochs", "30", number=30.0, file="configs/base.json", param="n_epochs")
    cs = {c.id: c for c in (*iters, epochs)}
    stated = {c.id: _stated(doc, c, "400", "400 epochs", cue="epochs") for c in cs.values()}
    found = [finding(c, "MM201") for c in cs.values()]
    screen = firstscreen.arrange(found, cs, stated)
    assert len(screen.findings) == 1
    assert screen.findings[0].choice == "ep"
    # named alike, the most places lead as before
    named = {k: _stated(doc, c, "400", "400 epochs", cue="train") for k, c in cs.items()}
    assert firstscreen.arrange(found, cs, named).findings[0].choice in {"it0", "it1", "it2"}


CITING = """# Experiments

We compare with a spectral network (SpecNet [6]) and a diffusion network (DiffNet [4]).

Table 1: Errors of the models.

| model | MAE |
|---|---|
| DiffNet | 2.77 |
| Ours | 3.10 |
"""


def _norm_layer(id: str, file: str) -> object:
    return choice(id, "normalization", "BatchNorm2d", file=file)


def test_a_model_the_paper_only_cites_is_a_baseline_whose_choices_are_set_aside():
    doc = document_from_text(CITING)
    planned = _norm_layer("planned", "src/models/specnet.py")
    reported = _norm_layer("reported", "src/models/diffnet.py")
    own = _norm_layer("own", "src/models/spectral.py")
    got = otherrun.reasons([planned, reported, own], {}, doc)
    assert got == {"planned": "cited_model_only"}


def test_a_model_the_paper_names_without_a_citation_is_its_own_run():
    doc = document_from_text(CITING + "\nWe also trained SpecNet on both datasets.\n")
    planned = _norm_layer("planned", "src/models/specnet.py")
    assert otherrun.reasons([planned], {}, doc) == {}


def test_the_first_screen_sets_aside_every_finding_inside_a_cited_only_model():
    doc = document_from_text(CITING)
    planned = _norm_layer("planned", "src/models/specnet.py")
    own = _norm_layer("own", "src/models/spectral.py")
    cs = {c.id: c for c in (planned, own)}
    screen = firstscreen.arrange([finding(planned), finding(own)], cs, {}, document=doc)
    assert [f.choice for f in screen.findings] == ["own"]
    assert screen.set_aside == {"cited_model_only": 1}


def test_a_value_of_the_papers_own_method_is_compared_in_a_part_that_names_only_a_baseline():
    text = (
        "# FooNet: Fast Object Detection\n\n# Abstract\n\nWe propose FooNet, a detector.\n\n"
        "# 3 Baselines\n\nWe also train BarNet.\n\n"
        "# 4 Training details\n\nWe use the hyper-parameters of RetinaNet, with a learning "
        "rate of 0.01.\n"
    )
    doc = document_from_text(text)
    ours = choice("lr", "learning_rate", "0.02", number=0.02, file="foonet/head.py")
    bar = choice("lr2", "learning_rate", "0.02", number=0.02, file="barnet/head.py")
    baseline = choice("r", "channels", "256", file="retinanet/head.py")
    stated = {
        "lr": _stated(doc, ours, "0.01", "learning rate of 0.01"),
        "lr2": _stated(doc, bar, "0.01", "learning rate of 0.01"),
    }
    # the paper's own method is what every part is about; another model of the code is not
    assert otherrun.reasons([ours, bar, baseline], stated, doc) == {"lr2": "other_model_statement"}
