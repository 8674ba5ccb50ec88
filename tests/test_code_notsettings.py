"""Numbers that what the code does with them fixes are not read as choices
(:mod:`paperlint.code.notsettings`); each rule beside a twin that stays a choice."""

from __future__ import annotations

import libcst as cst
import pytest
from helpers import at, choices_of, find

from paperlint.code import notsettings

# ── character codes ──

CHARACTER_CLASS = """
def is_symbol(char, score):
    {held} = {value}
    if ({held} >= 33 and {held} <= 47) or ({held} >= 91 and {held} <= 96):
        return True
    return False
"""


@pytest.mark.parametrize("value", ["ord(char)", "ord(char[0]) - 32", "ord(char.lower())"])
def test_bounds_compared_with_a_character_code_are_no_threshold(value):
    cs = choices_of(("text.py", CHARACTER_CLASS.format(held="code", value=value)))
    assert find(cs, concept="threshold") == []


@pytest.mark.parametrize("value", ["score", "score * 100", "len(char)", "order(char)"])
def test_bounds_compared_with_another_value_stay_thresholds(value):
    cs = choices_of(("text.py", CHARACTER_CLASS.format(held="code", value=value)))
    assert sorted(c.value for c in find(cs, concept="threshold")) == ["33", "47", "91", "96"]


CODE_RANGE = """
def in_block(cp):
    if (cp >= {low} and cp <= {high}) or (cp >= 0xF900 and cp <= 0xFAFF):
        return True
    return False
"""


def test_bounds_written_in_hexadecimal_are_codes():
    cs = choices_of(("text.py", CODE_RANGE.format(low="0x4E00", high="0x9FFF")))
    assert find(cs, concept="threshold") == []


def test_bounds_written_in_decimal_stay_thresholds():
    cs = choices_of(("text.py", CODE_RANGE.format(low="19968", high="40959")))
    assert sorted(c.value for c in find(cs, concept="threshold")) == ["19968", "40959"]


@pytest.mark.parametrize(
    ("text", "coded"), [("0x4E00", True), ("0o755", True), ("0B1010", True), ("255", False)]
)
def test_is_coded_number(text, coded):
    assert notsettings.is_coded_number(cst.parse_expression(text)) is coded


# ── axes ──

SOFTMAX_HELPER = """
import tensorflow as tf
import torch
import torch.nn as nn


def masked_softmax(logits, mask, dim):
    masked = tf.add(logits, (1 - tf.cast(mask, "float")) * -1e30)
    return tf.nn.softmax(masked, {passed})


def pool(x, dim):
    return {pool}


class Head(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.proj = nn.Linear(width, width)

    def forward(self, x, mask):
        _, attn = masked_softmax(x, mask, 2)
        return pool(attn, 1)
"""


@pytest.mark.parametrize("passed", ["dim", "axis=dim"])
@pytest.mark.parametrize("pool", ["torch.sum(x, dim=dim)", "x.mean(dim=dim)", "x.max(axis=dim)"])
def test_a_parameter_passed_on_as_an_axis_is_no_width(passed, pool):
    cs = choices_of(("attn.py", SOFTMAX_HELPER.format(passed=passed, pool=pool)))
    assert at(cs, 21) == [] and at(cs, 22) == []
    assert find(cs, param="dim") == []


WIDTH_HELPER = """
import torch.nn as nn
from zoo import Block


def projection(x, dim):
    w = {use}
    return w


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block(dim=384)

    def forward(self, x):
        return projection(x, 64)
"""


@pytest.mark.parametrize(
    "use", ["x.new_zeros(dim, dim)", "x.reshape(-1, dim)", "x.view(dim, -1).sum(dim=0)"]
)
def test_a_dim_parameter_used_otherwise_stays_a_width(use):
    cs = choices_of(("head.py", WIDTH_HELPER.format(use=use)))
    widths = find(cs, kind="channels")
    assert [(c.line, c.value) for c in widths if c.param == "dim"] == [(13, "384"), (16, "64")]


SCATTER = """
import torch.nn as nn
from torch_scatter import scatter_sum
from zoo import Block


class Model(nn.Module):
    def forward(self, src, index):
        out = scatter_sum(src, index, dim={dim})
        return Block(dim=256)(out)
"""


@pytest.mark.parametrize("dim", ["0", "1", "-1"])
def test_a_library_function_s_dim_is_an_axis_and_a_class_s_dim_a_width(dim):
    cs = choices_of(("model.py", SCATTER.format(dim=dim)))
    assert at(cs, 8) == []
    assert [c.value for c in at(cs, 9) if c.param == "dim"] == ["256"]


