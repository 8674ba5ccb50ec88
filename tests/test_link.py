"""Link: choices against paper text given as strings."""

from __future__ import annotations

from helpers import choices_of, find, inventory_of

from paperlint.link.linker import Linker, code_modules
from paperlint.paper.document import document_from_text
from paperlint.paper.index import build_index
from paperlint.paper.numbers import numbers_in, parse_number

CODE = (
    "train.py",
    """
    import torch
    import torch.nn as nn
    bn = nn.BatchNorm2d(64)
    drop = nn.Dropout(0.3)
    opt = torch.optim.SGD(params, lr=0.01, momentum=0.9)
    pool = nn.MaxPool2d(2)
    act = nn.ELU()
""",
)


def assess(paper: str, **want):
    cs = choices_of(CODE)
    linker = Linker(build_index(document_from_text(paper)))
    (c,) = find(cs, **want)
    return linker.assess(c)


def test_citation_next_to_the_mention_is_a_citation():
    a = assess(
        "# Method\nWe use batch normalization [16] after every convolution.\n", concept="batch_norm"
    )
    assert a.justification == "citation"
    assert any(e.type == "citation" and e.page == 1 and e.section == "Method" for e in a.evidence)


def test_a_stated_reason_beats_a_citation():
    a = assess(
        "# Method\nWe apply dropout [7] to reduce overfitting on the small dataset.\n",
        concept="dropout",
        kind="dropout",
    )
    assert a.justification == "reasoning"


def test_we_found_empirically_is_a_weaker_empirical_claim():
    a = assess(
        "# Training\nWe found that a dropout of 0.3 works best.\n",
        concept="dropout",
        kind="dropout",
    )
    assert a.justification == "empirical_claim"


def test_a_cue_in_another_sentence_about_something_else_does_not_count():
    paper = "# Method\nWe use batch normalization after each convolution.\nThe data is split because of the license.\n"
    assert assess(paper, concept="batch_norm").justification is None


def test_ablation_in_an_ablation_section():
    paper = "# 4 Ablation study\nReplacing max pooling with average pooling lowers accuracy by 0.8 points.\n"
    a = assess(paper, concept="max_pooling")
    assert a.ablated
    assert not assess(
        "# Method\nWe use max pooling after each block.\n", concept="max_pooling"
    ).ablated


def test_stated_values_are_compared_across_notations():
    agree = assess(
        "# Training\nWe use SGD with a learning rate of 10^-2 and a momentum of 0.9.\n",
        kind="learning_rate",
    )
    assert agree.paper_value == "10^-2" and not agree.mismatch
    differ = assess(
        "# Training\nWe use SGD with a learning rate of 0.1 and a momentum of 0.9.\n",
        kind="learning_rate",
    )
    assert differ.mismatch and differ.paper_value == "0.1"
    assert any(e.type == "value" and "0.1" in e.quote for e in differ.evidence)


def test_unmentioned_choice_lists_the_sections_searched():
    a = assess("# Intro\nNothing here.\n# Results\nStill nothing.\n", concept="elu")
    assert not a.mentioned and a.searched == ("Intro", "Results")


def test_numbers_in_every_notation():
    assert parse_number("1e-4") == 1e-4
    assert parse_number("10^-4") == 1e-4
    assert parse_number("10^{-4}") == 1e-4
    assert abs(parse_number("5 × 10^-4") - 5e-4) < 1e-12
    assert parse_number("0.0001") == 1e-4
    assert parse_number("1,000") == 1000
    assert parse_number("10k") == 10000
    assert parse_number("10%") == 0.1
    # a point right before the exponent, as tables print 5e-5
    assert parse_number("5.e-5") == 5e-5
    assert [n.value for n in numbers_in("Section 3. Each")] == [3.0]
    dims = numbers_in("a 3 × 3 conv and a 7x7 kernel")
    assert [n.dims for n in dims] == [(3, 3), (7, 7)]
    # a filter shape, k × k × input channels × output channels, is one number
    shape = numbers_in("Conv / s2  3 × 3 × 3 × 32  224 × 224 × 3")
    assert [n.dims for n in shape] == [(3, 3, 3, 32), (224, 224, 3)]
    assert [n.value for n in numbers_in("as shown in [12] and [3, 4]")] == []


def test_symbols_the_paper_defines_carry_values():
    paper = (
        "# Method\nWe train with a learning rate η that we decay.\nIn all runs η = 0.05 is used.\n"
    )
    a = assess(paper, kind="learning_rate")
    assert a.paper_value == "0.05" and a.mismatch


def test_schedule_arguments_in_prose():
    code = (
        "t.py",
        """
        import torch
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.5)
    """,
    )
    cs = choices_of(code)
    linker = Linker(
        build_index(
            document_from_text("# Training\nThe learning rate is divided by 2 every 20 epochs.\n")
        )
    )
    gamma = linker.assess(find(cs, param="gamma")[0])
    step = linker.assess(find(cs, param="step_size")[0])
    assert gamma.mentioned and not gamma.mismatch  # divided by 2 == gamma 0.5
    assert step.mismatch and step.paper_value == "20"


def _assess_code(code: str, paper: str, unique: bool = False, **want):
    """The assessment of the first choice of ``code`` with the ``want`` attributes (``unique``:
    and the only one)."""
    found = find(choices_of(("m.py", code)), **want)
    assert len(found) == 1 if unique else found
    return Linker(build_index(document_from_text(paper))).assess(found[0])


