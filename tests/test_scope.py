"""The audit's scope: which runs the paper describes and which code they reach (paperlint.scope).

Every rule has a repository written here that must keep some runs and leave others out, and a
twin where the same code is kept because the paper names it or nothing tells the runs apart.
"""

from __future__ import annotations

import pytest
from helpers import extract_files

from paperlint import scope
from paperlint.api import Config, audit
from paperlint.errors import PaperlintError
from paperlint.paper.document import document_from_text

TRAIN = """
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--model", default="mymethod_r50")
parser.add_argument("--dataset", default="coco")
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--epochs", type=int, default=12)
parser.add_argument("--eval_batch_size", type=int, default=8)
args = parser.parse_args()
opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
"""

PAPER = """# MyMethod: Simple One-Stage Detection

# Abstract
We propose a one-stage detector (MyMethod) that needs no anchors.

# Experiments
We train MyMethod with a ResNet-50 backbone on COCO for 12 epochs.
Compared with RetinaNet [3] and Faster R-CNN [4], MyMethod is simpler.
The learning rate is 0.01.
"""


def paper(text: str = PAPER):
    return document_from_text(text, path="paper.txt")


def decided(inv, text: str = PAPER, **kw) -> dict[str, tuple[bool, str]]:
    s = scope.decide(inv, paper(text), **kw)
    return {r.run: (r.audited, r.rule) for r in s.runs}


# ── the names a paper uses ──────────────────────────────────────────────────────────────────


def test_paper_names_read_variants_names_and_the_papers_own_name():
    names = scope.paper_names(paper())
    assert names.is_own("mymethod") and names.own_shown[:1] == ("MyMethod",)
    assert names.is_name("retinanet") and names.is_name("rcnn")  # R-CNN
    assert scope.variant_known("r50", names)  # R_50 is ResNet-50
    assert not scope.variant_known("r101", names)
    assert not scope.variant_known("mnv2", names)
    assert not names.is_name("stage")  # a capitalised heading word is no name


def test_paper_names_are_read_once_per_document_or_taken_as_given():
    """An audit asks for the names from the scope and from the first screen (read once), and
    reads them from the cache with the paper (given); another document is read anew."""
    from dataclasses import replace

    doc = paper()
    names = scope.paper_names(doc)
    assert scope.paper_names(doc) is names
    copy = replace(doc)
    assert scope.paper_names(copy) is not names and scope.paper_names(copy) == names
    given = scope.names_from_text("We use RetinaNet.")
    scope.remember_names(doc, given)
    assert scope.paper_names(doc) is given
    assert scope.paper_names(paper("We use YOLO.")).is_name("yolo")


def test_an_acronym_the_abstract_defines_for_our_method_is_its_own_name():
    names = scope.names_from_text(
        "We train latent diffusion models.",
        titles=["High-Resolution Image Synthesis"],
        abstract="Our latent diffusion models (LDMs) reach a new state of the art.",
    )
    assert names.is_own("ldm") and names.is_own("latentdiffusion")
    twin = scope.names_from_text(
        "", titles=["A Study"], abstract="Diffusion models (DMs) are strong generators."
    )
    assert not twin.own, "an acronym for others' work is not the paper's own name"


@pytest.mark.parametrize(
    ("name", "variants"),
    [
        ("configs/fcos/fcos_R_50_FPN_1x.yaml", ("r50",)),
        ("fcos_X_101_64x4d_FPN_2x.yaml", ("x101", "64x4d")),
        ("fcos_syncbn_bs32_MNV2_FPN_1x.yaml", ("mnv2",)),
        ("models/ldm/lsun_churches256/config.yaml", ()),  # a size after a word
        ("segformer_mit-b2_512x512_160k.py", ("b2",)),
    ],
)
def test_variant_codes_in_config_names(name, variants):
    assert scope.identity([name]).variants == variants


def test_neutral_words_say_how_a_run_is_set():
    data = scope._data()
    for w in data["neutral_examples"]:
        assert scope.is_neutral(w), w
    for w in data["neutral_twins"]:
        assert not scope.is_neutral(w), w
    for short, long in data["alias_examples"]:
        assert scope._aliases()[short[: -len(long) + len(long.rstrip("0123456789"))]]


# ── runs ────────────────────────────────────────────────────────────────────────────────────


def launches(tmp_path, scripts: dict[str, str]):
    return extract_files(tmp_path, {"train.py": TRAIN, **scripts})


def test_runs_of_another_method_and_of_unknown_variants_are_left_out(tmp_path):
    inv = launches(
        tmp_path,
        {
            "scripts/mymethod_r50_coco.sh": "python train.py --model mymethod_r50 --lr 0.01\n",
            "scripts/mymethod_mnv2_coco.sh": "python train.py --model mymethod_mnv2 --lr 0.02\n",
            "scripts/retinanet_r50_coco.sh": "python train.py --model retinanet_r50 --lr 0.01\n",
        },
    )
    got = decided(inv)
    assert got["scripts/mymethod_r50_coco.sh"] == (True, "own_method")
    assert got["scripts/mymethod_mnv2_coco.sh"] == (False, "unknown_variant")
    assert got["scripts/retinanet_r50_coco.sh"] == (False, "another_method")


def test_a_variant_the_paper_names_is_kept(tmp_path):
    inv = launches(
        tmp_path,
        {
            "scripts/mymethod_r50_coco.sh": "python train.py --model mymethod_r50\n",
            "scripts/mymethod_mnv2_coco.sh": "python train.py --model mymethod_mnv2\n",
        },
    )
    text = PAPER + "On mobile devices we use a MobileNetV2 backbone.\n"
    assert decided(inv, text)["scripts/mymethod_mnv2_coco.sh"] == (True, "own_method")


SWITCHED = TRAIN.replace(
    'parser.add_argument("--lr", type=float, default=0.1)\n',
    'parser.add_argument("--lr", type=float, default=0.1)\n'
    'parser.add_argument("--apply_mymethod", action="store_true")\n'
    'parser.add_argument("--mymethod_rank", type=int, default=None)\n'
    'parser.add_argument("--retinanet_anchors", type=int, default=None)\n',
)


