"""Code idioms read as the component they build, not as the ordinary call they are made of."""

from __future__ import annotations

import pytest
from helpers import choices_of, find

DISTILL = """
import torch.nn.functional as F

def loss(student_logits, teacher_logits, labels):
    base = F.cross_entropy(student_logits, labels)
    hard = F.cross_entropy(student_logits, {target})
    return base + hard
"""


@pytest.mark.parametrize(
    "target",
    [
        "teacher_logits.argmax(dim=1)",
        "torch.argmax(teacher_logits, dim=1)",
        "teacher_logits.max(1)[1]",
        "model_outputs.argmax(-1)",
    ],
)
def test_cross_entropy_against_the_argmax_of_outputs_is_hard_label_distillation(target):
    cs = choices_of(("losses.py", DISTILL.format(target=target)))
    hard = find(cs, concept="hard_label_distillation")
    assert [c.line for c in hard] == [5]
    assert hard[0].kind == "loss"
    # the cross-entropy against the labels beside it stays a plain cross-entropy
    assert [c.line for c in find(cs, concept="cross_entropy")] == [4]


@pytest.mark.parametrize(
    "target",
    [
        "labels",  # the labels themselves
        "labels_onehot.argmax(dim=1)",  # one-hot labels turned into class indices
        "y.argmax(1)",
        "targets.max(1)[1]",
    ],
)
def test_cross_entropy_against_labels_stays_cross_entropy(target):
    cs = choices_of(("losses.py", DISTILL.format(target=target)))
    assert find(cs, concept="hard_label_distillation") == []
    assert sorted(c.line for c in find(cs, concept="cross_entropy")) == [4, 5]


ADAPTED = """
import torch.nn as nn
import {module}

class SelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.query = {call}(config.hidden_size, config.hidden_size, {rank})
        self.key = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, x):
        return self.query(x) + self.key(x)
"""


@pytest.mark.parametrize(
    ("module", "call", "rank"),
    [
        ("loralib as lora", "lora.Linear", "config.lora_r"),
        ("loralib", "loralib.Linear", "r=8"),
        ("adapters", "adapters.LoRALinear", "rank=4"),
        ("adapters", "adapters.LoraLinear", "8"),
    ],
)
def test_a_projection_built_by_a_lora_layer_is_a_low_rank_adapter(module, call, rank):
    cs = choices_of(("model.py", ADAPTED.format(module=module, call=call, rank=rank)))
    adapter = find(cs, concept="low_rank_adapter")
    assert [c.line for c in adapter] == [7]
    assert "self.query" in adapter[0].value
    assert rank.split("=")[-1] in adapter[0].value  # its rank is shown
    # the plain projection beside it is no adapter
    assert all(c.line != 8 for c in adapter)


@pytest.mark.parametrize(
    ("module", "call"),
    [
        ("torch.nn as lora_free", "lora_free.Linear"),  # an alias is not a LoRA package
        ("explorer", "explorer.Linear"),  # "lora" inside another word
        ("floral", "floral.Linear"),
        ("loralib as lora", "lora.mark_only_lora_as_trainable"),  # not a layer
    ],
)
def test_other_layers_are_no_low_rank_adapters(module, call):
    cs = choices_of(("model.py", ADAPTED.format(module=module, call=call, rank="8")))
    assert find(cs, concept="low_rank_adapter") == []


GRAPH = """
import torch
import torch.nn as nn

class GraphLayer(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin = nn.Linear(d, d)

    def forward(self, {adj}, x):
        agg = {product}
        return self.lin(agg + x)
"""


@pytest.mark.parametrize(
    ("adj", "product"),
    [
        ("A", "torch.sparse.mm(A, x)"),  # a sparse product, whatever the matrix is called
        ("M", "torch.spmm(M, x)"),
        ("adj", "torch.mm(adj, x)"),  # a dense product with a matrix named as a graph
        ("norm_adj", "norm_adj @ x"),
    ],
)
def test_a_nodes_features_plus_its_neighbours_sum_is_a_self_connection(adj, product):
    cs = choices_of(("model.py", GRAPH.format(adj=adj, product=product)))
    assert [c.line for c in find(cs, concept="self_connection")] == [11]
    assert find(cs, concept="residual_connection") == []


@pytest.mark.parametrize(
    "product",
    [
        "self.lin(x)",  # a layer of the node's own features: a skip around it
        "torch.mm(W, x)",  # a dense product with a matrix that names no graph
    ],
)
def test_features_plus_a_layer_of_them_stay_a_residual(product):
    cs = choices_of(("model.py", GRAPH.format(adj="W", product=product)))
    assert find(cs, concept="self_connection") == []
    assert [c.line for c in find(cs, concept="residual_connection")] == [11]


SCALED = """
def main(args, total):
    model = build(args)
    {target} = {expression}
    return train(model, {target})
"""


@pytest.mark.parametrize(
    ("target", "expression"),
    [
        ("linear_scaled_lr", "args.lr * args.batch_size * get_world_size() / 512.0"),
        ("lr", "base_lr * batch_size / 256"),
        ("scaled", "cfg.learning_rate * total_batch_size / 256.0"),
    ],
)
def test_a_learning_rate_scaled_by_the_batch_size_is_the_linear_scaling_rule(target, expression):
    cs = choices_of(("main.py", SCALED.format(target=target, expression=expression)))
    rule = find(cs, concept="lr_scaling_rule")
    assert [c.line for c in rule] == [3]
    assert find(cs, concept="constant") == []


