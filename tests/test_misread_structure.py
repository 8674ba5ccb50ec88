"""Code whose structure a reader misreads: a top-down merge or a message sum read as a residual,
pyramid levels or widths in attribute names read as a stack's depth, a loop over a data
generator's epochs read as blocks, a copy of a library class restating the library's default.
Each mechanism beside a twin that the reader still reads as before."""

from __future__ import annotations

import pytest
from helpers import choices_of, find

from paperlint.code.counts import counts_data, counts_layers, loops_over_data

# ── residuals ────────────────────────────────────────────────────────────────────────────────

PYRAMID = """
import torch.nn as nn
import torch.nn.functional as F

class TopDown(nn.Module):
    def __init__(self):
        super().__init__()
        self.lateral = nn.Conv2d(256, 256, 1)
        self.block = nn.Conv2d(256, 256, 3, padding=1)

    def forward(self, feature, top):
        inner_lateral = self.lateral(feature)
        inner_top_down = F.interpolate(top, size=inner_lateral.shape[-2:], mode="nearest")
        merged = inner_lateral + inner_top_down
        return merged

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(256, 256, 3, padding=1)

    def forward(self, x):
        out = self.conv(x)
        out = F.relu(out)
        return out + x
"""


def test_a_top_down_merge_that_uses_the_lateral_only_for_its_shape_is_no_residual():
    cs = choices_of(("fpn.py", PYRAMID))
    residuals = find(cs, kind="residual")
    assert [c.value for c in residuals] == ["out + x"]  # the block's skip is still read


GRAPH = """
import torch
import torch.nn as nn

class Propagate(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.lin = nn.Linear(dim, dim)
        self.gcn = nn.Linear(dim, dim)

    def forward(self, h, adj):
        side = torch.sparse.mm(adj, h)
        summed = side + h
        out = self.lin(summed)
        return out

class SkipAround(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.gcn = nn.Linear(dim, dim)

    def forward(self, h, adj):
        conv = self.gcn(torch.sparse.mm(adj, h))
        return conv + h
"""


def test_a_nodes_features_plus_its_neighbours_sum_is_a_message_sum_not_a_residual():
    cs = choices_of(("gnn.py", GRAPH))
    values = sorted(c.value for c in find(cs, kind="residual"))
    # the skip around a graph convolution layer is a residual; the self-loop sum is not
    assert values == ["conv + h"]


# ── counts read as depth ─────────────────────────────────────────────────────────────────────


def test_numbered_attributes_count_a_stack_only_when_numbered_from_the_first():
    assert counts_layers([1, 2, 3, 4])
    assert counts_layers([0, 1])
    assert counts_layers([1, 2, 4])  # one gap: conv3 is another kind of layer
    assert not counts_layers([6, 7])  # pyramid levels P6, P7
    assert not counts_layers([64, 128, 256])  # widths


LEVELS = """
import torch.nn as nn

class ExtraLevels(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.p6 = nn.Conv2d(c, c, 3, 2, 1)
        self.p7 = nn.Conv2d(c, c, 3, 2, 1)

    def forward(self, x):
        p6 = self.p6(x)
        return [p6, self.p7(p6)]

class Stack(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, 1, 1)
        self.conv2 = nn.Conv2d(c, c, 3, 1, 1)

    def forward(self, x):
        return self.conv2(self.conv1(x))
"""


def test_pyramid_levels_named_p6_p7_are_no_depth_and_conv1_conv2_are():
    depths = find(choices_of(("levels.py", LEVELS)), kind="depth")
    assert [(c.value, c.line) for c in depths] == [("2", 16)]


def test_a_loop_count_of_epochs_steps_or_files_counts_data():
    assert counts_data("n_epochs")
    assert counts_data("len(files)")
    assert counts_data("self.num_steps")
    assert not counts_data("num_layers")
    assert not counts_data("depth")
    assert loops_over_data("blocks built in a loop `for z in range(n_epochs)`")
    assert not loops_over_data("blocks built in a loop `for i in range(network_depth)`")


GENERATOR = """
def center(x, mean):
    return x - mean

def batches(n_epochs, images, mean):
    for z in range(n_epochs):
        for img in images:
            yield center(img, mean)
"""

