"""The trace linked to the paper: for each setting the repository searched, does the paper
report that search (its space, or every value tried)? For the search as a whole, does it
report the budget, and on which split it selects?

Mentions of a setting are the paper index's mentions of its vocabulary concept (or, for a
setting the vocabulary does not name, of the words of its name); a sentence that mentions it
reports its search when it also carries a search-space cue (``rules/cues/statistics.yaml``:
"we searched ... over {...}", "in the range", "tuned among") or a tuning claim with two values or
more. Also: the code's choices give a setting's kept value when the history did not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from paperlint.model import Choice, Document
from paperlint.trace.records import PaperQuote, SettingReport, SettingTrace, Trace, TracePaper
from paperlint.trace.source import number

_QUOTE_MAX = 300
#: how far after a mention the values of its search are read (characters)
WINDOW = 160
_RANGE = re.compile(
    r"(?:from|between|range(?:\s+of)?|in|within)\s*[\[(]?\s*(?P<lo>\S+?)\s*(?:to|and|,|-|–|—)\s*(?P<hi>[^\s\])]+)",
    re.I,
)


def mentions_of(setting: SettingTrace, index: Any) -> list[Any]:
    """The index's mentions of a traced setting (by concept, else by the words of its name)."""
    from paperlint import vocab
    from paperlint.paper.index import search_terms, terms_for_name

    if vocab.concept(setting.concept) is not None:
        return list(index.mentions.get(setting.concept, ()))
    return search_terms(index, terms_for_name(setting.key))


def _numbers(text: str) -> list[float]:
    from paperlint.paper.numbers import NUMBER_RX, parse_number

    out = []
    for m in NUMBER_RX.finditer(text):
        before = text[max(0, m.start() - 1) : m.start()]
        if before.isalpha() and before not in "x×X":
            continue  # "conv5", "Othello3": a name
        v = parse_number(m.group())
        if v is not None:
            out.append(v)
    return out


def _quote(document: Document, i: int, cue: str = "") -> PaperQuote:
    s = document.sentences[i]
    text = s.text if len(s.text) <= _QUOTE_MAX else s.text[: _QUOTE_MAX - 1] + "…"
    return PaperQuote(s.page, document.section_title(s), text, cue, i)


#: the last trace this process linked, with the paper's objects it was linked to and the
#: answer: a long-running process (the daemon) links the same trace to the same paper again
#: after an edit that changed neither
_last_linked: tuple[Trace, Document, Any, Any, TracePaper] | None = None


def link_trace(trace: Trace, document: Document, index: Any, facts: Any) -> TracePaper:
    """What the paper says of the searches in ``trace`` (``facts``: the statistical checks'
    reading of the paper, :func:`paperlint.checks.statistics.paper_facts`)."""
    global _last_linked
    last = _last_linked
    if (
        last is not None
        and last[1] is document
        and last[2] is index
        and last[3] is facts
        and last[0] == trace
    ):
        return last[4]
    found = _link_trace(trace, document, index, facts)
    _last_linked = (trace, document, index, facts, found)
    return found


