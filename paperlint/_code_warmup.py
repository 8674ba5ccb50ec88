"""Imported once by the daemon's fork server (:func:`paperlint.sandbox.preload_code` with
``warm=True``), after :mod:`paperlint._worker_preload`.

A code worker's first file costs about three times its later ones: the reader's tables, rule
files and patterns are built on first use, in every worker anew. The daemon's fork server
reads a small project of our own here, through the same three steps a worker runs
(:mod:`paperlint.code.stage`), so that every worker forked from it starts with all of that
built: after an edit, its worker spends its time on the edited file only. A one-off audit does
not import this (its worker would pay the same cost, on the audit's critical path).
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Any

#: our own small project: a model, a training script with its settings, a config
SAMPLE = {
    "model.py": """import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, c_in, c_out, stride=1, p=0.1):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.drop = nn.Dropout(p)

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        return F.relu(x + self.drop(self.bn2(self.conv2(h))))


class Net(nn.Module):
    def __init__(self, width=64, classes=10):
        super().__init__()
        self.stem = nn.Conv2d(3, width, 7, stride=2, padding=3)
        self.blocks = nn.Sequential(*[Block(width, width) for _ in range(4)])
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(width, classes)

    def forward(self, x):
        return self.head(torch.flatten(self.pool(self.blocks(self.stem(x))), 1))
""",
    "train.py": """import argparse

import torch
import yaml
from torch.utils.data import DataLoader

from model import Net

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--batch_size", type=int, default=128)
parser.add_argument("--epochs", type=int, default=90)
parser.add_argument("--config", default="config.yaml")
args = parser.parse_args()
cfg = yaml.safe_load(open(args.config))
model = Net(width=cfg["width"])
opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=1e-4)
sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[30, 60], gamma=0.1)
criterion = torch.nn.CrossEntropyLoss(label_smoothing=0.1)
loader = DataLoader(cfg["dataset"], batch_size=args.batch_size, shuffle=True)
for epoch in range(args.epochs):
    for x, y in loader:
        loss = criterion(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    sched.step()
""",
    "config.yaml": "width: 64\ndataset: imagenet\noptimizer:\n  lr: 0.1\n  warmup_epochs: 5\n",
}


def read_sample() -> Any:
    """Read :data:`SAMPLE` as a code worker reads a project (gates, libcst, the project step):
    its :class:`~paperlint.model.CodeInventory`."""
    from paperlint.code import project
    from paperlint.code.files import discover
    from paperlint.code.stage import ImportSummary, star_inherited
    from paperlint.model import SourceFile

    with tempfile.TemporaryDirectory(prefix="paperlint-warm-") as tmp:
        for name, text in SAMPLE.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        files = discover([tmp], [], ())
        gated, facts = {}, {}
        for f in files:
            got = project.gate_file(f, 2_000_000)
            if got[0] == "facts":
                facts[f.display] = (got[1], got[2], got[3], got[4])
            else:
                gated[f.display] = (got[1], got[3], got[4], ImportSummary.from_list(list(got[2])))
        inherited = star_inherited([s for _b, _l, _d, s in gated.values()])
        for display, (blob, language, digest, summary) in gated.items():
            text, lines = project.analyze_file(blob, inherited.get(summary.module, {}))
            facts[display] = (text, language, digest, lines)
        order = [f.display for f in files if f.display in facts]
        return project.inventory_of(
            [facts[d][0] for d in order],
            [SourceFile(d, facts[d][1], facts[d][3], facts[d][2]) for d in order],
            [],
        )


with contextlib.suppress(Exception):  # a worker that meets the same failure reports it
    read_sample()
