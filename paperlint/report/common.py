"""What several reporters share: a choice's status, rule docs as text or markdown, evidence.

Everything here reads only the :class:`~paperlint.model.AuditResult` (and the rule docs, which
are data); nothing here renders a whole report.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from paperlint.model import SEVERITIES, AuditResult, Choice, Evidence, Finding
from paperlint.setaside import REASONS


@dataclass(frozen=True)
class Status:
    """How a choice stands with the paper. Shown with a glyph and a word, never colour alone."""

    key: str
    label: str
    glyph: str
    description: str


#: From worst to best; a layer of several choices takes the worst of them.
STATUSES: tuple[Status, ...] = (
    Status("mismatch", "mismatch", "≠", "the paper states a different value"),
    Status("unjustified", "unjustified", "?", "non-obvious, neither justified nor ablated"),
    Status("empirical", "“empirically” only", "~", "justified only by an unshown empirical claim"),
    Status("justified", "justified", "✓", "a reason or a citation in the paper"),
    Status("ablated", "ablated", "⇄", "an experiment in the paper compares it with alternatives"),
    Status("obvious", "default / conventional", "·", "a library default or a conventional value"),
)
STATUS_BY_KEY: dict[str, Status] = {s.key: s for s in STATUSES}

JUSTIFICATION_LABELS = {
    "reasoning": "a stated reason",
    "citation": "a citation",
    "empirical_claim": "“we found empirically”",
}
EVIDENCE_LABELS = {
    "value": "value stated",
    "justification": "justification",
    "citation": "citation",
    "ablation": "ablation",
    "mention": "mention",
}


def statuses(result: AuditResult) -> dict[str, str]:
    """Every choice's status key (choice id → a key of :data:`STATUS_BY_KEY`)."""
    flagged = {f.choice for f in result.findings if f.choice and not f.suppressed}
    return {c.id: _status(result, c, c.id in flagged) for c in result.choices}


def _status(result: AuditResult, choice: Choice, flagged: bool) -> str:
    a = result.assessment_of(choice.id)
    if a is not None and a.mismatch:
        return "mismatch"
    if a is not None and a.justification == "empirical_claim" and not a.ablated:
        return "empirical"
    if not flagged and a is not None and a.ablated:
        return "ablated"
    if not flagged and a is not None and a.justification in ("reasoning", "citation"):
        return "justified"
    if flagged or choice.obviousness in ("deliberate", "irregular", "absent"):
        return "unjustified"
    return "obvious"


def worst(keys: Iterable[str]) -> str:
    order = [s.key for s in STATUSES]
    return min(keys, key=order.index, default="obvious")


def severity_rank(severity: str) -> int:
    """Higher is worse: info 0 ... high 3."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else 0


@functools.cache
def homepage() -> str:
    """paperlint's home page, from the installed package's metadata (``[project.urls]`` in
    pyproject.toml): SARIF's ``informationUri`` and the base of its rules' ``helpUri``. ""
    when the metadata names none."""
    from importlib import metadata

    try:
        urls = metadata.metadata("paperlint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return ""
    by_name = {}
    for entry in urls:
        name, _, url = entry.partition(",")
        by_name[name.strip().lower()] = url.strip()
    return by_name.get("homepage") or by_name.get("documentation") or ""


@functools.cache
def rules() -> dict[str, Any]:
    """Every rule (id → paperlint.engine.Rule): the docs are data a reporter may read."""
    from paperlint.engine import all_rules

    return all_rules()


def rule_markdown(rule: Any) -> str:
    """A rule's docs in markdown (SARIF ``help.markdown``, the markdown report's appendix)."""
    from paperlint.engine import DOC_TITLES

    out = [f"**{rule.id}** ({rule.name}) — {rule.summary}", ""]
    out.append(f"Severity: {rule.severity} · confidence: {rule.confidence}")
    for key, title in DOC_TITLES.items():
        body = rule.docs.get(key)
        if not body:
            continue
        out += ["", f"### {title}", ""]
        if isinstance(body, list):
            out += [f"- {x}" for x in body]
        elif key == "example":
            out += ["```python", str(body).rstrip(), "```"]
        else:
            out.append(str(body).rstrip())
    return "\n".join(out) + "\n"


def rule_text(rule: Any) -> str:
    """A rule's docs as plain text (SARIF ``help.text``)."""
    return rule.explain()


