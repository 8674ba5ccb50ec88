"""The HTML audit report: one self-contained file (jinja2, autoescaped, no network).

Paper and code text are untrusted: the environment autoescapes everything, the page carries a
Content-Security-Policy that allows only its own inline style and script (by hash) and no
connection of any kind, and the script only filters and sorts rows that are already rendered on
the server side — the report reads in full with JavaScript off.

The page, top to bottom: coverage and counts (an inline-SVG chart), paper-level findings, the
architecture map (:mod:`paperlint.report.archmap`), the findings table (filter by severity, rule,
kind, file; sort by any column), every choice, and the rules' docs as an appendix the findings
link to.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperlint.model import AuditResult, Finding
from paperlint.report import archmap, trace_chart
from paperlint.report.common import (
    EVIDENCE_LABELS,
    FIRST_SCREEN,
    STATUS_BY_KEY,
    STATUSES,
    choices_by_id,
    distinct_names,
    is_paper_level,
    listed_text,
    rules,
    scope_text,
    severity_rank,
    shown_evidence,
    statuses,
    verdict,
)
from paperlint.report.json_report import report_dict

_TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def _env():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,  # PDF and code text are untrusted input
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["evidence_label"] = lambda t: EVIDENCE_LABELS.get(t, t)
    env.filters["paragraphs"] = paragraphs
    env.filters["code_spans"] = code_spans
    return env


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def code_spans(text: str) -> Any:
    """Escaped text whose markdown code spans (`` `Dropout(0.37)` ``, as rule messages write
    values) become ``<code>`` elements; nothing else is interpreted."""
    from markupsafe import Markup, escape

    out = []
    last = 0
    for m in _CODE_SPAN.finditer(str(text)):
        out.append(escape(text[last : m.start()]))
        out.append(Markup("<code>%s</code>") % m.group(1))
        last = m.end()
    out.append(escape(str(text)[last:]))
    return Markup("").join(out)


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode(
        "ascii"
    )


def paragraphs(text: str) -> list[str]:
    """Docs written as YAML block text: blank lines part paragraphs, single newlines are wraps."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(text)) if p.strip()]


@dataclass(frozen=True)
class Bar:
    """One row of the counts chart: a label, its total and coloured segments (key, n, x, w)."""

    label: str
    total: int
    y: int
    segments: tuple[tuple[str, int, int, int], ...]
    note: str = ""


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    label_w: int  # the labels' column
    bar_w: int  # the longest bar (all choices found)
    width: int
    height: int


def _chart(summary: dict[str, Any]) -> Chart:
    """The counts chart: bars scaled to the number of choices found."""
    by = summary.get("justified_by", {})
    rows: list[tuple[str, list[tuple[str, int]], str]] = [
        ("choices found", [("all", summary.get("choices", 0))], ""),
        ("non-obvious", [("all", summary.get("non_obvious", 0))], ""),
        (
            "justified",
            [
                ("reasoning", by.get("reasoning", 0)),
                ("citation", by.get("citation", 0)),
                ("empirical", by.get("empirical_claim", 0)),
            ],
            f"reason {by.get('reasoning', 0)} · citation {by.get('citation', 0)} · "
            f"“empirically” {by.get('empirical_claim', 0)}",
        ),
        ("ablated", [("ablated", summary.get("ablated", 0))], ""),
        ("unjustified", [("unjustified", summary.get("unjustified", 0))], ""),
        ("mismatched", [("mismatch", summary.get("mismatched", 0))], ""),
    ]
    label_w, bar_w, row_h, note_w = 118, 320, 24, 362
    scale = bar_w / max(1, summary.get("choices", 0))
    bars = []
    for i, (label, parts, note) in enumerate(rows):
        x, segs = label_w, []
        for key, n in parts:
            w = round(n * scale)
            if n and w < 2:
                w = 2
            segs.append((key, n, x, w))
            x += w
        bars.append(Bar(label, sum(n for _, n in parts), i * row_h, tuple(segs), note))
    return Chart(tuple(bars), label_w, bar_w, label_w + bar_w + note_w, row_h * len(rows))


def _finding_row(
    f: Finding, result: AuditResult, choices: dict, status: dict[str, str], n: int
) -> dict[str, Any]:
    ch = choices.get(f.choice) if f.choice else None
    a = result.assessment_of(f.choice) if f.choice else None
    rule = rules().get(f.rule)
    shown = shown_evidence(f)
    return {
        "f": f,
        "id": f"finding-{n}",
        "choice": ch,
        "kind": ch.kind if ch else "paper",
        "concept": ch.concept.replace("_", " ") if ch else "",
        "status": STATUS_BY_KEY[status[ch.id]] if ch else None,
        "evidence": shown,
        # the quotes not shown above: in the report, collapsed (it is self-contained)
        "more_evidence": [e for e in f.evidence if e not in shown],
        "also": [],  # other findings on the same choice, folded into this row
        "paper_value": a.paper_value if a and a.mismatch else None,
        "code_value": ch.value if ch else None,
        "rule_name": rule.name if rule else "",
        "fix": f.fix or (rule.fix if rule else ""),
        "sev_rank": severity_rank(f.severity),
    }


def _strongest(result: AuditResult, choice_id: str) -> Any:
    a = result.assessment_of(choice_id)
    if a is None or not a.evidence:
        return None
    return sorted(a.evidence, key=lambda e: e.type == "mention")[0]


