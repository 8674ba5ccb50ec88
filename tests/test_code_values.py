"""Values through indirection: constants, defaults, settings objects, arithmetic, call chains."""

from __future__ import annotations

import pytest
from helpers import choices_of, extract_files, find


def test_a_module_constant_is_reported_where_used_with_where_it_was_written():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn
        HIDDEN = 256
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(10, HIDDEN)
    """,
        )
    )
    (width,) = find(cs, kind="channels", source="argument")
    assert width.line == 6 and width.number == 256.0
    assert width.via == "m.py:2"
    assert find(cs, kind="channels", line=2), "the constant is a setting of its own"


def test_init_defaults_are_used_when_no_call_site_overrides_them():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn
        class Block(nn.Module):
            def __init__(self, c, p=0.3, k=5):
                super().__init__()
                self.conv = nn.Conv2d(c, c, k)
                self.drop = nn.Dropout(p)
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = Block(16)
                self.b = Block(16, p=0.1)
    """,
        )
    )
    drops = {(c.line, c.number) for c in cs if c.kind == "dropout"}
    assert drops == {(3, 0.3), (11, 0.1)}  # the default where written, the override at its call
    assert {c.line for c in cs if c.kind == "kernel_size"} == {3}


def test_args_attributes_resolve_to_argparse_defaults_across_files(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "opts.py": """
            import argparse
            def get_parser():
                p = argparse.ArgumentParser()
                p.add_argument("--lr", type=float, default=0.05)
                p.add_argument("--wd", type=float, default=5e-4)
                return p
            """,
            "train.py": """
            import torch
            from opts import get_parser
            args = get_parser().parse_args()
            opt = torch.optim.SGD(params, lr=args.lr, weight_decay=args.wd, momentum=0.9)
            """,
        },
    )
    cs = list(inv.choices)
    use = find(cs, file="train.py", kind="learning_rate")[0]
    assert use.number == 0.05 and use.via == "opts.py:4" and use.resolved
    assert find(cs, file="train.py", kind="weight_decay")[0].number == 5e-4


def test_click_absl_and_dataclass_settings():
    cs = choices_of(
        (
            "cli.py",
            """
        import click
        from absl import flags
        from dataclasses import dataclass

        flags.DEFINE_integer("batch_size", 256, "batch size")

        @dataclass
        class TrainConfig:
            learning_rate: float = 3e-4
            num_epochs: int = 90
            data_dir: str = "/data"

        @click.command()
        @click.option("--dropout", default=0.2)
        def main(dropout):
            pass
    """,
        )
    )
    assert find(cs, kind="batch_size")[0].line == 5
    assert find(cs, kind="learning_rate")[0].line == 9
    assert find(cs, kind="epochs")[0].number == 90.0
    assert find(cs, kind="dropout")[0].line == 14
    assert not find(cs, line=11), "paths are plumbing"


def test_ml_collections_and_config_subscripts_resolve():
    cs = choices_of(
        (
            "cfg.py",
            """
        import ml_collections
        import torch

        def get_config():
            config = ml_collections.ConfigDict()
            config.learning_rate = 0.1
            config.model = ml_collections.ConfigDict()
            config.model.num_layers = 12
            return config

        def train(config, params):
            return torch.optim.Adam(params, lr=config.learning_rate)

        hparams = {"batch_size": 64, "dropout": 0.5}
        drop = torch.nn.Dropout(hparams["dropout"])
    """,
        )
    )
    assert find(cs, kind="learning_rate", line=6)[0].number == 0.1
    assert find(cs, kind="depth", line=8)[0].number == 12.0
    use = find(cs, kind="learning_rate", line=12)[0]
    assert use.number == 0.1 and use.via == "cfg.py:6"
    assert find(cs, kind="dropout", line=15)[0].number == 0.5


