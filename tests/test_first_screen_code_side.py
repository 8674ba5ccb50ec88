"""What the code itself says is not a choice of the paper's authors, on the first screen: a
copied library's own defaults, loops over data files or labels read as network depth. Each
mechanism beside a twin that keeps the choice or the finding."""

from __future__ import annotations

import ast

from helpers import choice, choices_of, finding

from paperlint import callsites, firstscreen, scope, setaside
from paperlint.model import Choice, Finding

# ── a copied library ────────────────────────────────────────────────────────────────────────

COPY = [
    "run.sh",
    "method/layers.py",
    "examples/NLU/setup.py",
    "examples/NLU/src/transformers/trainer.py",
    "examples/NLU/src/transformers/models/bert/modeling_bert.py",
]


def test_a_library_package_in_the_src_layout_of_another_package_is_a_copy():
    assert scope.installed_copies(COPY) == {"examples/NLU/src/transformers"}


def test_a_library_package_below_its_own_setup_py_is_a_copy():
    paths = ["train.py", "third/setup.py", "third/timm/models/vit.py"]
    assert scope.installed_copies(paths) == {"third/timm"}


def test_a_project_folder_that_shares_a_librarys_name_is_not_a_copy():
    # the project's own src/ layout, and a subpackage imported by its path (othello.keras)
    assert scope.installed_copies(["src/datasets/utils.py", "src/models/ngcf.py"]) == set()
    assert scope.installed_copies(["othello/keras/NNet.py", "setup.py"]) == set()


def test_library_choices_are_the_copys_lines_that_name_nothing_of_the_method():
    paper = scope.names_from_text("", ["LoRA: Low-Rank Adaptation of Large Language Models"])
    norm = choice(
        "norm",
        "normalization",
        "LayerNorm",
        file="examples/NLU/src/transformers/models/bert/modeling_bert.py",
        symbol="torch.nn.LayerNorm",
    )
    own = choice(
        "own",
        "other",
        "8",
        file="examples/NLU/src/transformers/models/bert/modeling_bert.py",
        param="r",
        setting="lora_r",
        snippet="lora.Linear(d, d, r=config.lora_r)",
    )
    launched = choice("lr", "learning_rate", "5e-4", file="run.sh", setting="learning_rate")
    ids = scope.library_choices([norm, own, launched], COPY, paper)
    assert ids == {"norm"}


def test_a_copied_librarys_default_is_set_aside_and_a_mismatch_only_when_no_run_takes_it():
    lib = "examples/NLU/src/transformers/trainer.py"
    clip = choice("clip", "other", "1.0", concept="gradient_clipping", file=lib, runs=("run.sh",))
    adam_lr = choice("adam", "learning_rate", "0.001", file=lib, source="param", param="lr")
    own = choice("own", "learning_rate", "0.001", file="train.py")
    cs = {c.id: c for c in (clip, adam_lr, own)}
    library = frozenset({"clip", "adam"})
    assert setaside.reason(finding(clip), cs, library=library) == "copied_library"
    # the library's default runs and the paper says otherwise: a real mismatch
    assert setaside.reason(finding(clip, "MM201"), cs, library=library) is None
    # a class default no run is known to take (every launcher passes its own)
    assert setaside.reason(finding(adam_lr, "MM201"), cs, library=library) == "copied_library"
    assert setaside.reason(finding(own, "MM201"), cs, library=library) is None
    assert setaside.reason(finding(own), cs, library=library) is None


def test_arrange_counts_a_copied_librarys_finding_as_set_aside():
    lib = "examples/NLU/src/transformers/trainer.py"
    clip = choice("clip", "other", "1.0", concept="gradient_clipping", file=lib, runs=("run.sh",))
    wd = choice("wd", "weight_decay", "0.1", file="run.sh", runs=("run.sh",))
    cs = {c.id: c for c in (clip, wd)}
    got = firstscreen.arrange([finding(clip), finding(wd)], cs, {}, library=frozenset({"clip"}))
    assert [f.choice for f in got.findings] == ["wd"]
    assert got.set_aside == {"copied_library": 1}
    everything = firstscreen.arrange(
        [finding(clip), finding(wd)], cs, {}, everything=True, library=frozenset({"clip"})
    )
    assert {f.choice for f in everything.findings} == {"clip", "wd"}


