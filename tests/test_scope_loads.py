"""Which code the runs load: a star import reaches the names the code uses, a module reached
only through left-out code is left out with it, and a module nothing loads that is no program
of its own takes part in no run (paperlint.scope.reach_through, unloaded_modules).

Every case has a twin where the same module stays because kept code uses it, it is a program,
or the imports cannot tell.
"""

from __future__ import annotations

from helpers import extract_files

from paperlint import scope
from paperlint.code.programs import does_work_at_top_level
from paperlint.paper.document import document_from_text

PAPER = """# MyMethod: Simple Image Classification

# Abstract
We propose MyMethod, a classifier built on a ResNet-50 backbone.

# Experiments
We train MyMethod with a ResNet-50 backbone on CIFAR-10 for 12 epochs.
The learning rate is 0.01.
"""

TRAIN = """
import argparse
import torch
from model import Net

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.01)
args = p.parse_args()
net = Net()
opt = torch.optim.SGD(net.parameters(), lr=args.lr)
for batch in loader:
    net(batch).mean().backward()
    opt.step()
"""

MODEL = (
    "import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n"
    "        super().__init__()\n        self.drop = nn.Dropout(0.1)\n"
)

HELPERS = (
    "import torch\n"
    "def load(path):\n    return torch.load(path)\n"
    "def show(model, x):\n    return model(x).clamp(0.0, 0.83)\n"
)


def paper():
    return document_from_text(PAPER, path="paper.txt")


def left_out(inv) -> dict[str, tuple[str, str]]:
    return {f.path: (f.rule, f.reason) for f in scope.decide(inv, paper()).files}


def reached(inv, run: str) -> set[str]:
    return {f for r in inv.reaches if run in r.runs for f in r.files}


# ── a star import reaches what the code uses ────────────────────────────────────────────────

STAR_PACKAGE = {
    "train.py": TRAIN,
    "nets/__init__.py": "from .attention import Attention\nfrom .conv import ConvBlock\n",
    "nets/attention.py": (
        "import torch.nn as nn\nclass Attention(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n        self.act = nn.Softmax(dim=-1)\n"
    ),
    "nets/conv.py": (
        "import torch.nn as nn\nclass ConvBlock(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n        self.act = nn.ReLU()\n"
    ),
}


def test_a_star_import_of_a_package_reaches_the_modules_of_the_names_the_code_uses(tmp_path):
    model = "from nets import *\n" + MODEL.replace("nn.Dropout(0.1)", "ConvBlock()")
    model = "import torch.nn as nn\n" + model
    inv = extract_files(tmp_path, {**STAR_PACKAGE, "model.py": model})
    got = reached(inv, "train.py")
    assert "nets/conv.py" in got and "nets/__init__.py" in got
    assert "nets/attention.py" not in got  # re-exported, never used
    # the twin: the code uses the attention block too
    twin = model.replace("ConvBlock()", "ConvBlock()\n        self.attn = Attention()")
    inv = extract_files(tmp_path / "twin", {**STAR_PACKAGE, "model.py": twin})
    assert "nets/attention.py" in reached(inv, "train.py")


def test_a_star_import_of_a_plain_module_reaches_that_module(tmp_path):
    model = "from blocks import *\nclass Net(Block):\n    pass\n"
    files = {
        "train.py": TRAIN,
        "model.py": model,
        "blocks.py": "import torch.nn as nn\nclass Block(nn.Module):\n    pass\n",
    }
    inv = extract_files(tmp_path, files)
    assert "blocks.py" in reached(inv, "train.py")


def test_names_an_import_statement_line_binds_are_no_mention():
    from paperlint.code.runs import mentioned_names

    got = mentioned_names(
        ["from nets import (", "    Attention,", ")", "from x import *", "y = ConvBlock()"]
    )
    assert "ConvBlock" in got and "y" in got
    assert "Attention" not in got and "nets" not in got


# ── a module only left-out code loads ───────────────────────────────────────────────────────

