"""Parts of a model a configuration switch turns off in every run (paperlint.code.inert over the
runs of paperlint.code.runs): a switch the config files set (``BOX_ONLY: True`` over a yacs
default ``False``) is one of the run's values, so the branch it closes never runs and what is
built only there holds no value of the run. Each case beside a twin where the branch does run."""

from __future__ import annotations

from helpers import extract_files, inert_of

DEFAULTS = """
from yacs.config import CfgNode as CN

_C = CN()
_C.MODEL = CN()
_C.MODEL.BOX_ONLY = False
_C.MODEL.HEAD = CN()
_C.MODEL.HEAD.DROPOUT = 0.25
_C.SOLVER = CN()
_C.SOLVER.BASE_LR = 0.01
_C.SOLVER.MAX_ITER = 1000
"""

TRAIN = """
import argparse
import torch
from config.defaults import _C as cfg
from model import Detector

parser = argparse.ArgumentParser()
parser.add_argument("--config-file", default="")
args = parser.parse_args()
cfg.merge_from_file(args.config_file)
model = Detector(cfg)
optimizer = torch.optim.SGD(model.parameters(), lr=cfg.SOLVER.BASE_LR)
for step in range(cfg.SOLVER.MAX_ITER):
    loss = model(torch.zeros(2, 4)).sum()
    loss.backward()
    optimizer.step()
"""

MODEL = """
import torch.nn as nn
from head import build_head


class Detector(nn.Module):
    \"\"\"A box network, and a Head on top unless the config asks for boxes only.\"\"\"

    def __init__(self, cfg):
        super().__init__()
        self.boxes = nn.Linear(4, 4)
        self.head = None
        if not cfg.MODEL.BOX_ONLY:
            self.head = build_head(cfg)

    def forward(self, x):
        x = self.boxes(x)
        return self.head(x) if self.head is not None else x
"""

HEAD = """
import torch.nn as nn


class Head(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.drop = nn.Dropout(cfg.MODEL.HEAD.DROPOUT)
        self.score = nn.Softmax(dim=-1)

    def forward(self, x):
        return self.score(self.drop(x))


def build_head(cfg):
    return Head(cfg)
"""


def project(box_only: tuple[str, ...]) -> dict[str, str]:
    """The project with one config file per value of ``MODEL.BOX_ONLY`` ("" leaves it out)."""
    files = {
        "config/__init__.py": "",
        "config/defaults.py": DEFAULTS,
        "train.py": TRAIN,
        "model.py": MODEL,
        "head.py": HEAD,
    }
    for i, value in enumerate(box_only):
        switch = f"  BOX_ONLY: {value}\n" if value else ""
        files[f"configs/run{i}.yaml"] = f"MODEL:\n{switch}SOLVER:\n  BASE_LR: 0.02\n"
    return files


def head_parts(found: dict[str, str]) -> set[str]:
    """The inert choices of the head: its dropout setting's default and its own layers."""
    return {k for k in found if k.startswith("head.py") or "DROPOUT" in k}


def test_a_switch_a_config_file_sets_is_among_the_runs_values(tmp_path):
    inv = extract_files(tmp_path, project(("True",)))
    run = next(r for r in inv.runs if r.name == "configs/run0.yaml")
    assert inv.values_of(run)["MODEL.BOX_ONLY"].value == "True"
    assert "MODEL.BOX_ONLY" not in inv.settings_of(run)  # a switch, never a choice
    assert not any(c.setting == "MODEL.BOX_ONLY" for c in inv.choices)


def test_the_switchs_default_is_a_value_of_every_run_that_leaves_it(tmp_path):
    inv = extract_files(tmp_path, project(("",)))
    run = next(r for r in inv.runs if r.name == "configs/run0.yaml")
    assert inv.values_of(run)["MODEL.BOX_ONLY"].value == "False"