def test_the_options_a_launcher_sets_name_the_method_it_runs(tmp_path):
    # the method's runs differ from the baseline's by the options their launchers pass, not by
    # their scripts' names
    inv = extract_files(
        tmp_path,
        {
            "train.py": SWITCHED,
            "scripts/coco_r50.sh": "python train.py --apply_mymethod --mymethod_rank 8\n",
            "scripts/retinanet_coco_r50.sh": "python train.py --retinanet_anchors 9\n",
        },
    )
    got = decided(inv)
    assert got["scripts/coco_r50.sh"] == (True, "own_method")
    assert got["scripts/retinanet_coco_r50.sh"] == (False, "another_method")
    # the twin: with no launcher passing the method's options, nothing tells them apart
    inv = extract_files(
        tmp_path / "twin",
        {
            "train.py": SWITCHED,
            "scripts/coco_r50.sh": "python train.py --lr 0.01\n",
            "scripts/retinanet_coco_r50.sh": "python train.py --retinanet_anchors 9\n",
        },
    )
    assert all(audited for audited, _ in decided(inv).values())


def test_when_nothing_tells_the_runs_apart_all_are_kept(tmp_path):
    inv = launches(
        tmp_path,
        {
            "scripts/small.sh": "python train.py --lr 0.01\n",
            "scripts/large.sh": "python train.py --lr 0.1\n",
        },
    )
    got = decided(inv)
    assert got == {"scripts/small.sh": (True, "kept"), "scripts/large.sh": (True, "kept")}


def test_when_every_run_would_be_left_out_all_are_kept(tmp_path):
    inv = launches(tmp_path, {"scripts/yolo_v3_voc.sh": "python train.py --model yolo_c5\n"})
    text = "# Notes\nWe compare MyMethod with RetinaNet.\n"
    assert all(audited for audited, _ in decided(inv, text).values())


def test_all_and_named_runs_override_the_papers_scope(tmp_path):
    inv = launches(
        tmp_path,
        {
            "scripts/mymethod_r50_coco.sh": "python train.py --model mymethod_r50\n",
            "scripts/retinanet_r50_coco.sh": "python train.py --model retinanet_r50\n",
        },
    )
    assert all(a for a, _ in decided(inv, audit_all=True).values())
    named = decided(inv, named=["retinanet_r50_coco.sh"])
    assert named == {
        "scripts/mymethod_r50_coco.sh": (False, "named"),
        "scripts/retinanet_r50_coco.sh": (True, "named"),
    }
    assert decided(inv, named=["scripts/*.sh"])["scripts/mymethod_r50_coco.sh"] == (True, "named")


# ── code ────────────────────────────────────────────────────────────────────────────────────

GAME = """
import torch.nn as nn
class {Name}Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout({p})
"""


def games(tmp_path, names: list[str]):
    files = {"main.py": "import othello.game\nif __name__ == '__main__':\n    pass\n"}
    for i, n in enumerate(names):
        files[f"{n}/{n.capitalize()}Game.py"] = GAME.format(Name=n.capitalize(), p=0.1 + i / 10)
        files[f"{n}/{n.capitalize()}Logic.py"] = "BOARD = 8\n"
        files[f"{n}/__init__.py"] = ""
    files["utils/__init__.py"] = ""
    files["utils/helpers.py"] = "import torch.nn as nn\nact = nn.ReLU()\n"
    files["tests/test_game.py"] = "import torch.nn as nn\nx = nn.Dropout(0.5)\n"
    return extract_files(tmp_path, files)


def test_folders_laid_out_like_the_one_the_paper_names_are_left_out(tmp_path):
    inv = games(tmp_path, ["othello", "gobang", "tafl"])
    text = "# Learning to Play Othello\nWe train on Othello boards. Othello is a game.\n"
    s = scope.decide(inv, paper(text))
    out = {f.path: f.rule for f in s.files}
    assert out["gobang/GobangGame.py"] == "unnamed_folder"
    assert out["tafl/TaflLogic.py"] == "unnamed_folder"
    assert "othello/OthelloGame.py" not in out
    assert "utils/helpers.py" not in out, "a folder that says what code does is no variant"
    assert out["tests/test_game.py"] == "test_code"
    left = {c.file for c in inv.choices if c.id in set(s.choices)}
    assert "gobang/GobangGame.py" in left and "othello/OthelloGame.py" not in left


def test_parallel_folders_stay_when_the_paper_names_none_of_them(tmp_path):
    inv = games(tmp_path, ["othello", "gobang", "tafl"])
    s = scope.decide(inv, paper("# Board games\nWe train a network on board games.\n"))
    assert not [f for f in s.files if f.rule == "unnamed_folder"]


LIBRARY = {
    "setup.py": "from setuptools import setup\nsetup(name='mymethod')\n",
    "vendor/lib/setup.py": "from setuptools import setup\nsetup(name='transformers')\n",
    "vendor/lib/src/transformers/__init__.py": "from .models import build\n",
    "vendor/lib/src/transformers/models.py": (
        "import torch.nn as nn\ndef build():\n    return nn.Dropout(0.1)\n"
    ),
    "vendor/lib/src/transformers/unused.py": "import torch.nn as nn\nx = nn.Dropout(0.2)\n",
    "vendor/lib/examples/run_squad.py": (
        "import argparse\nimport transformers\np = argparse.ArgumentParser()\n"
        "p.add_argument('--doc_stride', type=int, default=128)\nargs = p.parse_args()\n"
    ),
    "vendor/lib/examples/run_mymethod.py": (
        "import argparse\nimport transformers\np = argparse.ArgumentParser()\n"
        "p.add_argument('--mymethod_dropout', type=float, default=0.3)\nargs = p.parse_args()\n"
    ),
}