# ── loops over data, not blocks ─────────────────────────────────────────────────────────────

DATA_LOOP = """
import torch.nn as nn
from keras_preprocessing.image import ImageEnhance


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(*[nn.Conv2d(64, 64, 3) for _ in range(8)])

    def fit(self):
        for batch in generate(800):
            pass


def generate(n_files):
    for i in range(800):
        img = ImageEnhance.Brightness(load(i))
        yield img
"""


def _depths(src: str) -> list[str]:
    return sorted(c.value for c in choices_of(("model.py", src)) if c.kind == "depth")


def test_a_loop_that_calls_data_library_classes_is_no_depth():
    assert _depths(DATA_LOOP) == ["8"]


def test_a_loop_that_builds_blocks_of_an_unknown_library_is_depth():
    twin = DATA_LOOP.replace("ImageEnhance.Brightness(load(i))", "Block(64)")
    assert _depths(twin) == ["8", "800"]


SCRIPT = """
import torch.nn as nn

model = nn.Sequential(nn.Linear(10, 10), nn.ReLU())


def f1_for_label(label_id, pred, truth):
    return len(pred) / max(1, len(truth))


def make_block(width):
    return nn.Linear(width, width)


scores = [f1_for_label(i, [], []) for i in range(228)]
blocks = [make_block(16) for i in range(6)]
"""


def test_a_scripts_top_level_loop_over_a_metric_helper_is_no_depth():
    # the script's top level builds a model and calls every helper it has: a helper is a
    # block only when it builds layers itself
    assert _depths(SCRIPT) == ["6"]


# ── a published checkpoint's architecture ──────────────────────────────────────────────────


def _loaded(value: str, symbol: str = "bert.BertModel.from_pretrained") -> Choice:
    return choice(
        "load", "init", value, concept="pretrained_weights", symbol=symbol, file="classifier.py"
    )


def test_the_projects_copy_of_a_published_model_is_the_checkpoints_architecture():
    paper = scope.names_from_text("", ["PALs: Projected Attention Layers for Multi-Task BERT"])
    norm = choice("norm", "normalization", "LayerNorm", file="bert.py", symbol="torch.nn.LayerNorm")
    own = choice("own", "other", "4", file="bert.py", param="n_pals", snippet="PALs(config)")
    head = choice("head", "channels", "768", file="classifier.py", param="in_features")
    cs = [norm, own, head]
    assert scope.pretrained_definitions([*cs, _loaded("'bert-base-uncased'")], paper) == {"norm"}
    # weights of a file of its own (its own training, maybe) and a class named for the
    # paper's method (its own model, released as a checkpoint) are the paper's design
    assert scope.pretrained_definitions([*cs, _loaded("'ckpt/bert.pt'")], paper) == set()
    mine = _loaded("'org/pals-base'", symbol="bert.PALsModel.from_pretrained")
    assert scope.pretrained_definitions([*cs, mine], paper) == set()


def _loads(*files: tuple[str, str]) -> tuple[set, dict]:
    """The ``from_pretrained`` loads and class definitions of in-memory files, as
    :func:`paperlint.callsites.read` gathers them."""
    loads: set = set()
    defined_in: dict = {}
    for path, source in files:
        facts = callsites.file_facts(ast.parse(source), path)
        loads |= facts.loads
        for name in facts.classes:
            defined_in.setdefault(name, set()).add(path)
    return loads, defined_in


_COPIED_TOKENIZER = """
class PreTrainedTokenizerBase:
    def truncate(self, ids, overflow):
        window = 1 if overflow else 2
        return ids[-window:]


class BertTokenizer(PreTrainedTokenizerBase):
    padding_side = "right"
"""


