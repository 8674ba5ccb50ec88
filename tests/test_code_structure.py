"""Structure: depth from loops and repeats, residuals, weight sharing, irregular placement,
components absent from a whole model, and the lines where each is reported."""

from __future__ import annotations

from helpers import choices_of, find


def irregular(cs):
    return [c for c in cs if c.obviousness == "irregular"]


def test_batch_norm_in_only_some_numbered_layers_is_irregular():
    cs = choices_of(
        (
            "net.py",
            """
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv1 = nn.Conv2d(3, 32, 3)
                self.conv2 = nn.Conv2d(32, 64, 3)
                self.conv3 = nn.Conv2d(64, 64, 3)
                self.conv4 = nn.Conv2d(64, 128, 3)
                self.conv5 = nn.Conv2d(128, 128, 3)
                self.bn2 = nn.BatchNorm2d(64)
                self.bn3 = nn.BatchNorm2d(64)
                self.fc = nn.Linear(128, 10)
    """,
        )
    )
    (irr,) = irregular(cs)
    assert irr.kind == "normalization" and irr.concept == "batch_norm"
    assert irr.line == 11  # the first BatchNorm of the pattern
    assert "conv layers 2, 3 of 5" in irr.detail
    assert find(cs, kind="depth", line=6)[0].number == 5.0
    assert not find(cs, concept="no_normalization")


def test_a_flag_that_switches_normalization_on_in_some_blocks_is_irregular():
    cs = choices_of(
        (
            "net.py",
            """
        import torch.nn as nn

        class Block(nn.Module):
            def __init__(self, c_in, c_out, use_bn=False):
                super().__init__()
                self.conv = nn.Conv2d(c_in, c_out, 3, padding=1)
                self.bn = nn.BatchNorm2d(c_out) if use_bn else nn.Identity()

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.b1 = Block(3, 32)
                self.b2 = Block(32, 64, use_bn=True)
                self.b3 = Block(64, 64, use_bn=True)
                self.b4 = Block(64, 128)
                self.b5 = Block(128, 128)
    """,
        )
    )
    (irr,) = irregular(cs)
    assert irr.kind == "normalization" and irr.line == 13
    assert "Block blocks 2, 3 of 5" in irr.detail


def test_uniform_head_and_periodic_patterns_are_not_irregular():
    cs = choices_of(
        (
            "vgg.py",
            """
        import torch.nn as nn

        class VGGish(nn.Module):
            def __init__(self):
                super().__init__()
                self.features = nn.Sequential(
                    nn.Conv2d(3, 64, 3), nn.BatchNorm2d(64), nn.ReLU(),
                    nn.Conv2d(64, 64, 3), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Conv2d(64, 128, 3), nn.BatchNorm2d(128), nn.ReLU(),
                    nn.Conv2d(128, 128, 3), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
                )
                self.classifier = nn.Sequential(
                    nn.Linear(512, 256), nn.Dropout(0.5),
                    nn.Linear(256, 256), nn.Dropout(0.5),
                    nn.Linear(256, 10),
                )
    """,
        )
    )
    assert irregular(cs) == []


def test_blocks_built_in_loops_and_comprehensions_count_as_depth():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn
        N_BLOCKS = 6

        class Net(nn.Module):
            def __init__(self, width=64):
                super().__init__()
                layers = []
                for _ in range(N_BLOCKS):
                    layers.append(nn.Linear(width, width))
                self.body = nn.Sequential(*layers)
                self.heads = nn.ModuleList([nn.Linear(width, 1) for _ in range(3)])

        def train():
            for i in range(10):
                print(i)
    """,
        )
    )
    assert find(cs, kind="depth", line=8)[0].number == 6.0
    assert find(cs, kind="depth", line=11)[0].number == 3.0
    assert not find(cs, kind="depth", line=14), "a loop that builds nothing is not depth"


def test_residual_additions_found_by_data_flow():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        class Adapter(nn.Module):
            def __init__(self, d):
                super().__init__()
                self.down = nn.Linear(d, 64)
                self.up = nn.Linear(64, d)
                self.pos = nn.Parameter(torch.zeros(d))

            def forward(self, hidden_states):
                out = self.down(hidden_states)
                out = self.up(out)
                hidden_states = hidden_states + out
                return hidden_states + self.pos
    """,
        )
    )
    res = find(cs, kind="residual")
    assert [c.line for c in res] == [13]  # adding a learned position embedding is not a skip


