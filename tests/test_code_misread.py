"""Structure read right: what is shared, what is present, what is trained, what runs — each
misreading beside a twin where the structure is really there."""

from __future__ import annotations

import json

from helpers import choices_of, extract_files, find


def _shared(cs):
    return [(c.line, c.value) for c in find(cs, concept="weight_sharing")]


def test_a_layer_applied_twice_in_a_row_shares_its_weights():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 8)

            def forward(self, x):
                x = self.fc(x)
                return self.fc(x)
        """,
        )
    )
    assert _shared(cs) == [(9, "self.fc × 2 (shared weights)")]


def test_a_stateless_module_called_twice_shares_nothing():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        class DropPath(nn.Module):
            def __init__(self, p=0.1):
                super().__init__()
                self.p = p

            def forward(self, x):
                return x

        class Block(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 8)
                self.drop_path = DropPath(0.1)
                self.act = nn.GELU()

            def forward(self, x):
                x = x + self.drop_path(self.act(self.fc(x)))
                return x + self.drop_path(self.act(x))
        """,
        )
    )
    assert _shared(cs) == []
    assert find(cs, line=15, concept="drop_path")  # stochastic depth, by the class's name
    assert not find(cs, concept="no_dropout")


def test_one_layer_called_in_the_two_branches_of_an_if_shares_nothing():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn
        import torch.nn.functional as F

        class LinearSwish(nn.Module):
            def __init__(self, dim, reverse=False):
                super().__init__()
                self.linear = nn.Linear(dim, dim)
                self.reverse = reverse

            def forward(self, x):
                if self.reverse:
                    return F.silu(self.linear(x))
                else:
                    return self.linear(F.silu(x))
        """,
        )
    )
    assert _shared(cs) == []


def test_a_call_switched_off_by_its_setting_does_not_run(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "config.py": "NO_CONTINUE = True\n",
            "model.py": """
            import torch.nn as nn
            from config import NO_CONTINUE

            class Outer(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.inner = nn.Linear(8, 8)

                def forward(self, x):
                    y = self.inner(x)
                    if not NO_CONTINUE:
                        y = self.inner(y)
                    return y
            """,
        },
    )
    assert _shared(list(inv.choices)) == []


def _notebook(*cells):
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "source": s.splitlines(keepends=True), "metadata": {}}
                for s in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_a_class_redefined_in_a_later_cell_replaces_the_first(tmp_path):
    first = (
        "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.fc = nn.Linear(10, 64)\n"
        "        self.drop = nn.Dropout(0.5)\n"
        "    def forward(self, x):\n"
        "        return self.drop(self.fc(x))"
    )
    second = first.replace("64", "128").replace("0.5", "0.2")
    nb = _notebook("import torch.nn as nn", first, second, "model = Net()")
    cs = list(extract_files(tmp_path, {"nb.ipynb": nb}).choices)
    assert [c.number for c in find(cs, kind="dropout", source="call")] == [0.2]
    assert _shared(cs) == []  # `self.fc` of each definition is applied once
    # the twin: the first definition used before the second one replaces it
    nb = _notebook("import torch.nn as nn", first, "old = Net()", second, "model = Net()")
    cs = list(extract_files(tmp_path / "twin", {"nb.ipynb": nb}).choices)
    assert sorted(c.number for c in find(cs, kind="dropout", source="call")) == [0.2, 0.5]


def _no_schedule(src: str) -> bool:
    return bool(find(choices_of(("train.py", src)), concept="no_schedule"))


def test_a_constant_learning_rate_is_a_schedule_absent():
    assert _no_schedule(
        """
        import torch

        def train(model, loader, epochs=10):
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            for epoch in range(epochs):
                for x in loader:
                    opt.step()
        """
    )


def test_a_schedule_stepped_or_written_by_hand_or_by_a_project_function_is_present():
    stepped = """
        import torch

        def train(model, loader, scheduler, epochs=10):
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            for epoch in range(epochs):
                for x in loader:
                    opt.step()
                scheduler.step()
        """
    by_hand = """
        import torch

        def train(model, loader, epochs=10):
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            for epoch in range(epochs):
                for group in opt.param_groups:
                    group["lr"] = 0.1 * 0.5 ** (epoch // 10)
        """
    by_function = """
        import torch
        from utils import cosine_lr

        def train(model, loader, epochs=10):
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            for epoch in range(epochs):
                set_lr(opt, epoch)

        def set_lr(opt, epoch):
            pass
        """
    assert not _no_schedule(stepped)
    assert not _no_schedule(by_hand)
    assert not _no_schedule(by_function)
    cs = choices_of(("train.py", by_hand))
    assert find(cs, line=7, concept="custom_schedule")


def test_a_softmax_read_for_a_metric_is_no_activation_and_the_models_is():
    cs = choices_of(
        (
            "m.py",
            """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(10, 3)

            def forward(self, x):
                return F.log_softmax(self.fc(x), dim=1)

            def predict(self, x):
                return F.softmax(self.fc(x), dim=1)

        def train(model, loader):
            for x, y in loader:
                pred = torch.argmax(torch.softmax(model(x), dim=1), dim=1)
            with torch.no_grad():
                probs = torch.softmax(model(x), dim=1)
            return torch.sigmoid(model(x))
        """,
        )
    )
    acts = [(c.line, c.concept) for c in find(cs, kind="activation")]
    assert acts == [(11, "log_softmax"), (21, "sigmoid")]


def test_definitions_in_the_branches_of_an_if_are_alternatives_not_replacements():
    cs = choices_of(
        (
            "m.py",
            """
        import torch.nn as nn

        if USE_WIDE:
            def make():
                return nn.Linear(10, 256)
        else:
            def make():
                return nn.Linear(10, 64)
        """,
        )
    )
    assert sorted(c.number for c in find(cs, concept="width")) == [64.0, 256.0]


def test_a_model_applied_to_two_inputs_shares_no_depth():
    cs = choices_of(
        (
            "gan.py",
            """
        import torch.nn as nn

        class Critic(nn.Module):
            def __init__(self):
                super().__init__()
                self.net = nn.Linear(8, 1)

            def forward(self, real, fake):
                logits_real = self.net(real)
                logits_fake = self.net(fake)
                return logits_real - logits_fake
        """,
        )
    )
    assert _shared(cs) == []


def test_no_absence_is_claimed_for_a_model_built_from_parts_we_cannot_read():
    opaque = """
        import torch.nn as nn
        from ldm.modules.model import Encoder

        class AutoEncoder(nn.Module):
            def __init__(self, cfg):
                super().__init__()
                self.encoder = Encoder(**cfg)
                self.proj = nn.Conv2d(8, 8, 1)
                self.out = nn.Conv2d(8, 3, 1)
        """
    cs = choices_of(("ae.py", opaque))
    assert not find(cs, source="absence")
    visible = opaque.replace("self.encoder = Encoder(**cfg)", "self.encoder = nn.Conv2d(3, 8, 3)")
    cs = choices_of(("ae.py", visible))
    assert find(cs, concept="no_dropout") and find(cs, concept="no_normalization")


def test_a_layer_factory_is_no_model_and_a_model_function_is():
    factory = """
        import torch.nn as nn

        def conv_nd(dims, *args, **kwargs):
            if dims == 1:
                return nn.Conv1d(*args, **kwargs)
            elif dims == 2:
                return nn.Conv2d(*args, **kwargs)
            return nn.Conv3d(*args, **kwargs)
        """
    assert not find(choices_of(("util.py", factory)), source="absence")
    model = """
        import torch.nn as nn

        def make_model():
            return nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(16, 16, 3))
        """
    assert find(choices_of(("util.py", model)), concept="no_normalization")


def test_a_class_a_config_names_is_the_model_that_runs(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "pkg/nets.py": """
            import torch.nn as nn

            class Unused(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.a = nn.Linear(4, 4)
                    self.b = nn.Linear(4, 4)

            class Configured(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.a = nn.Linear(4, 4)
                    self.b = nn.Linear(4, 4)
            """,
            "configs/run.yaml": "model:\n  target: pkg.nets.Configured\n",
        },
    )
    absent = {c.detail for c in inv.choices if c.source == "absence"}
    assert any("Configured" in d for d in absent)
    assert not any("Unused" in d for d in absent)
