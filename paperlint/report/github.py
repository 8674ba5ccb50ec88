"""GitHub Actions: workflow-command annotations (``--format github``) and a step summary.

Each active finding becomes ``::error|warning|notice file=F,line=L,title=T::MESSAGE``; each
input that could not be audited an ``::error``. Data is escaped as the runner expects (``%``,
CR and LF), properties also ``:`` and ``,`` — untrusted paper text can neither end the command
early nor forge a second one.

GitHub shows only a few annotations per step, so the full list goes to the step summary (the
markdown report), written to ``$GITHUB_STEP_SUMMARY`` when that variable is set.
"""

from __future__ import annotations

import os
from pathlib import Path

from paperlint.model import AuditResult
from paperlint.report import markdown
from paperlint.report.common import plural, rules, searched_text, shown_evidence, truncate

#: paperlint severity → workflow command
COMMANDS = {"high": "error", "medium": "warning", "low": "notice", "info": "notice"}
#: GitHub refuses a step summary over 1 MiB
SUMMARY_LIMIT = 1024 * 1024 - 4096


def escape_data(s: str) -> str:
    """The message part of a workflow command."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """A property value (file, title, ...) of a workflow command."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: object) -> str:
    """One workflow command line: ``::name k=v,k=v::message``."""
    shown = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{name}{' ' + shown if shown else ''}::{escape_data(message)}"


def render(result: AuditResult, **_: object) -> str:
    out = []
    for f in result.findings:
        if f.suppressed:
            continue
        rule = rules().get(f.rule)
        title = f"paperlint {f.rule}" + (f" ({rule.name})" if rule else "")
        lines = [f.message]
        for e in shown_evidence(f, limit=2):
            sec = f", {e.section}" if e.section else ""
            lines.append(f"Paper p. {e.page}{sec} ({e.type}): “{truncate(e.quote, 300)}”")
        if not f.evidence and f.searched:
            lines.append(f"Not found in the paper; searched: {searched_text(f.searched)}.")
        if f.fix:
            lines.append(f"Fix: {f.fix}")
        props: dict[str, object] = {}
        if f.file:
            props["file"] = f.file
            props["line"] = f.line or 1
        props["title"] = title
        out.append(command(COMMANDS.get(f.severity, "warning"), "\n".join(lines), **props))
    for p in result.problems:
        msg = p.message + (f" ({p.hint})" if p.hint else "")
        out.append(command("error", msg, file=p.path, title=f"paperlint {p.code}"))
    s = result.summary
    out.append(
        f"paperlint: {plural(s.get('findings', 0), 'finding')} in "
        f"{plural(len(result.files), 'file')}"
        + (
            f"; {plural(len(result.problems), 'input')} could not be audited"
            if result.problems
            else ""
        )
        + (
            f"; paper {result.paper.path} ({plural(result.coverage.pages, 'page')})"
            if result.paper
            else "; no paper"
        )
    )
    return "\n".join(out) + "\n"


def step_summary(result: AuditResult) -> str:
    """The markdown step summary: the full list, cut (and saying so) at GitHub's size limit."""
    text = markdown.render(result)
    data = text.encode("utf-8")
    if len(data) <= SUMMARY_LIMIT:
        return text
    cut = data[:SUMMARY_LIMIT].decode("utf-8", "ignore")
    cut = cut[: cut.rfind("\n") + 1]
    return (
        cut
        + "\n_The list is cut here: GitHub keeps at most 1 MiB of summary. The SARIF or JSON report has every finding._\n"
    )


def write_step_summary(result: AuditResult, path: str | None = None) -> Path | None:
    """Append the step summary to ``path`` (default ``$GITHUB_STEP_SUMMARY``), if there is one."""
    target = path or os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(step_summary(result))
    return Path(target)
