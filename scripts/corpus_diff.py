"""Show, label by label, how paperlint's report compares with the corpus truth.

    python scripts/corpus_diff.py .corpus [CASE ...] [--only just|abl|mm|flag|miss|page]

Runs `paperlint check` in each case (as ../shared/tools/score_corpus.py does), matches labels
to choices the same way, and prints disagreements with the evidence paperlint used. A tool for
improving accuracy; the official figures come from score_corpus.py. The last line gives the
same figures over the labelled choices the report found (the judgement without the extraction).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile


def _scorer_dir() -> str:
    """../shared/tools beside the checkout (a worktree may sit deeper: the first parent that
    has it)."""
    here = os.path.abspath(os.path.dirname(__file__))
    while True:
        candidate = os.path.join(here, "shared", "tools")
        if os.path.isfile(os.path.join(candidate, "score_corpus.py")) or here == "/":
            return candidate
        here = os.path.dirname(here)


SCORER = _scorer_dir()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("cases", nargs="*")
    ap.add_argument(
        "--only", choices=["just", "abl", "mm", "flag", "miss", "page", "all"], default="all"
    )
    a = ap.parse_args()
    sys.path.insert(0, os.path.abspath(SCORER))
    import score_corpus as sc

    found_only = {k: sc.PR() for k in ("flag", "just", "abl", "mm")}
    n_found = page_ok = page_n = 0
    for case in sorted(os.listdir(a.corpus)):
        if a.cases and case not in a.cases:
            continue
        d = os.path.join(a.corpus, case)
        with open(os.path.join(d, "truth.json")) as fh:
            truth = json.load(fh)["choices"]
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "r.json")
            subprocess.run(
                ["paperlint", "check", ".", "../paper.pdf", "--format", "json", "--output", out],
                cwd=os.path.join(d, "code"),
                capture_output=True,
            )
            with open(out) as fh:
                pred = json.load(fh)["choices"]
        print(f"===== {case}")
        pairs = sc.match(truth, pred)
        found, figures, ok, n = sc.score_case([(t, p) for t, p in pairs if p is not None])
        n_found, page_ok, page_n = n_found + found, page_ok + ok, page_n + n
        for k in found_only:
            found_only[k].merge(figures[k])
        for t, p in pairs:
            tj = t["justified"] if t["justified"] != "none" else None
            line = f"{t['id']:4} {t['kind']:13} {t['code']:38}"
            if p is None:
                if a.only in ("all", "miss"):
                    print(f"{line} MISSING  ({t['value'][:70]})")
                continue
            pj = p.get("justification")
            issues = []
            if (tj is None) != (pj is None) or (tj and pj and tj != pj):
                issues.append(("just", f"J truth={tj} pred={pj}"))
            if bool(t["ablated"]) != bool(p.get("ablated")):
                issues.append(
                    ("abl", f"A truth={bool(t['ablated'])} pred={bool(p.get('ablated'))}")
                )
            if bool(t["mismatch"]) != bool(p.get("mismatch")):
                issues.append(
                    (
                        "mm",
                        f"M truth={bool(t['mismatch'])} pred={bool(p.get('mismatch'))} pv={p.get('paper_value')}",
                    )
                )
            if tj and pj and t.get("justification_page"):
                pages = {
                    e.get("page")
                    for e in p.get("evidence", [])
                    if e.get("type") in ("justification", "citation")
                }
                if t["justification_page"] not in pages:
                    issues.append(
                        ("page", f"P truth=p{t['justification_page']} pred={sorted(pages)}")
                    )
            tflag = tj is None and not t["ablated"]
            pflag = pj is None and not p.get("ablated")
            if tflag != pflag:
                issues.append(("flag", f"F truth={tflag} pred={pflag}"))
            shown = [s for k, s in issues if a.only in ("all", k)]
            if not shown:
                continue
            print(
                f"{line} -> {p['kind']}/{p['concept']} = {str(p['value'])[:40]} | "
                + "; ".join(shown)
            )
            if t.get("justification_quote"):
                print(
                    f"      truth quote p{t.get('justification_page')}: {t['justification_quote'][:150]}"
                )
            if t.get("ablation_quote"):
                print(f"      truth ablation: {t['ablation_quote'][:150]}")
            for e in p.get("evidence", [])[:4]:
                print(
                    f"      ev {e['type']:13} p{e['page']} [{e.get('cue', '')}] {e['quote'][:150]}"
                )
    # the judgement alone: the same figures over the labelled choices the code reader found
    print(
        f"FOUND-ONLY n={n_found} "
        + " ".join(
            f"{k}P {sc.fmt(found_only[k].p())} {k}R {sc.fmt(found_only[k].r())}" for k in found_only
        )
        + f" page {page_ok}/{page_n}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