def test_arithmetic_is_folded_and_unresolvable_values_are_marked_not_guessed():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn
        import torch
        BASE = 16
        class Net(nn.Module):
            def __init__(self, width_from_somewhere):
                super().__init__()
                self.a = nn.Conv2d(3, 4 * BASE, 3)
                self.b = nn.Conv2d(4 * BASE, width_from_somewhere, 3)
        opt = torch.optim.Adam(p, lr=compute_lr())
    """,
        )
    )
    assert find(cs, kind="channels", line=7)[0].number == 64.0
    unknown = find(cs, kind="channels", line=8)[0]
    assert not unknown.resolved and unknown.number is None
    lr = find(cs, kind="learning_rate")[0]
    assert not lr.resolved and lr.value == "compute_lr()"


def test_values_follow_call_chains_through_nested_blocks():
    cs = choices_of(
        (
            "unet.py",
            """
        import torch.nn as nn

        class DoubleConv(nn.Module):
            def __init__(self, c_in, c_out):
                super().__init__()
                self.conv = nn.Conv2d(c_in, c_out, 3, padding=1)

        class Down(nn.Module):
            def __init__(self, c_in, c_out):
                super().__init__()
                self.pool = nn.MaxPool2d(2)
                self.conv = DoubleConv(c_in, c_out)

        class UNet(nn.Module):
            def __init__(self):
                super().__init__()
                self.down1 = Down(64, 128)
                self.down2 = Down(
                    128,
                    256,
                )
    """,
        )
    )
    widths = {c.line: c.number for c in cs if c.kind == "channels"}
    assert widths == {17: 128.0, 20: 256.0}  # each written where the literal is


def test_names_from_star_imports_of_project_modules_resolve(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "models.py": """
            from torch import nn
            def conv(c):
                return nn.Conv2d(c, c, 3)
            """,
            "train.py": """
            from models import *
            loss_fn = nn.CrossEntropyLoss()
            net = nn.Sequential(conv(8), nn.ReLU())
            """,
        },
    )
    cs = list(inv.choices)
    assert find(cs, file="train.py", kind="loss")[0].concept == "cross_entropy"
    assert find(cs, file="train.py", kind="activation")[0].line == 3


def test_functions_chosen_by_reference():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn
        import torch.nn.functional as F

        def focal_loss(pred, target):
            return pred

        class Head(nn.Module):
            def __init__(self, loss_fn=focal_loss, act_layer=nn.GELU):
                super().__init__()
                self.act = F.silu
    """,
        )
    )
    assert find(cs, kind="loss", line=8)[0].value == "focal_loss"
    assert find(cs, kind="activation", line=8)[0].concept == "gelu"
    assert find(cs, kind="activation", line=10)[0].concept == "silu"


def test_obviousness_default_conventional_deliberate():
    cs = choices_of(
        (
            "m.py",
            """
        import torch
        import torch.nn as nn
        conv = nn.Conv2d(3, 64, 3, padding=1)
        conv7 = nn.Conv2d(3, 64, 7)
        opt = torch.optim.Adam(p, betas=(0.9, 0.999))
        opt2 = torch.optim.Adam(p, betas=(0.5, 0.999))
    """,
        )
    )
    assert find(cs, kind="kernel_size", line=3)[0].obviousness == "conventional"
    assert find(cs, kind="kernel_size", line=4)[0].obviousness == "deliberate"
    assert find(cs, kind="learning_rate", line=5)[0].obviousness == "default"
    assert not find(cs, kind="momentum", line=5), "a default written out is not a choice"
    assert find(cs, kind="momentum", line=6)[0].obviousness == "deliberate"
    assert find(cs, concept="relu") == []


@pytest.mark.parametrize(
    "expr, value",
    [("10 ** -4", 1e-4), ("2 * 3e-4", 6e-4), ("int(0.5 * 64)", 32), ("1e-3 / 4", 2.5e-4)],
)
def test_constant_arithmetic(expr, value):
    cs = choices_of(("m.py", f"import torch\nopt = torch.optim.SGD(p, lr={expr})\n"))
    assert find(cs, kind="learning_rate")[0].number == pytest.approx(value)


