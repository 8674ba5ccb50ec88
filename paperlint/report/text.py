"""The terminal report: one line per finding, ruff-style, with its evidence underneath."""

from __future__ import annotations

import re

from paperlint.model import AuditResult

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
    result: AuditResult, *, color: bool = False, show_suppressed: bool = False, **_: object
) -> str:
    def c(code: str, s: str) -> str:
        return f"{code}{s}{_RESET}" if color else s

    out: list[str] = []
    for f in result.findings:
        if f.suppressed and not show_suppressed:
            continue
        where = f"{f.file}:{f.line}" if f.file else (result.paper.path if result.paper else "")
        out.append(
            f"{c(_BOLD, where)}: {c(_COLORS.get(f.severity, ''), f.rule)} [{f.severity}] {f.message}"
        )
        shown = 0
        for e in f.evidence:
            if e.type == "mention" and len(f.evidence) > 1:
                continue
            quote = e.quote if len(e.quote) <= 160 else e.quote[:157] + "..."
            out.append(
                c(_DIM, f'    paper p.{e.page} ({e.section or "no section"}), {e.type}: "{quote}"')
            )
            shown += 1
            if shown == 2:
                break
        if not f.evidence and f.searched:
            secs = ", ".join(f.searched[:6]) + (" ..." if len(f.searched) > 6 else "")
            out.append(c(_DIM, f"    not found in the paper; searched: {secs}"))
        for e in f.code_evidence[:3]:
            commit = f" @{e.commit}" if e.commit else ""
            out.append(c(_DIM, f"    code {e.file}:{e.line}{commit}: {e.what}"))
        if f.suppressed:
            out.append(c(_DIM, f"    suppressed: {f.suppressed}"))
    for p in result.problems:
        out.append(p.format())
    s = result.summary
    cov = result.coverage
    paper = (
        f"{result.paper.path}: {cov.pages} pages, {cov.sections} sections"
        if result.paper
        else "no paper"
    )
    out.append("")
    out.append(
        f"{s.get('choices', 0)} choices ({s.get('non_obvious', 0)} non-obvious): {s.get('justified', 0)} justified "
        f"(reason {s.get('justified_by', {}).get('reasoning', 0)}, citation {s.get('justified_by', {}).get('citation', 0)}, "
        f"empirical claim {s.get('justified_by', {}).get('empirical_claim', 0)}), {s.get('ablated', 0)} ablated, "
        f"{s.get('unjustified', 0)} unjustified, {s.get('mismatched', 0)} mismatched."
    )
    out.append(
        f"{s.get('findings', 0)} findings ({s.get('suppressed', 0)} suppressed) in {len(result.files)} files; {paper}."
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
    clean = _clean_colored if color else _clean
    return "\n".join(clean(line) for line in out) + "\n"