TRAINER = """
from keras.layers import Conv2D, Input
from keras.models import Model
from data import batches

class Trainer:
    def __init__(self, depth):
        self.model = self.build(depth)

    def build(self, depth):
        inp = Input(shape=(None, None, 3))
        x = Conv2D(64, 3, padding="same")(inp)
        for i in range(depth):
            x = Conv2D(64, 3, padding="same")(x)
        return Model(inp, x)

    def evaluate(self, images, mean):
        return self.model.evaluate_generator(batches(n_epochs=1, images=images, mean=mean))

trainer = Trainer(depth=8)
"""


def test_a_data_generators_epoch_loop_called_from_the_model_file_is_no_depth():
    # the generator's loop is expanded where `evaluate` calls it, in the model's file: what
    # the loop calls is read in the generator's file, not at the call site's lines
    cs = choices_of(("data.py", GENERATOR), ("model.py", TRAINER))
    assert [(c.value, c.line) for c in find(cs, kind="depth")] == [("8", 19)]
    # and its one pass over the data is no training epoch count
    assert find(cs, kind="epochs") == []


# ── a library class copied into the project ──────────────────────────────────────────────────

COPIED_OPTIMIZER = """
from torch.optim import Optimizer

class AdamW(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-6, weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

class Adam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.5, 0.999)):
        super().__init__(params, dict(lr=lr, betas=betas))
"""


def test_a_copied_library_class_restating_the_librarys_default_is_no_choice():
    cs = choices_of(("optimizer.py", COPIED_OPTIMIZER))
    betas = [(c.value, c.line) for c in cs if c.param == "betas"]
    # AdamW's (0.9, 0.999) is torch's default; the copied Adam's 0.5 is not
    assert betas == [("(0.5, 0.999)", 8)]


# ── one module per input ─────────────────────────────────────────────────────────────────────

HEADS = """
import torch.nn as nn
from detection.layers import Scale

class Head(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.pred = nn.Conv2d(c, 4, 3, padding=1)
        self.scales = nn.ModuleList([Scale(1.0) for _ in range(5)])
        self.blocks = nn.ModuleList([nn.Conv2d(c, c, 3, padding=1) for _ in range(4)])

    def forward(self, features):
        out = []
        for l, feature in enumerate(features):
            for block in self.blocks:
                feature = block(feature)
            out.append(self.scales[l](self.pred(feature)))
        return out
"""


def test_a_module_list_picked_by_the_index_of_a_loop_over_inputs_is_no_depth():
    cs = choices_of(("head.py", HEADS))
    # five scales, one per pyramid level, are no stack; four blocks applied in turn are
    assert [(c.value, c.line) for c in find(cs, kind="depth")] == [("4", 9)]
    # that each level has a scale of its own is the choice
    per_input = find(cs, concept="per_input_modules")
    assert [(c.kind, c.value, c.line) for c in per_input] == [("other", "5", 8)]


# ── components handed to the project's own layers ────────────────────────────────────────────

OWN_LAYERS = """
import tensorflow as tf

class GraphConvolution(object):
    def __init__(self, input_dim, output_dim, act=tf.nn.relu):
        self.weights = tf.Variable(tf.zeros([input_dim, output_dim]))
        self.act = act

    def __call__(self, x):
        return self.act(tf.matmul(x, self.weights))

class Model(object):
    def __init__(self):
        self.layers = []
        self.layers.append(GraphConvolution(16, 16, act=tf.nn.relu))
        self.layers.append(GraphConvolution(16, 16, act=tf.nn.tanh))
        self.layers.append(GraphConvolution(16, 7, act=lambda x: x))
"""


def test_relu_or_an_identity_handed_to_an_own_layer_is_conventional_and_tanh_is_not():
    cs = find(choices_of(("models.py", OWN_LAYERS)), kind="activation", source="reference")
    rated = sorted((c.value, c.obviousness) for c in cs)
    assert rated == [
        ("identity", "conventional"),
        ("relu", "conventional"),
        ("tanh", "deliberate"),
    ]


HELD_BY_REFERENCE = """
import torch.nn as nn
import torch.nn.functional as F

class Adapter(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.down = nn.Linear(d, 64)
        self.act_fn = {act}

    def forward(self, x):
        return self.act_fn(self.down(x))
"""


@pytest.mark.parametrize(
    ("act", "rated"),
    [("F.relu", "conventional"), ("F.gelu", "deliberate"), ("F.tanh", "deliberate")],
)
def test_an_activation_held_by_reference_is_rated_as_the_same_activation_called(act, rated):
    # `self.act_fn = F.relu` is as conventional as `F.relu(x)`; an unusual one stays asked
    cs = find(choices_of(("adapter.py", HELD_BY_REFERENCE.format(act=act))), kind="activation")
    assert [c.obviousness for c in cs] == [rated]