def test_adding_to_a_count_or_a_position_is_index_arithmetic_not_a_skip():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        class Consistency(nn.Module):
            def forward(self, log_probs, hidden, sup_batch_size, unsup_batch_size):
                aug_start = sup_batch_size + unsup_batch_size
                aug_end = aug_start + unsup_batch_size
                block = self.block(hidden)
                out = hidden + block
                return log_probs[aug_start:aug_end], out
    """,
        )
    )
    # the twin on line 8 is a skip connection: a tensor plus a layer of it
    assert [c.line for c in find(cs, kind="residual")] == [8]


def test_a_module_applied_several_times_shares_its_weights():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.block = nn.Sequential(nn.Conv2d(64, 64, 3, padding=1), nn.ReLU())
                self.act = nn.ReLU()

            def forward(self, x):
                x = self.block(x) + x
                x = self.act(x)
                x = self.block(x) + x
                x = self.act(x)
                return x
    """,
        )
    )
    (shared,) = find(cs, concept="weight_sharing")
    assert shared.kind == "depth" and shared.line == 10 and shared.number == 2.0


def test_identical_blocks_in_a_row_are_a_depth_choice():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        class DW(nn.Module):
            def __init__(self, c_in, c_out, stride):
                super().__init__()
                self.conv = nn.Conv2d(c_in, c_out, 3, stride, groups=c_in)

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(
                    DW(256, 512, 2),
                    DW(512, 512, 1),
                    DW(512, 512, 1),
                    DW(512, 512, 1),
                    DW(512, 1024, 2),
                )
    """,
        )
    )
    run = [c for c in find(cs, kind="depth") if "identical" in c.detail]
    assert len(run) == 1 and run[0].line == 13 and run[0].number == 3.0


def test_absent_components_are_anchored_where_they_would_go():
    cs = choices_of(
        (
            "edsr.py",
            """
        import torch.nn as nn

        class ResBlock(nn.Module):
            def __init__(self, c):
                super().__init__()
                self.conv1 = nn.Conv2d(c, c, 3, padding=1)
                self.conv2 = nn.Conv2d(c, c, 3, padding=1)

            def forward(self, x):
                return x + 0.1 * self.conv2(self.conv1(x))

        class EDSR(nn.Module):
            def __init__(self, depth=16):
                super().__init__()
                self.head = nn.Conv2d(3, 64, 3, padding=1)
                self.body = nn.Sequential(*[ResBlock(64) for _ in range(depth)])
                self.fc = nn.Linear(64, 10)
    """,
        )
    )
    (no_norm,) = find(cs, concept="no_normalization")
    assert no_norm.line == 6 and no_norm.obviousness == "absent"  # first conv of the block
    (no_drop,) = find(cs, concept="no_dropout")
    assert no_drop.line == 17  # before the classifier head
    assert find(cs, concept="default_init")[0].line == 12


def test_a_component_switched_off_at_a_call_site_is_not_reported_there():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        class Block(nn.Module):
            def __init__(self, c, drop=None):
                super().__init__()
                self.conv = nn.Conv2d(c, c, 3)
                if drop:
                    self.drop = nn.Dropout(drop)

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = Block(8)
                self.b = Block(8, drop=0.3)
    """,
        )
    )
    assert [(c.line, c.number) for c in find(cs, kind="dropout", source="call")] == [(14, 0.3)]