def test_a_copied_library_is_audited_only_where_the_papers_method_is(tmp_path):
    inv = extract_files(tmp_path, LIBRARY)
    assert scope.vendored_roots(f.path for f in inv.files) == {"vendor/lib": "transformers"}
    s = scope.decide(inv, paper())
    runs = {r.run: (r.audited, r.rule) for r in s.runs}
    assert runs["vendor/lib/examples/run_squad.py"] == (False, "vendored_library")
    assert runs["vendor/lib/examples/run_mymethod.py"][0]
    out = {f.path: f.rule for f in s.files}
    assert out["vendor/lib/src/transformers/unused.py"] == "vendored_library"
    left = {c.file for c in inv.choices if c.id in set(s.choices)}
    # the library's own layer in a file the paper's run reaches is the library's choice
    assert "vendor/lib/src/transformers/models.py" in left
    # the setting the paper's run defines is audited
    kept = [c for c in inv.choices if c.id not in set(s.choices)]
    assert any(c.setting == "mymethod_dropout" for c in kept)


def test_a_launcher_in_a_copied_library_that_sets_the_papers_own_flags_is_the_papers_run(
    tmp_path,
):
    # a fork of a library whose example script gained the method's options, launched by the
    # authors' scripts with them: the run is the paper's, though its entry point is the library's
    files = {
        **LIBRARY,
        "vendor/lib/examples/run_glue.py": (
            "import argparse\nimport transformers\np = argparse.ArgumentParser()\n"
            "p.add_argument('--learning_rate', type=float, default=5e-5)\n"
            "p.add_argument('--apply_mymethod', action='store_true')\n"
            "p.add_argument('--mymethod_rank', type=int, default=None)\n"
            "args = p.parse_args()\n"
        ),
        "vendor/lib/mymethod_mnli.sh": (
            "python examples/run_glue.py --learning_rate 5e-4 --apply_mymethod --mymethod_rank 8\n"
        ),
        # the twin: the same example launched with the library's options only (the method's
        # options left unset, as the library's own runs leave them)
        "vendor/lib/glue_baseline.sh": "python examples/run_glue.py --learning_rate 2e-5\n",
    }
    inv = extract_files(tmp_path, files)
    runs = {r.run: (r.audited, r.rule) for r in scope.decide(inv, paper()).runs}
    assert runs["vendor/lib/mymethod_mnli.sh"][0], runs
    assert runs["vendor/lib/glue_baseline.sh"] == (False, "vendored_library")


def test_a_copied_librarys_launcher_whose_script_is_elsewhere_is_the_librarys(tmp_path):
    # a research project of the library launched by its own script, from a folder the launcher
    # assumes (its entry point is not where the audit can find it): the launcher's place says
    # whose run it is
    files = {
        **LIBRARY,
        "vendor/lib/examples/rag/finetune.sh": (
            "python examples/rag/finetune_rag.py --learning_rate 3e-5 --label_smoothing 0.1\n"
        ),
        # the twin: the same launcher in the project's own folder is the project's run
        "scripts/finetune.sh": (
            "python examples/rag/finetune_rag.py --learning_rate 3e-5 --label_smoothing 0.1\n"
        ),
    }
    inv = extract_files(tmp_path, files)
    runs = {r.run: (r.audited, r.rule) for r in scope.decide(inv, paper()).runs}
    assert runs["vendor/lib/examples/rag/finetune.sh"] == (False, "vendored_library"), runs
    assert runs["scripts/finetune.sh"][0]


def test_a_library_package_at_the_top_is_the_project_itself(tmp_path):
    assert scope.vendored_roots(["transformers/__init__.py", "transformers/a.py"]) == {}


# ── through the audit ───────────────────────────────────────────────────────────────────────


def test_the_audit_reports_only_the_runs_the_paper_describes_and_counts_the_rest(tmp_path):
    extract_files(
        tmp_path,
        {
            "train.py": TRAIN,
            "scripts/mymethod_r50_coco.sh": "python train.py --model mymethod_r50 --lr 0.03\n",
            "scripts/retinanet_r50_coco.sh": "python train.py --model retinanet_r50 --lr 0.05\n",
        },
    )
    (tmp_path / "paper.txt").write_text(PAPER)
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = audit(["."], "paper.txt", Config(cache=False))
        every = audit(["."], "paper.txt", Config(cache=False, audit_all=True))
        named = audit(
            ["."], "paper.txt", Config(cache=False, runs=("scripts/retinanet_r50_coco.sh",))
        )
        with pytest.raises(PaperlintError) as e:
            audit(["."], "paper.txt", Config(cache=False, runs=("nosuchrun",)))
    finally:
        os.chdir(cwd)

    def asked(r) -> set[str]:  # the files of every choice a finding speaks for
        by_id = {c.id: c for c in r.choices}
        return {by_id[i].file for f in r.findings for i in (f.choice, *f.group) if i in by_id}

    assert "scripts/mymethod_r50_coco.sh" in asked(result)
    assert "scripts/retinanet_r50_coco.sh" not in asked(result)
    assert "scripts/retinanet_r50_coco.sh" in asked(every)
    assert "scripts/retinanet_r50_coco.sh" in asked(named)
    assert "scripts/mymethod_r50_coco.sh" not in asked(named)
    # nothing is dropped silently: the choices stay, marked, and the summary counts them
    assert {c.file for c in result.choices} >= {"scripts/retinanet_r50_coco.sh"}
    assert result.scope is not None and result.scope.choices
    assert result.summary["scope"]["runs_left_out"] == {"another_method": 1}
    assert e.value.code == "E007"


def test_files_named_for_models_the_paper_never_names_beside_one_it_does_are_left_out():
    names = scope.paper_names(paper())  # names ResNet-50, not FBNet nor MobileNet
    paths = [
        "backbone/resnet.py",
        "backbone/fbnet.py",
        "backbone/fbnet_builder.py",
        "backbone/mobilenet.py",
        "backbone/fpn.py",
        "heads/fbnet.py",  # no sibling the paper names: kept
    ]
    out = scope.unnamed_model_files(paths, names)
    assert set(out) == {"backbone/fbnet.py", "backbone/fbnet_builder.py", "backbone/mobilenet.py"}
    assert "resnet.py" in out["backbone/mobilenet.py"]


