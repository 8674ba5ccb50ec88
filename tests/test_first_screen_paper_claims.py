"""A rule about the paper as a whole that fires on several sentences asks one question: one
finding on the first screen (and one question in the reviewer's markdown) listing the pages."""

from __future__ import annotations

import textwrap

from paperlint.api import Config, assemble
from paperlint.code.project import build_inventory
from paperlint.code.python import analyze
from paperlint.firstscreen import group_paper_claims
from paperlint.model import Evidence, Finding
from paperlint.paper.document import document_from_text
from paperlint.report import markdown

CODE = """
import torch
opt = torch.optim.SGD(params, lr=0.1)
"""

THREE_CLAIMS = """
# Net

# Results

Our model reaches 92.0%, which is significantly better than the baseline at 91.5%.

# Analysis

Hard distillation significantly outperforms soft distillation in every setting we tried.

The two tokens together give a significant improvement over one token.
"""

ONE_CLAIM = """
# Net

# Results

Our model reaches 92.0%, which is significantly better than the baseline at 91.5%.
"""


def _audit(paper: str, config: Config | None = None):
    facts = [analyze(textwrap.dedent(CODE).lstrip("\n"), "train.py", "train")]
    doc = document_from_text(textwrap.dedent(paper).lstrip("\n"))
    return assemble(build_inventory(facts, [], []), doc, [], config or Config())


def test_three_significance_claims_are_one_finding_quoting_all_three():
    result = _audit(THREE_CLAIMS)
    st306 = [f for f in result.findings if f.rule == "ST306"]
    assert len(st306) == 1
    f = st306[0]
    assert len(f.evidence) == 3
    assert "2 more sentences" in f.message and "significantly outperforms" in f.message
    # everything (--all) keeps one finding per sentence
    every = _audit(THREE_CLAIMS, Config(audit_all=True))
    assert len([f for f in every.findings if f.rule == "ST306"]) == 3


def test_one_significance_claim_stays_as_it_is():
    result = _audit(ONE_CLAIM)
    st306 = [f for f in result.findings if f.rule == "ST306"]
    assert len(st306) == 1 and "more sentence" not in st306[0].message


def test_the_reviewer_asks_about_the_significance_claims_once():
    text = markdown.review(_audit(THREE_CLAIMS))
    assert text.count("claims significance") == 1
    assert "significant improvement" in text


def _paper_finding(rule: str, cue: str, page: int) -> Finding:
    ev = Evidence("mention", page, "Results", f"... {cue} ...", cue=cue)
    return Finding(rule, "medium", "medium", f'"{cue}" (p. {page}) claims x', evidence=(ev,))


def test_only_findings_of_the_same_rule_about_the_paper_are_joined():
    a = _paper_finding("ST306", "significantly better", 2)
    b = _paper_finding("ST306", "significant gains", 9)
    other_rule = _paper_finding("ST303", "best test accuracy", 4)
    on_code = Finding("ST306", "medium", "medium", "on a file", file="train.py", line=3)
    out = group_paper_claims([a, other_rule, b, on_code])
    assert [f.rule for f in out] == ["ST306", "ST303", "ST306"]
    assert out[0].message.endswith('1 more sentence like it: "significant gains" (p. 9)')
    assert out[1] is other_rule and out[2] is on_code