@pytest.mark.parametrize(
    ("target", "expression"),
    [
        ("loss", "total * args.batch_size / 512.0"),  # no learning rate in it
        ("lr", "args.lr / 3.0"),  # a learning rate lowered, not scaled by a batch
        ("warm", "args.lr * args.batch_size * 512.0"),  # no base batch it is divided by
    ],
)
def test_other_divisions_are_no_scaling_rule(target, expression):
    cs = choices_of(("main.py", SCALED.format(target=target, expression=expression)))
    assert find(cs, concept="lr_scaling_rule") == []


UNFROZEN = """
def build(model, fine_tune):
    if fine_tune:
        for {part} in {parts}:
            {part}.{flag} = {value}
    return model
"""


@pytest.mark.parametrize(
    ("part", "parts", "flag"),
    [
        ("layer", "model.layers", "trainable"),  # Keras
        ("layer", "base_model.layers", "trainable"),
        ("p", "model.parameters()", "requires_grad"),  # PyTorch
        ("p", "self.backbone.parameters()", "requires_grad"),
    ],
)
def test_every_layer_set_trainable_is_full_fine_tuning(part, parts, flag):
    src = UNFROZEN.format(part=part, parts=parts, flag=flag, value="True")
    cs = choices_of(("model.py", src))
    assert [c.line for c in find(cs, concept="full_fine_tuning")] == [4]


@pytest.mark.parametrize(
    ("part", "parts", "flag", "value"),
    [
        ("layer", "model.layers[36:]", "trainable", "True"),  # only the top layers trained
        ("layer", "model.layers", "trainable", "False"),  # every layer frozen
        ("x", "batches", "trainable", "True"),  # not the network's parts
        ("layer", "model.layers", "built", "True"),  # not whether it trains
    ],
)
def test_part_of_a_network_trained_or_frozen_is_no_full_fine_tuning(part, parts, flag, value):
    src = UNFROZEN.format(part=part, parts=parts, flag=flag, value=value)
    cs = choices_of(("model.py", src))
    assert find(cs, concept="full_fine_tuning") == []


SPLIT = """
import numpy as np

def build(examples):
    np.random.shuffle(examples)
    {target} = int({product})
    return examples[:{target}], examples[{target}:]
"""


@pytest.mark.parametrize(
    ("target", "product"),
    [
        ("split_idx", "len(examples) * 0.9"),
        ("n_train", "0.8 * len(examples)"),
        ("val_start", "len(examples) * 0.85"),
    ],
)
def test_a_fraction_of_the_examples_cut_at_is_a_data_split(target, product):
    cs = choices_of(("data.py", SPLIT.format(target=target, product=product)))
    split = find(cs, concept="validation_split")
    assert [c.line for c in split] == [5]
    assert find(cs, concept="constant") == []


@pytest.mark.parametrize(
    ("target", "product"),
    [
        ("n_aug", "len(examples) * 0.5"),  # a share that cuts no split
        ("n_keep", "len(examples) * 0.75"),
        ("split_idx", "total * 0.9"),  # not a fraction of a collection's length
    ],
)
def test_other_fractions_are_no_data_split(target, product):
    cs = choices_of(("data.py", SPLIT.format(target=target, product=product)))
    assert find(cs, concept="validation_split") == []


SOFTMAXES = """
import torch
import torch.nn.functional as F

def forward(query, key, value, logits, teacher, T):
    out = {line}
    return out
"""


@pytest.mark.parametrize(
    "line",
    [
        # the log-probabilities a KL divergence or a negative log-likelihood is defined on
        "F.kl_div(F.log_softmax(logits / T, dim=1), F.log_softmax(teacher / T, dim=1))",
        "F.nll_loss(F.log_softmax(logits, dim=-1), teacher)",
        # the normalisation of attention weights
        "F.softmax(attention_scores, dim=-1)",
        "torch.softmax(attn + mask, dim=-1)",
        "F.softmax(query @ key.transpose(-2, -1) / 8, dim=-1)",
        "F.softmax(torch.matmul(q, key.transpose(-1, -2)), dim=-1)",
    ],
)
def test_a_softmax_its_formula_requires_is_not_a_choice(line):
    src = SOFTMAXES.replace(
        "def forward(query", "def forward(attention_scores, attn, mask, q, query"
    )
    cs = [c for c in choices_of(("attend.py", src.format(line=line))) if c.kind == "activation"]
    assert cs and all(c.obviousness == "conventional" for c in cs)
    assert all("part of" in c.detail for c in cs)


@pytest.mark.parametrize(
    "line",
    [
        "F.softmax(logits, dim=-1)",  # a classifier's output probabilities: the paper may say why
        "F.log_softmax(logits, dim=-1)",  # a model's output, the loss written elsewhere
        "F.cross_entropy(F.softmax(logits, dim=-1), teacher)",  # a softmax before a CE: irregular
        "F.softmax(gate_scores, dim=-1)",  # a mixture's gate
    ],
)
def test_a_softmax_of_outputs_or_a_gate_stays_a_choice(line):
    cs = [
        c for c in choices_of(("attend.py", SOFTMAXES.format(line=line))) if c.kind == "activation"
    ]
    assert cs and all(c.obviousness == "deliberate" for c in cs)
