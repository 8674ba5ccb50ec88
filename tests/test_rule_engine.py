"""The engine: ranking by how non-obvious a choice is, severity and confidence as two axes,
fingerprints that survive line moves, and the summary figures."""

from __future__ import annotations

import textwrap

from conftest import FIXTURES

from paperlint.api import Config, assemble, audit
from paperlint.code.project import build_inventory
from paperlint.code.python import analyze
from paperlint.engine import RuleContext, looks_hand_tuned, rank
from paperlint.model import Choice, Finding
from paperlint.paper.document import document_from_text


def audit_text(code: str, paper: str | None, config: Config | None = None):
    facts = [analyze(textwrap.dedent(code).lstrip("\n"), "model.py", "model")]
    doc = document_from_text(textwrap.dedent(paper).lstrip("\n")) if paper else None
    return assemble(build_inventory(facts, [], []), doc, [], config or Config())


PAPER = """
# Net

# Method

We train a small network on CIFAR-10.
"""


def test_library_defaults_and_conventional_values_are_never_findings():
    code = """
    import torch
    import torch.nn as nn

    conv = nn.Conv2d(3, 3, kernel_size=3, padding=1)
    act = nn.ReLU()
    opt = torch.optim.Adam(params, betas=(0.9, 0.999), eps=1e-8)
    """
    result = audit_text(code, PAPER)
    quiet = {c.id for c in result.choices if c.obviousness in ("default", "conventional")}
    assert quiet, "the example should contain default and conventional choices"
    assert not [f for f in result.findings if f.choice in quiet]


def _choice(cid: str, obviousness: str, number: float | None, line: int) -> Choice:
    return Choice(
        cid, "other", "x", str(number), "m.py", line, obviousness=obviousness, number=number
    )


def test_findings_rank_irregular_then_hand_tuned_then_round_values():
    choices = (
        _choice("round", "deliberate", 0.5, 1),
        _choice("tuned", "deliberate", 0.37, 2),
        _choice("irregular", "irregular", None, 3),
        _choice("absent", "absent", None, 4),
    )
    ctx = RuleContext(choices, {}, None)
    findings = [
        Finding("CH101", "medium", "medium", c.id, choice=c.id, file="m.py", line=c.line)
        for c in choices
    ]
    assert [f.choice for f in rank(findings, ctx)] == ["irregular", "absent", "tuned", "round"]


def test_severity_outranks_salience():
    choices = (_choice("tuned", "deliberate", 0.37, 1), _choice("round", "deliberate", 0.5, 2))
    ctx = RuleContext(choices, {}, None)
    low = Finding("CH102", "low", "medium", "", choice="tuned", file="m.py", line=1)
    high = Finding("MM201", "high", "medium", "", choice="round", file="m.py", line=2)
    assert rank([low, high], ctx) == [high, low]


def test_hand_tuned_numbers_are_told_from_round_ones():
    assert [looks_hand_tuned(x) for x in (0.37, 0.0037, 96.0, 0.35)] == [True] * 4
    assert not any(looks_hand_tuned(x) for x in (0.5, 0.1, 3e-4, 5e-4, 128.0, 1e-8, 0.25, 10))


def test_confidence_drops_for_unresolved_values_while_severity_stays():
    code = """
    import torch.nn as nn

    drop = nn.Dropout(RATE)
    other = nn.Dropout(0.37)
    """
    # every finding on its own (--all): the first screen asks the two dropouts as one question
    result = audit_text(code, PAPER, Config(audit_all=True))
    by_line = {f.line: f for f in result.findings if f.rule == "CH101"}
    assert by_line[3].severity == by_line[4].severity == "medium"
    assert by_line[3].confidence == "low" and by_line[4].confidence == "medium"


def test_fingerprints_survive_line_moves_but_not_value_changes():
    code = "import torch.nn as nn\n\ndrop = nn.Dropout(0.37)\n"
    before = {f.fingerprint for f in audit_text(code, PAPER).findings}
    moved = {f.fingerprint for f in audit_text("\n\n# a comment\n" + code, PAPER).findings}
    changed = {f.fingerprint for f in audit_text(code.replace("0.37", "0.4"), PAPER).findings}
    assert before and before == moved
    assert before != changed


def test_paper_findings_have_fingerprints_from_their_quote():
    result = audit_text("x = 1\n", "# T\n\n# Experiments\n\nWe report the best test accuracy.\n")
    (f,) = [f for f in result.findings if f.rule == "ST303"]
    assert f.file is None and f.fingerprint and f.evidence[0].page == 1


def test_the_summary_counts_choices_by_their_strongest_evidence():
    result = audit([FIXTURES / "demo" / "code"], FIXTURES / "demo" / "paper.pdf")
    s = result.summary
    strength = s["evidence_strength"]
    assert list(strength) == ["ablation", "reasoning", "citation", "empirical_claim", "none"]
    assert sum(strength.values()) == s["non_obvious"]
    assert strength["ablation"] == s["ablated"]
    assert strength["none"] == s["unjustified"]
    stats = s["statistics"]
    assert stats["read"] and stats["results_reported"] >= 1
    assert stats["test_set_selection"] == 1 and stats["variability_reported"] is False
    assert s["by_rule"]["ST303"] == 1


def test_without_a_paper_only_the_no_paper_notice_speaks():
    result = audit_text("import torch.nn as nn\n\ndrop = nn.Dropout(0.37)\n", None)
    assert [f.rule for f in result.findings] == ["TN903"]
    assert result.summary["statistics"] == {"read": False}