def test_the_paper_saying_a_component_is_not_used_is_a_mismatch():
    code = """
        import torch.nn as nn
        conv = nn.Conv2d(3, 64, kernel_size=3, padding=1)
    """
    a = _assess_code(
        code, "# Method\nEach step applies two 3x3 unpadded convolutions.\n", param="padding"
    )
    assert a.mismatch and a.paper_value == "unpadded"
    ok = _assess_code(
        code,
        "# Method\nEach step applies two 3x3 convolutions with zero padding.\n",
        param="padding",
    )
    assert not ok.mismatch


def test_schedules_are_compared_as_components():
    code = """
        import torch
        s = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=90)
    """
    a = _assess_code(
        code,
        "# Training\nThe learning rate is divided by 10 when the error plateaus.\n",
        kind="scheduler",
    )
    assert a.mismatch and a.paper_value in ("plateau decay", "step decay")
    same = _assess_code(
        code, "# Training\nWe use cosine annealing of the learning rate.\n", kind="scheduler"
    )
    assert not same.mismatch


def test_a_missing_component_against_what_the_paper_uses():
    code = """
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = nn.Conv2d(3, 64, 3)
                self.b = nn.Conv2d(64, 64, 3)
                self.fc = nn.Linear(64, 10)
    """
    uses = "# Method\nDropout layers at the end of the network perform implicit regularization.\n"
    a = _assess_code(code, uses, concept="no_dropout")
    assert a.mismatch and "used in the paper" in a.paper_value
    # the layers and what they do can be some words apart
    far = "# Method\nDrop-out layers at the end of the shrinking encoder path perform extra regularization.\n"
    assert _assess_code(code, far, concept="no_dropout").mismatch
    says_no = "# Method\nWe do not use dropout [3], following common practice.\n"
    b = _assess_code(code, says_no, concept="no_dropout")
    assert not b.mismatch and b.justification == "citation"


def test_a_method_cited_at_the_head_of_its_paragraph_covers_its_description():
    code = """
        import torch
        def pool(x):
            return torch.mean(x, dim=1)

        class Head(torch.nn.Module):
            def forward(self, x):
                return torch.mean(x, dim=1)
    """
    paper = (
        "# Method\nWe implement Sentence-BERT as described by Reimers and Gurevych (2019).\n"
        "Sentence-BERT adds a mean pooling operation to derive the sentence embedding.\n"
    )
    a = _assess_code(code, paper, concept="mean_pooling")
    assert a.justification == "citation"
    unrelated = (
        "# Method\nWe initialize the weights as in [13] and train from scratch.\n"
        "The head adds a mean pooling operation to derive the sentence embedding.\n"
    )
    assert _assess_code(code, unrelated, concept="mean_pooling").justification is None


def test_an_effect_stated_in_the_next_sentence_is_a_reason():
    code = """
        import torch.nn as nn
        conv = nn.Conv2d(3, 64, kernel_size=3, padding=1)
    """
    paper = (
        "# Method\nThe network only uses unpadded convolutions.\n"
        "This strategy allows the seamless segmentation of arbitrarily large images.\n"
    )
    a = _assess_code(code, paper, param="padding")
    assert a.mismatch and a.justification == "reasoning"


def _conv_width(paper: str):
    cs = choices_of(("net.py", "import torch.nn as nn\nconv = nn.Conv2d(3, 64, 3)\n"))
    (c,) = find(cs, concept="width", value="64")
    return Linker(build_index(document_from_text(paper))).assess(c)


def test_a_width_multiplier_is_not_evidence_about_one_layers_channels():
    a = _conv_width(
        "# Method\nThe width multiplier has the effect of reducing computation quadratically.\n"
        "# Experiments\nTable 6 shows the trade offs of the width multiplier.\n"
    )
    assert not a.mentioned and a.justification is None and not a.ablated
    # the control: the same sentences about the number of channels do count
    b = _conv_width(
        "# Method\nThe number of channels has the effect of reducing computation quadratically.\n"
    )
    assert b.justification == "reasoning"


def test_a_feature_size_written_as_dimensions_is_not_a_stated_width():
    a = _conv_width(
        "# Method\nTo make the model shallower, the 5 layers with feature size 14 × 14 × 512 are"
        " removed.\n"
    )
    assert not a.mentioned
    b = _conv_width("# Method\nWe use a feature size of 64 to keep the model small.\n")
    assert b.mentioned and b.paper_value == "64"


def _resized_crop(paper: str):
    code = "import torchvision.transforms as T\naug = T.Compose([T.RandomResizedCrop(224)])\n"
    return _assess_code(code, paper, unique=True, concept="random_resized_crop")


def test_a_random_resized_crop_is_not_the_papers_scale_augmentation():
    a = _resized_crop(
        "# Implementation\nThe image is resized with its shorter side randomly sampled in [256, 480]"
        " for scale augmentation [41]. A 224×224 crop is randomly sampled from the image.\n"
    )
    assert a.mismatch and a.paper_value in ("random crop", "zoom augmentation")
    b = _resized_crop("# Implementation\nWe train with random resized crops of 224 pixels [12].\n")
    assert not b.mismatch and b.justification == "citation"


def test_one_name_word_in_singular_and_plural_is_not_a_mention():
    code = """
        import argparse
        p = argparse.ArgumentParser()
        p.add_argument("--num_size", type=int, default=8)
    """
    plural = "# Setup\nTo make the module sizes comparable, we set the adapter size to 64.\n"
    assert not _assess_code(code, plural, param="num_size").mentioned


def test_a_choice_inside_a_purpose_clause_is_not_what_the_reason_argues_for():
    constrained = (
        "# Method\nWe select the input tile size such that all 2x2 max-pooling operations see an"
        " even size.\n"
    )
    a = assess(constrained, concept="max_pooling")
    assert a.mentioned and a.justification is None
    argued = "# Method\nWe use 2x2 max-pooling so that the features become translation invariant.\n"
    assert assess(argued, concept="max_pooling").justification == "reasoning"