# ── configs of unnamed methods, utility scripts, demo code ──────────────────────────────────

CONFIG_TRAIN = """
import argparse
import yaml
p = argparse.ArgumentParser()
p.add_argument("--config-file", default="")
args = p.parse_args()
cfg = yaml.safe_load(open(args.config_file))
"""


def config_repo(tmp_path, methods: list[str]):
    files = {
        "tools/train.py": CONFIG_TRAIN,
        "configs/_base_/schedule.yaml": "SOLVER:\n  BASE_LR: 0.01\n",
    }
    for i, m in enumerate(methods):
        files[f"configs/{m}/{m}_r50_coco.yaml"] = (
            f"_BASE_: ../_base_/schedule.yaml\nSOLVER:\n  BASE_LR: 0.0{i + 2}\n"
        )
    return extract_files(tmp_path, files)


def test_configs_named_for_a_method_the_paper_never_writes_are_left_out(tmp_path):
    inv = config_repo(tmp_path, ["mymethod", "cgnet", "fast_scnn"])
    got = decided(inv)
    assert got["configs/mymethod/mymethod_r50_coco.yaml"] == (True, "own_method")
    assert got["configs/cgnet/cgnet_r50_coco.yaml"] == (False, "unnamed_method")
    assert got["configs/fast_scnn/fast_scnn_r50_coco.yaml"] == (False, "unnamed_method")
    s = scope.decide(inv, paper())
    left = {c.file for c in inv.choices if c.id in set(s.choices)}
    assert "configs/cgnet/cgnet_r50_coco.yaml" in left
    assert "configs/mymethod/mymethod_r50_coco.yaml" not in left


def test_configs_of_a_part_the_paper_writes_or_without_own_configs_are_kept(tmp_path):
    inv = config_repo(tmp_path, ["mymethod", "autoencoder"])
    text = PAPER + "The first stage is an autoencoder trained on COCO.\n"
    assert decided(inv, text)["configs/autoencoder/autoencoder_r50_coco.yaml"] == (True, "kept")
    # no config carries the paper's own name: nothing tells the method's configs apart
    bare = config_repo(tmp_path / "bare", ["cgnet", "fcn"])
    assert all(audited for audited, _ in decided(bare).values())


def test_utility_scripts_and_demo_code_are_left_out_and_training_scripts_kept(tmp_path):
    script = "import argparse\np = argparse.ArgumentParser()\np.add_argument('--n', type=int, default={n})\nargs = p.parse_args()\n"
    inv = extract_files(
        tmp_path,
        {
            "tools/pytorch2onnx.py": script.format(n=11),
            "tools/get_flops.py": script.format(n=3),
            "tools/convert_datasets/voc.py": script.format(n=4),
            "tools/build_dataset.py": script.format(n=5),
            "mymethod_train.py": script.format(n=6),
            "demo/predictor.py": "import torch.nn as nn\nx = nn.Dropout(0.3)\n",
            "model/predictor.py": "import torch.nn as nn\nx = nn.Dropout(0.3)\n",
        },
    )
    got = decided(inv)
    assert got["tools/pytorch2onnx.py"] == (False, "utility")
    assert got["tools/get_flops.py"] == (False, "utility")
    assert got["tools/convert_datasets/voc.py"] == (False, "utility")
    assert got["tools/build_dataset.py"][0] and got["mymethod_train.py"][0]
    files = {f.path: f.rule for f in scope.decide(inv, paper()).files}
    assert files["demo/predictor.py"] == "demo_code" and "model/predictor.py" not in files


def test_utility_words_and_their_twins():
    data = scope._data()
    for p in data["utility_examples"]:
        assert scope.is_utility(p), p
    for p in data["utility_twins"]:
        assert not scope.is_utility(p), p


def test_evaluation_words_and_their_twins():
    data = scope._data()
    for p in data["evaluation_examples"]:
        assert scope.is_evaluation(p), p
    for p in data["evaluation_twins"]:
        assert not scope.is_evaluation(p), p


def test_a_tool_no_audited_run_reaches_is_left_out_and_one_a_run_imports_stays(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "train.py": TRAIN_LOOP.replace(
                "import torch\n", "import torch\nfrom vis import draw\n"
            ),
            "vis.py": "import torch.nn.functional as F\ndef draw(x):\n    return F.interpolate(x, scale_factor=3)\n",
            "tools/convert_datasets/voc.py": "VOC_LEN = 2913\nSPLIT = 0.37\n",
            "model.py": MODEL,
        },
    )
    files = {f.path: f.rule for f in scope.decide(inv, paper()).files}
    assert files.get("tools/convert_datasets/voc.py") == "utility"
    assert "vis.py" not in files  # the training run imports it
    assert "model.py" not in files
    assert not scope.decide(inv, paper(), audit_all=True).files


def test_a_script_that_scores_outputs_and_never_trains_is_set_aside_and_one_that_trains_kept(
    tmp_path,
):
    score = (
        "import argparse\np = argparse.ArgumentParser()\n"
        "p.add_argument('--beta', type=float, default=2.0)\nargs = p.parse_args()\n"
        "print(sum(1 for line in open('out.txt')) * args.beta)\n"
    )
    inv = extract_files(
        tmp_path,
        {"train.py": TRAIN_LOOP, "eval/eval.py": score, "model.py": MODEL},
    )
    got = decided(inv)
    assert got["eval/eval.py"] == (False, "inference")
    assert got["train.py"][0]
    # the twin: a script named for evaluation that takes training steps is a training run
    inv = extract_files(tmp_path / "twin", {"train_eval.py": TRAIN_LOOP, "model.py": MODEL})
    assert decided(inv)["train_eval.py"][0]


HYDRA_TRAIN = """
import hydra


@hydra.main(config_path="config", config_name="cfg_train")
def main(cfg):
    return cfg.lr


if __name__ == "__main__":
    main()
"""