BRANCHES = """
import numpy as np

def train(args, lengths, epoch, total, out):
    if args.sample == "rr":
        task = epoch % 3
    elif args.sample == "anneal":
        alpha = 1 - 0.8 * epoch / total
    else:
        alpha = 0.65 * epoch
    if cfg["head"] == 'linear':
        out = out * 0.3
    else:  # 'cosine_similarity'
        out = (out + 1) * 2.5
    return alpha, out
"""


def test_a_constant_keeps_the_branch_that_selects_it():
    cs = choices_of(("train.py", BRANCHES))
    by_value = {c.value: c for c in find(cs, concept="constant")}
    assert by_value["0.8"].branch == "sample == 'anneal'"
    # an else branch with no comment stands for nothing nameable; an elif does not leak into it
    assert by_value["0.65"].branch == ""
    assert by_value["0.3"].branch == "head == 'linear'"
    # the comment on `else:` names what the branch stands for
    assert by_value["2.5"].branch == "head == 'cosine_similarity'"


def test_a_hand_written_schedule_is_named_by_the_curve_it_computes():
    src = """
    import math
    import torch

    def main(args, opt):
        total, warm = args.steps, args.warmup

        def warmup_then_linear(step):
            if step < warm:
                return float(step / warm)
            return max(0.0, float(total - step) / float(max(1, total - warm)))

        a = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=warmup_then_linear)
        b = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) ** -0.5, s * warm ** -1.5))
        c = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + math.cos(math.pi * s / total)))
        d = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.95 if s in args.milestones else 1)
    """
    got = {c.line: c for c in find(choices_of(("train.py", src)), kind="scheduler")}
    assert got[12].concept == "linear_schedule" and got[12].value == "LambdaLR(linear decay)"
    assert got[13].concept == "inverse_sqrt_schedule"
    assert got[14].concept == "cosine_schedule"
    # nothing tells what this one computes: it stays a custom schedule
    assert got[15].concept == "custom_schedule"


PER_TASK_WIDTHS = {
    "sizes.json": '{"adapter_sizes": [64, 64, 64], "hidden": 768}\n',
    "model.py": """
    import json
    import torch.nn as nn
    from types import SimpleNamespace
    config = SimpleNamespace(**json.load(open("sizes.json")))
    class Adapters(nn.Module):
        def __init__(self, config):
            super().__init__()
            self.down = nn.ModuleList(
                [nn.Linear(config.hidden, config.adapter_sizes[{index}]) for task in range(3)]
            )
    """,
}


@pytest.mark.parametrize("index", ["task", "0"])
def test_a_setting_read_at_a_position_is_that_settings_use(tmp_path, index):
    # `config.adapter_sizes[task]`: one entry of a setting given per task; the layer's width is
    # the setting's, asked once where the setting is written
    files = dict(
        PER_TASK_WIDTHS, **{"model.py": PER_TASK_WIDTHS["model.py"].replace("{index}", index)}
    )
    inv = extract_files(tmp_path, files)
    (width,) = [
        c
        for c in find(list(inv.choices), file="model.py", kind="channels")
        if c.param == "out_features"
    ]
    assert width.via == "sizes.json:1" and width.resolved


def test_a_position_of_something_else_stays_unread(tmp_path):
    # the twin: an entry of an ordinary list (no settings object) is no setting's use
    files = dict(
        PER_TASK_WIDTHS,
        **{
            "model.py": PER_TASK_WIDTHS["model.py"].replace(
                "config.adapter_sizes[{index}]", "sizes[task]"
            )
        },
    )
    inv = extract_files(tmp_path, files)
    (width,) = [
        c
        for c in find(list(inv.choices), file="model.py", kind="channels")
        if c.param == "out_features"
    ]
    assert width.via == "" and not width.resolved
