"""Code → choices, from source strings (no files, no imports of the audited code)."""

from __future__ import annotations

import pytest
from helpers import at, choices_of, extract_files, find


@pytest.mark.parametrize(
    "imports, call",
    [
        ("import torch.nn as nn", "nn.BatchNorm2d(64)"),
        ("import torch", "torch.nn.BatchNorm2d(64)"),
        ("from torch import nn", "nn.BatchNorm2d(64)"),
        ("from torch.nn import BatchNorm2d as BN", "BN(64)"),
        ("from torch import nn as mynn", "mynn.BatchNorm2d(64)"),
        ("import torch.nn as nn\nNorm = nn.BatchNorm2d", "Norm(64)"),
    ],
)
def test_names_resolve_through_the_module_imports(imports, call):
    src = f"{imports}\nlayer = {call}\n"
    cs = choices_of(("m.py", src))
    bn = find(cs, concept="batch_norm")
    assert len(bn) == 1
    assert bn[0].line == src.count("\n")  # the call's own line
    assert bn[0].kind == "normalization"


def test_unimported_names_are_not_guessed():
    cs = choices_of(("m.py", "layer = BatchNorm2d(64)\n"))
    assert find(cs, concept="batch_norm") == []


def test_arguments_bind_positionally_and_by_keyword_against_the_real_signature():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn
        a = nn.Conv2d(3, 64, 5)
        b = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3)
    """,
        )
    )
    assert [c.number for c in at(cs, 2) if c.kind == "kernel_size"] == [5.0]
    assert [c.number for c in at(cs, 2) if c.kind == "channels"] == [64.0]
    line3 = {c.concept: c.number for c in at(cs, 3)}
    assert line3["kernel_size"] == 7.0
    assert line3["conv.stride"] == 2.0
    assert line3["conv.padding"] == 3.0


def test_a_default_written_out_is_not_a_choice():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn
        layer = nn.Conv2d(3, 64, 3, stride=1, padding=0, bias=True)
    """,
        )
    )
    concepts = {c.concept for c in cs}
    assert (
        "conv.stride" not in concepts
        and "conv.padding" not in concepts
        and "conv.bias" not in concepts
    )


def test_optimizer_learning_rate_is_reported_even_when_left_at_the_default():
    cs = choices_of(
        (
            "m.py",
            """
        import torch
        opt = torch.optim.Adadelta(params, rho=0.9)
    """,
        )
    )
    lr = find(cs, kind="learning_rate")
    assert len(lr) == 1 and lr[0].number == 1.0 and lr[0].obviousness == "default"
    assert find(cs, kind="optimizer")[0].obviousness == "deliberate"


def test_values_resolve_through_constants_and_arithmetic():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn
        BASE = 32
        RATE = 10 ** -4
        layer = nn.Linear(10, 2 * BASE)
        import torch
        opt = torch.optim.Adam(p, lr=RATE)
    """,
        )
    )
    assert find(cs, kind="channels")[0].number == 64.0
    assert find(cs, kind="learning_rate")[0].number == pytest.approx(1e-4)


def test_argparse_defaults_are_settings_and_feed_args_attributes():
    cs = choices_of(
        (
            "train.py",
            """
        import argparse, torch
        p = argparse.ArgumentParser()
        p.add_argument("--batch-size", type=int, default=32)
        p.add_argument("--lr", type=float, default=3e-4)
        p.add_argument("--data-dir", default="./data")
        args = p.parse_args()
        opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    """,
        )
    )
    assert find(cs, kind="batch_size", line=3)[0].number == 32.0
    assert find(cs, kind="learning_rate", line=4)[0].number == pytest.approx(3e-4)
    use = find(cs, kind="learning_rate", line=7)[0]
    assert use.number == pytest.approx(3e-4) and use.via == "train.py:4"
    assert not [c for c in cs if c.line == 5], "paths are plumbing, not choices"


def test_config_dicts_are_settings_at_their_key_lines():
    cs = choices_of(
        (
            "cfg.py",
            """
        args = dict_like({
            'lr': 0.001,
            'dropout': 0.3,
            'numMCTSSims': 25,
            'checkpoint': './temp/',
        })
    """,
        )
    )
    assert find(cs, kind="learning_rate")[0].line == 2
    assert find(cs, kind="dropout")[0].line == 3
    other = find(cs, line=4)
    assert other and other[0].kind == "other" and other[0].number == 25.0
    assert not find(cs, line=5)


def test_building_blocks_report_values_where_they_are_written():
    cs = choices_of(
        (
            "unet.py",
            """
        import torch.nn as nn

        class DoubleConv(nn.Module):
            def __init__(self, c_in, c_out):
                super().__init__()
                self.body = nn.Sequential(
                    nn.Conv2d(c_in, c_out, kernel_size=3, padding=1),
                    nn.BatchNorm2d(c_out),
                    nn.ReLU(),
                )

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.inc = DoubleConv(3, 64)
                self.down = DoubleConv(64, 1024)
    """,
        )
    )
    widths = {c.line: c.number for c in cs if c.kind == "channels"}
    assert widths == {15: 64.0, 16: 1024.0}
    assert find(cs, kind="kernel_size")[0].line == 7
    assert find(cs, concept="batch_norm")[0].line == 8


def test_groups_equal_to_the_input_channels_is_one_depthwise_choice_where_written():
    cs = choices_of(
        (
            "mobile.py",
            """
        import torch.nn as nn

        class Block(nn.Module):
            def __init__(self, inp, oup):
                super().__init__()
                self.dw = nn.Conv2d(inp, inp, 3, 1, 1, groups=inp)
                self.grouped = nn.Conv2d(inp, oup, 3, groups=g)

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = Block(32, 64)
                self.b = Block(64, 128)
    """,
        )
    )
    groups = [c for c in cs if c.param == "groups"]
    depthwise = [c for c in groups if "depthwise" in c.value]
    # one choice at the layer, not one per call site (32, 64)
    assert [c.line for c in depthwise] == [6]
    # a group count that is not the input's own channel count stays an ordinary argument
    assert all(c.line == 7 for c in groups if c not in depthwise)


def test_a_literal_handed_to_a_block_that_picks_a_component_is_a_choice():
    cs = choices_of(
        (
            "enc.py",
            """
        import torch.nn as nn

        class Encoder:
            def __init__(self, size, cell_type="gru"):
                if cell_type == "gru":
                    self.rnn = nn.GRU(size, size)
                else:
                    self.rnn = nn.LSTM(size, size)

        enc = Encoder(128, "lstm")
    """,
        )
    )
    site = find(cs, line=10, param="cell_type")
    assert site and site[0].value == "'lstm'"


def test_training_loop_epochs_and_layers_built_in_a_loop():
    cs = choices_of(
        (
            "t.py",
            """
        import torch.nn as nn
        layers = []
        for i in range(6):
            layers.append(nn.Linear(64, 64))
        for epoch in range(100):
            train_one_epoch()
    """,
        )
    )
    assert find(cs, kind="depth", line=3)[0].number == 6.0
    assert find(cs, kind="epochs", line=5)[0].number == 100.0


def test_keras_compile_strings_and_layer_activations():
    cs = choices_of(
        (
            "k.py",
            """
        from tensorflow.keras.layers import Conv2D, Dense
        x = Conv2D(32, 3, padding='same', activation='relu')(inp)
        model.compile(optimizer='adam', loss='categorical_crossentropy')
    """,
        )
    )
    assert find(cs, kind="activation", line=2)[0].concept == "relu"
    assert find(cs, kind="loss", line=3)[0].concept == "cross_entropy"
    assert find(cs, kind="optimizer", line=3)[0].concept == "adam"


def test_missing_components_are_choices_of_their_own():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        class Block(nn.Module):
            def __init__(self, c):
                super().__init__()
                self.a = nn.Conv2d(c, c, 3, padding=1)
                self.b = nn.Conv2d(c, c, 3, padding=1)

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.b1 = Block(64)
                self.b2 = Block(64)
                self.fc = nn.Linear(64, 10)
    """,
        )
    )
    kinds = {c.kind for c in cs if c.obviousness == "absent"}
    assert {"normalization", "dropout"} <= kinds