def test_config_options_no_run_includes_are_left_out_beside_the_ones_runs_take(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "train.py": HYDRA_TRAIN,
            "config/cfg_train.yaml": "defaults:\n  - arch: mymethod\n  - _self_\nlr: 0.01\n",
            "config/arch/mymethod.yaml": "hidden_size: 512\nnum_heads: 8\n",
            "config/arch/othernet.yaml": "hidden_size: 256\nnum_heads: 4\n",
            "config/sweeps/grid.yaml": "lr: 0.1\n",
        },
    )
    assert any("config/arch/mymethod.yaml" in r.configs for r in inv.runs)
    files = {f.path: f.rule for f in scope.decide(inv, paper()).files}
    assert files.get("config/arch/othernet.yaml") == "unused_config"
    assert "config/arch/mymethod.yaml" not in files
    # no run takes a config from the sweeps folder: nothing says which one the paper uses
    assert "config/sweeps/grid.yaml" not in files
    s = scope.decide(inv, paper(), audit_all=True)
    assert not s.files and not s.choices, "--all audits the unused configs too"


def test_a_run_reaches_the_class_its_config_names_with_its_module(tmp_path):
    net = "import torch.nn as nn\nclass {0}(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.drop = nn.Dropout({1})\n"
    files = {
        "train.py": HYDRA_TRAIN,
        "config/cfg_train.yaml": "defaults:\n  - arch: mymethod\n  - _self_\nlr: 0.01\n",
        "config/arch/mymethod.yaml": "name: models.mymethod@MyMethodNet\nhidden_size: 512\n",
        "config/arch/othernet.yaml": "name: models.othernet@OtherNet\nhidden_size: 256\n",
        "models/__init__.py": "",
        "models/mymethod.py": net.format("MyMethodNet", 0.1),
        "models/othernet.py": net.format("OtherNet", 0.5),
    }
    inv = extract_files(tmp_path, files)
    run = next(r.name for r in inv.runs if "config/arch/mymethod.yaml" in r.configs)
    assert "models/mymethod.py" in _reached(inv, run)
    assert "models/othernet.py" not in _reached(inv, run)
    # the twin: a name that is no module of the project reaches nothing
    files["config/arch/mymethod.yaml"] = "name: elsewhere.mymethod@MyMethodNet\nhidden_size: 512\n"
    inv = extract_files(tmp_path / "twin", files)
    run = next(r.name for r in inv.runs if "config/arch/mymethod.yaml" in r.configs)
    assert "models/mymethod.py" not in _reached(inv, run)


def test_parts_named_for_models_the_paper_never_writes_are_left_out_beside_ones_it_does():
    names = scope.paper_names(paper())  # writes MyMethod, ResNet-50, RetinaNet; not ResNeSt
    paths = [
        "models/backbones/__init__.py",
        "models/backbones/resnet.py",
        "models/backbones/resnest.py",
        "models/backbones/cgnet.py",
        "models/decode_heads/mymethod_head.py",
        "models/decode_heads/ema_head.py",
        "models/decode_heads/decode_head.py",  # the folder's own machinery
        "models/decode_heads/fcn_head.py",
        "models/utils/resnest_block.py",  # not a folder of parts
        "models/losses/contperceptual.py",  # no part here the paper writes: kept
        "models/losses/vqperceptual.py",
        "models/losses/lpips.py",
    ]
    out = scope.unnamed_components(paths, names)
    assert set(out) == {
        "models/backbones/resnest.py",
        "models/backbones/cgnet.py",
        "models/decode_heads/ema_head.py",
        "models/decode_heads/fcn_head.py",
    }
    assert "resnet.py" in out["models/backbones/cgnet.py"]


def test_a_repository_of_utility_scripts_only_keeps_them_all(tmp_path):
    script = "import argparse\np = argparse.ArgumentParser()\np.add_argument('--n', default=3)\n"
    inv = extract_files(tmp_path, {"plot_results.py": script + "args = p.parse_args()\n"})
    assert decided(inv) == {"plot_results.py": (True, "kept")}


def test_the_audited_folders_own_name_says_nothing_about_demo_or_utility_code(tmp_path):
    from paperlint.code.project import extract

    script = "import argparse\np = argparse.ArgumentParser()\np.add_argument('--n', default=3)\n"
    root = tmp_path / "demo" / "plot"
    (root / "src").mkdir(parents=True)
    (root / "src" / "train.py").write_text(script + "args = p.parse_args()\n")
    (root / "src" / "model.py").write_text("import torch.nn as nn\nx = nn.Dropout(0.3)\n")
    inv = extract([str(root)])
    s = scope.decide(inv, paper())
    assert not s.files and all(r.audited for r in s.runs), (s.files, s.runs)


# ── sampling, inference and evaluation scripts that never train ─────────────────────────────

SAMPLE = """
import argparse
import torch
from model import Net

p = argparse.ArgumentParser()
p.add_argument("--steps", type=int, default={steps})
p.add_argument("--batch_size", type=int, default={batch})
args = p.parse_args()
net = Net()
net.load_state_dict(torch.load("ckpt.pt"))
net.eval()
with torch.no_grad():
    images = net.sample(args.steps, args.batch_size)
"""

TRAIN_LOOP = """
import argparse
import torch
from model import Net

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.0002)
p.add_argument("--batch_size", type=int, default=64)
args = p.parse_args()
net = Net()
opt = torch.optim.Adam(net.parameters(), lr=args.lr)
for batch in loader:
    loss = net(batch).mean()
    loss.backward()
    opt.step()
"""

MODEL = "import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.drop = nn.Dropout(0.1)\n"


def test_a_sampling_script_that_never_trains_is_set_aside_beside_the_training_script(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "train.py": TRAIN_LOOP,
            "sample.py": SAMPLE.format(steps=250, batch=16),
            "model.py": MODEL,
        },
    )
    assert "train.py" in inv.trains and "sample.py" not in inv.trains
    assert "sample.py" in inv.infers
    got = decided(inv)
    assert got["sample.py"] == (False, "inference")
    assert got["train.py"][0]
    s = scope.decide(inv, paper())
    left = {c.file for c in inv.choices if c.id in set(s.choices)}
    assert "sample.py" in left and "train.py" not in left
    # the model both scripts import stays: the training run reaches it
    assert "model.py" not in {f.path for f in s.files}
    # --all audits the sampler too
    assert all(audited for audited, _ in decided(inv, audit_all=True).values())


