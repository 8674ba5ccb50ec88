"""The paper's main run: the model variant and dataset its results and ablations are about.

A repository often holds one config per model size and dataset the paper reports (a B0 … B5
config for each of two datasets), and the paper describes all of them; but its ablations, and
most of its result tables, are about one of them (the mid-sized model on one dataset). A setting those runs
share is one question, and a reader checks it against the main run's value: the question is
anchored there, the other runs' values listed in it. A setting only the other runs have (the
crop size of the second dataset's configs) is summarised, not asked.

The main run is found by comparing the words of each run's names (its config files, launcher,
entry point: :func:`paperlint.scope.run_texts`) with how often the paper writes them where it
reports results: tables, captions and the sections on experiments, results and ablations. A
code word counts a paper word it equals, or begins when it is a shortened name (``coco`` for
``COCO2017``, ``img`` for ``ImageNet``). Of the words that tell the runs apart, the run whose
most written word is written most is the main one (ties: its next word); when nothing tells the
runs apart, there is no main run.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from paperlint import scope
from paperlint.model import Document, Reach, Run

#: section titles (or a parent's) where the paper reports results
_RESULT_SECTION = re.compile(
    r"experiment|result|evaluation|ablation|analysis|comparison|study|studies|benchmark",
    re.I,
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-‐–][A-Za-z0-9]+)*")
#: a code word this short is only compared whole (``b2``), never as the start of a longer name
_MIN_PREFIX = 3


#: the last document :func:`result_words` counted, with its counts (a long-running process,
#: the daemon, audits one paper again and again)
_last_counted: tuple[Document, Counter[str]] | None = None


def result_words(document: Document) -> Counter[str]:
    """How often each word is written where ``document`` reports results (tables, captions,
    experiment / result / ablation sections), lower case; a hyphenated name counts as its
    parts and as its joined form (``MyNet-B2`` → mynet, b2, mynetb2). Read only: the counts
    of the last document are kept and given again."""
    global _last_counted
    if _last_counted is not None and _last_counted[0] is document:
        return _last_counted[1]
    counts = _result_words(document)
    _last_counted = (document, counts)
    return counts


def _result_words(document: Document) -> Counter[str]:
    in_results: set[int] = set()
    titles: list[str] = []
    for sec in document.sections:
        titles = [*titles[: max(0, sec.level - 1)], sec.title]
        if sec.role not in ("references", "front") and _RESULT_SECTION.search(" / ".join(titles)):
            in_results.add(sec.index)
    counts: Counter[str] = Counter()
    for s in document.sentences:
        if s.role == "reference":
            continue
        if s.role in ("table", "caption") or s.section in in_results:
            counts.update(words_of(s.text))
    return counts


def words_of(text: str) -> list[str]:
    """The words of ``text`` as :func:`result_words` counts them."""
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        parts = [p.lower() for p in re.split(r"[-‐–]", m.group(0)) if p]
        out.extend(parts)
        if len(parts) > 1:
            out.append("".join(parts))
    return out


def run_words(run: Run) -> frozenset[str]:
    """The words a run's names are made of that could name a model, variant or dataset: not
    folder words (``configs``), not how it is set (``1x``, ``160k``), not bare numbers."""
    ident = scope.identity(scope.run_texts(run))
    words = set(ident.variants)
    for text in scope.run_texts(run):
        words.update(
            scope.atoms(re.sub(r"\.(ya?ml|json|py|sh|gin|cfg|conf|toml|ipynb)$", "", text))
        )
    return frozenset(
        w
        for w in words
        if len(w) >= 2 and not w.isdigit() and not scope.is_neutral(w) and not scope.is_generic(w)
    )


def word_weight(word: str, counts: Counter[str]) -> int:
    """How often the paper writes ``word`` where it reports results: itself, or a longer name
    it begins (``coco`` → ``coco2017``) when it is a word of letters."""
    n = counts.get(word, 0)
    if len(word) >= _MIN_PREFIX and word.isalpha():
        n += sum(v for k, v in counts.items() if k != word and k.startswith(word))
    return n


def main_runs(
    runs: Sequence[Run],
    counts: Counter[str],
    weights: dict[str, int] | None = None,
    names: scope.PaperNames | None = None,
) -> frozenset[str]:
    """The names of the runs whose names the paper writes most where it reports results; none
    when nothing tells them apart. Only the words that tell the runs apart count, and a run's
    most written one first (then its next): a name written in two words (``X-101-64x4d``) is
    not worth twice one written in one (``R-50``). A run named for the paper's own method
    (``names``) comes before one named for a baseline the results compare it with, however
    often that is written. ``weights``: :func:`word_weight` of words already weighed."""
    if len(runs) < 2:
        return frozenset()
    weights = {} if weights is None else weights
    words = {run.name: run_words(run) for run in runs}
    shared = frozenset.intersection(*words.values())
    score: dict[str, tuple[int, ...]] = {}
    for name, ws in words.items():
        for w in ws - shared:
            if w not in weights:
                weights[w] = word_weight(w, counts)
        own = sum(1 for w in ws - shared if names is not None and names.is_own(w))
        written = sorted((weights[w] for w in ws - shared if weights[w]), reverse=True)
        score[name] = (own, *written) if own or written else ()
    best = max(score.values())
    if not best or best == min(score.values()):
        return frozenset()
    return frozenset(name for name, s in score.items() if s == best)


def family(run: Run) -> tuple[str, str]:
    """Runs of one kind, that the paper's main run is picked among: the same entry point, and
    configs in the same folder once the folders that only name a variant (``B0/``, ``B5/``)
    are taken off, and the folder a config of a plain name (``ffhq256/config.yaml``) is named
    by. Another folder of configs (the first stage's autoencoders beside the diffusion models)
    is another kind of run, with its own main run."""
    path = run.configs[-1] if run.configs else run.name.split(":", 1)[0]
    folder, _, name = path.rpartition("/")
    parts = folder.split("/") if folder else []
    stem = scope.atoms(re.sub(r"\.\w+$", "", name))
    if parts and stem and all(scope.is_generic(a) for a in stem):
        parts.pop()
    while parts and _names_a_variant(parts[-1]):
        parts.pop()
    return run.entry, "/".join(parts)


def _file_words(run: Run) -> frozenset[str]:
    """The name words of a run's own file (its config's or launcher's name, not its folders):
    a run beside the main one is a variant of it (another size or dataset) when they share one
    (``mynet_b0_city`` and ``mynet_b2_ade`` share ``mynet``); runs of two methods laid out side
    by side (``als.json``, ``ngcf.json``) share none, and neither is a variant of the other."""
    path = run.configs[-1] if run.configs else run.name.split(":", 1)[0]
    stem = re.sub(r"\.\w+$", "", path.rpartition("/")[2])
    return frozenset(
        w
        for w in scope.atoms(stem)
        if len(w) >= 2 and not w.isdigit() and not scope.is_neutral(w) and not scope.is_generic(w)
    )


def _names_a_variant(folder: str) -> bool:
    ident = scope.identity([folder])
    words = scope.atoms(folder)
    return bool(words) and all(w in ident.variants or w.isdigit() for w in words)


@dataclass(frozen=True)
class MainRuns:
    """The paper's main runs, and the other runs of the same kinds that are variants of them
    (:func:`_file_words`): their settings the main runs do not share are summarised, not asked."""

    main: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()
    #: the code files the main runs reach (their entry point, what it imports, their configs)
    files: frozenset[str] = frozenset()


NO_MAIN_RUN = MainRuns()


def of_document(
    runs: Iterable[Run], document: Document | None, reaches: Iterable[Reach] = ()
) -> MainRuns:
    """:func:`main_runs` of each :func:`family` of ``runs`` for ``document`` (none without a
    paper), with the files they reach (of ``reaches``)."""
    if document is None:
        return NO_MAIN_RUN
    counts = result_words(document)
    families: dict[tuple[str, str], list[Run]] = defaultdict(list)
    for run in runs:
        families[family(run)].append(run)
    main: set[str] = set()
    others: set[str] = set()
    weights: dict[str, int] = {}
    names = scope.paper_names(document)
    for members in families.values():
        picked = main_runs(members, counts, weights, names)
        if picked:
            main |= picked
            named = [_file_words(r) for r in members if r.name in picked]
            others |= {
                r.name
                for r in members
                if r.name not in picked and any(_file_words(r) & m for m in named)
            }
    files = frozenset(f for r in reaches if main.intersection(r.runs) for f in r.files)
    return MainRuns(frozenset(main), frozenset(others), files)
