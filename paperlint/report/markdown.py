"""Markdown: the full list of findings (``--format markdown``, the GitHub step summary), or,
in reviewer mode (``--reviewer``), the questions a reviewer would ask the authors — each tied to
the choice in the code and to the page of the paper — ready to paste into a review.

Paper and code text are untrusted: every piece of it is escaped for markdown *and* for the HTML
that markdown renderers let through, so a quote can neither inject markup nor break a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paperlint.model import AuditResult, Choice, Evidence, Finding
from paperlint.report.common import (
    choices_by_id,
    plural,
    rules,
    searched_text,
    severity_rank,
    shown_evidence,
    truncate,
    where,
)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def text(s: object) -> str:
    """Untrusted text as inline markdown: one line, HTML-escaped, markdown specials escaped.
    (Inline only: it is always placed after other text, never at the start of a line.)"""
    s = " ".join(str(s).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def code(s: object) -> str:
    """Untrusted text as an inline code span (backticks inside are fenced by longer runs)."""
    s = " ".join(str(s).split()).replace("|", "¦")  # a pipe would end a table cell
    if not s:
        return ""
    longest = max((len(m) for m in re.findall(r"`+", s)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if s.startswith("`") or s.endswith("`") or longest else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def _evidence_line(e: Evidence, limit: int = 240) -> str:
    sec = f", § {text(e.section)}" if e.section else ""
    return f"p. {e.page}{sec}: “{text(truncate(e.quote, limit))}”"


def _where(f: Finding) -> str:
    return code(where(f)) if f.file else "paper"


def _header(result: AuditResult) -> list[str]:
    s, cov = result.summary, result.coverage
    sev = ", ".join(
        f"{s['by_severity'][k]} {k}"
        for k in ("high", "medium", "low", "info")
        if s.get("by_severity", {}).get(k)
    )
    head = f"**{s.get('findings', 0)} finding{'s' if s.get('findings', 0) != 1 else ''}**"
    head += f" ({sev})" if sev else ""
    if s.get("suppressed"):
        head += f", {s['suppressed']} suppressed"
    if result.paper:
        paper = (
            f"paper {code(result.paper.path)}: {_n(cov.pages, 'page')} ({cov.pages_with_text} with text),"
            f" {plural(cov.sections, 'section')}"
        )
    else:
        paper = "no paper read"
    nlp = f" · NLP: {text(cov.pipeline)}" if cov.pipeline else ""
    return [f"{head} · {paper} · {plural(len(result.files), 'code file')} read{nlp}", ""]


def _counts(result: AuditResult) -> list[str]:
    s = result.summary
    by = s.get("justified_by", {})
    return [
        "| Choices | Non-obvious | Justified (reason / citation / “empirically”) | Ablated | Unjustified | Mismatched |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {s.get('choices', 0)} | {s.get('non_obvious', 0)} | {s.get('justified', 0)} "
        f"({by.get('reasoning', 0)} / {by.get('citation', 0)} / {by.get('empirical_claim', 0)}) "
        f"| {s.get('ablated', 0)} | {s.get('unjustified', 0)} | {s.get('mismatched', 0)} |",
        "",
    ]


def _problems(result: AuditResult) -> list[str]:
    if not result.problems:
        return []
    out = ["## Inputs that could not be audited", ""]
    for p in result.problems:
        hint = f" ({text(p.hint)})" if p.hint else ""
        out.append(f"- {code(p.code)} {code(p.path)}: {text(p.message)}{hint}")
    return [*out, ""]


def render(result: AuditResult, *, reviewer: bool = False, **_: object) -> str:
    if reviewer:
        return review(result)
    title = result.paper.title if result.paper and result.paper.title else ""
    out = [f"# paperlint audit{': ' + text(title) if title else ''}", "", *_header(result)]
    out += _counts(result)
    out += _problems(result)
    active = [f for f in result.findings if not f.suppressed]
    out += [f"## Findings ({len(active)})", ""]
    if active:
        out += [
            "| Severity | Rule | Location | Finding | What the paper says |",
            "| --- | --- | --- | --- | --- |",
        ]
        for f in active:
            ev = shown_evidence(f, limit=1)
            if ev:
                paper = _evidence_line(ev[0], 200)
            elif f.searched:
                paper = f"not found; searched {text(searched_text(f.searched, 5))}"
            else:
                paper = ""
            out.append(
                f"| {f.severity} | {code(f.rule)} | {_where(f)} | {text(f.message)} | {paper} |"
            )
        out.append("")
    else:
        out += ["No findings.", ""]
    suppressed = [f for f in result.findings if f.suppressed]
    if suppressed:
        out += [f"<details><summary>{len(suppressed)} suppressed</summary>", ""]
        out += [
            f"- {code(f.rule)} {_where(f)}: {text(f.message)} — {text(f.suppressed)}"
            for f in suppressed
        ]
        out += ["", "</details>", ""]
    used = sorted({f.rule for f in active})
    if used:
        out += ["## Rules", ""]
        for rid in used:
            r = rules().get(rid)
            if r is not None:
                out.append(
                    f"- {code(rid)} **{r.name}**: {text(r.summary)} (`paperlint explain {rid}`)"
                )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# ── reviewer mode ───────────────────────────────────────────────────────────────────────────


@dataclass
class _Question:
    """One question: the findings it asks about (several choices the same sentence states are
    asked together), and follow-ups from other rules on the same choices."""

    kind: str  # mismatch | empirical | mentioned | unmentioned | constant | other
    findings: list[Finding]
    follow_ups: list[Finding] = field(default_factory=list)


def _name(c: Choice | None) -> str:
    if c is None:
        return ""
    concept = c.concept.replace("_", " ").replace(".", " ")
    return concept[:1].upper() + concept[1:]


def _items(q: _Question, choices: dict[str, Choice]) -> str:
    """“**Batch size** `128` (`train.py:16`), **Epochs** `30` (`train.py:17`)”"""
    parts = []
    for f in q.findings:
        c = choices.get(f.choice) if f.choice else None
        name = f"**{text(_name(c))}** {code(c.value)}" if c else f"**{text(f.rule)}**"
        parts.append(f"{name} ({_where(f)})")
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0]


def _snippet(q: _Question, choices: dict[str, Choice]) -> str:
    if len(q.findings) != 1:
        return ""
    c = choices.get(q.findings[0].choice or "")
    return f": {code(truncate(c.snippet, 100))}" if c is not None and c.snippet else ""


def _ask(q: _Question, result: AuditResult, choices: dict[str, Choice]) -> str:
    f = q.findings[0]
    many = len(q.findings) > 1
    items = _items(q, choices) + _snippet(q, choices)
    ev = shown_evidence(f, limit=1)
    quote = _evidence_line(ev[0]) if ev else ""
    if q.kind == "mismatch":
        a = result.assessment_of(f.choice or "")
        stated = code(a.paper_value) if a and a.paper_value else "another value"
        body = (
            f"{items}. The paper states {stated}"
            + (f" ({quote})" if quote else "")
            + ", but the released code differs. Which value produced the reported results?"
        )
    elif q.kind == "empirical":
        body = (
            f"{items}. The only support in the paper is an empirical claim ({quote}). Could you"
            " report the comparison behind it: the alternatives tried, on which split, and the"
            " results?"
        )
    elif q.kind == "mentioned":
        them = "these values" if many else "this choice"
        body = (
            f"{items}. The paper states {'them' if many else 'it'} ({quote}) but gives no reason,"
            f" citation or ablation. Why {them}, and {'were they' if many else 'was it'} tuned?"
            " A reference or an ablation would help."
        )
    elif q.kind == "unmentioned":
        where = f" (searched: {text(searched_text(f.searched, 6))})" if f.searched else ""
        body = (
            f"{items}. The released code uses {'them' if many else 'it'}, but the paper does not"
            f" mention {'them' if many else 'it'}{where}. Is {'this' if not many else 'each'}"
            " part of the method? If so, please state it and say why it was chosen."
        )
    elif q.kind == "constant":
        body = (
            f"{items}. The paper does not mention this constant. What does it do, and how was its"
            " value chosen?"
        )
    else:
        body = (
            f"{items}: {text(f.message.rstrip('.'))}."
            + (f" ({quote})" if quote else "")
            + " Could you clarify?"
        )
    for g in q.follow_ups:
        if g.rule == "CH102":
            body += (
                " Also, the only support for it is an empirical claim: could you report the"
                " comparison behind it?"
            )
        elif g.rule.startswith("CH"):
            body += " Also, the paper gives no reason, citation or ablation for it."
        else:
            body += f" Also: {text(g.message)}."
    return body


def _kind(f: Finding) -> str:
    if f.rule.startswith("MM"):
        return "mismatch"
    if f.rule == "CH102":
        return "empirical"
    if f.rule == "CH103":
        return "constant"
    if f.rule.startswith("CH"):
        return "mentioned" if f.evidence else "unmentioned"
    return "other"


_ORDER = ("mismatch", "empirical", "mentioned", "unmentioned", "constant", "other")
_HEADINGS = {
    "mismatch": "Paper and code disagree",
    "empirical": "Choices supported only by “we found empirically”",
    "mentioned": "Choices the paper states but does not justify",
    "unmentioned": "Choices in the code the paper does not mention",
    "constant": "Constants the paper does not mention",
    "other": "Other questions",
}


#: the classes of findings (paperlint.ranking) a reviewer asks about; another unexplained
#: choice is asked only when the paper states it, notices and minor settings never
_ASKED = frozenset({"mismatch", "reporting", "structure", "major", "statistics", "other_mismatch"})


def worth_asking(result: AuditResult) -> tuple[list[Finding], list[Finding]]:
    """The active findings worth a question, and the others (counted under the questions)."""
    from paperlint.report.common import finding_classes

    classes = finding_classes(result)
    asked, rest = [], []
    for i, f in enumerate(result.findings):
        if f.suppressed:
            continue
        k = classes.get(i, "normal")
        stated = f.rule.startswith("CH10") and bool(f.evidence)  # the paper states it
        about_paper = f.choice is None and not f.rule.startswith("TN")
        if k in _ASKED or (k == "normal" and (stated or about_paper)):
            asked.append(f)
        else:
            rest.append(f)
    return asked, rest


def questions(result: AuditResult) -> list[_Question]:
    """The questions, in the order of :data:`_ORDER`: one per choice (a second rule on the same
    choice adds a follow-up), and one per paper sentence that states several unjustified
    choices at once. Only findings :func:`worth_asking`."""
    asked_findings, _rest = worth_asking(result)
    active = sorted(
        asked_findings,
        key=lambda f: (
            _ORDER.index(_kind(f)),
            -severity_rank(f.severity),
            f.file or "",
            f.line or 0,
        ),
    )
    asked: dict[str, _Question] = {}  # choice id → its question
    groups: dict[tuple, _Question] = {}
    out: list[_Question] = []
    for f in active:
        if f.choice and f.choice in asked:
            asked[f.choice].follow_ups.append(f)
            continue
        kind = _kind(f)
        if kind == "mentioned":
            e = shown_evidence(f, limit=1)[0]
            key: tuple = (kind, e.page, e.quote)
        elif kind in ("unmentioned", "constant"):
            key = (kind, f.file, f.line)
        else:
            key = (kind, id(f))
        q = groups.get(key)
        if q is None:
            q = groups[key] = _Question(kind, [])
            out.append(q)
        q.findings.append(f)
        if f.choice:
            asked[f.choice] = q
    return out


def review(result: AuditResult) -> str:
    """Questions for the authors, numbered, each tied to the code line and the page."""
    choices = choices_by_id(result)
    title = result.paper.title if result.paper and result.paper.title else ""
    cov = result.coverage
    basis = (
        f"the paper ({_n(cov.pages, 'page')}, {cov.pages_with_text} with text)"
        if result.paper
        else "no paper (none was given)"
    )
    out = [
        f"## Questions for the authors{': ' + text(title) if title else ''}",
        "",
        f"_Prepared with paperlint {text(result.tool_version)} from the released code"
        f" ({plural(len(result.files), 'file')}) and {basis}. Each question cites the code line and the"
        " page; paperlint reads the paper with rules, not understanding, so please check each"
        " one before sending._",
        "",
    ]
    qs = questions(result)
    n = 0
    for kind in _ORDER:
        these = [q for q in qs if q.kind == kind]
        if not these:
            continue
        out += [f"### {_HEADINGS[kind]}", ""]
        for q in these:
            n += 1
            out.append(f"{n}. {_ask(q, result, choices)}")
        out.append("")
    if n == 0:
        out += [
            "paperlint has no question: every non-obvious choice it found is justified or"
            " ablated in the paper, and the values it could compare agree.",
            "",
        ]
    _asked, rest = worth_asking(result)
    if rest:
        out += [
            f"_Not asked here: {plural(len(rest), 'other finding')} (unexplained details the"
            " paper never mentions, notices), listed in the full report._",
            "",
        ]
    from paperlint.report.common import scope_text

    scope = scope_text(result)
    if scope:
        out += [f"_{text(scope)}_", ""]
    caveats = []
    if result.paper and cov.pages_with_text < cov.pages:
        caveats.append(f"only {cov.pages_with_text} of {cov.pages} pages had text")
    if result.problems:
        caveats.append(
            f"{len(result.problems)} input(s) could not be audited: "
            + ", ".join(code(p.path) for p in result.problems[:5])
        )
    if caveats:
        out += ["_Not checked: " + "; ".join(caveats) + "._", ""]
    return "\n".join(out).rstrip() + "\n"


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