def _notebook(*cells: str) -> str:
    import json

    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "metadata": {}, "source": c, "outputs": []} for c in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_a_notebook_that_only_samples_is_set_aside_and_one_that_trains_kept(tmp_path):
    sampler = _notebook(
        "import torch\nfrom model import Net\nnet = Net()\nnet.eval()\n",
        "with torch.no_grad():\n    images = net.sample(250, ddim_steps=20)\n",
    )
    trainer = _notebook(TRAIN_LOOP)
    inv = extract_files(
        tmp_path,
        {
            "train.py": TRAIN_LOOP,
            "model.py": MODEL,
            "generate.ipynb": sampler,
            "fit.ipynb": trainer,
        },
    )
    files = {f.path: f.rule for f in scope.decide(inv, paper()).files}
    assert files.get("generate.ipynb") == "inference"
    assert "fit.ipynb" not in files and "model.py" not in files


def test_a_script_that_both_trains_and_samples_is_kept(tmp_path):
    both = TRAIN_LOOP + "net.eval()\nwith torch.no_grad():\n    images = net.sample(250)\n"
    inv = extract_files(tmp_path, {"train_and_sample.py": both, "model.py": MODEL})
    assert "train_and_sample.py" in inv.trains and "train_and_sample.py" in inv.infers
    assert decided(inv)["train_and_sample.py"][0]


def test_a_script_that_hands_the_model_to_a_trainer_is_no_inference_script(tmp_path):
    launcher = SAMPLE.format(steps=1, batch=2) + "trainer.fit(net)\n"
    inv = extract_files(tmp_path, {"main.py": launcher, "model.py": MODEL})
    assert "main.py" in inv.trains
    assert decided(inv)["main.py"][0]


def test_a_project_folder_that_shares_a_libraries_name_is_no_copy_of_it():
    own = [
        "setup.py",
        "othello/keras/__init__.py",
        "othello/keras/NNet.py",
        "mmseg/datasets/__init__.py",
        "mmseg/datasets/ade.py",
        "src/datasets/__init__.py",
        "src/datasets/loader.py",
    ]
    assert scope.vendored_roots(own) == {}
    # the twin: the same library laid out to be installed from the tree is a copy
    copied = [*own, "third/setup.py", "third/datasets/__init__.py", "third/datasets/arrow.py"]
    assert scope.vendored_roots(copied) == {"third": "datasets"}


def test_a_training_config_a_sampler_also_loads_stays(tmp_path):
    loader = (
        "import argparse\nimport torch\nfrom omegaconf import OmegaConf\n"
        "p = argparse.ArgumentParser()\n"
        "p.add_argument('--config', default='configs/{name}.yaml')\nopt = p.parse_args()\n"
        "cfg = OmegaConf.load(f'{{opt.config}}')\n"
        "with torch.no_grad():\n    out = model.sample(cfg)\n"
    )
    inv = extract_files(
        tmp_path,
        {
            "sample_a.py": loader.format(name="train_cfg"),
            "sample_b.py": loader.format(name="eval_cfg"),
            "configs/train_cfg.yaml": "model:\n  base_learning_rate: 0.0001\n  channels: 64\n",
            "configs/eval_cfg.yaml": "model:\n  channels: 64\n  ddim_steps: 50\n",
            "train.py": TRAIN_LOOP,
        },
    )
    got = decided(inv)
    assert got["sample_a.py"][0]
    assert got["sample_b.py"] == (False, "inference")


# ── what a run reaches: names imported from a package, parts a config selects ────────────────

_REGISTRY_CODEBASE = {
    "mypkg/__init__.py": "",
    "mypkg/apis/__init__.py": (
        "from .train import train_model\nfrom .inference import init_model, show_result\n"
    ),
    "mypkg/apis/train.py": (
        "import torch\n"
        "def train_model(model, data, lr=0.01):\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)\n"
        "    for batch in data:\n"
        "        loss = model(batch)\n"
        "        loss.backward()\n"
        "        opt.step()\n"
    ),
    "mypkg/apis/inference.py": (
        "import torch.nn as nn\n"
        "def init_model(cfg):\n    return nn.Dropout(0.3)\n"
        "def show_result(img):\n    return img\n"
    ),
    "mypkg/models/__init__.py": (
        "from .builder import BACKBONES, build_model\nfrom .backbones import *  # noqa\n"
    ),
    "mypkg/models/builder.py": (
        "BACKBONES = {}\n"
        "def register(cls):\n    BACKBONES[cls.__name__] = cls\n    return cls\n"
        "def build_model(cfg):\n    return BACKBONES[cfg['type']](**cfg)\n"
    ),
    "mypkg/models/backbones/__init__.py": (
        "from .mynet import MyNet\nfrom .othernet import OtherNet\n"
    ),
    "mypkg/models/backbones/mynet.py": (
        "import torch.nn as nn\nfrom ..builder import register\n"
        "@register\nclass MyNet(nn.Module):\n"
        "    def __init__(self, depth=50):\n        super().__init__()\n"
        "        self.drop = nn.Dropout(0.1)\n"
    ),
    "mypkg/models/backbones/othernet.py": (
        "import torch.nn as nn\nfrom ..builder import register\n"
        "@register\nclass OtherNet(nn.Module):\n"
        "    def __init__(self, depth=50):\n        super().__init__()\n"
        "        self.drop = nn.Dropout(0.5)\n"
    ),
    "tools/train.py": (
        "import argparse\n"
        "from mypkg.apis import train_model\n"
        "from mypkg.models import build_model\n"
        "def main():\n"
        "    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('config')\n"
        "    parser.add_argument('--lr', type=float, default=0.01)\n"
        "    args = parser.parse_args()\n"
        "    train_model(build_model(args.config), [])\n"
        "if __name__ == '__main__':\n"
        "    main()\n"
    ),
    "configs/_base_/default_runtime.py": "log_config = dict(interval=50)\nworkflow = [('train', 1)]\n",
    "configs/mymethod/mymethod_r50_coco.py": (
        "_base_ = ['../_base_/default_runtime.py']\n"
        "model = dict(backbone=dict(type='MyNet', depth=50), num_classes=80)\n"
        "optimizer = dict(type='SGD', lr=0.01, momentum=0.9)\n"
    ),
    "configs/retinanet/retinanet_r50_coco.py": (
        "_base_ = ['../_base_/default_runtime.py']\n"
        "model = dict(backbone=dict(type='OtherNet', depth=50), num_classes=80)\n"
        "optimizer = dict(type='SGD', lr=0.01, momentum=0.9)\n"
    ),
}