def test_residual_additions_in_forward():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        class Net(nn.Module):
            def forward(self, x):
                out = self.conv(x)
                return x + self.block(x)
    """,
        )
    )
    assert find(cs, kind="residual", line=6)


def test_inline_suppressions_are_read_with_their_reason():
    from paperlint.code.python import analyze

    facts = analyze("x = 1  # paperlint: ignore[CH101] -- ablated in Table 9\n", "m.py", "m")
    assert facts.suppressions == [(1, ("CH101",), "ablated in Table 9")]


def test_sizes_the_data_decides_are_not_choices():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self, num_classes=10, hidden=256):
                super().__init__()
                self.fc = nn.Linear(hidden, 512)
                self.head = nn.Linear(512, num_classes)
    """,
        )
    )
    widths = {
        c.line: c.number for c in cs if c.kind == "channels" and c.symbol == "torch.nn.Linear"
    }
    assert widths == {6: 512.0}


def test_class_counts_of_a_head_per_stage_are_not_choices_and_a_width_per_stage_is():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        class Cascade(nn.Module):
            def __init__(self, num_classes_stage1=2, num_classes_stage2=7, hidden_stage2=96):
                super().__init__()
                self.head1 = nn.Linear(64, num_classes_stage1)
                self.head2 = nn.Linear(64, num_classes_stage2)
                self.mid2 = nn.Linear(64, hidden_stage2)
    """,
        )
    )
    widths = {
        c.line: c.number for c in cs if c.kind == "channels" and c.symbol == "torch.nn.Linear"
    }
    assert widths == {8: 96.0}


def test_values_bound_at_call_sites_are_rated_when_known():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        def conv_bn(c_in, c_out, stride):
            return nn.Sequential(nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False), nn.BatchNorm2d(c_out))

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = conv_bn(3, 32, 2)
                self.b = conv_bn(32, 64, 1)
                self.c = conv_bn(64, 64, 3)
    """,
        )
    )
    strides = {c.line: (c.number, c.obviousness) for c in cs if c.param == "stride"}
    # stride 1 is torch's default: no choice at all; 2 is conventional; 3 is a deliberate pick
    assert strides == {9: (2.0, "conventional"), 11: (3.0, "deliberate")}


def test_audited_code_with_an_invalid_escape_prints_no_warning_of_its_own(tmp_path):
    # research code writes regular expressions without the r prefix; parsing it makes CPython
    # warn about the escape, which is the audited code's business, not a line paperlint prints
    import ast
    import warnings

    from paperlint.code import syntax

    source = 'import re\nPATTERN = re.compile("\\d+")\nlr = 0.003\n'
    assert "\\d" in source
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # the twin: CPython's parser on its own warns (an error under this filter)
        with pytest.raises((SyntaxError, DeprecationWarning, SyntaxWarning)):
            ast.parse(source)
        tree = syntax.parse(source)
        assert len(tree.body) == 3
        inv = extract_files(tmp_path, {"train.py": source})
    assert any(c.value == "0.003" for c in inv.choices)