def test_to_make_is_a_purpose_only_when_it_says_how_things_become():
    purpose = "# Method\nWe add batch normalization to make training more stable.\n"
    assert assess(purpose, concept="batch_norm").justification == "reasoning"
    product = "# Method\nThe batch normalization outputs are concatenated to make the embedding.\n"
    assert assess(product, concept="batch_norm").justification is None


def test_a_reason_in_the_next_sentence_after_a_short_opening_phrase():
    paper = (
        "# Method\nWe apply dropout after the last layer.\n"
        "In our setting, since the dataset is tiny, the network overfits quickly.\n"
    )
    assert assess(paper, concept="dropout", kind="dropout").justification == "reasoning"
    # a sentence about something else that only happens to follow does not count
    other = (
        "# Method\nWe apply dropout after the last layer.\n"
        "In our setting, the dataset is split because of the license.\n"
    )
    assert assess(other, concept="dropout", kind="dropout").justification is None


def test_a_work_cited_by_its_title_that_names_the_choice():
    code = """
        from tensorflow.keras import layers
        y = layers.Add()([x, h])
    """
    titled = (
        "# Implementation\nThe model is based on the network described in Deep Residual Learning"
        " For Image Recognition and uses Keras.\n"
    )
    a = _assess_code(code, titled, concept="residual_add")
    assert a.justification == "citation"
    plain = "# Implementation\nThe model uses residual learning and is written in Keras.\n"
    assert _assess_code(code, plain, concept="residual_add").justification is None


def test_every_place_that_argues_for_a_choice_is_shown_but_not_related_work():
    paper = (
        "# Introduction\nDropout is of crucial importance to keep a small network from"
        " memorizing its data.\n"
        "# Related Work\nOthers apply dropout because it is cheap.\n"
        "# Method\nWe apply dropout after the last layer to reduce overfitting.\n"
    )
    a = assess(paper, concept="dropout", kind="dropout")
    assert a.justification == "reasoning"
    quotes = [e.quote for e in a.evidence if e.type == "justification"]
    assert quotes[0].startswith("We apply dropout")  # the method's own statement decides
    assert any(q.startswith("Dropout is of crucial importance") for q in quotes)
    assert not any("Others apply" in q for q in quotes)


def test_normalization_the_paper_leaves_out_of_its_layer_sequence_is_a_mismatch():
    code = """
        import torch.nn as nn
        block = nn.Sequential(nn.Conv2d(3, 64, 3), nn.BatchNorm2d(64), nn.ReLU())
    """
    sequence = "# Architecture\nEach block applies two 3x3 convolutions, each followed by a ReLU.\n"
    a = _assess_code(code, sequence, concept="batch_norm")
    assert a.mismatch and a.paper_value.startswith("none")
    # a paper that names normalization anywhere has a place for it
    named = sequence + "# Training\nWe train with batch normalization.\n"
    assert not _assess_code(code, named, concept="batch_norm").mismatch
    # and one that never describes the sequence says nothing either way
    silent = "# Architecture\nEach block applies two 3x3 convolutions.\n"
    assert not _assess_code(code, silent, concept="batch_norm").mismatch


def _encoder_cell(paper: str):
    code = (
        "import argparse\np = argparse.ArgumentParser()\n"
        "p.add_argument('--encoder', default='gru', help='gru or lstm')\n"
    )
    return _assess_code(code, paper, unique=True, value="'gru'")


def test_a_recurrent_cell_the_paper_replaces_with_its_rival_is_a_mismatch():
    # GRU is named only in a list beside LSTM and in the baseline's description; the
    # paper's own model encodes with LSTM
    a = _encoder_cell(
        "# Abstract\nWe used recurrent neural networks (LSTM, GRU) and attention.\n"
        "# Baseline\nThe baseline encodes the question using GRU.\n"
        "# Our Approach\nWe encoded the word vectors with LSTM before the attention layer.\n"
    )
    assert a.mismatch and a.paper_value == "lstm"
    assert any(e.type == "value" and "encoded the word vectors" in e.quote for e in a.evidence)


def test_a_recurrent_cell_the_paper_names_for_its_own_model_is_no_mismatch():
    a = _encoder_cell(
        "# Abstract\nWe used recurrent neural networks (LSTM, GRU) and attention.\n"
        "# Our Approach\nWe encode the question with a GRU, which trains faster than an LSTM.\n"
        "The answer decoder is an LSTM.\n"
    )
    assert a.mentioned and not a.mismatch


SAMPLING = """
def pick(args, epoch, total):
    if args.sample == "proportional":
        alpha = 1.0
    elif args.sample == "anneal":
        alpha = 1 - 0.8 * epoch / total
    return alpha
"""

SAMPLING_PAPER = (
    "# Approach\nWe implement the scheduling method described by Stickland and Murray (2019):"
    " proportional, square root and annealed sampling.\n"
    "We sample each task in turn at every step of training.\n"
    "# Experiments\nTable 10 compares the sampling methods. Annealed sampling gives the highest"
    " overall performance.\n"
)


def test_a_constant_under_a_selecting_branch_links_to_what_the_branch_names():
    (c,) = find(choices_of(("train.py", SAMPLING)), concept="constant", value="0.8")
    a = Linker(build_index(document_from_text(SAMPLING_PAPER))).assess(c)
    assert a.mentioned and a.justification == "citation" and a.ablated
    assert "annealed sampling" in a.evidence[0].quote
    # the same number outside any branch names nothing the paper talks about
    plain = SAMPLING.replace('    elif args.sample == "anneal":\n', "    if True:\n")
    (d,) = find(choices_of(("train.py", plain)), concept="constant", value="0.8")
    b = Linker(build_index(document_from_text(SAMPLING_PAPER))).assess(d)
    assert not b.mentioned and b.justification is None


