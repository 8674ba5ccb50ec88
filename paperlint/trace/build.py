"""From what the readers and the history found to one :class:`SettingTrace` per setting.

Settings are keyed by :func:`paperlint.code.settings.normalize_name` of their last part
(``optimizer.lr`` and ``--lr`` are both ``lr``), so a traced setting meets the code's choices by
name; its kind and concept come from the same vocabulary (``classify``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from paperlint.trace.history import Change, History
from paperlint.trace.records import (
    CONFIDENCE_BY_SOURCE,
    Search,
    SettingTrace,
    Space,
    Trace,
    TraceCoverage,
    Tried,
)
from paperlint.trace.source import number

_CONFIDENCE_ORDER = ("low", "medium", "high")


def same_value(a: str, b: str) -> bool:
    """``1e-3`` and ``0.001`` are one value; strings compare without case and quotes."""
    na, nb = number(a), number(b)
    if na is not None and nb is not None:
        return na == nb or abs(na - nb) <= 1e-9 * max(abs(na), abs(nb))
    return a.strip("'\"").lower() == b.strip("'\"").lower()


def distinct(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if not any(same_value(v, o) for o in out):
            out.append(v)
    return out


def build(
    searches: Sequence[Search],
    history: History | None,
    files_read: int = 0,
    notes: Sequence[str] = (),
    live: set[str] | None = None,
) -> Trace:
    """The trace of ``searches`` and ``history`` (whose paths are display paths). ``live``: the
    files the repository has now; a setting's place in one of them is preferred to a place in
    a file since deleted, for the value kept and for where a finding points."""
    tried: dict[str, list[Tried]] = defaultdict(list)
    ranges: dict[str, list[Space]] = defaultdict(list)
    names: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, tuple[str, str]] = {}
    in_searches: dict[str, list[str]] = defaultdict(list)
    sources: dict[str, list[str]] = defaultdict(list)
    configurations: dict[str, int] = defaultdict(int)
    for s in searches:
        for sp in s.spaces:
            names[sp.key].append(sp.name)
            kinds.setdefault(sp.key, (sp.kind, sp.concept))
            in_searches[sp.key].append(s.id)
            sources[sp.key].append(s.source)
            configurations[sp.key] += s.configurations
            if sp.is_range:
                ranges[sp.key].append(sp)
            for v in sp.values:
                tried[sp.key].append(Tried(v, number(v), sp.file, sp.line, s.source))
    kept: dict[str, tuple[str, str]] = {}
    history_values: dict[str, int] = defaultdict(int)
    history_file: dict[str, str] = {}
    if history is not None:
        latest: dict[str, Change] = {}
        most: dict[str, tuple[int, bool]] = {}  # the place that took the most values
        kept_rank: dict[str, tuple[bool, int]] = {}  # the place whose last value is kept
        for (key, file, _name), changes in places(history.changes).items():
            first = changes[0]
            kinds.setdefault(key, (first.kind, first.concept))
            sources[key].append("history")
            n = len(distinct(c.value for c in changes))
            here = live is None or file in live
            if key not in most or (n, here) > most[key]:
                most[key], history_values[key], history_file[key] = (n, here), n, file
            if key not in kept_rank or (here, n) > kept_rank[key]:
                kept_rank[key] = (here, n)
                latest[key] = changes[-1]
            for c in changes:
                names[key].append(c.name)
                tried[key].append(
                    Tried(
                        c.value,
                        number(c.value),
                        c.file,
                        c.line,
                        "history",
                        c.commit,
                        c.time,
                        c.subject,
                    )
                )
        kept = {k: (c.value, f"{c.file}:{c.line}") for k, c in latest.items()}
    for key in tried:
        tried[key].sort(key=lambda t: (t.source == "history", t.time))
    settings = []
    for key in sorted(set(tried) | set(ranges)):
        kind, concept = kinds[key]
        listed = [
            len(distinct(sp.values))
            for s in searches
            for sp in s.spaces
            if sp.key == key and not sp.is_range
        ]
        srcs = tuple(dict.fromkeys(sources[key]))
        value, at = kept.get(key, ("", ""))
        settings.append(
            SettingTrace(
                key=key,
                name=max(set(names[key]), key=names[key].count),
                kind=kind,
                concept=concept,
                tried=tuple(tried[key]),
                ranges=tuple(ranges[key]),
                distinct=max(listed, default=0),
                history_values=history_values[key],
                history_file=history_file.get(key, ""),
                kept=value,
                kept_at=at,
                searches=tuple(dict.fromkeys(in_searches[key])),
                sources=srcs,
                confidence=max(
                    (CONFIDENCE_BY_SOURCE.get(s, "low") for s in srcs),
                    key=_CONFIDENCE_ORDER.index,
                ),
                configurations=configurations[key],
            )
        )
    coverage = TraceCoverage(
        files=files_read,
        searches=len(searches),
        history=history.status if history is not None else "off",
        commits=history.commits if history is not None else 0,
        commits_total=history.total if history is not None else 0,
        stopped=history.stopped if history is not None else "",
        shallow=history.shallow if history is not None else False,
        seconds=history.seconds if history is not None else 0.0,
        notes=tuple(notes) + tuple(history.notes if history is not None else ()),
    )
    return Trace(
        settings=tuple(settings),
        searches=tuple(searches),
        results_commits=tuple(history.results) if history is not None else (),
        coverage=coverage,
        head=history.head[:12] if history is not None else "",
    )


def places(changes: Sequence[Change]) -> dict[tuple[str, str, str], list[Change]]:
    """The values each place (a setting in one file) took, oldest first: the value it was
    introduced with (or that the first change replaced, set before the history read), then
    each change. A commit that adds several lines setting one name (a new file that calls
    ``fit(lr=...)`` three times) introduces it once: those are other call sites, not a search."""
    out: dict[tuple[str, str, str], list[Change]] = defaultdict(list)
    for c in changes:
        seq = out[(c.key, c.file, c.name)]
        if seq and not c.old and seq[-1].order == c.order:
            continue  # another line of the same commit: another call site
        if not seq and c.old:
            seq.append(
                Change(
                    c.key, c.name, c.kind, c.concept, c.old, c.file, c.line, "", 0,
                    "(before the history read)", -1,
                )
            )  # fmt: skip
        seq.append(c)
    return dict(out)