def _reached(inv, run: str) -> set[str]:
    return {f for r in inv.reaches if run in r.runs for f in r.files}


def test_a_name_imported_from_a_package_reaches_its_module_not_every_part_the_package_imports(
    tmp_path,
):
    inv = extract_files(tmp_path, _REGISTRY_CODEBASE)
    got = _reached(inv, "tools/train.py")
    assert {"mypkg/apis/train.py", "mypkg/models/builder.py"} <= got
    # the package re-exports its inference helpers and registers every backbone: the training
    # script imports neither by name
    assert "mypkg/apis/inference.py" not in got
    assert "mypkg/models/backbones/othernet.py" not in got
    # the twin: a script that imports everything the package has and uses its inference helper
    # reaches the module that defines it (a star import reaches the names the code uses)
    whole = dict(_REGISTRY_CODEBASE)
    whole["tools/train.py"] = (
        whole["tools/train.py"]
        .replace("from mypkg.apis import train_model\n", "from mypkg.apis import *\n")
        .replace("    train_model(build_model", "    init_model(None)\n    train_model(build_model")
    )
    inv = extract_files(tmp_path / "whole", whole)
    assert "mypkg/apis/inference.py" in _reached(inv, "tools/train.py")


def test_code_audited_inside_its_package_reaches_what_it_imports_by_the_packages_name(tmp_path):
    # the user runs paperlint inside src/, and the code imports itself as `src.models...`
    train = TRAIN_LOOP.replace("from model import Net", "from src.models.net import Net")
    inv = extract_files(
        tmp_path, {"train.py": train, "models/__init__.py": "", "models/net.py": MODEL}
    )
    assert "models/net.py" in _reached(inv, "train.py")
    # the twin: a name with nothing audited under it reaches nothing
    other = TRAIN_LOOP.replace("from model import Net", "from elsewhere.nets import Net")
    inv = extract_files(
        tmp_path / "twin", {"train.py": other, "models/__init__.py": "", "models/net.py": MODEL}
    )
    assert "models/net.py" not in _reached(inv, "train.py")
    # nor does a library's module that shares a tail with the project's
    lib = TRAIN_LOOP.replace("from model import Net", "from transformers.models.net import Net")
    inv = extract_files(
        tmp_path / "lib", {"train.py": lib, "models/__init__.py": "", "models/net.py": MODEL}
    )
    assert "models/net.py" not in _reached(inv, "train.py")


def test_a_config_reaches_the_parts_it_selects_by_their_registered_names(tmp_path):
    inv = extract_files(tmp_path, _REGISTRY_CODEBASE)
    mine = _reached(inv, "configs/mymethod/mymethod_r50_coco.py")
    theirs = _reached(inv, "configs/retinanet/retinanet_r50_coco.py")
    assert "mypkg/models/backbones/mynet.py" in mine
    assert "mypkg/models/backbones/othernet.py" not in mine
    assert "mypkg/models/backbones/othernet.py" in theirs
    # the baseline's config is left out, and with it the part only it selects; the part the
    # paper's config selects stays
    s = scope.decide(inv, paper())
    left = {f.path: f.rule for f in s.files}
    assert left.get("mypkg/models/backbones/othernet.py") == "other_runs_only"
    assert "mypkg/models/backbones/mynet.py" not in left
    # --all audits every part
    assert not scope.decide(inv, paper(), audit_all=True).files


_THIRD_BACKBONE = (
    "import torch.nn as nn\nfrom ..builder import register\n"
    "@register\nclass ThirdNet(nn.Module):\n"
    "    def __init__(self, depth=50):\n        super().__init__()\n"
    "        self.drop = nn.Dropout(0.7)\n"
)


def test_a_registered_part_no_config_names_is_reached_by_no_run_and_left_out(tmp_path):
    files = {
        **_REGISTRY_CODEBASE,
        "mypkg/models/backbones/__init__.py": (
            "from .mynet import MyNet\nfrom .othernet import OtherNet\nfrom .thirdnet import ThirdNet\n"
        ),
        "mypkg/models/backbones/thirdnet.py": _THIRD_BACKBONE,
        # a module beside the runs' code that nothing imports and that trains: an experiment
        "mypkg/apis/finetune.py": (
            "def finetune(model, data, opt):\n"
            "    for batch in data:\n        model(batch).backward()\n        opt.step()\n"
        ),
        # a helper in a folder no audited run uses, that nothing imports
        "notebooks/helpers.py": "def show(x):\n    return x * 0.37\n",
        # a script beside the runs' code that no run was built for (it parses no options)
        "mypkg/apis/prepare.py": (
            "def resize(img):\n    return img.resize((299, 299))\n"
            "if __name__ == '__main__':\n    resize(None)\n"
        ),
    }
    inv = extract_files(tmp_path, files)
    left = {f.path: (f.rule, f.reason) for f in scope.decide(inv, paper()).files}
    assert left["mypkg/models/backbones/thirdnet.py"][0] == "unreached"
    assert "mypkg/models/backbones/" in left["mypkg/models/backbones/thirdnet.py"][1]
    assert left["mypkg/models/backbones/othernet.py"][0] == "other_runs_only"
    assert "mypkg/models/backbones/mynet.py" not in left  # the paper's config names it
    assert "mypkg/apis/finetune.py" not in left  # it trains
    assert "mypkg/apis/prepare.py" not in left  # a script the authors run
    # no audited run uses its folder (not unreached), but nothing loads it and it is no program
    assert left["notebooks/helpers.py"][0] == "unloaded"
    # nothing dropped silently: the choices of the module are left out, counted, and --all
    # audits them
    s = scope.decide(inv, paper())
    third = [c.id for c in inv.choices if c.file == "mypkg/models/backbones/thirdnet.py"]
    assert third and set(third) <= set(s.choices)
    assert not scope.decide(inv, paper(), audit_all=True).files