def test_one_code_word_in_two_forms_is_not_two_name_words():
    # "sample" and "sampling" both come from `args.sample`: the sentence that has only them
    # says nothing about the annealed branch
    (c,) = find(choices_of(("train.py", SAMPLING)), concept="constant", value="0.8")
    paper = "# Approach\nWe sample each task in turn, sampling by the dataset size.\n"
    a = Linker(build_index(document_from_text(paper))).assess(c)
    assert not a.mentioned


def _exploration(value: int, paper: str):
    code = ("main.py", f"args = dict(tempThreshold={value}, temperature=0.7)\n")
    # one choice: a softmax `temperature` is another setting
    (c,) = find(choices_of(code), concept="exploration_moves")
    return Linker(build_index(document_from_text(paper))).assess(c)


def test_the_moves_played_with_temperature_are_a_stated_value():
    paper = (
        "# Self-play\nThe temperature is set to τ = 1 for the first 30 moves of each game, to"
        " encourage exploration, and to 0 afterwards.\n"
    )
    a = _exploration(15, paper)
    assert a.mismatch and a.paper_value == "30" and a.justification == "reasoning"
    assert not _exploration(30, paper).mismatch


def _lengths(paper: str) -> dict[str, object]:
    code = (
        "main.py",
        "import argparse\np = argparse.ArgumentParser()\n"
        "p.add_argument('--context_len', type=int, default=600)\n"
        "p.add_argument('--question_len', type=int, default=20)\n",
    )
    linker = Linker(build_index(document_from_text(paper)))
    return {c.param: linker.assess(c) for c in choices_of(code) if c.concept == "sequence_length"}


def test_a_stated_length_belongs_to_the_setting_whose_words_come_before_it():
    got = _lengths(
        "# Model\nTo batch them, we padded all the context paragraphs to 300 and all the"
        " questions to the maximum question length.\n"
    )
    assert got["context_len"].mismatch and got["context_len"].paper_value == "300"
    # 300 follows "context", not "questions": the question length is not stated
    assert not got["question_len"].mismatch and got["question_len"].paper_value is None


def test_a_length_stated_for_the_setting_agrees_when_equal():
    got = _lengths("# Model\nQuestions are truncated to 20 tokens and contexts to 600 tokens.\n")
    assert got["question_len"].paper_value == "20" and not got["question_len"].mismatch


def _lambda_schedule(paper: str):
    code = (
        "train.py",
        "import torch\n"
        "def main(opt, total):\n"
        "    s = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 1 - step / total)\n",
    )
    (c,) = find(choices_of(code), kind="scheduler")
    return Linker(build_index(document_from_text(paper))).assess(c)


def test_a_linear_decay_in_code_where_the_paper_uses_noam_is_a_mismatch():
    a = _lambda_schedule("# Training\nWe use AdamW and the Noam scheduler with 10% warmup.\n")
    assert a.mismatch and "Noam" in a.evidence[-1].quote
    b = _lambda_schedule("# Training\nThe learning rate is linearly decayed to zero.\n")
    assert not b.mismatch


def test_cosine_similarity_is_no_cosine_schedule():
    a = _lambda_schedule("# Model\nWe compare the two outputs by their cosine similarity.\n")
    assert not a.mismatch and not a.mentioned


def _epochs(n: int, paper: str):
    code = (
        "train.py",
        "import argparse\np = argparse.ArgumentParser()\n"
        f"p.add_argument('--epochs', type=int, default={n})\n",
    )
    (c,) = find(choices_of(code), kind="epochs")
    return Linker(build_index(document_from_text(paper))).assess(c)


ITERATIONS_PAPER = (
    "# Implementation\nWe use SGD with a mini-batch size of 256. The models are trained for up"
    " to 60 × 10^4 iterations.\n"
    "# Experiments\nThe models are trained on the 1.28 million training images.\n"
)


def test_training_length_in_iterations_is_compared_as_epochs():
    a = _epochs(10, ITERATIONS_PAPER)
    assert a.mismatch and "≈120 epochs" in a.paper_value
    assert any(e.type == "value" and "60 × 10^4 iterations" in e.quote for e in a.evidence)
    # 100 epochs is close enough to 120 for an approximate conversion
    assert not _epochs(100, ITERATIONS_PAPER).mismatch
    # without the training-set size there is nothing to convert with
    assert not _epochs(10, ITERATIONS_PAPER.split("# Experiments")[0]).mismatch


def test_a_flip_named_as_horizontal_does_not_name_a_vertical_flip():
    code = ("data.py", "import numpy as np\ndef aug(x):\n    return [x, np.flipud(x)]\n")
    (c,) = find(choices_of(code), concept="vertical_flip")
    linker = Linker(
        build_index(document_from_text("# Data\nWe use horizontal flip augmentation.\n"))
    )
    a = linker.assess(c)
    assert a.mismatch and a.paper_value == "horizontal flip"
    paper = "# Data\nWe use vertical flip and horizontal flip augmentation.\n"
    assert not Linker(build_index(document_from_text(paper))).assess(c).mismatch


def _batch_on(dataset: str | None, paper: str, batch: int = 512):
    """The assessment of `--batch_size` in code that runs on ``dataset`` (None: names none)."""
    src = "import argparse\np = argparse.ArgumentParser()\n"
    if dataset is not None:
        src += f"p.add_argument('--dataset', default='{dataset}')\n"
    src += f"p.add_argument('--batch_size', type=int, default={batch})\n"
    inv = inventory_of(("main.py", src))
    (c,) = find(list(inv.choices), kind="batch_size")
    return Linker(build_index(document_from_text(paper)), inv.context).assess(c)


