"""Baselines: the findings a repository has accepted, so it can adopt paperlint and fail only
on new ones (``--write-baseline FILE``, then ``--baseline FILE``).

A finding is keyed by its fingerprint, which names the rule and *what* was flagged (the file,
kind, concept, parameter, scope and value of a choice; the quoted sentence of a paper finding)
but never a line number, so moving code does not invalidate the baseline while changing a value
does. Identical findings (two ``Dropout(0.3)`` in one constructor) share a fingerprint, so the
file stores a count and each entry accepts at most that many findings, as bandit does.

The file is JSON, sorted, without line numbers, so it diffs well under version control::

    {"schema": "paperlint-baseline/1", "tool_version": "...",
     "findings": [{"fingerprint": "...", "rule": "CH101", "file": "model.py",
                   "message": "...", "count": 1}, ...]}
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from paperlint import __version__
from paperlint.errors import PaperlintError
from paperlint.model import Finding

SCHEMA = "paperlint-baseline/1"
PREFIX = "baseline"  # Finding.suppressed starts with this for findings the baseline accepted


@dataclass(frozen=True)
class Baseline:
    path: str
    counts: dict[str, int] = field(default_factory=dict)  # fingerprint → accepted findings


def dumps(findings: Iterable[Finding]) -> str:
    """The baseline file accepting every active finding of ``findings``."""
    entries: dict[str, dict[str, Any]] = {}
    for f in findings:
        if f.suppressed:
            continue
        e = entries.setdefault(
            f.fingerprint,
            {
                "fingerprint": f.fingerprint,
                "rule": f.rule,
                "file": f.file,
                "message": f.message,
                "count": 0,
            },
        )
        e["count"] += occurrences(f)
    rows = sorted(
        entries.values(), key=lambda e: (e["file"] or "", e["rule"], e["message"], e["fingerprint"])
    )
    data = {"schema": SCHEMA, "tool_version": __version__, "findings": rows}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def occurrences(f: Finding) -> int:
    """How many findings one reported finding stands for: itself, the other lines of the same
    choice (``also``) and the other choices asked in the same question (``group``: the same
    setting in other runs, the parts of one schedule, a concept's unexplained value beside its
    mismatch)."""
    return 1 + len(f.also) + len(f.group)


def load(path: str | Path) -> Baseline:
    """A baseline file. Raises PaperlintError E004 when it is missing or malformed."""
    shown = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PaperlintError(
            "E004", shown, "baseline file not found", "write one with --write-baseline FILE"
        ) from None
    except OSError as e:
        raise PaperlintError("E004", shown, f"cannot read the baseline: {e.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise PaperlintError("E004", shown, f"baseline is not valid JSON: {e}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise PaperlintError("E004", shown, f"not a {SCHEMA} file (no matching 'schema' key)")
    rows = data.get("findings")
    if not isinstance(rows, list):
        raise PaperlintError("E004", shown, "'findings' must be a list")
    counts: Counter[str] = Counter()
    for i, row in enumerate(rows):
        fp = row.get("fingerprint") if isinstance(row, dict) else None
        count = row.get("count", 1) if isinstance(row, dict) else None
        if not isinstance(fp, str) or not fp:
            raise PaperlintError("E004", shown, f"findings[{i}] has no fingerprint")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise PaperlintError("E004", shown, f"findings[{i}].count must be a positive integer")
        counts[fp] += count
    return Baseline(shown, dict(counts))


def apply(findings: Iterable[Finding], baseline: Baseline) -> tuple[list[Finding], dict[str, Any]]:
    """Mark the findings the baseline accepts as suppressed; also return figures for the
    summary (how many it matched, and how many of its entries no longer occur)."""
    left = Counter(baseline.counts)
    out = []
    matched = 0
    for f in findings:
        n = occurrences(f)
        # a grouped finding is accepted only if every line and choice it stands for was: one
        # more copy of an accepted choice, or one more choice asked in the same question, is
        # new code and fails the run
        if not f.suppressed and left[f.fingerprint] >= n:
            left[f.fingerprint] -= n
            matched += 1
            f = replace(f, suppressed=f"{PREFIX}: accepted in {baseline.path}")
        out.append(f)
    stats = {
        "path": baseline.path,
        "entries": sum(baseline.counts.values()),
        "matched": matched,
        "stale": sum(n for n in left.values() if n > 0),
    }
    return out, stats


def accepted_by_baseline(f: Finding) -> bool:
    return bool(f.suppressed and f.suppressed.startswith(f"{PREFIX}: "))
