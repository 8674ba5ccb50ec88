"""What a reviewer asks first: how much a choice decides the result, and the order of findings.

The importance of a choice is data (``rules/ranking/importance.yaml``): *major* choices control
what is learned (the learning rate and its schedule, the loss, the model's size, the
regularisation), *minor* ones do not (an evaluation batch size, a logging interval, a module
switch), *normal* is the rest. Findings are ordered by one function, :func:`order`, whose key is

    class          0 a mismatch the paper states plainly (a named setting, a resolved value)
                   1 what the paper's results lack that every review checks (no variability,
                     no significance test, no ablation, selection on the test set: the
                     ``reporting`` rules of importance.yaml)
                   2 irregular or absent structure (a pattern broken, a component missing)
                   3 an unexplained choice that controls the result (major)
                   4 the paper's other statistical reporting (ST3xx)
                   5 any other mismatch
                   6 any other unexplained choice, a magic constant
                   7 an unexplained choice whose value the paper says, in general terms, it
                     takes from earlier work ("the same setup as the original paper"): asked
                     after the choices with no statement at all
                   8 tool notices (TN9xx)
                   9 a minor choice (reported only with ``--all``)
    then           severity, how non-obvious the value is (a hand-tuned 0.37 before a round 0.1),
                   whether the paper mentions it (a stated but unexplained value before one it
                   never mentions), confidence, how many runs the finding covers, file and line
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from paperlint import resources
from paperlint.model import CONFIDENCES, SEVERITIES, Assessment, Choice, Finding

TIERS = ("major", "normal", "minor")

#: the classes of :func:`order`, by name (the reports say which class a finding is in)
CLASSES = (
    "mismatch",
    "reporting",
    "structure",
    "major",
    "statistics",
    "other_mismatch",
    "normal",
    "borrowed",
    "notice",
    "minor",
)


@functools.cache
def importance() -> dict[str, Any]:
    return resources.load_yaml("ranking/importance.yaml")


@functools.cache
def _sets() -> dict[str, frozenset[str]]:
    t = importance()["tiers"]
    return {
        "major_kinds": frozenset(t["major"]["kinds"]),
        "major_concepts": frozenset(t["major"]["concepts"]),
        "minor_keys": frozenset(t["minor"]["keys"]),
        "minor_kinds": frozenset(t["minor"].get("kinds") or ()),
        "minor_concepts": frozenset(t["minor"].get("concepts") or ()),
    }


def key_words(choice: Choice) -> set[str]:
    """The words of a choice's setting name: ``TEST.IMS_PER_BATCH`` → test, ims, per, batch."""
    name = choice.setting or choice.param or ""
    if not name and choice.source in ("config", "argparse", "dict", "field", "attr", "launch"):
        name = choice.symbol
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return {w for w in re.split(r"[^a-z0-9]+", name.lower()) if w}


def tier(choice: Choice) -> str:
    """``major``, ``normal`` or ``minor``: the first rule of importance.yaml that matches."""
    s = _sets()
    if choice.concept in s["major_concepts"]:
        return "major"
    if key_words(choice) & s["minor_keys"]:
        return "minor"
    if choice.kind in s["major_kinds"] or family_of(choice) is not None:
        return "major"  # a part of the lr schedule (its milestones) is as major as the schedule
    if choice.kind in s["minor_kinds"] or choice.concept in s["minor_concepts"]:
        return "minor"
    if choice.kind == "other" and choice.value in ("True", "False", "true", "false"):
        return "minor"  # a switch of unknown meaning: the design is in the code it selects
    return "normal"


@functools.cache
def reporting_rules() -> frozenset[str]:
    """The paper-wide rules asked right after the plain mismatches (importance.yaml)."""
    return frozenset(importance().get("reporting", {}).get("rules") or ())


def tier_reason(name: str) -> str:
    return " ".join(str(importance()["tiers"][name]["reason"]).split())


@dataclass(frozen=True)
class Family:
    """Settings that state one thing several ways (a learning-rate schedule's parts)."""

    name: str
    label: str
    kinds: frozenset[str]
    concepts: frozenset[str]
    keys: frozenset[str]


@functools.cache
def families() -> tuple[Family, ...]:
    out = []
    for name, f in (importance().get("families") or {}).items():
        out.append(
            Family(
                name,
                str(f["label"]),
                frozenset(f.get("kinds") or ()),
                frozenset(f.get("concepts") or ()),
                frozenset(f.get("keys") or ()),
            )
        )
    return tuple(out)


def family_of(choice: Choice) -> Family | None:
    """The family a choice is a part of, if any (``SOLVER.GAMMA`` → the lr schedule): by its
    kind or concept, or, for a setting of kind ``other``, by the words of its name (a key
    ``solver+steps`` needs both words)."""
    words = key_words(choice)
    for f in families():
        if choice.kind in f.kinds or choice.concept in f.concepts:
            return f
        if choice.kind == "other" and any(set(k.split("+")) <= words for k in f.keys):
            return f
    return None