PER_DATASET = (
    "# Experiments\nWe evaluate on two public datasets: Yelp and MovieLens 1M.\n"
    "For the MovieLens dataset we used the same batch of size 1024 and trained for 400 epochs.\n"
    "For the Yelp dataset, due to limited memory, we set the batch size to 512.\n"
)


def test_a_value_stated_for_the_codes_dataset_is_the_one_compared():
    a = _batch_on("movielens", PER_DATASET)
    assert a.mismatch and a.paper_value == "1024"
    assert any(e.type == "value" and "MovieLens dataset" in e.quote for e in a.evidence)


def test_a_value_stated_for_another_dataset_is_left_out_of_the_comparison():
    # on Yelp, 512 is the paper's value; MovieLens's 1024 is no mismatch
    a = _batch_on("yelp", PER_DATASET)
    assert not a.mismatch and a.paper_value == "512"
    # the code's dataset written in another case and with its size
    a = _batch_on("MovieLens-1M", PER_DATASET)
    assert a.mismatch and a.paper_value == "1024"


def test_without_a_dataset_in_the_code_every_stated_value_counts():
    a = _batch_on(None, PER_DATASET)
    assert a.paper_value in ("1024", "512")  # as before: the per-dataset scope needs the code's


def test_a_sentence_scoped_to_a_model_is_not_scoped_to_a_dataset():
    # "For ResNet-50," names a model, not a dataset the paper names: its value applies
    paper = (
        "# Experiments\nWe train on the CIFAR-10 dataset.\n"
        "For ResNet-50, we use a batch size of 256 and SGD.\n"
    )
    a = _batch_on("cifar10", paper, batch=128)
    assert a.mismatch and a.paper_value == "256"
    # the same sentence form scoped to a dataset the paper names does scope it
    paper = (
        "# Experiments\nWe train on the CIFAR-10 and SVHN datasets.\n"
        "On SVHN, we use a batch size of 256.\n"
    )
    a = _batch_on("cifar10", paper, batch=128)
    assert not a.mismatch


def test_dataset_names_compare_without_case_punctuation_path_or_article():
    from paperlint.link.values import dataset_key, same_dataset

    assert dataset_key("'data/MovieLens-1M'") == "movielens1m"
    assert dataset_key("The Yelp") == "yelp"
    assert dataset_key("This") == ""
    assert same_dataset("movielens", "movielens1m")
    assert not same_dataset("yelp", "movielens")
    assert not same_dataset("cifar10", "cifar100")
    assert same_dataset("cifar10", "cifar10")
    assert not same_dataset("ab", "abc")  # too short to be a prefix of anything


def test_the_input_tile_size_of_a_tiled_network_is_its_input_size():
    index = build_index(
        document_from_text(
            "# Method\nTo allow a seamless tiling, it is important to select the input tile size "
            "such that every pooling is applied to an even size.\n"
            "The tiles of the roof are red.\n"
        )
    )
    resize = {index.sentence(m.sentence).text[:9] for m in index.mentions.get("resize", ())}
    assert resize == {"To allow "}  # not "tiles" of a roof


def test_a_pattern_that_starts_with_its_value_matches_what_a_full_scan_matches():
    """The linker tries such patterns only where a number starts: the same matches as finditer
    over every character, for every vocabulary pattern of that shape."""
    from paperlint import vocab
    from paperlint.link.values import leading_value, value_patterns

    texts = [
        "We train for 90 epochs with 64 filters in 3 × 3 × 64 kernels of a 152-layer network.",
        "A dropout of 0.5, 0.3 dropout, 1e-4 weight decay and 256 images per batch.",
        "Eight attention heads, 512-dimensional states and 10^4 steps of warmup (5% of training).",
        "ResNet-50 has 25.6M parameters; 1,281,167 training images in 1000 classes.",
        "two hidden layers of 1024 units each, 12 layers, 0.9 momentum",
    ]
    linker = Linker(build_index(document_from_text("# Setup\n" + "\n".join(texts) + "\n")))
    checked = 0
    for name in vocab.concepts():
        for pat, leading in zip(value_patterns(name), leading_value(name), strict=True):
            if not leading:
                continue
            for i, text in enumerate(texts):
                fast = [m.span() for m in linker.paper.values.matches(pat, True, 1000 + i, text)]
                assert fast == [m.span() for m in pat.finditer(text)], (name, pat.pattern[:40])
                checked += bool(fast)
    assert checked >= 8  # the texts do exercise the patterns


def test_a_batch_described_by_what_it_holds_states_its_size():
    from paperlint.link.values import value_patterns

    said = {
        "Each batch was a single image and its augmented variations.": 1.0,
        "Every mini-batch contains 32 sentences of similar length.": 32.0,
        "The batch consists of 8 graphs.": 8.0,
    }
    for text, value in said.items():
        found = [
            parse_number(m.group("v"))
            for p in value_patterns("batch_size")
            for m in p.finditer(text)
        ]
        assert value in found, text
    # a batch of work is not a batch size
    assert not [
        m
        for p in value_patterns("batch_size")
        for m in p.finditer("Each batch was processed in 3 seconds.")
    ]


def test_a_bare_scope_is_judged_for_each_codes_dataset_whichever_is_assessed_first():
    def batch_file(dataset: str) -> str:
        return (
            "import argparse\np = argparse.ArgumentParser()\n"
            f"p.add_argument('--dataset', default='{dataset}')\n"
            "p.add_argument('--batch_size', type=int, default=128)\n"
        )

    inv = inventory_of(("svhn.py", batch_file("svhn")), ("c.py", batch_file("cifar10")))
    # "SVHN" is never called a dataset: "On SVHN," scopes the value only for code that runs on SVHN
    paper = "# Setup\nOn SVHN, we use a batch size of 256.\n"
    svhn, cifar = (
        find(list(inv.choices), kind="batch_size", file=f)[0] for f in ("svhn.py", "c.py")
    )
    for order in ((svhn, cifar), (cifar, svhn)):
        linker = Linker(build_index(document_from_text(paper)), inv.context)
        got = {c.file: linker.assess(c) for c in order}
        assert got["svhn.py"].mismatch and got["svhn.py"].paper_value == "256"
        assert got["c.py"].mismatch  # unscoped for CIFAR code: the paper's only batch size