def test_the_projects_copy_of_a_published_tokenizer_is_the_checkpoints():
    paper = scope.names_from_text("", ["PALs: Projected Attention Layers for Multi-Task BERT"])
    window = choice("window", "other", "1", file="tokenizer.py", param="window")
    norm = choice("norm", "normalization", "LayerNorm", file="model.py")
    cs = [window, norm]

    def set_aside(load_line: str, *more: tuple[str, str]) -> frozenset[str]:
        loader = ("data.py", f"from tokenizer import BertTokenizer\ntok = {load_line}\n")
        loads, defined_in = _loads(("tokenizer.py", _COPIED_TOKENIZER), loader, *more)
        return scope.pretrained_definitions(cs, paper, loads, defined_in)

    assert set_aside("BertTokenizer.from_pretrained('bert-base-uncased')") == {"window"}
    # a vocabulary of the project's own (a local folder), a class two files define, and a
    # model class (whose loads the extractor records as choices) are no published tokenizer
    assert set_aside("BertTokenizer.from_pretrained('./vocab')") == set()
    assert (
        set_aside(
            "BertTokenizer.from_pretrained('bert-base-uncased')",
            ("old/tokenizer.py", _COPIED_TOKENIZER),
        )
        == set()
    )
    model = ("model.py", "class BertModel:\n    pass\n")
    assert set_aside("BertModel.from_pretrained('bert-base-uncased')", model) == set()


def test_a_published_models_layer_is_set_aside_and_a_mismatch_on_it_kept():
    norm = choice("norm", "normalization", "LayerNorm", file="bert.py")
    cs = {"norm": norm}
    pretrained = frozenset({"norm"})
    assert setaside.reason(finding(norm), cs, pretrained=pretrained) == "pretrained"
    assert setaside.reason(finding(norm, "MM201"), cs, pretrained=pretrained) is None
    assert setaside.reason(finding(norm), cs) is None


# ── a summed loss divided by its examples is a mean ────────────────────────────────────────

MEAN = """
import torch.nn.functional as F


def step(logits, labels, args):
    loss = F.cross_entropy(logits, labels, reduction="sum") / args.batch_size
    return loss
"""


def _loss_parts(src: str) -> list[tuple[str, str]]:
    return sorted(
        (c.concept, c.value)
        for c in choices_of(("train.py", src))
        if c.concept in ("loss_reduction", "loss_normalization")
    )


def test_a_loss_summed_and_divided_by_the_batch_size_is_the_plain_mean():
    assert _loss_parts(MEAN) == []


def test_a_loss_divided_by_its_elements_or_its_positives_is_a_choice():
    by_elements = MEAN.replace("args.batch_size", "logits.numel()")
    assert [c for c, _ in _loss_parts(by_elements)] == ["loss_normalization", "loss_reduction"]
    by_positives = MEAN.replace("args.batch_size", "max(num_pos, 1)")
    assert [c for c, _ in _loss_parts(by_positives)] == ["loss_normalization", "loss_reduction"]


# ── values that cannot be what runs ────────────────────────────────────────────────────────

ACCUMULATOR = """
import tensorflow as tf


class Model:
    def __init__(self):
        self.loss = 0
        self.dropout = 0.0

    def build(self, outputs, labels):
        self.loss += tf.nn.softmax_cross_entropy_with_logits(logits=outputs, labels=labels)
"""


def test_a_loss_accumulators_start_is_no_loss_and_a_zero_dropout_is_a_value():
    cs = choices_of(("model.py", ACCUMULATOR))
    assert not [c for c in cs if c.kind == "loss" and c.value == "0"]
    assert [c.value for c in cs if c.kind == "dropout"] == ["0.0"]


# ── an absence the paper never mentions ────────────────────────────────────────────────────


def test_an_unexplained_absence_is_listed_and_a_stated_component_the_code_lacks_is_asked():
    absent = choice("none", "scheduler", "absent", concept="no_schedule", obviousness="absent")
    odd = choice("odd", "learning_rate", "0.0037", number=0.0037)
    cs = {c.id: c for c in (absent, odd)}
    got = firstscreen.arrange([finding(absent), finding(odd)], cs, {})
    assert [f.choice for f in got.findings] == ["odd"]
    assert got.listed == 1
    stated = firstscreen.arrange([finding(absent, "MM201")], cs, {})
    assert [f.choice for f in stated.findings] == ["none"]
    everything = firstscreen.arrange([finding(absent)], cs, {}, everything=True)
    assert [f.choice for f in everything.findings] == ["none"]


