"""Checks: the logic behind rules, one small function per kind of rule.

A check receives its :class:`~paperlint.engine.Rule` (with the pack's parameters) and the
audit's :class:`~paperlint.engine.RuleContext`, and yields findings. Register new checks in
``CHECKS``; a rule names its check in its pack.
"""

from __future__ import annotations

from paperlint.checks.choices import empirical_only, magic_constant, mismatch, unjustified_choice
from paperlint.engine import Check

CHECKS: dict[str, Check] = {
    "unjustified_choice": unjustified_choice,
    "empirical_only": empirical_only,
    "magic_constant": magic_constant,
    "mismatch": mismatch,
}