def test_a_stated_saving_over_the_alternative_is_a_reason():
    code = """
        import torch.nn as nn
        dw = nn.Conv2d(32, 32, 3, 1, 1, groups=32)
    """
    saving = (
        "# Method\nOur network uses 3 × 3 depthwise convolutions, which use 8 times less "
        "computation than standard convolutions.\n"
    )
    assert _assess_code(code, saving, kind="kernel_size").justification == "reasoning"
    fewer = (
        "# Method\nOur network uses 3 × 3 depthwise convolutions with fewer parameters than "
        "standard convolutions.\n"
    )
    assert _assess_code(code, fewer, kind="kernel_size").justification == "reasoning"
    # a comparison that states no saving is not a reason
    plain = (
        "# Method\nOur network uses 3 × 3 depthwise convolutions, less common than standard "
        "convolutions.\n"
    )
    assert _assess_code(code, plain, kind="kernel_size").justification is None


def test_what_a_component_does_for_training_is_a_reason():
    code = """
        import torch.nn as nn
        drop = nn.Dropout(0.5)
    """
    does = "# Method\nDropout layers at the end of the encoder perform further implicit data augmentation.\n"
    assert _assess_code(code, does, kind="dropout").justification == "reasoning"
    acts = "# Method\nThe dropout layer acts as a regularizer.\n"
    assert _assess_code(code, acts, kind="dropout").justification == "reasoning"
    where = (
        "# Method\nDropout layers sit at the end of the encoder, before the data augmentation.\n"
    )
    assert _assess_code(code, where, kind="dropout").justification is None


def test_a_square_size_is_not_a_channel_count():
    code = """
        import torch.nn as nn
        up = nn.Conv2d(1, 3, kernel_size=1)
    """
    # the reason is about the 3 × 3 kernels, not about a convolution with 3 output channels
    kernels = (
        "# Method\nEvery block uses 3 × 3 convolutions, which use 8 times less computation "
        "than standard convolutions.\n"
    )
    a = _assess_code(code, kernels, kind="channels")
    assert not a.mentioned and a.justification is None
    stated = "# Method\nA first convolution maps the gray image to 3 channels so that the RGB weights can be reused.\n"
    b = _assess_code(code, stated, kind="channels")
    assert b.mentioned and b.justification == "reasoning"


def test_the_motivation_just_before_the_statement_of_a_choice_justifies_it():
    code = """
        import torch
        import torch.nn as nn

        class Combined(nn.Module):
            def forward(self, a, b):
                return torch.cat([a, b], dim=-1)
    """
    before = (
        "# Method\nThe idea of combined attention is to merge the two attention outputs, so that "
        "the next layer sees both. To get combined attention, we compute both and concatenate "
        "them.\n"
    )
    a = _assess_code(code, before, concept="concatenation")
    assert a.justification == "reasoning"
    assert any(e.type == "justification" and "The idea of" in e.quote for e in a.evidence)
    # a reason before it that does not name the choice is about something else
    unrelated = (
        "# Method\nThe idea is that rare words matter more. To get combined attention, we compute "
        "both and concatenate them.\n"
    )
    assert _assess_code(code, unrelated, concept="concatenation").justification is None
    # nor does one at the end of the previous section
    other_section = (
        "# Introduction\nThe idea of merging features is to keep detail.\n"
        "# Method\nTo get combined attention, we compute both and concatenate them.\n"
    )
    assert _assess_code(code, other_section, concept="concatenation").justification is None


def test_the_depth_of_a_head_said_in_words_is_a_mention_of_it():
    code = """
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("--downstream", help="single/double linear classifier head",
                            type=str, choices=("single", "double"), default="single")
    """
    paper = (
        "# Method\nThe default classifier head is a single linear layer; to improve accuracy, we "
        "add an additional linear layer with a ReLU in between.\n"
    )
    a = _assess_code(code, paper, kind="depth")
    assert a.mentioned and a.justification == "reasoning"
    # the depth of the head is not the depth of the network
    network = """
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("--num_layers", type=int, default=3)
    """
    assert _assess_code(network, paper, kind="depth").justification is None
    # "an additional layer that computes ..." is not the depth of a head
    other = (
        "# Method\nAn additional layer that computes a linear combination is needed in order to "
        "mix the channels.\n"
    )
    assert _assess_code(code, other, kind="depth").justification is None


def test_training_augmentation_on_the_test_set_against_the_papers_test_protocol():
    code = """
        from torchvision import transforms

        def main():
            tf = transforms.Compose([transforms.RandomCrop(32), transforms.ToTensor()])
            train_set = Dataset("train", transform=tf)
            test_set = Dataset("test", transform=tf)
    """
    want = {"concept": "evaluation_augmentation"}
    training = "# Method\nWe use random crops for data augmentation [4].\n"
    # the paper states a fixed protocol of its own: that is its value, and where it argues for it
    fixed = training + "In testing, we adopt the standard 10-crop testing [21].\n"
    a = _assess_code(code, fixed, **want)
    assert a.mismatch and "10-crop" in a.paper_value
    assert a.justification == "citation"
    assert any(e.type == "citation" and "10-crop" in e.quote for e in a.evidence)
    # silent on testing: evaluation is taken to be deterministic, and nothing argues for reuse
    silent = _assess_code(code, training, **want)
    assert silent.mismatch and "not stated otherwise" in silent.paper_value
    assert silent.justification is None
    # augmenting at test time is what the paper says it does: no mismatch
    tta = training + "At test time we use test-time augmentation.\n"
    assert not _assess_code(code, tta, **want).mismatch


