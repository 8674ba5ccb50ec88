"""Measure each rule's precision and recall on the hand-labelled corpus and write them where the
rules' docs read them (rules/validation.yaml; `paperlint explain ID` shows them).

    python scripts/validate_rules.py .corpus                    # every case of the corpus
    python scripts/validate_rules.py .corpus --exclude CASE...  # leave some cases out
    python scripts/validate_rules.py .corpus --dry-run          # print, write nothing

Each case folder holds paper.pdf, truth.json (the labels) and code/ (see the corpus README).
paperlint is run in each case as a user runs it (`paperlint check . ../paper.pdf --format
json`), the labelled choices are matched to the report's choices as the corpus scorer matches
them (same file, within two lines, a compatible kind), and a rule's finding on a matched choice
is compared with what the label says the rule should do:

    CH101  the choice is neither justified nor ablated
    CH102  the choice is justified only by an empirical claim, and not ablated
    CH103  the paper never mentions the choice
    MM201  the paper states another value or component than the code

Precision is over the rule's findings on labelled choices; recall over the labelled choices the
rule should fire on, a choice the code reader did not find counting as missed. Rules about the
paper as a whole (ST3xx) and about the run (TN9xx) have no labels in the corpus and are listed
as not measured. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from typing import Any

LINE_SLACK = 2
ALIASES = [
    {"channels", "hidden_size", "width", "filters", "units"},
    {"depth", "layers", "num_layers"},
    {"learning_rate", "lr"},
    {"scheduler", "warmup"},
]

#: rule → what its label is: should the rule fire on this labelled choice?
LABELS: dict[str, tuple[str, Callable[[dict[str, Any]], bool]]] = {
    "CH101": (
        "labelled neither justified nor ablated",
        lambda t: t["justified"] == "none" and not t["ablated"],
    ),
    "CH102": (
        "labelled justified only by an empirical claim, and not ablated",
        lambda t: t["justified"] == "empirical_claim" and not t["ablated"],
    ),
    "CH103": ("labelled as not mentioned in the paper", lambda t: not t.get("paper_mentions")),
    "MM201": ("labelled as a paper/code mismatch", lambda t: bool(t["mismatch"])),
}


def compatible(a: str, b: str) -> bool:
    if a == b or "other" in (a, b):
        return True
    return any(a in g and b in g for g in ALIASES)


def _norm(path: str) -> str:
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def match(truth: list[dict], choices: list[dict]) -> list[tuple[dict, dict | None]]:
    """Each labelled choice with the report's choice it is (or None): the same file, within
    LINE_SLACK lines, a compatible kind, the nearest first, each report choice used once."""
    by_file: dict[str, list[tuple[int, dict]]] = {}
    for i, c in enumerate(choices):
        by_file.setdefault(_norm(str(c.get("file", ""))), []).append((i, c))
    used: set[int] = set()
    out = []
    for t in truth:
        path, _, line = t["code"].rpartition(":")
        best = None
        for i, c in by_file.get(_norm(path.lstrip("./")), []):
            if i in used or not compatible(t["kind"], str(c.get("kind", ""))):
                continue
            d = abs(int(c.get("line", -(10**9))) - int(line))
            if d <= LINE_SLACK and (best is None or d < best[0]):
                best = (d, i, c)
        if best:
            used.add(best[1])
        out.append((t, best[2] if best else None))
    return out


def count(truth: list[dict], report: dict) -> dict[str, dict[str, int]]:
    """tp / fp / fn of every measured rule on one case."""
    fired: dict[str, set[str]] = {}
    for f in report.get("findings", []):
        if f.get("choice") and not f.get("suppressed"):
            # a grouped finding asks about its group's choices too (the same setting in other
            # runs, the parts of one schedule): they are fired on, in one question
            fired.setdefault(f["rule"], set()).update([f["choice"], *f.get("group", ())])
    out = {rule: {"tp": 0, "fp": 0, "fn": 0} for rule in LABELS}
    for t, c in match(truth, report.get("choices", [])):
        for rule, (_what, should) in LABELS.items():
            want = should(t)
            got = c is not None and c.get("id") in fired.get(rule, set())
            if want and got:
                out[rule]["tp"] += 1
            elif got:
                out[rule]["fp"] += 1
            elif want:
                out[rule]["fn"] += 1
    return out


def figures(counts: dict[str, int]) -> dict[str, Any]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    return {
        "precision": round(tp / (tp + fp), 2) if tp + fp else None,
        "recall": round(tp / (tp + fn), 2) if tp + fn else None,
        **counts,
    }


def run_case(case_dir: str, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "report.json")
        subprocess.run(
            ["paperlint", "check", ".", "../paper.pdf", "--format", "json", "--output", out],
            cwd=os.path.join(case_dir, "code"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if not os.path.exists(out):
            return {}
        with open(out, encoding="utf-8") as fh:
            return json.load(fh)


def render(results: dict[str, Any]) -> str:
    """The data file, as YAML written by hand (no dependency): one mapping per rule."""
    lines = [
        "# Each rule's precision and recall on the hand-labelled corpus, written by",
        "# scripts/validate_rules.py (do not edit by hand: re-run the script). `paperlint explain",
        "# ID` shows them in the rule's Validation section.",
        f"measured: {results['measured']}",
        f"cases: [{', '.join(results['cases'])}]",
        f"labelled_choices: {results['labelled_choices']}",
        "rules:",
    ]
    for rule, r in results["rules"].items():
        lines.append(f"  {rule}:")
        for key in ("label", "precision", "recall", "tp", "fp", "fn"):
            value = r.get(key)
            text = "null" if value is None else (json.dumps(value) if key == "label" else value)
            lines.append(f"    {key}: {text}")
    lines.append(f"not_measured: [{', '.join(results['not_measured'])}]")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--exclude", nargs="*", default=[], help="case names to leave out")
    ap.add_argument("--cases", nargs="*", help="only these case names")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--output", default=None, help="default: rules/validation.yaml")
    ap.add_argument("--dry-run", action="store_true")
    a = ap.parse_args(argv)
    here = os.path.dirname(os.path.abspath(__file__))
    output = a.output or os.path.join(here, "..", "rules", "validation.yaml")
    cases = sorted(
        c
        for c in os.listdir(a.corpus)
        if os.path.isfile(os.path.join(a.corpus, c, "truth.json"))
        and c not in a.exclude
        and (not a.cases or c in a.cases)
    )
    total = {rule: {"tp": 0, "fp": 0, "fn": 0} for rule in LABELS}
    labelled = 0
    for case in cases:
        d = os.path.join(a.corpus, case)
        with open(os.path.join(d, "truth.json"), encoding="utf-8") as fh:
            truth = json.load(fh)["choices"]
        labelled += len(truth)
        per = count(truth, run_case(d, a.timeout))
        for rule, c in per.items():
            for k in c:
                total[rule][k] += c[k]
        print(case, {r: (c["tp"], c["fp"], c["fn"]) for r, c in per.items()}, file=sys.stderr)
    from importlib import import_module

    try:
        engine = import_module("paperlint.engine")
        every = sorted(engine.all_rules())
    except Exception:  # the script runs without paperlint importable too
        every = sorted(LABELS)
    results = {
        "measured": datetime.date.today().isoformat(),
        "cases": cases,
        "labelled_choices": labelled,
        "rules": {rule: {"label": LABELS[rule][0], **figures(total[rule])} for rule in LABELS},
        "not_measured": [r for r in every if r not in LABELS],
    }
    text = render(results)
    print(text)
    if not a.dry_run:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