def test_modules_loaded_by_a_name_built_at_run_time_keep_every_module(tmp_path):
    files = {
        **_REGISTRY_CODEBASE,
        "mypkg/models/backbones/thirdnet.py": _THIRD_BACKBONE,
        "mypkg/models/builder.py": (
            "import importlib\n"
            "BACKBONES = {}\n"
            "def register(cls):\n    BACKBONES[cls.__name__] = cls\n    return cls\n"
            "def build_model(cfg):\n"
            "    importlib.import_module('mypkg.models.backbones.' + cfg['module'])\n"
            "    return BACKBONES[cfg['type']](**cfg)\n"
        ),
    }
    inv = extract_files(tmp_path, files)
    assert inv.loaders == ("mypkg/models/builder.py",)
    left = {f.path: f.rule for f in scope.decide(inv, paper()).files}
    assert "mypkg/models/backbones/thirdnet.py" not in left


def test_a_module_beside_the_ones_a_script_imports_is_unreached_and_one_beside_the_script_stays(
    tmp_path,
):
    train = TRAIN_LOOP.replace("from model import Net", "from nets.mynet import Net")
    inv = extract_files(
        tmp_path,
        {
            "train.py": train,
            "nets/mynet.py": MODEL,  # a folder without __init__.py: a namespace package
            "nets/classifier.py": "import torch.nn as nn\nhead = nn.Dropout(0.45)\n",
            "extra.py": "import torch.nn as nn\nx = nn.Dropout(0.3)\n",
        },
    )
    left = {f.path: f.rule for f in scope.decide(inv, paper()).files}
    assert left.get("nets/classifier.py") == "unreached"
    assert "nets/mynet.py" not in left
    # beside the run's own entry point the folder's only reached file is the script itself, so
    # it is not unreached; nothing loads it and it is no program, so it takes part in no run
    assert left.get("extra.py") == "unloaded"


def test_a_name_built_from_a_written_package_prefix_is_loading_by_name_and_a_configs_name_is_not():
    from paperlint.code.imports import loads_by_name

    assert loads_by_name(['mod = importlib.import_module("models." + args.arch)'])
    assert loads_by_name(['name = f"nets.{arch}"', "net = import_module(name)"])
    assert loads_by_name(["spec = spec_from_file_location('m', path)"])
    # a dotted name handed whole, as a config's `target:` gives it: the reach reads the config
    assert not loads_by_name(
        ['module, cls = string.rsplit(".", 1)', "return getattr(import_module(module), cls)"]
    )
    assert not loads_by_name(['msg = "see the docs."'])


def _losses_codebase(selected: str) -> dict[str, str]:
    """The registry codebase with a folder of losses; the paper's config selects ``selected``."""
    loss = (
        "import torch.nn as nn\nfrom ..builder import register\n"
        "@register\nclass {name}(nn.Module):\n"
        "    def __init__(self, weight={w}):\n        super().__init__()\n        self.w = weight\n"
    )
    return {
        **_REGISTRY_CODEBASE,
        "mypkg/models/__init__.py": (
            "from .builder import BACKBONES, build_model\n"
            "from .backbones import *  # noqa\nfrom .losses import *  # noqa\n"
        ),
        "mypkg/models/losses/__init__.py": (
            "from .mymethod_loss import MyMethodLoss\n"
            "from .focal_loss import FocalLoss\n"
            "from .lovasz_loss import LovaszLoss\n"
        ),
        "mypkg/models/losses/mymethod_loss.py": loss.format(name="MyMethodLoss", w=0.3),
        "mypkg/models/losses/focal_loss.py": loss.format(name="FocalLoss", w=0.25),
        "mypkg/models/losses/lovasz_loss.py": loss.format(name="LovaszLoss", w=0.7),
        "configs/mymethod/mymethod_r50_coco.py": (
            "_base_ = ['../_base_/default_runtime.py']\n"
            "model = dict(backbone=dict(type='MyNet', depth=50), num_classes=80,\n"
            f"             loss=dict(type='{selected}', weight=1.0))\n"
            "optimizer = dict(type='SGD', lr=0.01, momentum=0.9)\n"
        ),
    }


def test_a_part_the_audited_runs_configs_select_by_name_stays_beside_unnamed_ones(tmp_path):
    inv = extract_files(tmp_path / "focal", _losses_codebase("FocalLoss"))
    left = {f.path: f.rule for f in scope.decide(inv, paper()).files}
    # the paper's config builds FocalLoss: its file stays although the paper never writes "focal"
    assert "mypkg/models/losses/focal_loss.py" not in left
    assert left.get("mypkg/models/losses/lovasz_loss.py") == "unnamed_model"
    # the twin: when the config builds the paper's own loss, the focal loss is left out
    inv = extract_files(tmp_path / "own", _losses_codebase("MyMethodLoss"))
    left = {f.path: f.rule for f in scope.decide(inv, paper()).files}
    assert "mypkg/models/losses/focal_loss.py" in left
    assert "mypkg/models/losses/mymethod_loss.py" not in left
    # and the name alone would leave it out: only the selection keeps it
    paths = [f.path for f in inv.files]
    names = scope.paper_names(paper())
    focal = "mypkg/models/losses/focal_loss.py"
    assert focal in scope.unnamed_components(paths, names)
    assert focal not in scope.unnamed_components(paths, names, {focal})