def odd_value(number: float | None) -> bool:
    """A value that looks picked by a search (0.37, 0.0195, 50001), not a round or a
    hardware-friendly one (0.1, 768 = 3 × 256, 1024): :func:`paperlint.engine.looks_hand_tuned`
    with multiples of 16 counted as round."""
    from paperlint.engine import looks_hand_tuned

    if number is None or not looks_hand_tuned(number):
        return False
    return not (float(number).is_integer() and int(number) % 16 == 0)


# ── the order ────────────────────────────────────────────────────────────────────────────────


def finding_tier(
    f: Finding, choices: Mapping[str, Choice], minor: frozenset[str] = frozenset()
) -> str:
    """The most important tier among the choices a finding speaks for (``minor``: ids of
    choices known to be minor from their context, such as the rows of a table)."""
    members = [choices[i] for i in (f.choice, *f.group) if i and i in choices]
    if not members:
        return "normal"
    return min(("minor" if c.id in minor else tier(c) for c in members), key=TIERS.index)


_TEXT_VALUE = re.compile(r"""^\s*(['"].*['"]|[A-Za-z_][\w./-]*)\s*$""")


def table_rows(choices: Iterable[Choice]) -> frozenset[str]:
    """Ids of choices that are rows of a table rather than settings: a file (or dict) of many
    entries of kind ``other`` whose values are mostly text (a map of checkpoint names, a table
    of package versions, dataset paths): data the code looks up, not choices."""
    by_file: dict[str, list[Choice]] = {}
    for c in choices:
        if c.kind == "other" and c.source in ("config", "dict", "field", "attr"):
            by_file.setdefault(c.file, []).append(c)
    out: set[str] = set()
    for cs in by_file.values():
        if len(cs) < 8:
            continue
        text = [c for c in cs if _TEXT_VALUE.match(c.value) and c.value not in _WORDS]
        if len(text) >= 0.75 * len(cs):
            out.update(c.id for c in cs)
    return frozenset(out)


_WORDS = frozenset({"True", "False", "None", "true", "false", "null", "none"})


def _plain_mismatch(c: Choice | None, a: Assessment | None) -> bool:
    """A mismatch the paper states plainly: a setting of a named kind, a value the code fixes,
    and the value read from a sentence (not only a table or a mention)."""
    if c is None or a is None:
        return False
    return (
        c.kind != "other"
        and c.resolved
        and c.obviousness != "default"
        and any(e.type == "value" for e in a.evidence)
    )


def finding_class(
    f: Finding,
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
    minor: frozenset[str] = frozenset(),
) -> str:
    """Which of :data:`CLASSES` a finding is in."""
    c = choices.get(f.choice or "")
    t = finding_tier(f, choices, minor)
    if f.rule.startswith("TN"):
        return "notice"
    if f.rule in reporting_rules():
        return "reporting"
    if f.rule.startswith("ST"):
        return "statistics"
    if t == "minor":
        return "minor"
    if f.rule.startswith("MM"):
        a = assessments.get(f.choice or "")
        return "mismatch" if _plain_mismatch(c, a) else "other_mismatch"
    if c is not None and c.obviousness in ("irregular", "absent"):
        return "structure"
    if f.rule in ("CH101", "CH102", "CH103") and setup_borrowed(f, assessments):
        return "borrowed"
    if t == "major" and f.rule in ("CH101", "CH102"):
        return "major"
    return "normal"


def setup_borrowed(f: Finding, assessments: Mapping[str, Assessment]) -> str:
    """The statement (its cue) by which the paper takes every choice the finding speaks for from
    earlier work in general terms (:attr:`Assessment.setup_from`), or ""."""
    cues = [
        a.setup_from if a is not None else ""
        for a in (assessments.get(i) for i in (f.choice, *f.group) if i)
    ]
    return cues[0] if cues and all(cues) else ""


def order(
    findings: Iterable[Finding],
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
    minor: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The findings in the order a reviewer would ask them: see the module's docstring."""
    from paperlint.engine import salience

    def key(f: Finding) -> tuple[Any, ...]:
        c = choices.get(f.choice or "")
        a = assessments.get(f.choice or "")
        # a question led by a run's setting the paper does not name itself (a flip's `prob`)
        # quotes the paper's mention of what it is about: the paper mentions the question
        mentioned = bool(a is not None and (a.mentioned or a.evidence)) or any(
            e.type == "mention" for e in f.evidence
        )
        return (
            CLASSES.index(finding_class(f, choices, assessments, minor)),
            -SEVERITIES.index(f.severity),
            -salience(c),
            not mentioned,
            -CONFIDENCES.index(f.confidence),
            -len(f.group),
            f.file or "",
            f.line or 0,
            f.rule,
        )

    return sorted(findings, key=key)


def counts_by_class(
    findings: Sequence[Finding],
    choices: Mapping[str, Choice],
    assessments: Mapping[str, Assessment],
    minor: frozenset[str] = frozenset(),
) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in findings:
        k = finding_class(f, choices, assessments, minor)
        out[k] = out.get(k, 0) + 1
    return out
