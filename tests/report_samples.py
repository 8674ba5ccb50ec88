"""Inputs for the reporter tests: a hand-built result and a small hostile project.

Both carry untrusted text that a careless report would execute or mangle: ``<script>`` in the
paper and in a code comment, an ``onerror`` image, workflow-command separators (``%``, ``:``,
``,``, newlines) and markdown table pipes.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from paperlint.model import (
    Assessment,
    AuditResult,
    Choice,
    Coverage,
    Evidence,
    Finding,
    PaperInfo,
    Problem,
    SourceFile,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src=x onerror="window.__pwned = 2">'
NASTY = f"{SCRIPT}{IMG} 50% | a:b, c\r\n::error::forged"


def _choice(id: str, kind: str, concept: str, value: str, file: str, line: int, **kw) -> Choice:
    return Choice(id=id, kind=kind, concept=concept, value=value, file=file, line=line, **kw)


def hand_result() -> AuditResult:
    """Every shape a reporter must handle: a mismatch, an unjustified irregular choice, an
    empirical-only one, a justified and an ablated layer, an absence, a training setting, a
    suppressed finding, a paper-level finding under a rule the reporter does not know, and an
    input that could not be audited. Paper and code text are hostile."""
    choices = (
        _choice(
            "c_abs",
            "normalization",
            "no_normalization",
            "absent",
            "model.py",
            4,
            source="absence",
            scope="Net",
            obviousness="absent",
        ),
        _choice(
            "c_conv",
            "kernel_size",
            "kernel_size",
            "3",
            "model.py",
            7,
            source="argument",
            scope="Net.__init__",
            symbol="torch.nn.Conv2d",
            param="kernel_size",
            obviousness="conventional",
            snippet="self.conv = nn.Conv2d(3, 64, kernel_size=3)",
        ),
        _choice(
            "c_width",
            "channels",
            "width",
            "64",
            "model.py",
            7,
            source="argument",
            scope="Net.__init__",
            symbol="torch.nn.Conv2d",
            param="out_channels",
            snippet="self.conv = nn.Conv2d(3, 64, kernel_size=3)",
        ),
        _choice(
            "c_bn",
            "normalization",
            "batch_norm",
            "BatchNorm2d",
            "model.py",
            8,
            source="call",
            scope="Net.__init__",
            symbol="torch.nn.BatchNorm2d",
            obviousness="irregular",
            snippet="self.bn = nn.BatchNorm2d(64)",
            detail="BatchNorm in blocks 2, 3 of 4",
        ),
        _choice(
            "c_drop",
            "dropout",
            "dropout",
            "Dropout(0.37)",
            "model.py",
            9,
            source="call",
            scope="Net.__init__",
            symbol="torch.nn.Dropout",
            snippet=f"self.drop = nn.Dropout(0.37)  # {SCRIPT}",
        ),
        _choice(
            "c_pool",
            "pooling",
            "max_pooling",
            "MaxPool2d",
            "model.py",
            10,
            source="call",
            scope="Net.__init__",
            symbol="torch.nn.MaxPool2d",
            snippet="self.pool = nn.MaxPool2d(2)",
        ),
        _choice(
            "c_lr",
            "learning_rate",
            "learning_rate",
            "0.0003",
            "dir,x/train:1.py",
            5,
            source="argparse",
            scope="main",
            symbol="lr",
            param="lr",
            snippet='parser.add_argument("--lr", default=3e-4)',
        ),
    )
    quote = f"We use a dropout of 0.3 {NASTY} before the classifier."
    value_ev = Evidence("value", 2, f"Method {SCRIPT}", quote, cue="0.3")
    assessments = (
        Assessment("c_abs", mentioned=True, justification="reasoning"),
        Assessment("c_conv"),
        Assessment("c_width", mentioned=True, justification="citation"),
        Assessment("c_bn", searched=("Method", f"Training {SCRIPT}")),
        Assessment(
            "c_drop", mentioned=True, paper_value="0.3", mismatch=True, evidence=(value_ev,)
        ),
        Assessment(
            "c_pool",
            mentioned=True,
            ablated=True,
            evidence=(Evidence("ablation", 3, "Experiments", "Table 1 compares pooling."),),
        ),
        Assessment(
            "c_lr",
            mentioned=True,
            justification="empirical_claim",
            evidence=(Evidence("justification", 2, "Training", "We found 3e-4 works best."),),
        ),
    )
    findings = (
        Finding(
            "MM201",
            "high",
            "medium",
            "paper says 0.3 for dropout, code uses Dropout(0.37)",
            choice="c_drop",
            file="model.py",
            line=9,
            evidence=(value_ev,),
            fix="Make the code and the paper agree.",
            fingerprint="fp-mismatch",
        ),
        Finding(
            "CH101",
            "high",
            "medium",
            f"normalization `BatchNorm2d` has no justification {SCRIPT}",
            choice="c_bn",
            file="model.py",
            line=8,
            searched=("Method", f"Training {SCRIPT}"),
            fix="State why.",
            fingerprint="fp-bn",
        ),
        Finding(
            "CH102",
            "low",
            "medium",
            "learning_rate `0.0003` is justified only by an unshown empirical claim",
            choice="c_lr",
            file="dir,x/train:1.py",
            line=5,
            evidence=(Evidence("justification", 2, "Training", "We found 3e-4 works best."),),
            fingerprint="fp-lr",
        ),
        Finding(
            "CH101",
            "medium",
            "medium",
            "channels `64` (width) is unjustified",
            choice="c_width",
            file="model.py",
            line=7,
            fingerprint="fp-width",
            suppressed="chosen to fit the GPU",
        ),
        Finding(
            "PX900",
            "medium",
            "low",
            f"the paper has no ablation section {IMG}",
            searched=("Experiments",),
            fingerprint="fp-paper",
        ),
    )
    return AuditResult(
        tool_version="0.0.test",
        paper=PaperInfo("paper.pdf", 3, "ab" * 32, title=f"Net {SCRIPT}"),
        choices=choices,
        assessments=assessments,
        findings=findings,
        files=(
            SourceFile("model.py", "python", 20, "0" * 64, choices=6),
            SourceFile("dir,x/train:1.py", "python", 10, "1" * 64, choices=1),
        ),
        problems=(Problem("E105", "broken.py", f"syntax error {SCRIPT}", "fix the syntax"),),
        coverage=Coverage(
            pages=3, pages_with_text=3, characters=900, sections=4, sentences=30,
            references_found=True, pipeline="spacy.blank('en') + test", source="pdf",
        ),
        summary={
            "choices": 7, "non_obvious": 5, "mentioned": 5, "justified": 3,
            "justified_by": {"reasoning": 1, "citation": 1, "empirical_claim": 1},
            "ablated": 1, "unjustified": 1, "mismatched": 1, "findings": 4, "suppressed": 1,
            "by_severity": {"high": 2, "medium": 1, "low": 1}, "by_kind": {},
        },
    )  # fmt: skip


MODEL = f"""
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 64, kernel_size=5)
        self.bn = nn.BatchNorm2d(64)
        self.drop = nn.Dropout(0.37)  # {SCRIPT}

    def forward(self, x):
        return self.drop(self.bn(self.conv(x)))
"""


def hostile_project(root: Path) -> Path:
    """A model and a real PDF whose title, headings and text carry ``<script>`` and friends.

    Returns the folder holding ``code/`` and ``paper.pdf``; audit it from ``code/``.
    """
    sys.path.insert(0, str(FIXTURES))
    try:
        from make_pdfs import Typesetter
    finally:
        sys.path.remove(str(FIXTURES))
    code = root / "code"
    code.mkdir(parents=True, exist_ok=True)
    (code / "model.py").write_text(textwrap.dedent(MODEL).lstrip("\n"), encoding="utf-8")
    t = Typesetter(columns=1, title="Net")
    t.title(f"Net {SCRIPT}", "A. Author")
    t.heading(f"1 Method {SCRIPT}")
    t.para(f"We use a dropout of 0.3 {SCRIPT} {IMG} before the classifier.")
    t.para("We use batch normalization following [1].")
    t.heading("2 Experiments")
    t.para("We report accuracy on CIFAR-10.")
    t.heading("References")
    t.para("[1] S. Ioffe and C. Szegedy. Batch normalization. ICML 2015.", size=9)
    t.save(root / "paper.pdf")
    return root