def test_the_motivation_before_a_setting_named_by_its_words_justifies_it():
    code = """
        import torch.nn as nn

        class Head(nn.Module):
            def forward(self, u, v):
                if self.similarity_type == "linear":
                    logits = self.linear(u, v)
                else:  # 'cosine_similarity'
                    logits = self.cosine_similarity(u, v)
                    logits = (logits + 1) * 5 / 2
                return logits
    """
    paper = (
        "# Method\nWe also implement cosine similarity for improvement on the similarity task. "
        "We compute the cosine similarity of the two embeddings and map it to [0, 5].\n"
    )
    a = _assess_code(code, paper, concept="constant")
    assert a.justification == "reasoning"
    assert any(e.type == "justification" and "for improvement" in e.quote for e in a.evidence)
    plain = (
        "# Method\nWe also implement cosine similarity for the similarity task. We compute the "
        "cosine similarity of the two embeddings and map it to [0, 5].\n"
    )
    assert _assess_code(code, plain, concept="constant").justification is None


def test_a_bottleneck_design_is_about_the_width_of_its_layers():
    code = """
        import torch.nn as nn
        reduce = nn.Conv2d(256, 64, kernel_size=1)
    """
    paper = (
        "# Method\nBecause of the training time we can afford, we modify the building block as "
        "a bottleneck design.\n"
    )
    a = _assess_code(code, paper, kind="channels")
    assert a.mentioned and a.justification == "reasoning"


_MODULE_CODE = """
    from tensorflow.python.ops import rnn_cell

    class RNNEncoder:
        def __init__(self, size, keep_prob, cell_type="lstm"):
            if cell_type == "gru":
                self.cell = rnn_cell.GRUCell(size)
            else:
                self.cell = rnn_cell.LSTMCell(size)

    class {name}:
        def __init__(self, size, keep_prob):
            self.encoder = RNNEncoder(size, keep_prob, "gru")
"""


def test_a_cited_module_brings_its_cell_along():
    cited = "# Method\nA self attention layer [3] is inserted after the attention layer.\n"
    a = _assess_code(_MODULE_CODE.format(name="SelfAttn"), cited, concept="cell_type")
    assert a.justification == "citation"
    # a module named by module words only ("BasicBlock") names nothing the paper says
    plain = _assess_code(_MODULE_CODE.format(name="BasicLayer"), cited, concept="cell_type")
    assert plain.justification is None


def test_a_reason_or_an_experiment_about_a_module_is_not_about_its_cell():
    paper = (
        "# Method\nThe idea of self attention is to relate distant words, so that the layer "
        "sees the whole passage.\n"
        "# Experiments\nThe model with self attention performs better than without it.\n"
    )
    a = _assess_code(_MODULE_CODE.format(name="SelfAttn"), paper, concept="cell_type")
    assert a.justification is None and not a.ablated
    # nor is it when it comes just before the statement of the cell
    before = (
        "# Method\nThe idea of self attention is to relate distant words, so that the layer "
        "sees the whole passage. We use a GRU cell in the encoder.\n"
    )
    b = _assess_code(_MODULE_CODE.format(name="SelfAttn"), before, concept="cell_type")
    assert b.mentioned and b.justification is None


def test_an_experiment_written_in_the_notation_of_the_choice_ablates_it():
    code = """
        import torch
        import torch.nn as nn

        class Head(nn.Module):
            def forward(self, u, v):
                out = torch.cat((u, v, torch.abs(u - v)), dim=-1)
                return out
    """
    method = (
        "# Method\nWe concatenate the two embeddings u and v with their difference |u − v| and "
        "feed the three vectors to the classifier.\n"
    )
    same = method + "# Analysis\nUsing (u, v, |u-v|) instead of (u, v) improves accuracy by 3%.\n"
    a = _assess_code(code, same, concept="concatenation")
    assert a.ablated
    assert any(e.type == "ablation" and "|u-v|" in e.quote for e in a.evidence)
    # another norm in the analysis is another quantity
    other = method + "# Analysis\nUsing ||W|| instead of the raw weights improves accuracy by 3%.\n"
    assert not _assess_code(code, other, concept="concatenation").ablated
    # code that computes no absolute value is not what "|u − v|" writes
    plain = code.replace("torch.abs(u - v)", "u * v")
    assert not _assess_code(plain, same, concept="concatenation").ablated
    # and the notation outside an experiment is not an ablation
    restated = (
        method
        + "# Method details\nThe classifier takes (u, v, |u-v|) instead of a single vector.\n"
    )
    assert not _assess_code(code, restated, concept="concatenation").ablated


def test_an_experiment_on_the_module_the_statement_names_ablates_the_choice():
    code = """
        import tensorflow as tf

        class CombinedAttn:
            def build_graph(self, a, b):
                both = tf.concat([a, b], 2)
                return tf.layers.dense(both, 64)
    """
    experiment = "# Experiments\nCombined attention performs better than self attention alone.\n"
    named = (
        "# Method\nTo get combined attention, we compute self attention and bi-directional "
        "attention, then concatenate them.\n" + experiment
    )
    a = _assess_code(code, named, concept="concatenation")
    assert a.ablated
    assert any(e.type == "ablation" and "Combined attention" in e.quote for e in a.evidence)
    # the statement of the choice does not name the module: the experiment is about something else
    unnamed = "# Method\nWe compute two attention outputs and concatenate them.\n" + experiment
    assert not _assess_code(code, unnamed, concept="concatenation").ablated