def test_a_part_built_only_where_every_run_switches_it_off_is_inert(tmp_path):
    found = inert_of(tmp_path, project(("True", "True")))
    parts = head_parts(found)
    assert any(k.startswith("head.py:7") for k in parts)  # the head's dropout layer
    assert any(k.startswith("head.py:8") for k in parts)  # its softmax
    assert any("MODEL.HEAD.DROPOUT" in k for k in parts)  # the default only the head reads
    assert "not cfg.MODEL.BOX_ONLY" in next(v for k, v in found.items() if k.startswith("head.py"))
    assert not any("BASE_LR" in k for k in found)


def test_the_part_takes_effect_when_one_run_turns_the_switch_on(tmp_path):
    assert head_parts(inert_of(tmp_path, project(("True", "False")))) == set()


def test_the_part_takes_effect_at_the_switchs_default(tmp_path):
    assert head_parts(inert_of(tmp_path, project(("",)))) == set()


def test_the_part_takes_effect_when_the_switchs_value_is_unknown(tmp_path):
    files = project(("True",))
    files["configs/run0.yaml"] = "MODEL:\n  BOX_ONLY: ${oc.env:BOX}\nSOLVER:\n  BASE_LR: 0.02\n"
    found = inert_of(tmp_path, files)
    assert head_parts(found) == set()


ARGPARSE = """
import argparse
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--probe_only", action="store_true")
args = parser.parse_args()


class Finetuner(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.3)


def finetuner():
    return Finetuner()


model = nn.Linear(4, 2)
if args.probe_only:
    model = finetuner()
"""


def test_a_part_built_only_under_a_flag_no_launcher_sets_is_inert(tmp_path):
    files = {"train.py": ARGPARSE, "run.sh": "python train.py --lr 0.01\n"}
    found = inert_of(tmp_path, files)
    assert any(k.startswith("train.py:13") for k in found)
    assert "args.probe_only" in next(v for k, v in found.items() if k.startswith("train.py:13"))


def test_a_flags_part_stays_when_nothing_shows_how_the_entry_point_is_launched(tmp_path):
    # no launcher, no config: the authors may pass --probe_only on a command line we never see
    # (a README), so the flag's default does not close the branch
    found = inert_of(tmp_path, {"train.py": ARGPARSE})
    assert not any(k.startswith("train.py:13") for k in found)


def test_the_flags_part_takes_effect_when_a_launcher_sets_the_flag(tmp_path):
    files = {"train.py": ARGPARSE, "run.sh": "python train.py --probe_only --lr 0.01\n"}
    found = inert_of(tmp_path, files)
    assert not any(k.startswith("train.py:13") for k in found)


LAYERS = """
import torch.nn as nn


class Adapter(nn.Module):
    \"\"\"Used in place of Block when asked.\"\"\"

    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.1)


class Block(nn.Module):
    \"\"\"A block; see also Adapter.\"\"\"

    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.2)
"""


def test_a_class_named_only_in_a_docstring_is_not_in_use(tmp_path):
    model = "import layers\n\nblock = layers.Block()\n"
    found = inert_of(tmp_path, {"layers.py": LAYERS, "model.py": model})
    assert any(k.startswith("layers.py:9") for k in found)
    assert not any(k.startswith("layers.py:17") for k in found)


def test_a_class_named_in_a_string_the_code_uses_stays_in_use(tmp_path):
    model = "import layers\n\nKINDS = {'a': 'Adapter'}\nblock = layers.Block()\n"
    found = inert_of(tmp_path, {"layers.py": LAYERS, "model.py": model})
    assert not any(k.startswith("layers.py:9") for k in found)


def test_dump_code_lists_the_switches_a_run_sets(tmp_path):
    import os
    import subprocess
    import sys

    for path, text in project(("True", "")).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    env = {**os.environ, "PAPERLINT_NO_CACHE": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "paperlint", "dump-code", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    blocks = out.stdout.split("\nrun ")
    run0 = next(b for b in blocks if b.startswith("configs/run0.yaml"))
    run1 = next(b for b in blocks if b.startswith("configs/run1.yaml"))
    assert "switch MODEL.BOX_ONLY = True  configs/run0.yaml:2 (config)" in run0
    # the twin: the run that leaves the switch at its default sets none
    assert "switch MODEL.BOX_ONLY = True" not in run1
