"""The first screen: the findings a reviewer reads, one question each, most important first.

After the rules ran, the findings go through three steps:

1. **One setting, many runs.** Findings of one rule on the same setting in several runs (a
   ``BASE_LR`` in nine config files) are one finding, at the value most runs use, naming the
   other values and the runs that use them; a mismatch says which runs disagree with the paper.
   Findings on the same layer argument written in several files (``Dropout(0.1)``) likewise.
2. **One concept, several settings.** The parts of one concept that the code states as several
   settings (a learning-rate schedule's type, milestones, decay factor and warm-up) are one
   question, listing its parts (``rules/ranking/importance.yaml``: ``families``).
3. **Worth a finding.** A minor choice (an evaluation batch size, a logging interval: see
   :mod:`paperlint.ranking`) is listed among the choices and counted, not reported, unless
   ``--all``; the rest is ordered by :func:`paperlint.ranking.order`.

Nothing is cut at a number: what is not reported is counted (:func:`arrange` returns the
counts), and its choices stay in the result.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from paperlint import ranking
from paperlint.model import Assessment, Choice, Finding

#: rules whose findings are about one choice and may be asked once for several
_GROUPED_RULES = frozenset({"CH101", "CH102", "CH103", "MM201"})


@dataclass
class Arranged:
    findings: list[Finding]
    #: what was not reported as a finding of its own: minor choices (listed), findings folded
    #: into another (grouped), by count
    listed: int = 0
    grouped: int = 0
    by_class: dict[str, int] = field(default_factory=dict)


def arrange(
    findings: Sequence[Finding],
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
    *,
    everything: bool = False,
) -> Arranged:
    """Group, weigh and order ``findings`` (see the module's docstring)."""
    before = len(findings)
    minor = ranking.table_rows(choices.values())
    grouped = group_settings(findings, choices, assessments)
    grouped = group_families(grouped, choices)
    folded = before - len(grouped)
    listed = 0
    if not everything:
        kept = []
        for f in grouped:
            if (
                not f.suppressed
                and ranking.finding_class(f, choices, assessments, minor) == "minor"
            ):
                listed += 1
                continue
            kept.append(f)
        grouped = kept
    ordered = ranking.order(grouped, choices, assessments, minor)
    return Arranged(
        ordered,
        listed=listed,
        grouped=folded,
        by_class=ranking.counts_by_class(ordered, choices, assessments, minor),
    )


# ── 1. one setting, many runs ─────────────────────────────────────────────────────────────


def _setting_key(c: Choice) -> tuple[str, ...]:
    if c.setting:
        return ("setting", c.setting.lower(), c.kind)
    if c.source in ("argument", "param") and c.param:
        return ("argument", c.symbol, c.param, c.kind, c.concept, c.value)
    return ("choice", c.kind, c.concept, c.param, c.symbol, c.value, c.source)


def group_settings(
    findings: Sequence[Finding],
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
) -> list[Finding]:
    """One finding per rule and setting (a mismatch: per setting and stated value)."""
    buckets: dict[tuple, list[Finding]] = defaultdict(list)
    order: list[tuple] = []
    for f in findings:
        c = choices.get(f.choice or "")
        if c is None or f.suppressed or f.rule not in _GROUPED_RULES:
            key: tuple = ("alone", id(f))
        else:
            key = (f.rule, *_setting_key(c))
            if f.rule.startswith("MM"):
                a = assessments.get(c.id)
                key = (*key, a.paper_value if a else None)
        if key not in buckets:
            order.append(key)
        buckets[key].append(f)
    out = []
    for key in order:
        members = buckets[key]
        out.append(members[0] if len(members) == 1 else _merge(members, choices))
    return out


def _runs(c: Choice) -> int:
    return len(c.runs)


def _merge(members: list[Finding], choices: Mapping[str, Choice]) -> Finding:
    """One finding for several: anchored at the value most runs use (its first place), the
    others named with their runs."""
    cs = [(f, choices[f.choice]) for f in members if f.choice in choices]
    by_value: dict[str, list[Choice]] = defaultdict(list)
    for _, c in cs:
        by_value[c.value].append(c)
    # the value most runs use, then the most places, then the first place
    main_value = max(
        by_value,
        key=lambda v: (sum(_runs(c) for c in by_value[v]), len(by_value[v]), -_first(by_value[v])),
    )
    anchor_f, anchor = min(
        ((f, c) for f, c in cs if c.value == main_value), key=lambda fc: (fc[1].file, fc[1].line)
    )
    others = [c for _, c in cs if c is not anchor]
    ids = tuple(dict.fromkeys(c.id for c in others if c.id != anchor.id))
    note = _values_note(anchor, by_value, main_value)
    evidence = anchor_f.evidence or next((f.evidence for f in members if f.evidence), ())
    return replace(
        anchor_f,
        message=f"{anchor_f.message} ({note})" if note else anchor_f.message,
        group=tuple(dict.fromkeys((*anchor_f.group, *ids))),
        evidence=evidence,
    )


def _first(cs: list[Choice]) -> int:
    return -min(range(len(cs)), key=lambda i: (cs[i].file, cs[i].line))


def _values_note(anchor: Choice, by_value: dict[str, list[Choice]], main: str) -> str:
    """``set so in 9 runs; 0.02 in fcos_R_101_FPN_2x, 0.005 in 2 runs`` or, for values that are
    not run-specific, ``also at b.py:12 and 2 more places``."""
    runs = sorted({r for c in by_value[main] for r in c.runs})
    parts = []
    if runs:
        parts.append(f"set so in {_n(len(runs), 'run')}")
    else:
        places = [f"{c.file}:{c.line}" for c in by_value[main] if c is not anchor]
        if places:
            parts.append("also at " + _few(places))
    for value, cs in sorted(by_value.items(), key=lambda kv: -len(kv[1])):
        if value == main:
            continue
        vr = sorted({r for c in cs for r in c.runs})
        where = (
            _few([_short(r) for r in vr], 2) if vr else _few([f"{c.file}:{c.line}" for c in cs], 2)
        )
        parts.append(f"`{_clip(value)}` in {where}")
    return "; ".join(parts)


def _short(run: str) -> str:
    """A run's name as a reader recognises it: the config file's name without its folder."""
    head, _, tail = run.rpartition("/")
    return tail or head


def _clip(value: str, n: int = 40) -> str:
    return value if len(value) <= n else value[: n - 1] + "…"


def _few(items: list[str], n: int = 3) -> str:
    items = list(dict.fromkeys(items))
    if len(items) <= n:
        return ", ".join(items)
    return ", ".join(items[:n]) + f" and {len(items) - n} more"


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# ── 2. one concept, several settings ─────────────────────────────────────────────────────────


def group_families(findings: Sequence[Finding], choices: Mapping[str, Choice]) -> list[Finding]:
    """One finding per rule and family (the learning-rate schedule), listing its parts."""
    buckets: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    out: list[Finding | tuple[str, str]] = []
    for f in findings:
        c = choices.get(f.choice or "")
        fam = ranking.family_of(c) if c is not None else None
        if fam is None or f.suppressed or f.rule not in ("CH101", "CH102"):
            out.append(f)
            continue
        key = (f.rule, fam.name)
        if key not in buckets:
            out.append(key)
        buckets[key].append(f)
    result = []
    for item in out:
        if isinstance(item, Finding):
            result.append(item)
            continue
        members = buckets[item]
        if len(members) == 1:
            result.append(members[0])
            continue
        fam = next(x for x in ranking.families() if x.name == item[1])
        result.append(_family_finding(fam, members, choices))
    return result


def _family_finding(
    fam: ranking.Family, members: list[Finding], choices: Mapping[str, Choice]
) -> Finding:
    parts = []
    seen: Counter = Counter()
    for f in members:
        c = choices[f.choice]  # type: ignore[index]
        name = c.setting or c.param or c.symbol or c.concept
        if seen[name]:
            continue
        seen[name] += 1
        parts.append(f"{name.rsplit('.', 1)[-1] if '.' in name else name} `{_clip(c.value, 30)}`")
    anchor = min(members, key=lambda f: (f.file or "", f.line or 0))
    ids = [i for f in members for i in (f.choice, *f.group) if i and i != anchor.choice]
    what = (
        "has no justification and no ablation in the paper"
        if anchor.rule == "CH101"
        else "is justified only by an unshown empirical claim"
    )
    listed = "; ".join(parts[:6]) + (f"; and {len(parts) - 6} more" if len(parts) > 6 else "")
    evidence = next((f.evidence for f in members if f.evidence), ())
    severity = max((f.severity for f in members), key=_SEV.index)
    return replace(
        anchor,
        message=f"the {fam.label} ({listed}) {what}",
        group=tuple(dict.fromkeys(ids)),
        evidence=evidence,
        severity=severity,
        also=(),
    )


_SEV = ("info", "low", "medium", "high")