WHOLE_PACKAGE = {
    # the run imports the package whole: every model it imports is reached
    "train.py": TRAIN.replace("from model import Net", "import models").replace(
        "net = Net()", "net = models.ResNet()"
    ),
    "models/__init__.py": "from .resnet import ResNet\nfrom .fbnet import FBNet\n",
    "models/resnet.py": (
        "import torch.nn as nn\nclass ResNet(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n        self.drop = nn.Dropout(0.1)\n"
    ),
    "models/fbnet.py": (
        "import torch.nn as nn\nfrom .searched_blocks import SearchedBlock\n"
        "class FBNet(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n        self.block = SearchedBlock()\n"
    ),
    "models/searched_blocks.py": (
        "import torch.nn as nn\nclass SearchedBlock(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n        self.drop = nn.Dropout(0.27)\n"
    ),
}


def test_a_module_only_a_left_out_model_loads_is_left_out_with_it(tmp_path):
    inv = extract_files(tmp_path, WHOLE_PACKAGE)
    assert "models/searched_blocks.py" in reached(inv, "train.py")  # through fbnet.py
    left = left_out(inv)
    assert left["models/fbnet.py"][0] == "unnamed_model"
    rule, why = left["models/searched_blocks.py"]
    assert rule == "unloaded"
    assert "models/fbnet.py" in why and "left out" in why
    assert "models/resnet.py" not in left
    s = scope.decide(inv, paper())
    blocks = [c.id for c in inv.choices if c.file == "models/searched_blocks.py"]
    assert blocks and set(blocks) <= set(s.choices)
    assert not scope.decide(inv, paper(), audit_all=True).files


def test_a_module_a_kept_model_loads_too_stays(tmp_path):
    files = dict(WHOLE_PACKAGE)
    files["models/resnet.py"] = files["models/resnet.py"].replace(
        "import torch.nn as nn\n",
        "import torch.nn as nn\nfrom .searched_blocks import SearchedBlock\n",
    )
    inv = extract_files(tmp_path, files)
    left = left_out(inv)
    assert left["models/fbnet.py"][0] == "unnamed_model"
    assert "models/searched_blocks.py" not in left


def test_helpers_only_a_demo_loads_are_left_out_and_ones_the_training_run_loads_stay(tmp_path):
    files = {
        "train.py": TRAIN,
        "model.py": MODEL,
        "common/loading.py": HELPERS,
        "demo/show.py": (
            "from common.loading import show\nfrom model import Net\nshow(Net(), None)\n"
        ),
    }
    inv = extract_files(tmp_path, files)
    left = left_out(inv)
    assert left["demo/show.py"][0] == "demo_code"
    rule, why = left["common/loading.py"]
    assert rule == "unloaded" and "demo/show.py" in why
    # the twin: the training script imports the helpers too
    files["train.py"] = TRAIN.replace(
        "from model import Net", "from model import Net\nfrom common.loading import load"
    )
    inv = extract_files(tmp_path / "twin", files)
    assert "common/loading.py" not in left_out(inv)


# ── a module nothing loads ──────────────────────────────────────────────────────────────────


def test_a_module_nothing_loads_and_that_is_no_program_is_left_out(tmp_path):
    inv = extract_files(
        tmp_path, {"train.py": TRAIN, "model.py": MODEL, "common/loading.py": HELPERS}
    )
    rule, why = left_out(inv)["common/loading.py"]
    assert rule == "unloaded"
    assert "nothing in the project imports loading.py" in why
    assert "model.py" not in left_out(inv)


def test_a_module_a_kept_notebook_imports_stays(tmp_path):
    import json

    notebook = json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "outputs": [],
                    "source": "from common.loading import load\nfrom model import Net\nnet = Net()\n",
                }
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )
    inv = extract_files(
        tmp_path,
        {
            "train.py": TRAIN,
            "model.py": MODEL,
            "common/loading.py": HELPERS,
            "explore.ipynb": notebook,
        },
    )
    assert "common/loading.py" not in left_out(inv)