def test_a_width_multiplier_sweep_ablates_the_widths_of_the_architecture_table():
    code = """
        import torch.nn as nn
        stem = nn.Conv2d(3, 32, kernel_size=3, stride=2, padding=1)
        adapter = nn.Conv2d(1, 3, kernel_size=1)
    """
    paper = (
        "# Architecture\n"
        "| Type | Filter Shape | Input Size |\n"
        "| Conv / s2 | 3 × 3 × 3 × 32 | 224 × 224 × 3 |\n"
        "\n"
        "The kernel has size DK = 3 in every layer.\n"
        "# Model Shrinking Experiments\n"
        "Table 6 shows the accuracy trade offs of shrinking the network with the width "
        "multiplier.\n"
    )
    stem = _assess_code(code, paper, kind="channels", value="32")
    assert stem.ablated and stem.paper_value == "3 × 3 × 3 × 32" and not stem.mismatch
    # three channels are not a width the paper states for a layer ("DK = 3" is a kernel size,
    # "224 × 224 × 3" an input): the multiplier does not scale them
    adapter = _assess_code(code, paper, kind="channels", value="3")
    assert not adapter.ablated and adapter.paper_value != "3"


def test_a_sentence_about_another_module_of_the_code_is_not_about_this_choice():
    code = """
        import tensorflow as tf

        class CombinedAttn:
            def build_graph(self, a, b):
                both = tf.concat([a, b], 2)
                return tf.layers.dense(both, 64)

        class SelfAttn:
            def build_graph(self, a, b):
                pair = tf.concat([a, b], 1)
                return tf.layers.dense(pair, 64)

        class BiAttn:
            def build_graph(self, a, b):
                both_ways = tf.concat([a, b], 1)
                return tf.layers.dense(both_ways, 64)

        class Net:
            def build_graph(self, a, b):
                joined = tf.concat([a, b], 1)
                return tf.layers.dense(joined, 64)
    """
    paper = (
        "# Method\nThe idea of combined attention is to merge self attention with the "
        "question attention, so that the output holds both. We concatenate the two outputs.\n"
    )
    found = find(choices_of(("m.py", code)), concept="concatenation")
    linker = Linker(build_index(document_from_text(paper)), (), code_modules(found))
    by_module = {c.scope.split(".")[0]: linker.assess(c) for c in found}
    assert by_module["CombinedAttn"].justification == "reasoning"
    # the reason is about combined attention, whose ingredient self attention is; "BiAttn" is
    # named "bi-directional attention" (words.yaml expands "bi"), another module too
    assert by_module["SelfAttn"].justification is None
    assert by_module["BiAttn"].justification is None
    # a class the paper cannot name ("Net") may be what the sentence describes
    assert by_module["Net"].justification == "reasoning"


def test_a_word_inside_a_longer_phrase_of_another_concept_is_that_concept():
    code = """
        from torchvision import transforms
        tf = transforms.Compose([transforms.Resize(128), transforms.ToTensor()])
    """
    multiplier = (
        "# Method\nThe second hyper-parameter to reduce the computational cost is a resolution "
        "multiplier.\n"
    )
    a = _assess_code(code, multiplier, concept="resize")
    assert not a.mentioned and a.justification is None
    own = "# Method\nWe resize every image to 128 pixels to reduce the computational cost.\n"
    b = _assess_code(code, own, concept="resize")
    assert b.mentioned and b.justification == "reasoning"


def test_in_our_experiments_says_where_not_what_was_found():
    code = """
        import torch
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    """
    setup = "# Experiments\nIn our experiments, SGD is used with a learning rate of 0.1.\n"
    assert _assess_code(code, setup, kind="learning_rate").justification is None
    claim = "# Experiments\nIn our experiments, a learning rate of 0.1 worked best.\n"
    assert _assess_code(code, claim, kind="learning_rate").justification == "empirical_claim"


def test_a_point_in_training_named_by_its_epoch_states_no_training_length():
    from paperlint.link.values import value_patterns

    def stated(text: str) -> list[float]:
        return [
            parse_number(m.group("v")) for p in value_patterns("epochs") for m in p.finditer(text)
        ]

    points = [
        "The prediction loss was near zero by epoch 2.",
        "Validation loss fell from 16.2 at epoch 1 to 8.5 at epoch 5.",
        "Embeddings were exported from the epoch-5 checkpoint.",
        "The best checkpoint was epoch 49.",
        "Loss improved through epoch 5 and rose after epoch 12.",
    ]
    for text in points:
        assert stated(text) == [], text
    # the twins: a length, however it is written
    assert 50.0 in stated("We trained for 50 epochs.")
    assert stated("The number of epochs is 30.") == [30.0]
    assert stated("Epochs = 20") == [20.0]
    # and a paper that says only when something happened mismatches no code's epochs
    assert not _epochs(30, "# Results\nThe loss was near zero by epoch 2.\n").mismatch
    assert _epochs(30, "# Setup\nWe train for 50 epochs.\n").mismatch


def test_k_folds_state_a_held_out_share_of_one_in_k():
    code = """
        from sklearn.model_selection import train_test_split
        train, val = train_test_split(data, test_size=0.2)
    """
    folds = "# Setup\nThe cross validation score with 5 folds is 0.82.\n"
    assert not _assess_code(code, folds, kind="other", concept="validation_split").mismatch
    # the twin: ten folds hold out a tenth, not the code's fifth
    ten = "# Setup\nThe cross validation score with 10 folds is 0.82.\n"
    assert _assess_code(code, ten, kind="other", concept="validation_split").mismatch