def shown_evidence(f: Finding, limit: int = 3) -> list[Evidence]:
    """The evidence worth showing: mentions only when there is nothing stronger."""
    strong = [e for e in f.evidence if e.type != "mention"]
    return (strong or list(f.evidence))[:limit]


def is_paper_level(f: Finding) -> bool:
    """A finding about the paper as a whole: it points at no code."""
    return not f.file


def choices_by_id(result: AuditResult) -> dict[str, Choice]:
    return {c.id: c for c in result.choices}


def truncate(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def where(f: Finding) -> str:
    """A finding's place as people read it: ``file:line``, ``file`` (a file without a line,
    such as one that could not be read) or ``paper`` (the paper as a whole)."""
    return f"{f.file}:{f.line}" if f.file and f.line else (f.file or "paper")


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 finding``, ``2 findings``; ``many`` for an irregular plural (``entries``)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def relative_to(path: str, root: Path, cwd: Path) -> str:
    """``path`` (relative to ``cwd``, or absolute) as a POSIX path relative to ``root``; an
    absolute path when it lies outside ``root``; "" for an empty path."""
    if not path:
        return ""
    full = Path(os.path.normpath(cwd / path))
    try:
        return full.relative_to(root).as_posix() or "."
    except ValueError:
        return full.as_posix()


def rebase(result: AuditResult, root: Path, cwd: Path) -> AuditResult:
    """``result`` with every file path relative to ``root`` instead of ``cwd``: code scanning
    and workflow annotations count paths from the top of the repository, while the terminal
    report keeps them as the user typed them."""
    root, cwd = root.resolve(), cwd.resolve()
    if root == cwd:
        return result

    def move(p: str) -> str:
        return relative_to(p, root, cwd)

    def move_via(v: str) -> str:
        file, sep, line = v.rpartition(":")
        return f"{move(file)}:{line}" if sep and file and line.isdigit() else v

    return replace(
        result,
        paper=replace(result.paper, path=move(result.paper.path)) if result.paper else None,
        choices=tuple(
            replace(c, file=move(c.file), via=move_via(c.via) if c.via else "")
            for c in result.choices
        ),
        findings=tuple(replace(f, file=move(f.file)) if f.file else f for f in result.findings),
        files=tuple(replace(f, path=move(f.path)) for f in result.files),
        problems=tuple(replace(p, path=move(p.path)) for p in result.problems),
    )


def searched_text(searched: Iterable[str], limit: int = 8) -> str:
    s = list(searched)
    more = f" and {len(s) - limit} more" if len(s) > limit else ""
    return ", ".join(s[:limit]) + more


# ── the first screen: scope, verdict, the findings to read first ────────────────────────────

#: how many findings the reports lead with
FIRST_SCREEN = 10

#: why a run or file was left out, in words (``RunScope.rule`` / ``FileScope.rule``)
_LEFT_OUT = {
    "another_method": "of other methods the paper compares with",
    "unnamed_method": "of methods the paper never names",
    "utility": "of export, conversion, measurement or demo scripts",
    "inference": "of sampling, inference or evaluation scripts that never train",
    "other_stage": "of training stages the paper never describes (a further pre-training, a compression pass)",
    "unknown_variant": "of variants the paper never names",
    "unnamed_folder": "in folders the paper does not name",
    "vendored_library": "of a copied library",
    "alternative_implementation": "of another implementation the runs do not use",
    "named": "not named by --run",
    "test_code": "test code",
    "demo_code": "demo code",
    "unused_config": "configs no run includes",
    "other_runs_only": "used only by runs left out",
    "unreached": "modules no run reaches",
    "unloaded": "modules no kept code loads",
    "unnamed_model": "named for models the paper never names",
}


def scope_text(result: AuditResult) -> str:
    """One sentence on what the audit covers and what it left out (and how to get it back);
    "" when it covers everything there is."""
    s = result.scope
    if s is None or (not s.runs_out and not s.files):
        return ""
    audited = sum(1 for r in s.runs if r.audited)
    parts = []
    by_rule: dict[str, list[Any]] = {}
    for r in s.runs_out:
        by_rule.setdefault(r.rule, []).append(r)
    for rule, runs in sorted(by_rule.items(), key=lambda kv: -len(kv[1])):
        names = sorted(
            {n for r in runs for n in r.names if n.isalpha() or rule != "another_method"}
        )
        shown = f" ({', '.join(names[:3])})" if names and rule != "named" else ""
        parts.append(f"{plural(len(runs), 'run')} {_LEFT_OUT.get(rule, rule)}{shown}")
    files: dict[str, int] = {}
    for f in s.files:
        files[f.rule] = files.get(f.rule, 0) + 1
    if files:
        detail = ", ".join(f"{n} {_LEFT_OUT.get(k, k)}" for k, n in sorted(files.items()))
        parts.append(f"{plural(sum(files.values()), 'file')} ({detail})")
    own = f" (the paper's own: {', '.join(s.own_names[:2])})" if s.own_names else ""
    head = (
        f"audited {audited} of {plural(len(s.runs), 'run')}{own}"
        if s.runs
        else "audited the code the paper describes"
    )
    tail = "; `--all` audits everything, `--run NAME` one run" if s.mode == "paper" else ""
    left = f"; left out {', '.join(parts)}" if parts else ""
    return f"Scope: {head}{left}{tail}."


def distinct_names(names: Iterable[str]) -> list[str]:
    """Names without those another one contains (``fasterrcnn`` stands for ``faster``, ``rcnn``)."""
    uniq = sorted(set(names), key=lambda n: (-len(n), n))
    out: list[str] = []
    for n in uniq:
        if not any(n in o for o in out):
            out.append(n)
    return sorted(out)


def finding_classes(result: AuditResult) -> dict[int, str]:
    """Each finding's class (paperlint.ranking.CLASSES), by its position in ``result.findings``."""
    from paperlint import ranking

    choices = choices_by_id(result)
    by_id = {a.choice: a for a in result.assessments}
    return {
        i: ranking.finding_class(f, choices, by_id)
        for i, f in enumerate(result.findings)
        if not f.suppressed
    }


#: the verdict's words for each class, most important first
VERDICT_WORDS: tuple[tuple[str, str, str], ...] = (
    (
        "mismatch",
        "value the code uses differs from the paper",
        "values the code uses differ from the paper",
    ),
    ("reporting", "gap in how the results are reported", "gaps in how the results are reported"),
    ("structure", "irregular or missing component", "irregular or missing components"),
    (
        "major",
        "choice that controls the result is unexplained",
        "choices that control the result are unexplained",
    ),
    ("statistics", "gap in the statistical reporting", "gaps in the statistical reporting"),
    ("other_mismatch", "other disagreement with the paper", "other disagreements with the paper"),
    ("normal", "other unexplained choice", "other unexplained choices"),
    (
        "borrowed",
        "choice the paper takes from earlier work without stating it",
        "choices the paper takes from earlier work without stating them",
    ),
    ("notice", "notice", "notices"),
    ("minor", "minor setting", "minor settings"),
)


def verdict(result: AuditResult) -> list[tuple[str, int, str]]:
    """The active findings counted by class, most important first: (class, count, words)."""
    counts: dict[str, int] = {}
    for k in finding_classes(result).values():
        counts[k] = counts.get(k, 0) + 1
    return [
        (key, counts[key], one if counts[key] == 1 else many)
        for key, one, many in VERDICT_WORDS
        if counts.get(key)
    ]


def verdict_text(result: AuditResult) -> str:
    """``Read first: 2 values the code uses differ from the paper, 5 choices ...``."""
    parts = verdict(result)
    if not parts:
        return "Nothing to ask: no active finding."
    return "Read first: " + ", ".join(f"{n} {words}" for _, n, words in parts) + "."


def listed_text(result: AuditResult) -> str:
    """What the first screen counted instead of reporting (minor settings, grouped findings)."""
    fs = result.summary.get("first_screen") or {}
    scope = result.summary.get("scope") or {}
    parts = []
    if fs.get("listed"):
        parts.append(
            f"{plural(fs['listed'], 'minor or unmentioned plain setting')} listed among the "
            "choices, not reported"
        )
    if fs.get("grouped"):
        parts.append(f"{plural(fs['grouped'], 'finding')} asked together with another")
    for why, n in (fs.get("set_aside") or {}).items():
        text = f"{plural(n, 'finding')} set aside {REASONS.get(why, why)}"
        if why == "other_task" and fs.get("other_task"):
            text += f" ({fs['other_task']})"
        if why == "beside_main_run" and fs.get("main_runs"):
            text += f" (main: {', '.join(fs['main_runs'][:2])})"
        parts.append(text)
    if scope.get("choices_left_out"):
        parts.append(f"{plural(scope['choices_left_out'], 'choice')} out of scope")
    if not parts:
        return ""
    return "; ".join(parts) + " (`--all` reports each)."
