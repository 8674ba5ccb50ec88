"""The terminal report: one line per finding, ruff-style, with its evidence underneath.

Inputs that could not be audited are not part of it: the CLI names each on standard error,
once. ``quiet`` leaves out the closing summary; :func:`statistics_table` is ``--statistics``.
"""

from __future__ import annotations

import re

from paperlint.model import AuditResult, Finding
from paperlint.report.common import (
    FIRST_SCREEN,
    listed_text,
    plural,
    rules,
    scope_text,
    verdict_text,
)

# Control characters in paper or code text could drive the terminal (escape sequences).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(s: str) -> str:
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", s)


def _clean_colored(line: str) -> str:
    """Clean a line whose only escape sequences are the ones this module wrote."""
    parts = re.split(r"(\x1b\[[0-9;]*m)", line)
    return "".join(p if p in _OURS else _clean(p) for p in parts)


_COLORS = {"high": "\x1b[31m", "medium": "\x1b[33m", "low": "\x1b[36m", "info": "\x1b[2m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_OURS = frozenset([*_COLORS.values(), _BOLD, _DIM, _RESET])


def render(
    result: AuditResult,
    *,
    color: bool = False,
    show_suppressed: bool = False,
    quiet: bool = False,
    **_: object,
) -> str:
    def c(code: str, s: str) -> str:
        return f"{code}{s}{_RESET}" if color else s

    def where_of(f: Finding) -> str:
        if f.file:
            return f"{f.file}:{f.line}" if f.line else f.file
        return result.paper.path if result.paper else "paperlint"

    def head(f: Finding) -> str:
        return (
            f"{c(_BOLD, where_of(f))}: {c(_COLORS.get(f.severity, ''), f.rule)} [{f.severity}] "
            f"{f.message}"
        )

    out: list[str] = []
    shown = [f for f in result.findings if show_suppressed or not f.suppressed]
    # a whole repository's report leads with what it covers, a verdict and the ten findings a
    # reviewer reads first; the rest follow one line each
    lead = not quiet and len(shown) > FIRST_SCREEN
    if not quiet:
        scope = scope_text(result)
        if scope:
            out += [c(_DIM, scope), ""]
        if lead:
            out += [verdict_text(result), ""]
    for i, f in enumerate(shown):
        if lead and i == FIRST_SCREEN:
            out += ["", f"{plural(len(shown) - FIRST_SCREEN, 'more finding')}:"]
        out.append(head(f))
        if lead and i >= FIRST_SCREEN:
            continue
        quotes = 0
        for e in f.evidence:
            if e.type == "mention" and len(f.evidence) > 1:
                continue
            quote = e.quote if len(e.quote) <= 160 else e.quote[:157] + "..."
            out.append(
                c(_DIM, f'    paper p.{e.page} ({e.section or "no section"}), {e.type}: "{quote}"')
            )
            quotes += 1
            if quotes == 2:
                break
        if not f.evidence and f.searched:
            secs = ", ".join(f.searched[:6]) + (" ..." if len(f.searched) > 6 else "")
            out.append(c(_DIM, f"    not found in the paper; searched: {secs}"))
        for e in f.code_evidence[:3]:
            commit = f" @{e.commit}" if e.commit else ""
            out.append(c(_DIM, f"    code {e.file}:{e.line}{commit}: {e.what}"))
        if f.suppressed:
            out.append(c(_DIM, f"    suppressed: {f.suppressed}"))
    clean = _clean_colored if color else _clean
    if quiet:
        return "".join(clean(line) + "\n" for line in out)
    s = result.summary
    cov = result.coverage
    paper = (
        f"{result.paper.path}: {plural(cov.pages, 'page')}, {plural(cov.sections, 'section')}"
        if result.paper
        else "no paper"
    )
    if out:
        out.append("")
    out.append(
        f"{s.get('choices', 0)} choices ({s.get('non_obvious', 0)} non-obvious): {s.get('justified', 0)} justified "
        f"(reason {s.get('justified_by', {}).get('reasoning', 0)}, citation {s.get('justified_by', {}).get('citation', 0)}, "
        f"empirical claim {s.get('justified_by', {}).get('empirical_claim', 0)}), {s.get('ablated', 0)} ablated, "
        f"{s.get('unjustified', 0)} unjustified, {s.get('mismatched', 0)} mismatched."
    )
    skipped = (
        f"; {plural(len(result.problems), 'input')} could not be audited (named on stderr)"
        if result.problems
        else ""
    )
    out.append(
        f"{plural(s.get('findings', 0), 'finding')} ({s.get('suppressed', 0)} suppressed) in "
        f"{plural(len(result.files), 'file')}; {paper}{skipped}."
    )
    listed = listed_text(result)
    if listed:
        out.append(listed)
    base = (s.get("suppressions") or {}).get("baseline_file") or {}
    if base:
        out.append(
            f"baseline {display(base.get('path') or '')}: {base.get('matched', 0)} accepted, "
            f"{plural(base.get('stale', 0), 'stale entry', 'stale entries')}."
        )
    trace = s.get("trace") or {}
    if trace.get("read") and (trace.get("searches") or trace.get("settings_searched")):
        history = (
            f"history: {trace.get('commits_read', 0)} commits read"
            + (
                f", stopped early ({trace['history_stopped']})"
                if trace.get("history_stopped")
                else ""
            )
            if trace.get("history") == "read"
            else f"history: {trace.get('history')}"
        )
        out.append(
            f"tuning trace: {trace.get('searches', 0)} searches, {trace.get('settings_searched', 0)} "
            f"settings searched ({trace.get('settings_reported', 0)} reported in the paper); {history}."
        )
    return "\n".join(clean(line) for line in out) + "\n"


def display(path: str) -> str:
    """A path relative to the working directory when it is inside it (config paths are
    absolute)."""
    import os

    if not os.path.isabs(path):
        return path
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def statistics_table(result: AuditResult, *, color: bool = False) -> str:
    """``--statistics``: the active findings counted per rule, most first, as ruff prints them:
    count, rule id, rule name, severity."""
    counts: dict[str, int] = {}
    severity: dict[str, str] = {}
    for f in result.active_findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
        severity[f.rule] = f.severity
    if not counts:
        return "No findings.\n"
    width = len(str(max(counts.values())))
    known = rules()
    out = []
    for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        name = known[rule].name if rule in known else ""
        code = f"{_COLORS.get(severity[rule], '')}{rule}{_RESET}" if color else rule
        out.append(f"{n:>{width}}\t{code}\t{name}\t[{severity[rule]}]".rstrip())
    return "\n".join(out) + "\n"