def fold(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per choice: a finding on a choice that an earlier (more severe) row already
    flags — CH101 "unjustified" beside MM201 "the paper says another value" — is folded into
    that row as an "also", not repeated as a second row on the same line. Suppressed and
    active findings are not folded together."""
    out: list[dict[str, Any]] = []
    first: dict[tuple[str, bool], dict[str, Any]] = {}
    for row in rows:
        f = row["f"]
        key = (f.choice, bool(f.suppressed))
        if f.choice and key in first:
            first[key]["also"].append(row)
            continue
        if f.choice:
            first[key] = row
        out.append(row)
    return out


@dataclass(frozen=True)
class Gate:
    """The run's outcome against ``--fail-on``, stated at the top of the report."""

    fail_on: str
    failing: int  # active findings at least that severe

    @property
    def passed(self) -> bool:
        return self.failing == 0


@dataclass(frozen=True)
class ScopeView:
    """The scope as the report's first card shows it."""

    audited: int
    runs: int
    sentence: str
    left_runs: tuple[tuple[str, int, str], ...]  # (why, how many, examples)
    left_files: int
    left_choices: int


_WHY = {
    "another_method": "other methods the paper compares with",
    "unnamed_method": "methods the paper never names",
    "utility": "export, conversion, measurement and demo scripts",
    "inference": "sampling, inference and evaluation scripts that never train",
    "other_stage": "training stages the paper never describes",
    "unknown_variant": "variants the paper never names",
    "unnamed_folder": "folders the paper does not name",
    "vendored_library": "a copied library's examples and tools",
    "alternative_implementation": "another implementation the runs do not use",
    "named": "not named by --run",
}


def _scope_view(result: AuditResult) -> ScopeView | None:
    s = result.scope
    if s is None or not s.runs:
        return None
    groups: dict[str, list] = {}
    for r in s.runs_out:
        groups.setdefault(r.rule, []).append(r)
    left = tuple(
        (
            _WHY.get(rule, rule),
            len(runs),
            ", ".join(distinct_names(n for r in runs for n in r.names)[:4]),
        )
        for rule, runs in sorted(groups.items(), key=lambda kv: -len(kv[1]))
    )
    return ScopeView(
        audited=sum(1 for r in s.runs if r.audited),
        runs=len(s.runs),
        sentence=scope_text(result),
        left_runs=left,
        left_files=len(s.files),
        left_choices=len(s.choices),
    )


def render(result: AuditResult, *, fail_on: str = "low", **_: object) -> str:
    from dataclasses import replace as _replace

    from paperlint.model import SEVERITIES

    # the choices table and the map show the code the audit covers (the JSON report lists the
    # choices left out too, marked)
    left_out = set(result.scope.choices) if result.scope is not None else set()
    shown_result = (
        _replace(result, choices=tuple(c for c in result.choices if c.id not in left_out))
        if left_out
        else result
    )

    env = _env()
    style = (_TEMPLATES / "report.css").read_text(encoding="utf-8")
    script = (_TEMPLATES / "report.js").read_text(encoding="utf-8")
    data = report_dict(result)
    status = statuses(result)
    choices = choices_by_id(result)
    floor = SEVERITIES.index(fail_on) if fail_on in SEVERITIES else 1
    gate = Gate(
        fail_on,
        sum(1 for f in result.active_findings if SEVERITIES.index(f.severity) >= floor),
    )
    rows = fold(
        [_finding_row(f, result, choices, status, i) for i, f in enumerate(result.findings, 1)]
    )
    finding_of: dict[str, str] = {}
    for row in rows:
        if row["choice"] is not None:
            finding_of.setdefault(row["choice"].id, row["id"])
    choice_rows = [
        {
            "c": c,
            "d": d,
            "status": STATUS_BY_KEY[status[c.id]],
            "finding": finding_of.get(c.id),
            "evidence": _strongest(result, c.id),
        }
        for c, d in zip(result.choices, data["choices"], strict=True)
        if c.id not in left_out
    ]
    chart = _chart(result.summary)
    amap = archmap.build(shown_result, status)
    active_rows = [row for row in rows if not row["f"].suppressed]
    used = {f.rule for f in result.findings}
    csp = (
        "default-src 'none'; "
        f"style-src '{_csp_hash(style)}'; "
        f"script-src '{_csp_hash(script)}'; "
        "img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return env.get_template("report.html.j2").render(
        r=data,
        result=result,
        rows=rows,
        first=active_rows[:FIRST_SCREEN],
        rest=max(0, len(active_rows) - FIRST_SCREEN),
        verdict=verdict(result),
        scope=_scope_view(result),
        listed=listed_text(result),
        left_out=len(left_out),
        gate=gate,
        paper_rows=[row for row in rows if is_paper_level(row["f"])],
        choice_rows=choice_rows,
        chart=chart,
        amap=amap,
        statuses=STATUSES,
        rules=[r for r in rules().values()],
        used_rules=used,
        style=style,
        script=script,
        csp=csp,
        kinds=sorted({row["kind"] for row in rows}),
        severities=[
            x
            for x in ("high", "medium", "low", "info")
            if any(f.severity == x for f in result.findings)
        ],
        files=sorted({row["f"].file for row in rows if row["f"].file}),
        rule_ids=sorted(used),
        languages=sorted({f.language for f in result.files}),
        trace_rows=trace_chart.rows(result),
    )
