"""The first screen: the findings a reviewer reads, one question each, most important first.

After the rules ran, the findings go through three steps:

1. **One setting, many runs.** Findings of one rule on the same setting in several runs (a
   ``BASE_LR`` in nine config files) are one finding, at the value most runs use, naming the
   other values and the runs that use them; a mismatch says which runs disagree with the paper.
   Findings on the same layer argument written in several files (``Dropout(0.1)``) likewise.
2. **One concept, several settings.** The parts of one concept that the code states as several
   settings (a learning-rate schedule's type, milestones, decay factor and warm-up) are one
   question, listing its parts (``rules/ranking/importance.yaml``: ``families``).
3. **One rule, several sentences.** A rule about the paper as a whole that fires on several of
   its sentences (three "significantly better" in a paper without a test) asks one question:
   one finding quoting the first sentence and listing the others with their pages.
4. **Worth a finding.** A minor choice (an evaluation batch size, a logging interval: see
   :mod:`paperlint.ranking`) is listed among the choices and counted, not reported, unless
   ``--all``; the rest is ordered by :func:`paperlint.ranking.order`.

Nothing is cut at a number: what is not reported is counted (:func:`arrange` returns the
counts), and its choices stay in the result.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from paperlint import builtby, notchosen, otherrun, perdevice, ranking, searchnamed, setaside
from paperlint.mainrun import NO_MAIN_RUN, MainRuns
from paperlint.model import Assessment, Choice, Document, Finding

#: rules whose findings are about one choice and may be asked once for several
_GROUPED_RULES = frozenset({"CH101", "CH102", "CH103", "MM201"})
#: the sentences of the paper that describe (not tables, captions, headings or references)
_PROSE = frozenset({"body", "abstract", "footnote"})


@dataclass
class Arranged:
    findings: list[Finding]
    #: what was not reported as a finding of its own: minor choices (listed), findings folded
    #: into another (grouped), by count
    listed: int = 0
    grouped: int = 0
    by_class: dict[str, int] = field(default_factory=dict)
    #: findings set aside by a rule of :mod:`paperlint.setaside`, by rule
    set_aside: dict[str, int] = field(default_factory=dict)
    #: each finding set aside by a rule of :mod:`paperlint.setaside`, with that rule: why the
    #: report does not question a value
    set_aside_findings: list[tuple[Finding, str]] = field(default_factory=list)


def arrange(
    findings: Sequence[Finding],
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
    *,
    everything: bool = False,
    out_of_scope: frozenset[str] = frozenset(),
    audited_runs: frozenset[str] | None = None,
    task: setaside.OtherTask | None = None,
    sites: setaside.CallSites | None = None,
    library: frozenset[str] = frozenset(),
    pretrained: frozenset[str] = frozenset(),
    inert: frozenset[str] = frozenset(),
    reached: frozenset[str] | None = None,
    document: Document | None = None,
    main: MainRuns = NO_MAIN_RUN,
    built: builtby.Built = builtby.NOTHING_BUILT,
) -> Arranged:
    """Weigh, group and order ``findings`` (see the module's docstring). ``out_of_scope``: the
    files the scope leaves out (a notice or a tuning-trace finding in one of them is counted,
    not reported);
    ``audited_runs``: the runs in scope (a value's runs are counted among them); ``library``:
    the choices of a copied library that are its own (:func:`paperlint.scope.library_choices`);
    ``pretrained``: those of a published model's definition
    (:func:`paperlint.scope.pretrained_definitions`); ``inert``: those whose value never takes
    effect in the run (:func:`paperlint.code.inert.inert_choices`); ``reached``: the files the
    audited runs reach (a question about a setting written in several places is asked where a
    run uses it); ``document``: the paper, for the mismatches of another run
    (:func:`paperlint.otherrun.reasons`); ``main``: the paper's main runs
    (:mod:`paperlint.mainrun`): a question several runs share is asked at their value (or in a
    file they reach), the others' listed in it; a setting only the other runs of the same kinds
    take is summarised, not asked; ``built``: the components the audited runs' configs build by
    name (:func:`paperlint.builtby.built_by`): a question about a component's code is asked
    at the entry that builds it."""
    if audited_runs is not None:
        choices = {
            k: replace(c, runs=tuple(r for r in c.runs if r in audited_runs)) if c.runs else c
            for k, c in choices.items()
        }
    minor = ranking.table_rows(choices.values())
    listed = 0
    set_aside: Counter = Counter()
    aside: list[tuple[Finding, str]] = []
    overridden = setaside.overridden_defaults(choices.values()) if not everything else frozenset()
    prose = [s.text for s in document.sentences if s.role in _PROSE] if document else []
    not_chosen = notchosen.reasons(choices.values(), assessments, prose) if not everything else {}
    other_run = otherrun.reasons(choices.values(), assessments, document) if not everything else {}
    kept: list[Finding] = []
    for f in findings:
        why = (
            None
            if everything
            else setaside.reason(
                f,
                choices,
                task=task,
                overridden=overridden,
                sites=sites,
                library=library,
                pretrained=pretrained,
                inert=inert,
                not_chosen=not_chosen,
                other_run=other_run,
            )
        )
        if why is not None:
            set_aside[why] += 1
            aside.append((f, why))
            continue
        if not everything and not f.suppressed and _not_worth(f, choices, assessments, minor):
            listed += 1
            continue
        if (
            not everything
            and (f.rule == "TN902" or f.rule.startswith("TR"))
            and f.file in out_of_scope
        ):
            # a notice about a left-out file, or a search found there (a copied library's
            # example sweep): counted with the rest of that file, not reported
            listed += 1
            continue
        kept.append(f)
    before = len(kept)
    grouped = group_settings(kept, choices, assessments, reached=reached, main=main)
    if not everything and main.others:
        grouped, n = _only_other_runs(grouped, choices, main.others)
        if n:
            set_aside["beside_main_run"] += n
    grouped = group_families(grouped, choices, reached=reached, main=main)
    if not everything:
        grouped = group_concepts(
            grouped, choices, assessments, reached=reached, main=main, built=built
        )
        grouped = group_across_rules(grouped, choices, assessments)
        grouped = group_searches(grouped, choices, assessments, document)
        grouped = group_swapped_components(grouped, choices, assessments)
        grouped = group_setup_borrowed(grouped, choices, assessments, minor)
        grouped = group_notices(grouped)
        grouped = group_paper_claims(grouped)
    ordered = ranking.order(grouped, choices, assessments, minor)
    ordered = perdevice.annotate(ordered, choices, document)
    return Arranged(
        ordered,
        listed=listed,
        grouped=before - len(grouped),
        by_class=ranking.counts_by_class(ordered, choices, assessments, minor),
        set_aside=dict(set_aside),
        set_aside_findings=aside,
    )


def _not_worth(
    f: Finding,
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
    minor: frozenset[str],
) -> bool:
    """A finding not worth one of its own: on a minor choice; or, for an unexplained choice of
    normal importance, one the paper never mentions whose value is a plain one (a reviewer asks
    why a value the paper states has no reason, or why an odd value like 0.37 was picked, not
    about every padding of 1 the paper never names); or an unexplained *absence* (no dropout,
    no schedule, the framework's default initialisation, a dropout or weight decay of 0: see
    :func:`_switched_off`): the code does without a component
    and the paper says nothing of it, so the two agree — an absence is a question when the
    paper states the component, and that is the mismatch (MM201), which is kept; or a setting
    whose whole group the paper says it took from earlier work without naming it there (the
    assessment's ``borrowed``)."""
    if ranking.finding_class(f, choices, assessments, minor) == "minor":
        return True
    c = choices.get(f.choice or "")
    if c is None or f.rule not in ("CH101", "CH102", "CH103"):
        return False
    if c.obviousness == "absent" or _switched_off(c):
        return True
    a = assessments.get(c.id)
    if a is not None and a.borrowed and not a.mismatch:
        # the paper says it took this setting's group from earlier work ("the same
        # hyper-parameters as the original paper"): why the value is what it is, is that work's
        # question; the paper's own choices come first
        return True
    if ranking.tier(c) != "normal" or c.obviousness in ("irregular", "absent"):
        return False
    mentioned = a is not None and (a.mentioned or bool(a.evidence))
    return not mentioned and not ranking.odd_value(c.number)


#: regularisers whose value 0 is their absence written as a value (``dropout=0.0``)
_OFF_AT_ZERO = frozenset({"dropout", "drop_path", "label_smoothing", "weight_decay"})


def _switched_off(c: Choice) -> bool:
    """A regulariser set to 0: no dropout, no weight decay, written as a value. It is an
    absence (see :func:`_not_worth`), not a strength someone tuned."""
    if c.kind not in _OFF_AT_ZERO and c.concept not in _OFF_AT_ZERO:
        return False
    try:
        return float(c.value) == 0.0
    except ValueError:
        return False


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
    *,
    reached: frozenset[str] | None = None,
    main: MainRuns = NO_MAIN_RUN,
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
        out.append(members[0] if len(members) == 1 else _merge(members, choices, reached, main))
    return out


def _only_other_runs(
    findings: Sequence[Finding], choices: Mapping[str, Choice], other_runs: frozenset[str]
) -> tuple[list[Finding], int]:
    """The findings left when those on a setting only runs beside the paper's main run take
    (every value it speaks for sits in such runs: a crop size of the second dataset's configs,
    the depth of the smaller model's) are summarised; and how many were. A mismatch is kept:
    the paper states a value for that setting, and a run it describes that takes another is
    worth asking whichever run it is."""
    kept: list[Finding] = []
    n = 0
    for f in findings:
        cs = [choices[i] for i in (f.choice, *f.group) if i and i in choices]
        if (
            f.rule in _GROUPED_RULES
            and f.rule != "MM201"
            and cs
            and all(c.runs and other_runs.issuperset(c.runs) for c in cs)
        ):
            n += 1
            continue
        kept.append(f)
    return kept, n


def _runs(c: Choice) -> int:
    return len(c.runs)


def _unused(c: Choice, reached: frozenset[str] | None) -> bool:
    """Written where no audited run reaches: another model's file beside the one the runs
    build, a script nothing launches. A question about a setting written in several places is
    anchored where a run uses it."""
    return bool(reached) and not c.runs and c.file not in reached  # type: ignore[operator]


def _in_main(c: Choice, main: MainRuns) -> int:
    """How many of the paper's main runs this value takes effect in; for a value that is no
    run's setting (code), whether a main run reaches its file."""
    if c.runs:
        return len(main.main.intersection(c.runs))
    return int(c.file in main.files)


def _merge(
    members: list[Finding],
    choices: Mapping[str, Choice],
    reached: frozenset[str] | None = None,
    main: MainRuns = NO_MAIN_RUN,
) -> Finding:
    """One finding for several: anchored at the paper's main run's value (see
    :mod:`paperlint.mainrun`), or else at the value most runs use (its first place), the others
    named with their runs."""
    cs = [(f, choices[f.choice]) for f in members if f.choice in choices]
    by_value: dict[str, list[Choice]] = defaultdict(list)
    for _, c in cs:
        by_value[c.value].append(c)
    # the main run's value, then the value most runs use, then the most places, then the first
    main_value = max(
        by_value,
        key=lambda v: (
            sum(_in_main(c, main) for c in by_value[v]),
            sum(_runs(c) for c in by_value[v]),
            len(by_value[v]),
            -_first(by_value[v]),
        ),
    )
    # at the place that takes effect in the main run, else in the most runs (the entry point
    # the configs run, not another script that defines a setting of the same name), then the
    # first place
    anchor_f, anchor = min(
        ((f, c) for f, c in cs if c.value == main_value),
        key=lambda fc: (
            _unused(fc[1], reached),
            -_in_main(fc[1], main),
            -_runs(fc[1]),
            fc[1].file,
            fc[1].line,
        ),
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


def group_families(
    findings: Sequence[Finding],
    choices: Mapping[str, Choice],
    *,
    reached: frozenset[str] | None = None,
    main: MainRuns = NO_MAIN_RUN,
) -> list[Finding]:
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
        result.append(_family_finding(fam, members, choices, reached, main))
    return result


def _family_finding(
    fam: ranking.Family,
    members: list[Finding],
    choices: Mapping[str, Choice],
    reached: frozenset[str] | None = None,
    main: MainRuns = NO_MAIN_RUN,
) -> Finding:
    parts = []
    seen: Counter = Counter()
    for f in members:
        c = choices[f.choice]  # type: ignore[index]
        name = c.setting or c.param or c.symbol or c.concept
        if seen[name]:
            continue
        seen[name] += 1
        if _plain(c):
            parts.append(f"{name.rsplit('.', 1)[-1]} `{_clip(c.value, 30)}`")
    anchor = min(
        members,
        key=lambda f: (
            _unused(choices[f.choice], reached),  # type: ignore[index]
            -_in_main(choices[f.choice], main),  # type: ignore[index]
            f.file or "",
            f.line or 0,
        ),
    )
    what = (
        "no justification and no ablation in the paper"
        if anchor.rule == "CH101"
        else "justified only by an unshown empirical claim"
    )
    listed = ", ".join(parts[:6]) + (f" and {len(parts) - 6} more" if len(parts) > 6 else "")
    evidence = next((f.evidence for f in members if f.evidence), ())
    return replace(
        _speaking_for(anchor, members),
        message=f"the {fam.label}: {listed} — {what}",
        evidence=evidence,
    )


_SEV = ("info", "low", "medium", "high")


# ── 3. one question per concept ──────────────────────────────────────────────────────────────


#: concepts asked as one question: a loss's reduction (``reduction="sum"``) and what the
#: reduced loss is divided by (``/ num_pos``) say together how the loss is averaged
_ONE_QUESTION = {"loss_reduction": "loss_normalization"}


def _concept_key(c: Choice) -> str:
    key = c.kind if c.kind != "other" else c.concept
    return _ONE_QUESTION.get(key, key)


def _concept_label(c: Choice) -> str:
    return _concept_key(c).replace("_", " ").replace(".", " ")


_EXPRESSION = re.compile(r"\bself\.|\bconfig\.|\bargs\.|\bcfg\.| // | \+ | - |\blen\(|^parameter ")


def _plain(c: Choice) -> bool:
    """A value worth quoting in a list: written out, not an expression of other settings."""
    return c.resolved and not _EXPRESSION.search(c.value)


def group_concepts(
    findings: Sequence[Finding],
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
    *,
    reached: frozenset[str] | None = None,
    main: MainRuns = NO_MAIN_RUN,
    built: builtby.Built = builtby.NOTHING_BUILT,
) -> list[Finding]:
    """One question per concept the paper leaves unexplained: the widths written in six configs
    and two model files are asked as one ("why these widths?"), listing the values. A question
    whose members are the code of a component a run's config builds (a flip transform's
    ``__call__``) is asked at the run's setting of it (``dict(type='RandomFlip', prob=0.5)``):
    that is what the run chose (:mod:`paperlint.builtby`)."""

    def key_of(f: Finding) -> tuple | None:
        c = choices.get(f.choice or "")
        if (
            c is None
            or f.suppressed
            or f.rule not in ("CH101", "CH102", "MM201")
            or c.obviousness in ("irregular", "absent")
            or (f.rule != "MM201" and ranking.family_of(c) is not None)  # asked with its family
        ):
            return None
        if f.rule == "MM201":  # one question per concept and value the paper states
            a = assessments.get(c.id)
            return (f.rule, _concept_key(c), a.paper_value if a else "")
        return (f.rule, _concept_key(c))

    def merge(members: list[Finding]) -> Finding:
        if len(members) == 1:
            return members[0]
        return _concept_finding(members, choices, assessments, reached, main, built)

    return _grouped(findings, key_of, merge)


def _grouped(
    findings: Sequence[Finding],
    key_of: Callable[[Finding], Hashable | None],
    merge: Callable[[list[Finding]], Finding],
) -> list[Finding]:
    """The findings that share a key become one (``merge``), in the place of the first of
    them; a finding with no key keeps its place."""
    buckets: dict[Hashable, list[Finding]] = defaultdict(list)
    order: list[tuple[bool, Any]] = []  # (is a key, the key or the finding)
    for f in findings:
        key = key_of(f)
        if key is None:
            order.append((False, f))
            continue
        if key not in buckets:
            order.append((True, key))
        buckets[key].append(f)
    return [merge(buckets[item]) if is_key else item for is_key, item in order]


def _concept_finding(
    members: list[Finding],
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
    reached: frozenset[str] | None = None,
    main: MainRuns = NO_MAIN_RUN,
    built: builtby.Built = builtby.NOTHING_BUILT,
) -> Finding:
    from paperlint.engine import looks_hand_tuned

    # a run's own setting leads over the code of a component a run's config builds
    run_set = any(choices[f.choice].runs for f in members)  # type: ignore[index]

    def weight(f: Finding) -> tuple:
        c = choices[f.choice]  # type: ignore[index]
        a = assessments.get(c.id)
        mentioned = a is not None and (a.mentioned or bool(a.evidence))
        return (
            _unused(c, reached),
            run_set and bool(builtby.entries_of(c, built)),
            f.rule == "MM201" and not _named_as_stated(c, a),
            not any(_in_main(choices[i], main) for i in (c.id, *f.group) if i in choices),
            not mentioned,
            -(len(c.runs) + len(f.group)),
            not looks_hand_tuned(c.number),
            c.file,
            c.line,
        )

    ordered = sorted(members, key=weight)
    c0 = choices[ordered[0].choice]  # type: ignore[index]
    label = ""
    lead = _run_setting(ordered[0], choices, main, built) if ordered[0].rule != "MM201" else None
    if lead is not None:
        entry, first = lead
        label = f"{entry.component} "
        ordered = [first, *ordered]
    anchor = ordered[0]
    shown = [f for f in ordered if _plain(choices[f.choice])]  # type: ignore[index]
    if not shown:
        # no value is written out (residual sums, widths computed from settings): name the
        # first expressions, so that the question says what it is about
        shown = ordered[:2]
    parts = []
    for f in shown[:4]:
        c = choices[f.choice]  # type: ignore[index]
        name = (c.setting or c.param or "").rsplit(".", 1)[-1]
        name = (label if f is anchor else "") + name
        parts.append(f"{name + ' ' if name else ''}{_per_run(c, f, choices)}")
    more = len(ordered) - len(parts)
    listed = ", ".join(parts) + (f" and {_n(more, 'other place')}" if more > 0 else "")
    if anchor.rule == "MM201":
        a = assessments.get(c0.id)
        stated = a.paper_value if a and a.paper_value else "another value"
        message = f"paper says {stated} for {_concept_label(c0)}, code uses {listed}"
    else:
        what = (
            "no justification and no ablation in the paper"
            if anchor.rule == "CH101"
            else "justified only by an unshown empirical claim"
        )
        message = f"{_concept_label(c0)}: {listed} — {what}"
    return replace(_speaking_for(anchor, ordered), message=message)


def _run_setting(
    f: Finding,
    choices: Mapping[str, Choice],
    main: MainRuns,
    built: builtby.Built,
) -> tuple[builtby.Entry, Finding] | None:
    """When ``f`` is on the code of a component the runs' configs build by name, the runs'
    setting of it as the question's lead: the value written in the entry that builds it, in the
    paper's main run (else the most runs), with the entries that write the same key in its
    group; None when no entry writes a setting (``dict(type='PhotoMetricDistortion')``)."""
    c = choices.get(f.choice or "")
    entries = builtby.entries_of(c, built) if c is not None else ()
    found = builtby.run_settings(entries, choices.values(), built) if entries else []
    if not found:
        return None
    entry, lead = min(
        found, key=lambda ec: (-_in_main(ec[1], main), -_runs(ec[1]), ec[1].file, ec[1].line)
    )
    key = lead.setting.rpartition(".")[2]
    same = [s.id for _, s in found if s is not lead and s.setting.rpartition(".")[2] == key]
    return entry, replace(
        f,
        choice=lead.id,
        file=lead.file,
        line=lead.line,
        group=tuple(dict.fromkeys(same)),
        also=(),
    )


def _per_run(c: Choice, f: Finding, choices: Mapping[str, Choice]) -> str:
    """A setting's value where it is set and, when the runs grouped with it set it otherwise,
    theirs: ```16` at a_ade.yaml:3 (`8` in b_city.yaml)``."""
    same = [c, *(choices[g] for g in f.group if g in choices and choices[g].value == c.value)]
    runs = sorted({r for x in same for r in x.runs})
    where = f"in {len(runs)} runs" if len(runs) > 1 else f"at {c.file}:{c.line}"
    others: dict[str, set[str]] = defaultdict(set)
    for g in f.group:
        x = choices.get(g)
        if x is not None and x.value != c.value and x.runs:
            others[x.value].update(x.runs)
    if not others:
        return f"`{_clip(c.value, 30)}` {where}"
    listed = "; ".join(
        f"`{_clip(v, 20)}` in {_few([_short(r) for r in sorted(rs)], 2)}"
        for v, rs in sorted(others.items(), key=lambda kv: -len(kv[1]))
    )
    return f"`{_clip(c.value, 30)}` {where} ({listed})"


def _words(text: str) -> set[str]:
    return {
        w[:-1] if len(w) > 3 and w.endswith("s") else w
        for w in re.split(r"[\W_]+", text.lower())
        if w
    }


def _named_as_stated(c: Choice, a: Assessment | None) -> bool:
    """The setting's name uses the word the paper's statement names it by (``n_epochs`` for
    "400 epochs", not a baseline's ``iterations`` grouped with it): a mismatch of several
    settings is led by the one the statement is about."""
    if a is None:
        return False
    cues = {w for e in a.evidence if e.type == "mention" for w in _words(e.cue)}
    return bool(cues & _words(c.setting or c.param or c.symbol))


def group_across_rules(
    findings: Sequence[Finding],
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
) -> list[Finding]:
    """A concept the code and the paper disagree on is asked once: the finding that a batch
    size has no justification joins the finding that it differs from the paper's (the mismatch
    is the question; "why 32?" is part of it), and so does a second mismatch of the concept
    against the same stated value (no initialisation applied; an initialiser never called)."""
    first: dict[str, Finding] = {}
    for f in findings:
        c = choices.get(f.choice or "")
        if c is not None and f.rule == "MM201" and not f.suppressed:
            first.setdefault(_concept_key(c), f)
    if not first:
        return list(findings)

    def stated(f: Finding) -> str | None:
        a = assessments.get(f.choice or "")
        return a.paper_value if a is not None else None

    joined: dict[int, list[str]] = defaultdict(list)
    out: list[Finding] = []
    for f in findings:
        c = choices.get(f.choice or "")
        target = first.get(_concept_key(c)) if c is not None and not f.suppressed else None
        joins = (
            target is not None
            and target is not f
            and (
                (
                    f.rule in ("CH101", "CH102", "CH103")
                    and c.obviousness not in ("irregular", "absent")
                )
                or (f.rule == "MM201" and stated(f) == stated(target))
            )
        )
        if not joins:
            out.append(f)
            continue
        joined[id(target)].extend(i for i in (f.choice, *f.group) if i)
    return [
        replace(f, group=tuple(dict.fromkeys((*f.group, *joined[id(f)])))) if joined[id(f)] else f
        for f in out
    ]


_NUMBER = re.compile(r"^[\d.eE+-]+$")


def _component_name(value: str | None) -> str:
    """A value that names a component (``'gru'``, ``LSTM``), lower-cased; "" for a number."""
    v = (value or "").strip().strip("'\"").lower()
    return "" if not v or _NUMBER.match(v) else v


def group_swapped_components(
    findings: Sequence[Finding],
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
) -> list[Finding]:
    """A component the paper names that the code swaps for another (the paper's LSTM, the
    code's GRU) is one question wherever the code writes it: in a flag's default and in the
    layers that hard-code it. Mismatches with the same named paper value and the same named
    code value join the first; numbers are not joined (two settings may share a value by
    chance)."""
    first: dict[tuple[str, str], Finding] = {}
    joined: dict[int, list[Finding]] = defaultdict(list)
    out: list[Finding] = []
    for f in findings:
        c = choices.get(f.choice or "")
        a = assessments.get(f.choice or "")
        if c is None or a is None or f.rule != "MM201" or f.suppressed:
            out.append(f)
            continue
        key = (_component_name(a.paper_value), _component_name(c.value))
        if not all(key):
            out.append(f)
            continue
        target = first.setdefault(key, f)
        if target is f:
            out.append(f)
        else:
            joined[id(target)].append(f)
    result = []
    for f in out:
        extra = joined.get(id(f))
        if not extra:
            result.append(f)
            continue
        ids = [i for x in extra for i in (x.choice, *x.group) if i]
        swapped = _component_name(choices[f.choice].value) if f.choice in choices else ""
        places = _few(
            [
                f"{choices[i].file}:{choices[i].line}"
                for i in dict.fromkeys(ids)
                if i in choices and _component_name(choices[i].value) == swapped
            ],
            3,
        )
        result.append(
            replace(
                f,
                message=f"{f.message} (the same at {places})" if places else f.message,
                group=tuple(dict.fromkeys((*f.group, *ids))),
            )
        )
    return result


# ── 3a. a search the paper names ──────────────────────────────────────────────────────────────


def _search_sentence(
    f: Finding, assessments: Mapping[str, Assessment], document: Document | None
) -> tuple[int, str, str] | None:
    """The statement a CH102 finding rests on when it names a search (see
    :mod:`paperlint.searchnamed`): its page, its text, and its text with the sentences after it
    that may give the search's details."""
    if f.rule != "CH102" or f.suppressed:
        return None
    a = assessments.get(f.choice or "")
    if a is None or a.justification != "empirical_claim":
        return None
    for e in a.evidence:
        if e.type != "justification":
            continue
        if document is not None and 0 <= e.sentence < len(document.sentences):
            text = document.sentences[e.sentence].text
            around = searchnamed.details(document, e.sentence)
        else:
            text = around = e.quote
        if searchnamed.names_search(text):
            return e.page, text, around
    return None


def _searched_settings(members: Sequence[Finding], choices: Mapping[str, Choice]) -> list[str]:
    """Each setting the findings speak for, named once, with its value(s) and where: ``lr
    `1e-05` in 5 runs``, ``epochs `30` at a.sh:4 (`80` in b.sh)``."""
    by_name: dict[str, list[Choice]] = defaultdict(list)
    for f in members:
        for i in (f.choice, *f.group):
            c = choices.get(i or "")
            if c is not None:
                name = (c.setting or c.param or "").rsplit(".", 1)[-1] or c.concept or c.kind
                by_name[name].append(c)
    parts = []
    for name, cs in by_name.items():
        by_value: dict[str, set[str]] = defaultdict(set)
        for c in cs:
            by_value[c.value].update(c.runs)
        value = max(by_value, key=lambda v: len(by_value[v]))
        first = next(c for c in cs if c.value == value)
        runs = by_value[value]
        where = f"in {len(runs)} runs" if len(runs) > 1 else f"at {first.file}:{first.line}"
        others = [
            f"`{_clip(v, 20)}` in {_few([_short(r) for r in sorted(rs)], 2)}"
            if rs
            else f"`{_clip(v, 20)}`"
            for v, rs in sorted(by_value.items(), key=lambda kv: -len(kv[1]))
            if v != value
        ]
        more = f" ({'; '.join(others)})" if others else ""
        parts.append(f"{name} `{_clip(value, 30)}` {where}{more}")
    return parts


def group_searches(
    findings: Sequence[Finding],
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
    document: Document | None = None,
) -> list[Finding]:
    """The settings whose only support is one sentence naming a search ("we sweep learning
    rate, epochs and batch size") are one question: the search itself — which values, which
    criterion, which split, whatever the sentence and the two after it leave out — citing the
    sentence and listing the settings' values, not one "justified only by an empirical claim"
    per setting. Findings that rest on another kind of empirical claim ("we found 0.3 works
    best") are asked as before."""

    def key_of(f: Finding) -> tuple[int, str] | None:
        hit = _search_sentence(f, assessments, document) if f.choice in choices else None
        return hit[:2] if hit else None

    def merge(members: list[Finding]) -> Finding:
        page, text, around = _search_sentence(members[0], assessments, document)  # type: ignore[misc]
        ordered = ranking.order(members, choices, assessments)
        parts = _searched_settings(ordered, choices)
        listed = ", ".join(parts[:5]) + (f" and {len(parts) - 5} more" if len(parts) > 5 else "")
        quote = _clip(" ".join(text.split()), 160)
        ask = ", ".join(searchnamed.missing_parts(around))
        message = (
            f"{listed}: the paper says it searched for "
            f'{"these" if len(parts) > 1 else "this"} ("{quote}", p. {page}) but shows no '
            f"search — {ask}?"
        )
        merged = _speaking_for(ordered[0], members)
        return replace(merged, message=message, also=() if len(members) > 1 else merged.also)

    return _grouped(findings, key_of, merge)


# ── 3b. settings taken from earlier work in general terms ─────────────────────────────────────


def group_setup_borrowed(
    findings: Sequence[Finding],
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
    minor: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The unexplained settings whose values the paper says, in general terms, it takes from
    earlier work ("we followed the same setup as in the original paper [6]") are one question
    per work they come from (two statements citing the same reference are one question): which
    of them come from there? Anchored at the one a reviewer would ask first
    (:func:`paperlint.ranking.order`), listing the others."""

    def key_of(f: Finding) -> str | None:
        if (
            f.suppressed
            or f.choice not in choices
            or ranking.finding_class(f, choices, assessments, minor) != "borrowed"
        ):
            return None
        return _borrowed_from(ranking.setup_borrowed(f, assessments)) or None

    def merge(members: list[Finding]) -> Finding:
        cue = ranking.setup_borrowed(members[0], assessments)
        return _setup_finding(cue, ranking.order(members, choices, assessments, minor), choices)

    return _grouped(findings, key_of, merge)


#: the reference a borrowing statement cites: its last numbered marker ("[15]", "[3, 4]")
_REFERENCE_MARKER = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]")


def _borrowed_from(cue: str) -> str:
    """The work a borrowing statement's cue takes the setup from: its reference marker, else
    the cue itself (its page left off)."""
    markers = _REFERENCE_MARKER.findall(cue)
    if markers:
        return markers[-1]
    return re.sub(r"\s*\(p\. \d+\)$", "", cue)


def _setup_finding(cue: str, members: list[Finding], choices: Mapping[str, Choice]) -> Finding:
    anchor = members[0]
    parts = []
    for f in members:
        c = choices[f.choice]  # type: ignore[index]
        name = (c.setting or c.param or "").rsplit(".", 1)[-1] or c.concept or c.kind
        parts.append(f"{name} `{_clip(c.value, 30)}`")
    parts = list(dict.fromkeys(parts))
    listed = ", ".join(parts[:5]) + (f" and {len(parts) - 5} more" if len(parts) > 5 else "")
    which = "which of these come" if len(members) > 1 else "does it come"
    message = (
        f"{listed}: no reason in the paper beyond its general statement that it takes its setup "
        f'from earlier work ("{cue}") — {which} from there?'
    )
    merged = _speaking_for(anchor, members)
    return replace(merged, message=message, also=() if len(members) > 1 else anchor.also)


def _speaking_for(anchor: Finding, members: Sequence[Finding]) -> Finding:
    """``anchor`` as the one finding for all ``members``: their choices in its group, the most
    severe of their severities, none of the anchor's own asides."""
    ids = [i for f in members for i in (f.choice, *f.group) if i and i != anchor.choice]
    severity = max((f.severity for f in members), key=_SEV.index)
    return replace(anchor, group=tuple(dict.fromkeys(ids)), severity=severity, also=())


# ── 4. notices ───────────────────────────────────────────────────────────────────────────────


def group_notices(findings: Sequence[Finding]) -> list[Finding]:
    """The inputs that could not be audited, as one notice (each is named on standard error and
    in the report's list of skipped inputs)."""
    skipped = [f for f in findings if f.rule == "TN902" and not f.suppressed]
    if len(skipped) <= 1:
        return list(findings)
    first = skipped[0]
    names = _few([f.file or "?" for f in skipped], 4)
    merged = replace(
        first,
        message=f"{len(skipped)} inputs could not be audited or only in part: {names}",
        file=None,
        line=None,
    )
    out = []
    for f in findings:
        if f is first:
            out.append(merged)
        elif f not in skipped:
            out.append(f)
    return out


# ── 5. paper-level questions ─────────────────────────────────────────────────────────────────


def _about_paper(f: Finding) -> bool:
    return f.choice is None and f.file is None and not f.suppressed and bool(f.evidence)


def group_paper_claims(findings: Sequence[Finding]) -> list[Finding]:
    """The findings of one paper-level rule on several sentences, as one finding: the first
    one's message, then the other sentences' cues and pages; its evidence quotes them all."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if _about_paper(f):
            by_rule[f.rule].append(f)
    merged: dict[int, Finding] = {}
    dropped: set[int] = set()
    for members in by_rule.values():
        if len(members) < 2:
            continue
        first, rest = members[0], members[1:]
        others = [
            f'"{e.cue}" (p. {e.page})' if e.cue else f"p. {e.page}"
            for f in rest
            for e in f.evidence[:1]
        ]
        more = _n(len(rest), "more sentence")
        merged[id(first)] = replace(
            first,
            message=f"{first.message.rstrip('.')} — and {more} like it: {_few(others, 4)}",
            evidence=tuple(e for f in members for e in f.evidence),
        )
        dropped.update(id(f) for f in rest)
    return [merged.get(id(f), f) for f in findings if id(f) not in dropped]
