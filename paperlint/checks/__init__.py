"""Checks: the logic behind rules, one small function per kind of rule.

A check receives its :class:`~paperlint.engine.Rule` (with the pack's parameters) and the
audit's :class:`~paperlint.engine.RuleContext`, and yields findings. Register new checks in
``CHECKS``; a rule names its check in its pack. Checks listed in ``LATE_CHECKS`` run after
inline suppressions were applied and see the other rules' findings in ``ctx.findings``.
"""

from __future__ import annotations

from paperlint.checks import notices, statistics, tuning
from paperlint.checks.choices import empirical_only, magic_constant, mismatch, unjustified_choice
from paperlint.engine import Check

CHECKS: dict[str, Check] = {
    # choices (CH1xx) and mismatches (MM2xx)
    "unjustified_choice": unjustified_choice,
    "empirical_only": empirical_only,
    "magic_constant": magic_constant,
    "mismatch": mismatch,
    # statistical reporting, read from the paper alone (ST3xx)
    "tuning_without_search_space": statistics.tuning_without_search_space,
    "results_without_variability": statistics.results_without_variability,
    "selection_on_test_set": statistics.selection_on_test_set,
    "uncorrected_comparisons": statistics.uncorrected_comparisons,
    "no_ablation": statistics.no_ablation,
    "significance_without_test": statistics.significance_without_test,
    # the tuning trace: the search the repository shows against the paper (TR4xx)
    "unreported_search": tuning.unreported_search,
    "narrower_search_space": tuning.narrower_search_space,
    "configurations_vs_comparisons": tuning.configurations_vs_comparisons,
    "changed_after_test_results": tuning.changed_after_test_results,
    "search_selects_on_test": tuning.search_selects_on_test,
    # tool notices (TN9xx)
    "low_paper_coverage": notices.low_paper_coverage,
    "skipped_input": notices.skipped_input,
    "no_paper": notices.no_paper,
    "suppression_without_reason": notices.suppression_without_reason,
    "unknown_rule_in_suppression": notices.unknown_rule_in_suppression,
    "unused_suppression": notices.unused_suppression,
}

LATE_CHECKS: frozenset[str] = frozenset(
    {"suppression_without_reason", "unknown_rule_in_suppression", "unused_suppression"}
)