def _link_trace(trace: Trace, document: Document, index: Any, facts: Any) -> TracePaper:
    from paperlint.checks.statistics import cues, first_match

    tuning = cues()["tuning"]
    reports = []
    all_mentions = {s.key: mentions_of(s, index) for s in trace.settings}
    starts: dict[int, list[int]] = {}  # sentence → where any setting or concept is mentioned
    for ms in (*all_mentions.values(), *index.mentions.values()):
        for m in ms:
            starts.setdefault(m.sentence, []).append(m.start)
    for s in trace.settings:
        if s.distinct < 2 and not s.ranges and s.history_values < 2:
            continue
        mentions = [
            m
            for m in all_mentions[s.key]
            if index.facts[m.sentence].eligible and not index.facts[m.sentence].in_related_work
        ]
        reported, how = False, ""
        claimed = False
        values: tuple[float, ...] = ()
        low = high = None
        quotes: list[PaperQuote] = []
        seen_numbers: list[float] = []
        seen_text: list[str] = []
        for m in mentions:
            text = document.sentences[m.sentence].text
            seen_text.append(text.lower())
            nxt = min((p for p in starts.get(m.sentence, ()) if p > m.start), default=len(text))
            window = text[m.end : min(nxt, m.end + WINDOW)]
            nums = _numbers(window)
            seen_numbers.extend(_numbers(text))
            cue = first_match(tuning["search_space"], text)
            claim = first_match(tuning["claims"], text)
            if not reported and (cue or (claim and len(nums) >= 2)) and len(nums) >= 2:
                reported, how = True, "search space"
                rng = _RANGE.search(window)
                lo = number(rng.group("lo")) if rng else None
                hi = number(rng.group("hi").rstrip(".,;")) if rng else None
                if lo is not None and hi is not None and lo < hi and len(nums) == 2:
                    low, high = lo, hi
                else:
                    values = tuple(dict.fromkeys(nums))
                quotes.insert(0, _quote(document, m.sentence, (cue or claim).group()))  # type: ignore[union-attr]
            elif (
                (cue or claim)
                and not reported
                and not claimed
                and not first_match(tuning["negated"], text[: (cue or claim).start()])  # type: ignore[union-attr]
                and not first_match(tuning["deferred"], text)
            ):
                # "we sweep the learning rate": the search is admitted without its space
                claimed = True
                quotes.insert(0, _quote(document, m.sentence, (cue or claim).group()))  # type: ignore[union-attr]
            elif len(quotes) < 2 and all(q.sentence != m.sentence for q in quotes):
                quotes.append(_quote(document, m.sentence, m.text))
        if not reported and mentions and _states_every_value(s.values(), seen_numbers, seen_text):
            reported, how = True, "every value"
        reports.append(
            SettingReport(
                key=s.key,
                mentioned=bool(mentions),
                reported=reported,
                claimed=claimed,
                how=how,
                values=values,
                low=low,
                high=high,
                quotes=tuple(quotes[:3]),
            )
        )
    budget_hit = selection_hit = None
    selection = "unstated"
    paper_quotes: list[PaperQuote] = []
    for f in index.facts:
        if not f.eligible or f.in_related_work:
            continue
        text = document.sentences[f.index].text
        if budget_hit is None and (m := first_match(tuning["budget"], text)):
            budget_hit = m
            paper_quotes.append(_quote(document, f.index, m.group()))
        if selection_hit is None and first_match(tuning["claims"], text):
            v = first_match(tuning["validation"], text)
            if v:
                selection_hit = v
                selection = "validation"
                paper_quotes.append(_quote(document, f.index, v.group()))
    if facts is not None and facts.test_selection:
        selection = "test"
        hit = facts.test_selection[0]
        paper_quotes.append(_quote(document, hit.sentence, hit.cue))
    return TracePaper(
        settings=tuple(reports),
        search_space=bool(facts and facts.search_space),
        budget=budget_hit is not None,
        selection=selection,
        comparisons=len(facts.comparisons) if facts else 0,
        corrected=bool(facts and (facts.significance_tests or facts.corrections)),
        quotes=tuple(paper_quotes),
    )


def _states_every_value(values: Sequence[str], numbers: list[float], texts: list[str]) -> bool:
    """The paper states each of ``values`` in a sentence that mentions the setting (numbers
    compared as numbers, words as words): the search is reported as its results."""
    if len(values) < 2:
        return False
    for v in values:
        n = number(v)
        if n is not None:
            if not any(abs(n - x) <= 1e-9 * max(abs(n), abs(x), 1e-300) for x in numbers):
                return False
        else:
            word = re.escape(v.strip("'\"").lower())
            if not word or not any(re.search(rf"(?<!\w){word}(?!\w)", t) for t in texts):
                return False
    return True


#: readers whose YAML or JSON files are search definitions through and through
_DEFINITION_FILES = frozenset({"wandb", "nni", "ax", "grid", "amlt"})


def search_definition_files(trace: Trace) -> set[str]:
    """Config files that only define a search (a W&B sweep, an NNI or Ax search space): what
    the code stage reads in them are the search's parameters, not the run's choices."""
    return {
        x.file
        for x in trace.searches
        if x.source in _DEFINITION_FILES and x.file.endswith((".yaml", ".yml", ".json"))
    }


def with_kept_values(trace: Trace, choices: Sequence[Choice]) -> Trace:
    """The trace with each setting's kept value taken from the code's choices where the
    history gave none: the value of the setting of the same name (an argparse option, a config
    key, a constant), when the code sets that name once. A name set in several places (each
    model's own ``dropout``) has no one kept value; nor does a mere concept."""
    from paperlint.code.settings import normalize_name

    if not trace.settings:
        return trace
    by_key: dict[str, list[Choice]] = {}
    for c in choices:
        if c.source not in _SETTING_SOURCES:
            continue
        # the setting's own key (``SOLVER.BASE_LR``, from the effective configuration), else
        # the option, argument or config key the value was read from
        names = {
            c.setting.rsplit(".", 1)[-1] if c.setting else "",
            c.param,
            c.symbol.rsplit(".", 1)[-1] if c.symbol else "",
        }
        for n in names - {""}:
            by_key.setdefault(normalize_name(n), []).append(c)
    settings = []
    for s in trace.settings:
        found = by_key.get(s.key, [])
        if not s.kept and len({c.value for c in found}) == 1 and found[0].value:
            c = found[0]
            numeric = [t for t in s.tried if t.number is not None] or s.ranges
            if not (numeric and number(c.value) is None):  # a number searched, a word kept
                s = replace(s, kept=c.value, kept_at=f"{c.file}:{c.line}")
        settings.append(s)
    return replace(trace, settings=tuple(settings))


#: choices that come from a named setting (not a call's argument, not a layer)
_SETTING_SOURCES = frozenset({"argparse", "config", "constant", "dict", "field", "assign", "attr"})