@pytest.mark.parametrize(
    ("keyword", "callee", "value", "axis"),
    [
        ("axis", "keras.layers.Concatenate", 3, True),
        ("dim", "scatter_mean", 1, True),
        ("dim", "Block", 0, True),
        ("dim", "Block", -1, True),
        ("dim", "timm.layers.Block", 768, False),
        ("embed_dim", "scatter_mean", 1, False),
    ],
)
def test_is_axis_keyword(keyword, callee, value, axis):
    assert notsettings.is_axis_keyword(keyword, callee, value) is axis


# ── rows stacked ──

CONCAT = """
import tensorflow as tf
import torch
import torch.nn as nn


class Net(nn.Module):
    def forward(self, x, skip, axis):
        y = {call}
        return y
"""


@pytest.mark.parametrize(
    "call",
    [
        "torch.cat([x] * 2)",
        "torch.cat([x, skip], dim=0)",
        "torch.concat((x, skip), 0)",
        "tf.concat([x, skip], 0)",
    ],
)
def test_a_concatenation_along_the_first_axis_joins_no_features(call):
    cs = choices_of(("net.py", CONCAT.format(call=call)))
    assert find(cs, concept="concatenation") == []


@pytest.mark.parametrize(
    "call",
    [
        "torch.cat([x, skip], dim=1)",
        "torch.cat([x, skip], -1)",
        "torch.cat([x, skip], dim=axis)",
        "tf.concat([x, skip], 2)",
    ],
)
def test_a_concatenation_along_a_later_axis_stays_a_choice(call):
    cs = choices_of(("net.py", CONCAT.format(call=call)))
    assert [c.line for c in find(cs, concept="concatenation")] == [8]


# ── byte buffers ──

COLLECTOR = """
import numpy as np
import torch


def gather_paths(rank, tmpdir=None):
    MAX_LEN = 512
    {buffer}
    {more}
    return buf
"""


@pytest.mark.parametrize(
    "buffer",
    [
        "buf = torch.full((MAX_LEN,), 32, dtype=torch.uint8, device='cuda')",
        "buf = torch.zeros(MAX_LEN, dtype=torch.uint8)",
        "buf = np.zeros(MAX_LEN, np.uint8)",
        "buf = torch.ByteTensor(MAX_LEN)",
        "buf = bytearray(MAX_LEN)",
    ],
)
def test_a_length_used_only_for_a_byte_buffer_is_no_setting(buffer):
    cs = choices_of(("collect.py", COLLECTOR.format(buffer=buffer, more="")))
    assert find(cs, param="MAX_LEN") == []


@pytest.mark.parametrize(
    ("buffer", "more"),
    [
        # a float buffer: an embedding table, not bytes
        ("buf = torch.zeros(MAX_LEN, dtype=torch.float32)", ""),
        # an image canvas: bytes, but two dimensions
        ("buf = np.zeros((MAX_LEN, MAX_LEN, 3), dtype=np.uint8)", ""),
        # the same number also bounds the tokens read
        ("buf = torch.zeros(MAX_LEN, dtype=torch.uint8)", "tokens = rank[:MAX_LEN]"),
    ],
)
def test_a_length_used_otherwise_stays_a_setting(buffer, more):
    cs = choices_of(("collect.py", COLLECTOR.format(buffer=buffer, more=more)))
    assert [c.value for c in find(cs, param="MAX_LEN")] == ["512"]


def test_byte_buffer_length_reads_the_one_dimension():
    call = cst.parse_expression("torch.full((n + 1,), 32, dtype=torch.uint8)")
    assert isinstance(call, cst.Call)
    length = notsettings.byte_buffer_length(call, "torch.full")
    assert length is not None and notsettings.buffer_names(length) == {"n"}
    image = cst.parse_expression("np.zeros((h, w), np.uint8)")
    assert isinstance(image, cst.Call)
    assert notsettings.byte_buffer_length(image, "np.zeros") is None


# ── labels ──

LABELS = """
class PaddingStrategy:
    LONGEST = "longest"
    MAX_LENGTH = {value}
"""


def test_a_name_given_its_own_name_is_a_label():
    cs = choices_of(("strategies.py", LABELS.format(value='"max_length"')))
    assert find(cs, param="MAX_LENGTH") == []


@pytest.mark.parametrize("value", ["128", '"longest"'])
def test_a_name_given_another_value_stays_a_setting(value):
    cs = choices_of(("strategies.py", LABELS.format(value=value)))
    assert [c.line for c in find(cs, param="MAX_LENGTH")] == [3]


@pytest.mark.parametrize(
    ("name", "value", "label"),
    [
        ("MAX_LENGTH", "max_length", True),
        ("cfg.TRAIN", "train", True),
        ("maxLength", "max-length", True),
        ("MAX_LENGTH", "longest", False),
        ("MAX_LENGTH", 512, False),
    ],
)
def test_is_own_name_label(name, value, label):
    assert notsettings.is_own_name_label(name, value) is label


def test_every_rule_is_stated_in_the_docstring():
    doc = notsettings.__doc__ or ""
    assert all(f"    {name}" in doc for name in notsettings.RULES)
