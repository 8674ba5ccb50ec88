"""The tuning trace's records: what the repository shows was searched, where, and what the paper
says of it.

    search definitions, loops, config families ──► Search (one per definition) ──┐
    git history                                ──► value changes, test commits ──┼─► Trace
                                                                                 │
    Trace + the paper's index                  ──► TracePaper (per setting: reported?)

Plain frozen dataclasses of strings, numbers and tuples (no parser objects), so a trace is
cached as JSON, sent from a worker process through the sandbox's allow-list, and compared in a
test. This module imports nothing of paperlint's: :mod:`paperlint.model` imports it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: How sure a trace is that a setting was searched, by where the values came from:
#: a search definition (a sweep, a tuner) says so outright; a loop, a family of commands or of
#: configs runs several values on purpose but may be a reported ablation; a history of edits
#: may be bug fixes as well as tuning.
CONFIDENCE_BY_SOURCE: dict[str, str] = {
    "wandb": "high",
    "optuna": "high",
    "ray": "high",
    "hydra": "high",
    "keras_tuner": "high",
    "sklearn": "high",
    "nni": "high",
    "ax": "high",
    "hyperopt": "high",
    "amlt": "high",
    "grid": "high",
    "shell": "medium",
    "family": "medium",
    "history": "low",
}


@dataclass(frozen=True)
class Space:
    """The values one search definition gives one setting.

    ``distribution`` is ``values`` for a list (``values`` holds them, as written), a range
    otherwise (``uniform``, ``log_uniform``, ``int``, ``log_int``, ``normal``, with ``low`` and
    ``high`` as written), or ``fixed`` for a setting a sweep pins to one value.
    """

    name: str  # as the definition writes it: "lr", "optimizer.lr", "--lr", "clf__C"
    key: str  # paperlint.code.settings.normalize_name of its last part: "lr", "c"
    kind: str  # paperlint.code.settings.classify: learning_rate, dropout, other ...
    concept: str
    distribution: str
    values: tuple[str, ...] = ()
    low: str = ""
    high: str = ""
    step: str = ""
    file: str = ""
    line: int = 0

    @property
    def is_range(self) -> bool:
        return self.distribution not in ("values", "fixed")

    def spec(self) -> str:
        """A compact text of the space: ``values[1e-3, 3e-4]``, ``log_uniform[1e-5, 1e-1]``."""
        if self.is_range:
            step = f", step={self.step}" if self.step else ""
            return f"{self.distribution}[{self.low}, {self.high}{step}]"
        return f"{self.distribution}[{', '.join(self.values)}]"


@dataclass(frozen=True)
class Search:
    """One search definition: a sweep file, a tuner call, a shell loop, a family of configs.

    ``configurations`` is how many configurations it runs when the definition says (a grid's
    product, ``n_trials``, a sweep's ``run_cap``, the commands of a loop); 0 when unbounded or
    not stated. ``budget`` is what bounds it, as written; ``metric`` what selects the winner.
    """

    id: str
    source: str  # the reader: wandb | optuna | ray | hydra | keras_tuner | sklearn | nni | ...
    file: str
    line: int
    method: str  # grid | random | bayes | tpe | loop | commands | family | ...
    spaces: tuple[Space, ...]
    configurations: int = 0
    budget: str = ""
    metric: str = ""
    goal: str = ""  # minimize | maximize | ""
    detail: str = ""
    #: a definition the repository deleted: the deleting commit (its text is the parent's)
    deleted_in: str = ""


@dataclass(frozen=True)
class Tried:
    """One value a setting took: listed in a search, run by a loop, or set by a commit."""

    value: str  # as written
    number: float | None
    file: str
    line: int
    source: str  # the reader, or "history"
    commit: str = ""  # history: the commit that set it (abbreviated)
    time: int = 0  # history: the commit's time (Unix seconds)
    subject: str = ""  # history: the commit's subject line


@dataclass(frozen=True)
class SettingTrace:
    """Everything the repository shows about one setting's search.

    ``tried`` are the point values in the order they were seen (history: oldest first),
    ``ranges`` the continuous spaces searched; ``kept`` is the value the code has now and
    ``kept_at`` its ``file:line``. ``configurations`` sums the configurations of the searches
    it takes part in (0: unknown). ``confidence`` is the strongest source's
    (:data:`CONFIDENCE_BY_SOURCE`).
    """

    key: str
    name: str
    kind: str
    concept: str
    tried: tuple[Tried, ...]
    ranges: tuple[Space, ...] = ()
    distinct: int = 0  # the most distinct values one search definition lists for it
    history_values: int = 0  # the most distinct values one place took in the history
    history_file: str = ""  # ... and that place's file
    kept: str = ""
    kept_at: str = ""
    searches: tuple[str, ...] = ()  # Search.id
    sources: tuple[str, ...] = ()
    confidence: str = "low"
    configurations: int = 0

    @property
    def searched(self) -> bool:
        """A search definition runs several values of it (a range, or two values or more);
        how many values the history must show to count is the rules' parameter."""
        return bool(self.ranges) or self.distinct >= 2

    def history_place(self) -> tuple[Tried, ...]:
        """The history's values of the place that took the most (one file's setting)."""
        return tuple(t for t in self.tried if t.source == "history" and t.file == self.history_file)

    def values(self) -> tuple[str, ...]:
        """The distinct point values, first-seen order (``1e-3`` and ``0.001`` are one)."""
        seen: dict[object, str] = {}
        for t in self.tried:
            key: object = t.number if t.number is not None else t.value.strip("'\"").lower()
            seen.setdefault(key, t.value)
        return tuple(seen.values())


@dataclass(frozen=True)
class ResultsCommit:
    """A commit whose message or files show test-set results (history)."""

    commit: str
    time: int
    subject: str
    why: str  # "the message names test results" | "adds results/test_acc.json"
    order: int = 0  # position in the history read, oldest first


@dataclass(frozen=True)
class TraceCoverage:
    """How much the trace could read: "nothing searched" must never mean "could not look"."""

    files: int = 0  # files read for search definitions
    searches: int = 0
    history: str = "off"  # read | off | no-git | untracked | git-missing | failed
    commits: int = 0  # commits read
    commits_total: int = 0  # commits that touch the audited files
    stopped: str = ""  # "" | max-commits | time | size: why the history stopped early
    shallow: bool = False
    seconds: float = 0.0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trace:
    """The output of the trace stage."""

    settings: tuple[SettingTrace, ...] = ()
    searches: tuple[Search, ...] = ()
    results_commits: tuple[ResultsCommit, ...] = ()
    coverage: TraceCoverage = TraceCoverage()
    head: str = ""  # the commit the history was read from

    def setting(self, key: str) -> SettingTrace | None:
        return next((s for s in self.settings if s.key == key), None)


# ── linked to the paper ──────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class PaperQuote:
    page: int
    section: str
    quote: str
    cue: str = ""
    sentence: int = -1


@dataclass(frozen=True)
class SettingReport:
    """What the paper says of one searched setting's search.

    ``reported`` when the paper states a search space for it (``how``: ``search space``) or
    states every value the repository tried (``every value``, e.g. an ablation table).
    ``claimed`` when it says the setting was tuned or swept but not over which values ("we
    sweep the learning rate"): the search is admitted, its space is not reported.
    ``values`` / ``low`` / ``high`` are the space the paper gives, when it gives one.
    """

    key: str
    mentioned: bool = False
    reported: bool = False
    claimed: bool = False
    how: str = ""
    values: tuple[float, ...] = ()
    low: float | None = None
    high: float | None = None
    quotes: tuple[PaperQuote, ...] = ()


@dataclass(frozen=True)
class TracePaper:
    """The paper's side of the trace: per searched setting, and for the search as a whole."""

    settings: tuple[SettingReport, ...] = ()
    search_space: bool = False  # any search space reported
    budget: bool = False  # trials, configurations or GPU hours reported
    selection: str = "unstated"  # validation | test | unstated: what the paper selects on
    comparisons: int = 0  # sentences comparing methods in the results
    corrected: bool = False  # a significance test or a multiple-comparison correction
    quotes: tuple[PaperQuote, ...] = ()  # the budget and selection sentences

    def setting(self, key: str) -> SettingReport | None:
        return next((s for s in self.settings if s.key == key), None)