def test_a_setting_whose_group_the_paper_takes_from_earlier_work_is_listed_and_its_mismatch_asked():
    from paperlint.model import Assessment

    lr = choice("lr", "learning_rate", "0.0037", number=0.0037)
    cs = {lr.id: lr}
    borrowed = {"lr": Assessment("lr", borrowed="hyper-parameters (the original paper) (p. 4)")}
    got = firstscreen.arrange([finding(lr)], cs, borrowed)
    assert got.findings == [] and got.listed == 1
    own = firstscreen.arrange([finding(lr)], cs, {"lr": Assessment("lr")})
    assert [f.choice for f in own.findings] == ["lr"]
    differs = {"lr": Assessment("lr", mismatch=True, borrowed="hyper-parameters (p. 4)")}
    stated = firstscreen.arrange([finding(lr, "MM201")], cs, differs)
    assert [f.choice for f in stated.findings] == ["lr"]


def test_a_regulariser_set_to_zero_is_an_absence_and_a_strength_is_asked():
    off = choice("off", "dropout", "0.0")
    on = choice("on", "dropout", "0.37", number=0.37)
    wd = choice("wd", "weight_decay", "0")
    cs = {c.id: c for c in (off, on, wd)}
    got = firstscreen.arrange([finding(off), finding(on), finding(wd)], cs, {})
    assert [f.choice for f in got.findings] == ["on"]
    assert got.listed == 2
    stated = firstscreen.arrange([finding(off, "MM201")], cs, {})
    assert [f.choice for f in stated.findings] == ["off"]


def test_a_losss_reduction_and_its_divisor_are_one_question():
    red = choice("red", "other", "'sum'", concept="loss_reduction", line=5)
    norm = choice("norm", "other", "loss / outputs.numel()", concept="loss_normalization", line=5)
    lr = choice("lr", "learning_rate", "0.0037", number=0.0037)
    cs = {c.id: c for c in (red, norm, lr)}
    got = firstscreen.arrange([finding(red), finding(norm), finding(lr)], cs, {})
    assert sorted(f.choice for f in got.findings) == ["lr", "red"]
    merged = next(f for f in got.findings if f.choice == "red")
    assert merged.group == ("norm",)


# ── the order ──────────────────────────────────────────────────────────────────────────────


def test_the_papers_missing_error_bars_are_asked_before_an_unexplained_setting():
    from paperlint import ranking

    lr = choice("lr", "learning_rate", "0.0037", number=0.0037)
    cs = {"lr": lr}
    no_spread = Finding("ST302", "medium", "medium", "no seeds or error bars")
    colloquial = Finding("ST306", "medium", "medium", "called significant without a test")
    got = ranking.order([finding(lr), colloquial, no_spread], cs, {})
    assert [f.rule for f in got] == ["ST302", "CH101", "ST306"]
    assert ranking.finding_class(no_spread, cs, {}) == "reporting"


# ── another implementation of the same model ───────────────────────────────────────────────


def test_a_folder_no_run_reaches_beside_its_namesake_the_run_uses_is_another_implementation():
    paths = [
        "main.py",
        "othello/keras/NNet.py",
        "othello/keras/OthelloNNet.py",
        "othello/pytorch/NNet.py",
        "othello/pytorch/OthelloNNet.py",
    ]
    reached = ["main.py", "othello/pytorch/NNet.py", "othello/pytorch/OthelloNNet.py"]
    got = scope.alternative_implementations(paths, reached)
    assert sorted(got) == ["othello/keras/NNet.py", "othello/keras/OthelloNNet.py"]
    assert "othello/pytorch/" in got["othello/keras/NNet.py"]


def test_an_unreached_folder_of_other_files_or_with_no_run_is_kept():
    paths = ["main.py", "models/resnet.py", "baselines/vgg.py", "othello/keras/NNet.py"]
    # no namesake beside it: another model, not another implementation
    assert scope.alternative_implementations(paths, ["main.py", "models/resnet.py"]) == {}
    # nothing reached at all (the runs are unknown): nothing is left out
    both = ["othello/keras/NNet.py", "othello/pytorch/NNet.py"]
    assert scope.alternative_implementations(both, []) == {}
    assert scope.alternative_implementations(both, ["othello/pytorch/NNet.py"]) == {
        "othello/keras/NNet.py": "another implementation of othello/pytorch/ (the runs the "
        "paper describes use othello/pytorch/NNet.py)"
    }
