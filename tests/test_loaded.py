"""Initial weights that a loaded checkpoint replaces (paperlint.code.loaded): the initialisers
of a model that loads the checkpoint a config gives it, beside twins whose initialisers count."""

from __future__ import annotations

from helpers import extract_files

from paperlint.code import loaded

BACKBONE = """
import torch.nn as nn
from mmcv.runner import load_checkpoint


class Block(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.fc = nn.Linear(dim, dim)
        self.apply(self._init_weights)

    def _init_weights(self, m):
        if isinstance(m, nn.Linear):
            nn.init.trunc_normal_(m.weight, std=0.02)


class Backbone(nn.Module):
    def __init__(self, dim=64):
        super().__init__()
        self.block = Block(dim)

    def init_weights(self, pretrained=None):
        if isinstance(pretrained, str):
            load_checkpoint(self, pretrained, map_location="cpu", strict=False)
"""

HEAD = """
import torch.nn as nn


class Head(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.fc = nn.Linear(dim, 10)
        nn.init.normal_(self.fc.weight, std=0.01)
"""


def _inits(tmp_path, files: dict[str, str]) -> dict[str, str]:
    inv = extract_files(tmp_path, files)
    # both files' initialisers are choices: which of them is replaced is the question
    assert {c.file for c in inv.choices if c.kind == "init"} >= {"backbone.py", "head.py"} & set(
        files
    )
    got = loaded.overwritten_inits(inv.choices, inv, base=str(tmp_path))
    by_id = {c.id: c for c in inv.choices}
    return {f"{by_id[i].file}:{by_id[i].line}": why for i, why in got.items()}


def test_the_initialisers_of_a_model_given_a_checkpoint_are_replaced_and_others_count(tmp_path):
    config = "model = dict(pretrained='pretrained/backbone.pth', backbone=dict(dim=64))\n"
    got = _inits(tmp_path, {"backbone.py": BACKBONE, "head.py": HEAD, "configs/run.py": config})
    assert set(got) == {"backbone.py:13"}
    assert "checkpoint" in got["backbone.py:13"]


def test_without_a_checkpoint_given_the_initialisers_count(tmp_path):
    config = "model = dict(pretrained=None, backbone=dict(dim=64))\n"
    got = _inits(tmp_path, {"backbone.py": BACKBONE, "head.py": HEAD, "configs/run.py": config})
    assert got == {}


def test_a_model_that_loads_nothing_into_itself_keeps_its_initialisers(tmp_path):
    # the checkpoint is read into another object, not the model
    other = BACKBONE.replace("load_checkpoint(self, pretrained", "load_checkpoint(None, pretrained")
    config = "model = dict(pretrained='pretrained/backbone.pth')\n"
    assert _inits(tmp_path, {"backbone.py": other, "configs/run.py": config}) == {}


def test_a_file_read_in_one_walk_finds_what_each_reading_finds_alone():
    import ast
    import textwrap

    source = textwrap.dedent(
        """
        class Net:
            def init_weights(self, weights=None, scale=1):
                load_checkpoint(self, weights)
        def build():
            return Net(pretrained="ckpt/net.pth")
        """
    )
    tree = ast.parse(source)
    facts = loaded.file_facts(tree, "net.py")
    assert facts == {"loading": ["weights"], "given": ["pretrained"]}
    assert facts["loading"] == sorted(loaded.loading_parameters(tree))
    # the twin: with nothing loaded into the instance, no parameter is loaded
    unloaded = ast.parse(source.replace("load_checkpoint(self, weights)", "print(weights)"))
    assert loaded.file_facts(unloaded, "net.py") == {"loading": [], "given": ["pretrained"]}