def test_projection_shortcut_freezing_and_evaluation_augmentation():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn
        from torchvision import transforms

        class Block(nn.Module):
            def __init__(self, c_in, c_out):
                super().__init__()
                self.conv = nn.Conv2d(c_in, c_out, 3, stride=2)
                self.shortcut = nn.Conv2d(c_in, c_out, 1, stride=2)

        def main(model):
            for p in model.backbone.parameters():
                p.requires_grad = False
            tf = transforms.Compose([transforms.RandomCrop(32), transforms.ToTensor()])
            train_set = Dataset("train", transform=tf)
            test_set = Dataset("test", transform=tf)
    """,
        )
    )
    assert find(cs, concept="projection_shortcut")[0].line == 8
    assert find(cs, concept="layer_freezing")[0].line == 12
    reuse = find(cs, kind="augmentation", source="structure")[0]
    assert reuse.line == 15 and reuse.obviousness == "irregular"


def test_a_branch_on_a_design_flag_is_a_choice():
    cs = choices_of(
        (
            "m.py",
            """
        import argparse
        import torch.nn as nn
        p = argparse.ArgumentParser()
        p.add_argument("--use_bn", action="store_true")
        args = p.parse_args()

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(3, 8, 3)
                if args.use_bn:
                    self.bn = nn.BatchNorm2d(8)
    """,
        )
    )
    branch = find(cs, source="branch")[0]
    assert branch.kind == "normalization" and branch.line == 11 and branch.value == "False"


def test_irregular_placement_in_a_keras_functional_builder_and_a_sequential():
    cs = choices_of(
        (
            "k.py",
            """
        from tensorflow.keras import layers
        import torch.nn as nn

        def build(x):
            x = layers.Conv2D(32, 3)(x)
            x = layers.Dropout(0.2)(x)
            x = layers.Conv2D(32, 3)(x)
            x = layers.Dropout(0.2)(x)
            x = layers.Conv2D(64, 3)(x)
            x = layers.Conv2D(64, 3)(x)
            x = layers.Conv2D(64, 3)(x)
            return x

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(
                    nn.Conv2d(3, 8, 3), nn.ReLU(),
                    nn.Conv2d(8, 8, 3), nn.ReLU(),
                    nn.Conv2d(8, 8, 3), nn.InstanceNorm2d(8), nn.ReLU(),
                    nn.Conv2d(8, 8, 3), nn.ReLU(),
                )
    """,
        )
    )
    found = {(c.line, c.kind, c.concept) for c in irregular(cs)}
    assert found == {(6, "dropout", "dropout"), (20, "normalization", "instance_norm")}


TOGGLED = """
import torch.nn as nn

def copy_into(layer, weights):
    new_layer = nn.Linear(4, 4)
    new_layer.weight.requires_grad = False
    new_layer.weight.copy_(weights)
    new_layer.weight.requires_grad = True
    return new_layer

def freeze(model):
    model.encoder.weight.requires_grad = False
    model.head.weight.requires_grad = True
    return model

def train_some(model, trainable):
    for name, param in model.named_parameters():
        param.requires_grad = False
        if name in trainable:
            param.requires_grad = True
"""


def test_requires_grad_switched_off_for_an_in_place_copy_and_back_on_is_no_freezing():
    # the same tensor written in place and made trainable again was never frozen; freezing
    # one tensor beside another made trainable, or all and then some by name, still is one
    frozen = find(choices_of(("m.py", TOGGLED)), concept="layer_freezing")
    assert [c.line for c in frozen] == [11, 17]


GRADIENT_RESET = """
import torch

def attack(model, x, target, weight):
    x = x.clone().requires_grad_(True)
    loss = -model(x)[0, target]
    loss.backward()
    step = x.grad.clone()
    x.grad.data.zero_()
    weight.data.zero_()
    return x - step
"""


def test_zeroing_a_gradient_initializes_nothing_and_zeroing_a_weight_does():
    inits = find(choices_of(("attack.py", GRADIENT_RESET)), concept="custom_init")
    assert [c.line for c in inits] == [9]