def test_a_program_of_its_own_stays_though_nothing_imports_it(tmp_path):
    programs = {
        "prep/prepare_main.py": HELPERS + "if __name__ == '__main__':\n    load('x')\n",
        "prep/prepare_args.py": HELPERS
        + "import argparse\np = argparse.ArgumentParser()\np.add_argument('--split', default=0.9)\n",
        "prep/prepare_top.py": HELPERS
        + "data = load('raw.pt')\ntorch.save(data[:100], 'small.pt')\n",
        "prep/finetune.py": HELPERS
        + "def finetune(net, data, opt):\n    for b in data:\n        net(b).backward()\n"
        "        opt.step()\n",
    }
    inv = extract_files(tmp_path, {"train.py": TRAIN, "model.py": MODEL, **programs})
    left = left_out(inv)
    assert not set(programs) & set(left)


def test_nothing_is_decided_when_modules_are_loaded_by_a_name_built_at_run_time(tmp_path):
    train = TRAIN.replace(
        "import torch\n",
        "import torch\nimport importlib\nimportlib.import_module('plugins.' + x)\n",
    )
    inv = extract_files(
        tmp_path, {"train.py": train, "model.py": MODEL, "common/loading.py": HELPERS}
    )
    assert inv.loaders
    assert "common/loading.py" not in left_out(inv)


def test_nothing_is_decided_when_the_runs_import_no_module(tmp_path):
    # a folder of model files whose training script is not in it: the imports say nothing
    train = TRAIN.replace("from model import Net\n", "")
    inv = extract_files(
        tmp_path, {"train.py": train, "model.py": MODEL, "common/loading.py": HELPERS}
    )
    left = left_out(inv)
    assert "common/loading.py" not in left and "model.py" not in left
    # a single file audited alone
    inv = extract_files(tmp_path / "one", {"helpers.py": HELPERS})
    assert not left_out(inv)


def test_top_level_work_and_its_twins():
    assert does_work_at_top_level(["import os", "main()"])
    assert does_work_at_top_level(["for i in range(3):", "    print(i)"])
    assert does_work_at_top_level(["with open('x') as f:", "    f.read()"])
    assert not does_work_at_top_level(["import os", "def main():", "    run()"])
    assert not does_work_at_top_level(["x = dict(", "  a=f(),", ")"])
    assert not does_work_at_top_level(['DOC = """', "print(1)", '"""'])
    assert not does_work_at_top_level(["@register", "class A:", "    pass"])


def test_modules_of_a_folder_imported_whole_without_its_init_are_loaded(tmp_path):
    # `from parts import *` where the audited files hold no parts/__init__.py: any module of
    # the folder may be what it loads
    model = "from parts import *\n" + MODEL
    files = {"train.py": TRAIN, "model.py": model, "parts/blocks.py": HELPERS}
    inv = extract_files(tmp_path, files)
    assert "parts/blocks.py" not in left_out(inv)
    # the twin: nothing imports the folder
    files["model.py"] = MODEL
    inv = extract_files(tmp_path / "twin", files)
    assert left_out(inv)["parts/blocks.py"][0] == "unloaded"


def test_top_level_scan_reads_strings_escapes_and_comments_and_their_twins():
    # a call inside an open triple-quoted string, even past an escaped quote, is text
    assert not does_work_at_top_level(['DOC = """a \\""" b', "main()", '"""'])
    assert does_work_at_top_level(['DOC = """a \\""" b"""', "main()"])
    # brackets inside a string or a comment open nothing
    assert does_work_at_top_level(["x = '(['  # {", "main()"])
    assert not does_work_at_top_level(["x = f('(',", "main()", ")"])
    # an escaped quote does not end a one-line string: the bracket after it is in the string
    assert does_work_at_top_level(['x = "a\\"(" ', "main()"])
    assert not does_work_at_top_level(["x = '''", "'' main()", "'''"])
