"""Every rule carries its docs in ruff's sections and names a registered check."""

from __future__ import annotations

import pytest

from paperlint.checks import CHECKS
from paperlint.engine import DOC_SECTIONS, all_rules
from paperlint.model import CONFIDENCES, SEVERITIES


@pytest.mark.parametrize("rule_id", list(all_rules()))
def test_rule_is_documented_and_runnable(rule_id):
    rule = all_rules()[rule_id]
    for section in DOC_SECTIONS:
        assert section in rule.docs, f"{rule_id} lacks the docs section {section!r}"
        if section != "references":
            assert str(rule.docs[section]).strip(), f"{rule_id}: empty {section!r}"
    assert rule.check in CHECKS, f"{rule_id} names an unknown check {rule.check!r}"
    assert rule.severity in SEVERITIES and rule.confidence in CONFIDENCES
    assert rule.summary and rule.message and rule.fix