PER_LEVEL = """
import torch.nn as nn

class MLP(nn.Module):
    def __init__(self, input_dim, embed_dim):
        super().__init__()
        self.proj = nn.Linear(input_dim, embed_dim)

class Head(nn.Module):
    def __init__(self, in_channels, embed_dim):
        super().__init__()
        c1_in_channels, c2_in_channels, c3_in_channels, c4_in_channels = in_channels
        self.linear_c4 = MLP(input_dim=c4_in_channels, embed_dim=embed_dim)
        self.linear_c3 = MLP(input_dim=c3_in_channels, embed_dim=embed_dim)
        self.linear_c2 = MLP(input_dim=c2_in_channels, embed_dim=embed_dim)
        self.linear_c1 = MLP(input_dim=c1_in_channels, embed_dim=embed_dim)

class Stack(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.layer1 = MLP(input_dim=dim, embed_dim=dim)
        self.layer2 = MLP(input_dim=dim, embed_dim=dim)
        self.layer3 = MLP(input_dim=dim, embed_dim=dim)
"""


def test_numbered_modules_built_from_their_numbered_inputs_are_no_depth_a_stack_is():
    from paperlint.code.counts import built_from_numbered_input, numbered_part

    assert numbered_part("self.linear_c4") == "c4" and numbered_part("self.conv2") == "conv2"
    assert built_from_numbered_input("self.linear_c4", ["c4_in_channels", "embed_dim"])
    assert not built_from_numbered_input("self.linear_c4", ["c14_in_channels", "dim"])
    assert not built_from_numbered_input("self.layer2", ["dim", "dim"])
    # its own scope's name is no input: two encoders stacked
    assert not built_from_numbered_input("self.lstm_encoder2", ["size", '"encoder2"'])
    depths = find(choices_of(("head.py", PER_LEVEL)), kind="depth")
    assert [c.line for c in depths] == [20]  # the stack, not the per-level projections (12)


PER_STAGE = """
import torch.nn as nn

class PatchMerge(nn.Module):
    def __init__(self, in_dim, dim, stride):
        super().__init__()
        self.proj = nn.Conv2d(in_dim, dim, 3, stride=stride)

class Encoder(nn.Module):
    def __init__(self, dims=(32, 64, 160), heads=(1, 2, 5)):
        super().__init__()
        self.merge1 = PatchMerge(3, dims[0], stride=4)
        self.merge2 = PatchMerge(dims[0], dims[1], stride=2)
        self.merge3 = PatchMerge(dims[1], dims[2], stride=2)

class Plain(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.merge1 = PatchMerge(dim, dim, stride=1)
        self.merge2 = PatchMerge(dim, dim, stride=1)
        self.merge3 = PatchMerge(dim, dim, stride=1)
"""


def test_numbered_stages_built_from_their_own_entry_of_per_stage_lists_are_no_depth():
    # three stages of a hierarchy count the entries of `dims`, the setting; the same modules
    # built alike, one after another, are a stack of depth 3
    from paperlint.code.counts import built_from_own_entry

    assert built_from_own_entry(2, ["dims[0]", "dims[1]"])
    assert built_from_own_entry(1, ["3", "dims[0]"])
    assert not built_from_own_entry(3, ["dim", "dims[0]"])
    assert not built_from_own_entry(2, ["dim", "dim"])
    depths = find(choices_of(("encoder.py", PER_STAGE)), kind="depth")
    assert [c.line for c in depths] == [18]  # Plain, not Encoder (12)


TABLES = """
import torch.nn as nn

class StagedHead(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.label_embedding_stage1 = nn.Embedding(2, hidden)
        self.label_embedding_stage2 = nn.Embedding(3, hidden)

    def forward(self, first, second):
        return self.label_embedding_stage1(first) + self.label_embedding_stage2(second)

class Projections(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.proj_stage1 = nn.Linear(hidden, hidden)
        self.proj_stage2 = nn.Linear(hidden, hidden)

    def forward(self, x):
        return self.proj_stage2(self.proj_stage1(x))
"""


def test_numbered_lookup_tables_are_no_depth_and_numbered_linear_layers_are():
    # an embedding takes indices, not the layer before it: two tables sit side by side
    depths = find(choices_of(("tables.py", TABLES)), kind="depth")
    assert [(c.value, c.line) for c in depths] == [("2", 15)]
